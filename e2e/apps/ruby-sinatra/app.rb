require "sinatra/base"
require "berth_native"

# Says which Sinatra, Rack and Ruby serve it, where Bundler installed Sinatra from vendor/cache,
# and what the C extension of berth_native (compiled at build time) was compiled against.
class HelloApp < Sinatra::Base
  get "/" do
    content_type "text/plain"
    "hello from sinatra #{Sinatra::VERSION} on rack #{Rack.release} and ruby #{RUBY_VERSION} " \
      "(#{ENV.fetch("RACK_ENV", "no RACK_ENV")}), installed in #{Gem.loaded_specs["sinatra"].full_gem_path}; " \
      "a C extension compiled against #{BerthNative.compiled_against}\n"
  end

  get "/greet/:name" do
    content_type "text/plain"
    "hello, #{params[:name]}\n"
  end
end
