# Prints, comma-separated, the gems Gemfile.lock lists from a gem server that neither
# vendor/cache nor this Ruby (default gems, Debian's packaged ones) has. Run in the app's folder.
require "bundler"

lockfile = Bundler::LockfileParser.new(Bundler.read_file("Gemfile.lock"))
cached = Dir["vendor/cache/*.gem"].map { |gem| File.basename(gem, ".gem") }
missing = lockfile.specs.select { |spec| spec.source.is_a?(Bundler::Source::Rubygems) }.reject do |spec|
  cached.include?(spec.full_name) ||
    Gem::Specification.any? { |installed| installed.name == spec.name && installed.version == spec.version }
end
print missing.map(&:full_name).uniq.sort.join(", ")
