#!/usr/bin/env bash
# Debian's PHP in the slug: the packages, a php.ini and the extensions' .ini files pointed at
# where PHP lives now (it was built to look in /etc/php and /usr/lib/php), and the profile.

# Debian bookworm's PHP 8.2 (cli, php-fpm, the common extensions) and what they need that
# berth/runner lacks
PHP_PACKAGES=(php-common php8.2-common php8.2-cli php8.2-fpm php8.2-opcache php8.2-readline php8.2-mbstring
  php8.2-xml php8.2-curl php8.2-mysql php8.2-pgsql libargon2-1 libsodium23 libxml2 libxslt1.1 libicu72
  libonig5 libmagic1 libmagic-mgc libedit2 libncurses6 libapparmor1)
PHP_PREFIX=/app/.berth/php
PHP_EXTENSION_DIR=$PHP_PREFIX/usr/lib/php/20220829

# install_php CACHE_DIR: Debian's PHP under PHP_PREFIX, configured, its commands on PATH
install_php() {
  rm -rf "$PHP_PREFIX"
  fetch_debian_packages "$1/runtime" "${PHP_PACKAGES[@]}"
  unpack_debian_packages "$1/runtime" "$PHP_PREFIX"
  # init, cron and logrotate scripts are no use in a slug
  rm -rf "$PHP_PREFIX/etc/init.d" "$PHP_PREFIX/etc/cron.d" "$PHP_PREFIX/etc/logrotate.d"
  write_php_ini
  mkdir -p "$PHP_PREFIX/bin"
  ln -sf ../usr/bin/php8.2 "$PHP_PREFIX/bin/php"
  ln -sf ../usr/sbin/php-fpm8.2 "$PHP_PREFIX/bin/php-fpm"
  write_php_profile
  # shellcheck source=/dev/null
  source "$BUILD_DIR/.profile.d/php.sh"
  info "$(php -r 'echo "PHP ", PHP_VERSION, " (", php_ini_loaded_file(), ")";')"
  local warnings
  warnings=$(php -r '' 2>&1) || fail "PHP does not start: $warnings"
  [ -z "$warnings" ] || fail "PHP starts with warnings (an extension that cannot load?): $warnings"
}

# write_php_ini: Debian's production php.ini with the slug's paths, and every extension enabled
# in the order of Debian's priorities (mysqlnd before mysqli, …) as phpenmod would
write_php_ini() {
  local conf=$PHP_PREFIX/conf ini priority
  mkdir -p "$conf/conf.d"
  {
    cat "$PHP_PREFIX/usr/lib/php/8.2/php.ini-production"
    cat <<INI

; Berth: PHP lives in the slug, temporary files go to /tmp, errors to the process's output
extension_dir = $PHP_EXTENSION_DIR
sys_temp_dir = /tmp
upload_tmp_dir = /tmp
session.save_path = /tmp
error_log = /dev/stderr
expose_php = Off
date.timezone = UTC
INI
  } > "$conf/php.ini"
  for ini in "$PHP_PREFIX"/usr/share/php8.2-*/*/*.ini; do
    priority=$(sed -n 's/^; priority=\([0-9]*\).*/\1/p' "$ini")
    cp "$ini" "$conf/conf.d/${priority:-20}-$(basename "$ini")"
  done
}

# write_php_profile: .profile.d/php.sh, sourced before every process (and by this build)
write_php_profile() {
  mkdir -p "$BUILD_DIR/.profile.d"
  cat > "$BUILD_DIR/.profile.d/php.sh" <<'PROFILE'
# Debian's PHP lives in /app/.berth/php, not /usr: say where it is and where its ini files are.
export PATH="/app/.berth/php/bin:/app/vendor/bin:$PATH"
export LD_LIBRARY_PATH="/app/.berth/php/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export PHPRC=/app/.berth/php/conf/php.ini PHP_INI_SCAN_DIR=/app/.berth/php/conf/conf.d
PROFILE
}
