require "sinatra/base"

# Says which Sinatra, Rack and Ruby serve it, and where Bundler installed Sinatra from vendor/cache.
class HelloApp < Sinatra::Base
  get "/" do
    content_type "text/plain"
    "hello from sinatra #{Sinatra::VERSION} on rack #{Rack.release} and ruby #{RUBY_VERSION} " \
      "(#{ENV.fetch("RACK_ENV", "no RACK_ENV")}), installed in #{Gem.loaded_specs["sinatra"].full_gem_path}\n"
  end

  get "/greet/:name" do
    content_type "text/plain"
    "hello, #{params[:name]}\n"
  end
end
