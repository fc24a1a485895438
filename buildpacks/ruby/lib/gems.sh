#!/usr/bin/env bash
# The app's gems: exactly those of Gemfile.lock, installed by Bundler from vendor/cache (no gem
# server is reachable from Berth's builders), into /app/vendor/bundle.

# check_gemfile_lock: fails when there is no Gemfile.lock to install from
check_gemfile_lock() {
  [ -f "$BUILD_DIR/Gemfile.lock" ] ||
    fail "Gemfile.lock is missing: run \`bundle lock\`, commit Gemfile.lock and push again (Berth installs exactly the gems it lists)"
}

# check_vendored_gems: fails, naming them, when Gemfile.lock needs gems that are neither in
# vendor/cache nor part of Debian's Ruby (its default and bundled gems)
check_vendored_gems() {
  local missing
  missing=$(cd "$BUILD_DIR" && ruby "$BP_DIR/lib/missing-gems.rb" 2>&1) || fail "Bundler could not read Gemfile.lock: $missing"
  [ -z "$missing" ] ||
    fail "Gemfile.lock needs gems that are not in vendor/cache: $missing. Berth's builders cannot reach rubygems.org: run \`bundle cache\`, commit vendor/cache and push again"
}

# bundle_install: installs Gemfile.lock's gems from vendor/cache, without the development and test groups
bundle_install() {
  info "bundle install --local (BUNDLE_WITHOUT=$BUNDLE_WITHOUT)"
  # (options as variables: as flags Bundler would remember them in the slug's .bundle/config)
  if ! (cd "$BUILD_DIR" && BUNDLE_JOBS=2 BUNDLE_RETRY=0 BUNDLE_SILENCE_ROOT_WARNING=1 bundle install --local) 2>&1 | indent; then
    fail "bundle install failed: see the lines above"
  fi
  fix_shebangs "$BUILD_DIR/vendor/bundle/ruby/3.1.0/bin"
}
