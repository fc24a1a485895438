#!/usr/bin/env bash
# The web server: php-fpm runs the PHP files, nginx (from berth/runner) listens on $PORT, serves
# the other files itself and hands .php requests to php-fpm over a socket. Both run as the app's
# own user; the document root is the app (or the folder a Procfile names, as Heroku's
# `heroku-php-nginx public/`); dotfiles, vendor/ and composer's files are never served.

# write_server: the php-fpm and nginx configurations and the berth-php-server command
write_server() {
  local conf=$PHP_PREFIX/conf
  cat > "$conf/php-fpm.conf" <<'CONF'
[global]
pid = /tmp/php-fpm.pid
error_log = /proc/self/fd/2
log_limit = 8192
daemonize = no

[app]
listen = /tmp/php-fpm.sock
pm = dynamic
pm.max_children = __WORKERS__
pm.start_servers = 2
pm.min_spare_servers = 1
pm.max_spare_servers = 3
; the app's config vars (DATABASE_URL, …) reach PHP's getenv() and $_ENV
clear_env = no
catch_workers_output = yes
decorate_workers_output = no
CONF
  cat > "$conf/nginx.conf" <<'CONF'
worker_processes 1;
pid /tmp/nginx.pid;
error_log stderr;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path /tmp/nginx-body;
  proxy_temp_path /tmp/nginx-proxy;
  fastcgi_temp_path /tmp/nginx-fastcgi;
  uwsgi_temp_path /tmp/nginx-uwsgi;
  scgi_temp_path /tmp/nginx-scgi;
  sendfile on;
  server_tokens off;
  client_max_body_size 32m;
  gzip on;
  gzip_types text/plain text/css application/javascript application/json image/svg+xml;
  server {
    listen __PORT__;
    root __ROOT__;
    index index.php index.html;
    # dotfiles (.env, .git, .berth …) but .well-known, and Composer's files, are not the site's
    location ~ /\.(?!well-known/) { return 404; }
    location ~ ^/(vendor|composer\.(json|lock)|Procfile)(/|$) { return 404; }
    location / {
      try_files $uri $uri/ __FALLBACK__;
    }
    location ~ \.php$ {
      try_files $fastcgi_script_name =404;
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
      fastcgi_pass unix:/tmp/php-fpm.sock;
    }
  }
}
CONF
  cat > "$PHP_PREFIX/bin/berth-php-server" <<'SH'
#!/bin/bash
# berth-php-server [DOCUMENT_ROOT]: php-fpm, and nginx in front of it on $PORT, until either stops.
# DOCUMENT_ROOT is a folder of the app (default: public/ when it holds index.php and the app's
# top does not, else the app's top). WEB_CONCURRENCY sets php-fpm's number of workers (4).
set -euo pipefail
conf=/app/.berth/php/conf
root=${1:-}
if [ -z "$root" ]; then
  if [ -f /app/public/index.php ] && [ ! -f /app/index.php ]; then root=public; else root=.; fi
fi
root=${root%/}
if ! [[ "$root" =~ ^[A-Za-z0-9._/-]+$ ]] || [[ "$root" == /* ]] || [[ "$root" == *..* ]] || [ ! -d "/app/$root" ]; then
  echo "berth-php-server: the document root must be a folder of the app, like public (got \"$root\")" >&2
  exit 1
fi
fallback="=404"
if [ -f "/app/$root/index.php" ]; then fallback="/index.php\$is_args\$args"; fi
run=/tmp/berth-php
mkdir -p "$run"
sed -e "s#__PORT__#${PORT:?PORT is not set}#" -e "s#__ROOT__#/app/$root#" -e "s#__FALLBACK__#$fallback#" "$conf/nginx.conf" > "$run/nginx.conf"
workers=${WEB_CONCURRENCY:-4}
[[ "$workers" =~ ^[1-9][0-9]?$ ]] || workers=4
sed "s#__WORKERS__#$workers#" "$conf/php-fpm.conf" > "$run/php-fpm.conf"
php-fpm --nodaemonize --fpm-config "$run/php-fpm.conf" &
fpm=$!
nginx -c "$run/nginx.conf" -g 'daemon off;' &
web=$!
trap 'kill -TERM "$fpm" "$web" 2>/dev/null || true' TERM INT
status=0
wait -n "$fpm" "$web" || status=$?
kill -TERM "$fpm" "$web" 2>/dev/null || true
wait || true
exit "$status"
SH
  chmod +x "$PHP_PREFIX/bin/berth-php-server"
  # Procfiles written for Heroku name its commands: the same server (with nginx either way)
  ln -sf berth-php-server "$PHP_PREFIX/bin/heroku-php-nginx"
  ln -sf berth-php-server "$PHP_PREFIX/bin/heroku-php-apache2"
}

# check_server: the generated configurations pass php-fpm -t and nginx -t
check_server() {
  local out run=/tmp/berth-php-check
  mkdir -p "$run"
  sed "s#__WORKERS__#4#" "$PHP_PREFIX/conf/php-fpm.conf" > "$run/php-fpm.conf"
  out=$(php-fpm --test --allow-to-run-as-root --fpm-config "$run/php-fpm.conf" 2>&1) || fail "the generated php-fpm config did not pass php-fpm -t: $out"
  sed -e "s#__PORT__#5000#" -e "s#__ROOT__#$BUILD_DIR#" -e "s#__FALLBACK__#=404#" "$PHP_PREFIX/conf/nginx.conf" > "$run/nginx.conf"
  out=$(nginx -t -q -c "$run/nginx.conf" 2>&1) || fail "the generated nginx config did not pass nginx -t: $out"
  info "web: berth-php-server (nginx on \$PORT, php-fpm with \${WEB_CONCURRENCY:-4} workers)"
}
