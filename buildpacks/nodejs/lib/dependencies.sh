#!/usr/bin/env bash
# Installing, building and pruning with the app's package manager; caching between builds.

# package_manager BUILD_DIR: npm, yarn or pnpm, from the lockfile
package_manager() {
  if [ -f "$1/pnpm-lock.yaml" ]; then echo pnpm
  elif [ -f "$1/yarn.lock" ]; then echo yarn
  else echo npm
  fi
}

# lockfile BUILD_DIR: the lockfile the install follows, or nothing
lockfile() {
  local name
  for name in pnpm-lock.yaml yarn.lock npm-shrinkwrap.json package-lock.json; do
    [ -f "$1/$name" ] && { echo "$name"; return; }
  done
  return 0
}

# pnpm_major BUILD_DIR: the pnpm major that wrote pnpm-lock.yaml (lockfile 9.x → pnpm 9, 6.x → 8)
pnpm_major() {
  local lockfile
  lockfile=$(sed -n "s/^lockfileVersion: *'\{0,1\}\([0-9]*\).*/\1/p" "$1/pnpm-lock.yaml" | sed -n 1p)
  case "$lockfile" in 5) echo 7 ;; 6) echo 8 ;; *) echo 9 ;; esac
}

# use_dependency_caches CACHE_DIR: points the package managers' download caches into CACHE_DIR
use_dependency_caches() {
  export npm_config_cache="$1/npm" YARN_CACHE_FOLDER="$1/yarn"
  export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
}

# yarn_cli CACHE_DIR / pnpm_cli CACHE_DIR MAJOR: the CLI script of yarn 1 / pnpm MAJOR, kept in the
# cache (so a build does not ask the registry for them again, as `npx yarn@1` would)
yarn_cli() {
  local dir
  dir=$(cached_package "$1/tools" yarn 1) || exit 1
  echo "$dir/bin/yarn.js"
}
pnpm_cli() {
  local dir
  dir=$(cached_package "$1/tools" pnpm "$2") || exit 1
  echo "$dir/bin/pnpm.cjs"
}

# install_dependencies BUILD_DIR CACHE_DIR: installs every dependency, devDependencies too, or
# reuses the last build's node_modules when nothing it was installed from has changed
install_dependencies() {
  local build=$1 cache=$2 cli
  use_dependency_caches "$cache"
  export NODE_ENV="${NODE_ENV:-production}"
  cd "$build" || exit 1
  if reusable_node_modules "$build" "$cache"; then
    info "Reusing node_modules from the last build: $(lockfile "$build"), the dependencies in package.json and Node.js are unchanged"
    info "(set the config var NODE_MODULES_CACHE=false to install from scratch)"
    rm -rf "$build/node_modules"
    cp -a "$cache/node_modules" "$build/node_modules"
    NODE_MODULES_REUSED=1
    return 0
  fi
  case "$(package_manager "$build")" in
    npm)
      if [ -n "$(lockfile "$build")" ]; then
        info "npm ci ($(lockfile "$build"))"
        run_indented "npm ci failed: see the lines above; if $(lockfile "$build") is out of date, run \`npm install\` and commit it" \
          npm ci --include=dev --prefer-offline
      else
        warn "no package-lock.json: installing with npm install; commit a lockfile for repeatable builds"
        restore_node_modules "$build" "$cache"
        run_indented "npm install failed: see the lines above" npm install --include=dev --prefer-offline
      fi
      ;;
    yarn)
      info "yarn install (yarn.lock)"
      cli=$(yarn_cli "$cache") || exit 1
      run_indented "yarn install failed: see the lines above; if yarn.lock is out of date, run \`yarn install\` and commit it" \
        node "$cli" install --frozen-lockfile --production=false --prefer-offline --non-interactive
      ;;
    pnpm)
      info "pnpm install (pnpm-lock.yaml, pnpm $(pnpm_major "$build"))"
      cli=$(pnpm_cli "$cache" "$(pnpm_major "$build")") || exit 1
      run_indented "pnpm install failed: see the lines above; if pnpm-lock.yaml is out of date, run \`pnpm install\` and commit it" \
        node "$cli" install --frozen-lockfile --production=false --store-dir "$cache/pnpm"
      ;;
  esac
}

# dependencies_key BUILD_DIR: a hash of everything node_modules is installed from
dependencies_key() {
  {
    cat "$1/$(lockfile "$1")"
    jq -S '{dependencies, devDependencies, optionalDependencies, peerDependencies, bundleDependencies,
      bundledDependencies, overrides, resolutions, pnpm, packageManager}' "$1/package.json"
    cat "$1"/.npmrc "$1"/.yarnrc "$1"/.yarnrc.yml "$1"/.pnpmfile.cjs 2>/dev/null || true
    env | grep -i '^npm_config_' | sort || true
    node --version
    uname -m
    cat /etc/debian_version
  } | sha256sum | cut -d' ' -f1
}

