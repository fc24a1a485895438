Gem::Specification.new do |s|
  s.name = "berth_native"
  s.version = "1.0.0"
  s.summary = "A C extension of a few lines, to check that Berth's Ruby buildpack compiles native gems."
  s.authors = ["Berth"]
  s.license = "MIT"
  s.files = ["lib/berth_native.rb", "ext/berth_native/extconf.rb", "ext/berth_native/berth_native.c"]
  s.extensions = ["ext/berth_native/extconf.rb"]
end
