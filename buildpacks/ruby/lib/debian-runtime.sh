#!/usr/bin/env bash
# A language runtime from Debian's packages, carried in the slug the way heroku-buildpack-apt
# does it: the stack images stay as they are (every app on the machine shares them), the .debs
# are fetched from the builder's Debian mirror with apt's state in a private folder, kept in the
# app's build cache, and unpacked with dpkg-deb under a folder of the slug. Their programs then
# need PATH and LD_LIBRARY_PATH pointed there (and the runtime's own search paths: see the
# buildpack's profile). The PHP buildpack has the same file: each buildpack works on its own
# (BUILDPACK_URL, .buildpacks), as Heroku's do.

# Cached .debs are downloaded again after this many days, to pick up Debian's point releases.
DEBIAN_CACHE_DAYS=7

# fetch_debian_packages DIR PACKAGE…: DIR holds the packages' .debs: those downloaded into it
# less than DEBIAN_CACHE_DAYS ago for the same list, else the current ones from Debian
fetch_debian_packages() {
  local dir=$1 want
  shift
  want=$(printf '%s\n' "$@" | sort -u)
  if [ -f "$dir/packages" ] && [ "$(cat "$dir/packages")" = "$want" ] &&
    [ -z "$(find "$dir/packages" -mtime +"$DEBIAN_CACHE_DAYS")" ]; then
    info "Using $# Debian packages from the cache"
  else
    download_debian_packages "$dir" "$@"
    echo "$want" > "$dir/packages"
  fi
}

# unpack_debian_packages DIR PREFIX: unpacks DIR's .debs under PREFIX, without their documentation
# (links to folders stay links: unpacked into /, a package's /lib must not replace the link to usr/lib)
unpack_debian_packages() {
  local dir=$1 prefix=$2 deb
  mkdir -p "$prefix"
  for deb in "$dir"/*.deb; do
    if ! dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink -C "$prefix"; then
      fail "could not unpack ${deb##*/} from Debian: push again to download it anew"
    fi
  done
  rm -rf "$prefix/usr/share/doc" "$prefix/usr/share/man" "$prefix/usr/share/lintian" "$prefix/usr/share/bug"
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
