#!/usr/bin/env bash
# The app's PHP dependencies: the vendor/ folder Composer wrote, committed with the app — no
# package repository (packagist.org, GitHub) is reachable from Berth's builders — checked against
# this PHP: its version and extensions.

# check_composer_json: fails clearly on a composer.json that is not a JSON object
check_composer_json() {
  local kind
  [ -f "$BUILD_DIR/composer.json" ] || return 0
  kind=$(jq -r 'type' "$BUILD_DIR/composer.json" 2>&1) || fail "composer.json is not valid JSON ($kind): fix it and push again"
  [ "$kind" = object ] || fail "composer.json must hold a JSON object, not a JSON ${kind:-nothing}"
}

# check_dependencies: the committed vendor/ (or nothing to install), and the PHP version and
# extensions composer.json requires
check_dependencies() {
  local packages
  cd "$BUILD_DIR" || fail "no source at $BUILD_DIR"
  if [ ! -f composer.json ]; then info "no composer.json: nothing to install"; return 0; fi
  packages=$(jq -r '.require // {} | keys[] | select(contains("/"))' composer.json | paste -sd, - | sed 's/,/, /g')
  if [ -f vendor/autoload.php ]; then
    info "Using the committed vendor/ ($(jq -r '(.packages // .) | length' vendor/composer/installed.json 2>/dev/null || echo "no installed.json:") packages)"
  elif [ -n "$packages" ]; then
    fail "composer.json requires $packages, but vendor/ is not committed. Berth's builders cannot reach packagist.org: run \`composer install --no-dev\`, commit vendor/ and push again"
  elif [ "$(jq -r '.autoload // {} | length' composer.json)" != 0 ]; then
    fail "composer.json has an autoload section, but vendor/autoload.php is not committed: run \`composer dump-autoload\`, commit vendor/ and push again"
  fi
  check_platform
}

# check_platform: fails when composer.json requires a PHP version or extensions this PHP lacks
check_platform() {
  local problems
  problems=$(php "$BP_DIR/lib/check-platform.php" composer.json 2>&1) || fail "could not read composer.json's requirements: $problems"
  [ -n "$problems" ] || return 0
  # shellcheck disable=SC2016 # (PHP code, expanded by PHP)
  fail "composer.json requires $problems, which Berth's PHP does not have: it is Debian's PHP $(php -r 'echo PHP_VERSION;'), with the extensions $(php -r '$e = array_map("strtolower", get_loaded_extensions()); sort($e); echo implode(", ", $e);')"
}
