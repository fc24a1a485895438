#!/usr/bin/env bash
# A language runtime from Debian's packages, carried in the slug the way heroku-buildpack-apt
# does it: the stack images stay as they are (every app on the machine shares them), the .debs
# are fetched from the builder's Debian mirror with apt's state in a private folder, kept in the
# app's build cache, and unpacked with dpkg-deb under a folder of the slug. Their programs then
# need PATH and LD_LIBRARY_PATH pointed there (and the runtime's own search paths: see the
# buildpack's profile). The Ruby buildpack has the same file: each buildpack works on its own
# (BUILDPACK_URL, .buildpacks), as Heroku's do.

# Cached .debs are downloaded again after this many days, to pick up Debian's point releases.
DEBIAN_CACHE_DAYS=7

# install_debian_packages PREFIX CACHE_DIR PACKAGE…: unpacks the packages under PREFIX, from the
# cache when the same list was downloaded less than DEBIAN_CACHE_DAYS ago
install_debian_packages() {
  local prefix=$1 cache=$2/debs want deb
  shift 2
  want=$(printf '%s\n' "$@" | sort -u)
  if [ -f "$cache/packages" ] && [ "$(cat "$cache/packages")" = "$want" ] &&
    [ -z "$(find "$cache/packages" -mtime +"$DEBIAN_CACHE_DAYS")" ]; then
    info "Using $# Debian packages from the cache"
  else
    download_debian_packages "$cache" "$@"
    echo "$want" > "$cache/packages"
  fi
  rm -rf "$prefix"
  mkdir -p "$prefix"
  for deb in "$cache"/*.deb; do
    dpkg-deb -x "$deb" "$prefix" || fail "could not unpack $(basename "$deb") from Debian: push again to download it anew"
  done
  # documentation and init scripts are no use in a slug
  rm -rf "$prefix/usr/share/doc" "$prefix/usr/share/man" "$prefix/usr/share/lintian" "$prefix/usr/share/bug" \
    "$prefix/etc/init.d" "$prefix/etc/cron.d" "$prefix/etc/logrotate.d"
}

# download_debian_packages DIR PACKAGE…: replaces DIR's .debs with the packages' current ones
download_debian_packages() {
  local dir=$1 apt_dir
  shift
  apt_dir=$(mktemp -d /tmp/apt.XXXXXX)
  local apt=(-qq -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  info "Downloading $# packages from Debian ($(debian_mirror))"
  if ! apt-get "${apt[@]}" update 2>&1 | indent; then
    fail "could not read Debian's package lists from $(debian_mirror): see the lines above (the builder needs to reach that mirror)"
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  if ! (cd "$dir" && apt-get "${apt[@]}" download "$@") 2>&1 | indent; then
    fail "could not download $* from Debian: see the lines above"
  fi
  rm -rf "$apt_dir"
}

# debian_mirror: the mirror the builder's apt sources name
debian_mirror() {
  local mirror
  mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null) || mirror=""
  echo "${mirror:-the mirror of /etc/apt/sources.list}"
}
