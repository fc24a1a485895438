#!/usr/bin/env bash
# Installing and pruning with the app's package manager (package-manager.sh chose it); caching between builds.

# use_dependency_caches CACHE_DIR: points the package managers' download caches into CACHE_DIR
use_dependency_caches() {
  export npm_config_cache="$1/npm" YARN_CACHE_FOLDER="$1/yarn"
  export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
}

# use_yarn_berry_settings BUILD_DIR: Yarn 2+ keeps its cache in the app (.yarn/cache: PnP loads
# packages from those zips at run time, so they must be in the slug), asks the registry npm uses
# unless the app names one, and prints plain lines
use_yarn_berry_settings() {
  unset YARN_CACHE_FOLDER
  export YARN_ENABLE_GLOBAL_CACHE=false YARN_ENABLE_TELEMETRY=0 YARN_ENABLE_PROGRESS_BARS=false YARN_ENABLE_COLORS=false
  if [ -n "${npm_config_registry:-}" ] && ! grep -q '^npmRegistryServer:' "$1/.yarnrc.yml" 2>/dev/null; then
    export YARN_NPM_REGISTRY_SERVER="${npm_config_registry%/}"
  fi
}

# npm_major: the major of the npm on PATH (from its package.json: starting npm costs a fifth of a second)
npm_major() {
  local version
  version=$(jq -r .version "$(dirname "$(readlink -f "$(command -v npm)")")/../package.json")
  echo "${version%%.*}"
}

# npm_dev_flag: the flag that makes npm install devDependencies whatever NODE_ENV says (npm 7
# renamed it)
npm_dev_flag() { if [ "$(npm_major)" -ge 7 ]; then echo --include=dev; else echo --production=false; fi; }

# install_dependencies BUILD_DIR CACHE_DIR: installs every dependency, devDependencies too, or
# reuses the last build's node_modules when nothing it was installed from has changed
install_dependencies() {
  local build=$1 cache=$2
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
      if [ -n "$(lockfile "$build")" ] && [ "$(npm_major)" -ge 6 ]; then
        info "npm ci ($(lockfile "$build"))"
        run_indented "npm ci failed: see the lines above; if $(lockfile "$build") is out of date, run \`npm install\` and commit it" \
          npm ci "$(npm_dev_flag)" --prefer-offline
      elif [ -n "$(lockfile "$build")" ]; then
        # `npm ci` came with npm 5.7: older ones install from package.json and npm-shrinkwrap.json
        info "npm install ($(lockfile "$build"); npm $(npm --version) has no npm ci)"
        run_indented "npm install failed: see the lines above" npm install "$(npm_dev_flag)"
      else
        warn "no package-lock.json: installing with npm install; commit a lockfile for repeatable builds"
        restore_node_modules "$build" "$cache"
        run_indented "npm install failed: see the lines above" npm install "$(npm_dev_flag)"
      fi
      ;;
    yarn)
      if yarn_berry "$build"; then
        info "yarn install --immutable (yarn.lock, Yarn $(yarn --version))"
        use_yarn_berry_settings "$build"
        run_indented "yarn install failed: see the lines above; if yarn.lock is out of date, run \`yarn install\` and commit it" \
          yarn install --immutable
      else
        info "yarn install (yarn.lock)"
        run_indented "yarn install failed: see the lines above; if yarn.lock is out of date, run \`yarn install\` and commit it" \
          yarn install --frozen-lockfile --production=false --prefer-offline --non-interactive
      fi
      ;;
    pnpm)
      info "pnpm install (pnpm-lock.yaml, pnpm $(pnpm --version | cut -d. -f1))"
      run_indented "pnpm install failed: see the lines above; if pnpm-lock.yaml is out of date, run \`pnpm install\` and commit it" \
        pnpm install --frozen-lockfile --production=false --store-dir "$cache/pnpm"
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

# prune_dev_dependencies BUILD_DIR CACHE_DIR: drops devDependencies from node_modules (or from
# Yarn 2+'s PnP map)
prune_dev_dependencies() {
  local build=$1 cache=$2
  cd "$build" || exit 1
  [ -d node_modules ] || [ -f .pnp.cjs ] || { info "no node_modules"; return 0; }
  jq -e '.devDependencies // {} | length > 0' package.json >/dev/null || { info "no devDependencies"; return 0; }
  case "$(package_manager "$build")" in
    npm)
      if [ "$(npm_major)" -ge 7 ]; then run_indented "npm prune failed" npm prune --omit=dev
      else run_indented "npm prune failed" npm prune --production
      fi
      ;;
    yarn)
      if ! yarn_berry "$build"; then
        run_indented "yarn could not remove devDependencies" \
          yarn install --frozen-lockfile --production=true --prefer-offline --non-interactive
      elif [ "$(yarn --version | cut -d. -f1)" -ge 4 ] || grep -q 'plugin-workspace-tools' .yarnrc.yml 2>/dev/null; then
        run_indented "yarn could not remove devDependencies" yarn workspaces focus --all --production
      else
        info "Yarn $(yarn --version) removes devDependencies only with its workspace-tools plugin (\`yarn plugin import workspace-tools\`): kept"
      fi
      ;;
    pnpm)
      run_indented "pnpm could not remove devDependencies" pnpm install --frozen-lockfile --prod --store-dir "$cache/pnpm"
      ;;
  esac
}

# write_profile BUILD_DIR: puts node and the app's bins on PATH for the app's processes
write_profile() {
  mkdir -p "$1/.profile.d"
  cat > "$1/.profile.d/nodejs.sh" <<'PROFILE'
export PATH="$HOME/.heroku/node/bin:$HOME/node_modules/.bin:$PATH"
export NODE_ENV="${NODE_ENV:-production}"
# yarn and pnpm as the build used them (in .heroku/node/bin): no update checks, Yarn 2+ reads its
# cache from the app and sends nothing home
export npm_config_update_notifier=false YARN_ENABLE_TELEMETRY=0 YARN_ENABLE_GLOBAL_CACHE=false
# node 26+ needs libatomic.so.1: the build kept a copy for runtimes that have none
if [ -d "$HOME/.heroku/node/lib/vendor" ] && ! /sbin/ldconfig -p 2>/dev/null | grep -q 'libatomic\.so\.1'; then
  export LD_LIBRARY_PATH="$HOME/.heroku/node/lib/vendor${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
PROFILE
}