# reusable_node_modules BUILD_DIR CACHE_DIR: whether the cached node_modules is exactly what an
# install would make. Never when the app's own install scripts (or a binding.gyp) could write
# outside node_modules, nor for workspaces, whose packages have node_modules of their own.
reusable_node_modules() {
  local build=$1 cache=$2
  [ "${NODE_MODULES_CACHE:-true}" != false ] || return 1
  [ -n "$(lockfile "$build")" ] && [ -d "$cache/node_modules" ] && [ -f "$cache/node_modules.key" ] || return 1
  jq -e '(.scripts // {} | has("preinstall") or has("install") or has("postinstall") or has("prepare")) or has("workspaces")' \
    "$build/package.json" >/dev/null && return 1
  [ ! -f "$build/binding.gyp" ] && [ ! -f "$build/pnpm-workspace.yaml" ] || return 1
  [ "$(cat "$cache/node_modules.key")" = "$(dependencies_key "$build")" ]
}

# restore_node_modules BUILD_DIR CACHE_DIR: starts `npm install` from the last build's node_modules
restore_node_modules() {
  [ "${NODE_MODULES_CACHE:-true}" != false ] || return 0
  if [ -d "$2/node_modules" ] && [ ! -d "$1/node_modules" ]; then
    info "Restoring node_modules from the cache"
    cp -a "$2/node_modules" "$1/node_modules"
  fi
}

# run_build_script BUILD_DIR: runs the `build` script when package.json has one
run_build_script() {
  cd "$1" || exit 1
  if jq -e '.scripts.build' package.json >/dev/null 2>&1; then
    info "npm run build"
    run_indented "the build script failed: see the lines above" npm run build
  else
    info "no build script in package.json"
  fi
}

# save_node_modules BUILD_DIR CACHE_DIR: keeps node_modules as installed and built (devDependencies
# too) with the hash of what it was installed from; a reused one is in the cache already
save_node_modules() {
  local build=$1 cache=$2
  [ -z "${NODE_MODULES_REUSED:-}" ] || { info "node_modules came from the cache: nothing to save"; return 0; }
  rm -f "$cache/node_modules.key"
  rm -rf "$cache/node_modules"
  [ -d "$build/node_modules" ] || { info "no node_modules"; return 0; }
  cp -a "$build/node_modules" "$cache/node_modules"
  [ -z "$(lockfile "$build")" ] || dependencies_key "$build" > "$cache/node_modules.key"
  info "Cached node_modules for the next build"
}

# prune_dev_dependencies BUILD_DIR CACHE_DIR: drops devDependencies from node_modules
prune_dev_dependencies() {
  local build=$1 cache=$2 cli
  cd "$build" || exit 1
  [ -d node_modules ] || { info "no node_modules"; return 0; }
  jq -e '.devDependencies // {} | length > 0' package.json >/dev/null || { info "no devDependencies"; return 0; }
  case "$(package_manager "$build")" in
    npm) run_indented "npm prune failed" npm prune --omit=dev ;;
    yarn)
      cli=$(yarn_cli "$cache") || exit 1
      run_indented "yarn could not remove devDependencies" \
        node "$cli" install --frozen-lockfile --production=true --prefer-offline --non-interactive
      ;;
    pnpm)
      cli=$(pnpm_cli "$cache" "$(pnpm_major "$build")") || exit 1
      run_indented "pnpm could not remove devDependencies" node "$cli" install --frozen-lockfile --prod --store-dir "$cache/pnpm"
      ;;
  esac
}

# write_profile BUILD_DIR: puts node and the app's bins on PATH for the app's processes
write_profile() {
  mkdir -p "$1/.profile.d"
  cat > "$1/.profile.d/nodejs.sh" <<'PROFILE'
export PATH="$HOME/.heroku/node/bin:$HOME/node_modules/.bin:$PATH"
export NODE_ENV="${NODE_ENV:-production}"
# node 26+ needs libatomic.so.1: the build kept a copy for runtimes that have none
if [ -d "$HOME/.heroku/node/lib/vendor" ] && ! /sbin/ldconfig -p 2>/dev/null | grep -q 'libatomic\.so\.1'; then
  export LD_LIBRARY_PATH="$HOME/.heroku/node/lib/vendor${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
PROFILE
}
