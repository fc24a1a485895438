#!/usr/bin/env bash
# Debian's Ruby in the slug: the packages, the search paths of a Ruby that does not live in /usr,
# and the Gemfile's `ruby` line checked against it.

# Debian bookworm's Ruby with RubyGems and Bundler, and what they need that berth/runner lacks
RUBY_PACKAGES=(ruby ruby3.1 libruby3.1 rubygems-integration ruby-rubygems ruby-bundler rake ruby-net-telnet
  ruby-sdbm ruby-webrick ruby-xmlrpc libyaml-0-2 libedit2 libncurses6)
# what compiling a gem's C extension needs besides the builder's gcc: Ruby's headers
RUBY_HEADER_PACKAGES=(ruby3.1-dev libgmp-dev libgmpxx4ldbl)
RUBY_PREFIX=/app/.berth/ruby

# install_ruby CACHE_DIR: Debian's Ruby under RUBY_PREFIX, its commands run through PATH
install_ruby() {
  rm -rf "$RUBY_PREFIX"
  fetch_debian_packages "$1/runtime" "${RUBY_PACKAGES[@]}"
  unpack_debian_packages "$1/runtime" "$RUBY_PREFIX"
  # Debian's commands start `#!/usr/bin/ruby`, which is not on the runner
  fix_shebangs "$RUBY_PREFIX/usr/bin"
  write_ruby_profile
  # shellcheck source=/dev/null
  source "$BUILD_DIR/.profile.d/ruby.sh"
  info "$(ruby --version), $(bundle --version)"
}

# install_ruby_headers CACHE_DIR: when a gem of vendor/cache has a C extension, Ruby's headers go
# beside the slug's Ruby, where its mkmf looks for them (Debian's rbconfig finds its paths from
# where it is); the builder's gcc compiles the extension against the slug's libruby
install_ruby_headers() {
  local native
  native=$(cd "$BUILD_DIR" && ruby -rrubygems/package -e '
    print Dir["vendor/cache/*.gem"].select { |gem| Gem::Package.new(gem).spec.extensions.any? }.map { |gem| File.basename(gem, ".gem") }.sort.join(", ")' 2>&1) ||
    fail "could not read the gems of vendor/cache: $native"
  [ -n "$native" ] || return 0
  info "Gems with C extensions: $native"
  fetch_debian_packages "$1/headers" "${RUBY_HEADER_PACKAGES[@]}"
  unpack_debian_packages "$1/headers" "$RUBY_PREFIX"
}

# fix_shebangs DIR: Ruby scripts in DIR start with `#!/usr/bin/env ruby` (bundle exec then loads
# them in its own process, as it does for that line)
fix_shebangs() {
  local dir=$1 file
  [ -d "$dir" ] || return 0
  for file in "$dir"/*; do
    if [ ! -f "$file" ] || [ -L "$file" ]; then continue; fi
    sed -i -E '1s@^#!(/usr/bin/ruby[0-9.]*|/usr/bin/env ruby[0-9.]+)([[:space:]].*)?$@#!/usr/bin/env ruby\2@' "$file"
  done
}

# write_ruby_profile: .profile.d/ruby.sh, sourced before every process (and by this build): where
# Ruby, its libraries, its default gems and the app's bundle are
write_ruby_profile() {
  mkdir -p "$BUILD_DIR/.profile.d"
  cat > "$BUILD_DIR/.profile.d/ruby.sh" <<'PROFILE'
# Debian's Ruby lives in /app/.berth/ruby, not /usr, where it was built to look: say where it is.
berth_ruby=/app/.berth/ruby
export PATH="/app/bin:/app/vendor/bundle/ruby/3.1.0/bin:$berth_ruby/usr/bin:$PATH"
export LD_LIBRARY_PATH="$berth_ruby/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export RUBYLIB="$berth_ruby/usr/lib/ruby/vendor_ruby/3.1.0:$berth_ruby/usr/lib/x86_64-linux-gnu/ruby/vendor_ruby/3.1.0:$berth_ruby/usr/lib/ruby/vendor_ruby:$berth_ruby/usr/lib/ruby/3.1.0:$berth_ruby/usr/lib/x86_64-linux-gnu/ruby/3.1.0${RUBYLIB:+:$RUBYLIB}"
export GEM_PATH="$berth_ruby/usr/lib/ruby/gems/3.1.0:$berth_ruby/usr/share/rubygems-integration/all:$berth_ruby/usr/lib/x86_64-linux-gnu/rubygems-integration/3.1.0"
export BUNDLE_PATH=/app/vendor/bundle BUNDLE_DEPLOYMENT=true BUNDLE_WITHOUT="${BUNDLE_WITHOUT:-development:test}"
export RACK_ENV="${RACK_ENV:-production}" RAILS_ENV="${RAILS_ENV:-production}"
export RAILS_LOG_TO_STDOUT="${RAILS_LOG_TO_STDOUT:-enabled}" RAILS_SERVE_STATIC_FILES="${RAILS_SERVE_STATIC_FILES:-enabled}"
unset berth_ruby
PROFILE
}

# check_ruby_version: fails when the Gemfile's `ruby` line asks for another Ruby than Debian's
check_ruby_version() {
  local wanted
  wanted=$(cd "$BUILD_DIR" && ruby -rbundler -e '
    rv = Bundler.definition.ruby_version
    ok = rv.nil? || (rv.engine == "ruby" && Gem::Requirement.create(rv.versions).satisfied_by?(Gem::Version.new(RUBY_VERSION)))
    print rv.versions.join(", ") unless ok' 2>&1) || fail "Bundler could not read the Gemfile: $wanted"
  [ -z "$wanted" ] || fail "the Gemfile asks for ruby $wanted, but Berth's Ruby buildpack has Debian's ruby $(ruby -e 'print RUBY_VERSION') only: change the Gemfile's \`ruby\` line (and Gemfile.lock's RUBY VERSION), or build with a Dockerfile"
}
