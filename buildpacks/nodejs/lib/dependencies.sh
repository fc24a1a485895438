#!/usr/bin/env bash
# Installing, building and pruning with the app's package manager; caching between builds.

# package_manager BUILD_DIR: npm, yarn or pnpm, from the lockfile
package_manager() {
  if [ -f "$1/pnpm-lock.yaml" ]; then echo pnpm
  elif [ -f "$1/yarn.lock" ]; then echo yarn
  else echo npm
  fi
}

# pnpm_major BUILD_DIR: the pnpm major that wrote pnpm-lock.yaml (lockfile 9.x → pnpm 9, 6.x → 8)
pnpm_major() {
  local lockfile
  lockfile=$(sed -n "s/^lockfileVersion: *'\{0,1\}\([0-9]*\).*/\1/p" "$1/pnpm-lock.yaml" | head -1)
  case "$lockfile" in 5) echo 7 ;; 6) echo 8 ;; *) echo 9 ;; esac
}

# use_dependency_caches CACHE_DIR: points the package managers' download caches into CACHE_DIR
use_dependency_caches() {
  export npm_config_cache="$1/npm" YARN_CACHE_FOLDER="$1/yarn"
  export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
}

# install_dependencies BUILD_DIR CACHE_DIR: installs every dependency, devDependencies too
install_dependencies() {
  local build=$1 cache=$2
  use_dependency_caches "$cache"
  export NODE_ENV="${NODE_ENV:-production}"
  cd "$build" || exit 1
  case "$(package_manager "$build")" in
    npm)
      if [ -f package-lock.json ] || [ -f npm-shrinkwrap.json ]; then
        info "npm ci (package-lock.json)"
        run_indented "npm ci failed: see the lines above; if package-lock.json is out of date, run \`npm install\` and commit it" \
          npm ci --include=dev --prefer-offline
      else
        warn "no package-lock.json: installing with npm install; commit a lockfile for repeatable builds"
        restore_node_modules "$build" "$cache"
        run_indented "npm install failed: see the lines above" npm install --include=dev --prefer-offline
      fi
      ;;
    yarn)
      info "yarn install (yarn.lock)"
      run_indented "yarn install failed: see the lines above; if yarn.lock is out of date, run \`yarn install\` and commit it" \
        npx --yes yarn@1 install --frozen-lockfile --production=false --prefer-offline --non-interactive
      ;;
    pnpm)
      info "pnpm install (pnpm-lock.yaml, pnpm $(pnpm_major "$build"))"
      run_indented "pnpm install failed: see the lines above; if pnpm-lock.yaml is out of date, run \`pnpm install\` and commit it" \
        npx --yes "pnpm@$(pnpm_major "$build")" install --frozen-lockfile --production=false --store-dir "$cache/pnpm"
      ;;
  esac
}

# restore_node_modules BUILD_DIR CACHE_DIR: reuses the last build's node_modules without a lockfile
restore_node_modules() {
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

# prune_dev_dependencies BUILD_DIR CACHE_DIR: drops devDependencies from node_modules
prune_dev_dependencies() {
  local build=$1 cache=$2
  cd "$build" || exit 1
  [ -d node_modules ] || { info "no node_modules"; return 0; }
  case "$(package_manager "$build")" in
    npm) run_indented "npm prune failed" npm prune --omit=dev ;;
    yarn) run_indented "yarn could not remove devDependencies" \
      npx --yes yarn@1 install --frozen-lockfile --production=true --prefer-offline --non-interactive ;;
    pnpm) run_indented "pnpm could not remove devDependencies" \
      npx --yes "pnpm@$(pnpm_major "$build")" install --frozen-lockfile --prod --store-dir "$cache/pnpm" ;;
  esac
}

# save_node_modules BUILD_DIR CACHE_DIR: keeps the pruned node_modules for the next build
save_node_modules() {
  rm -rf "$2/node_modules"
  if [ -d "$1/node_modules" ]; then
    cp -a "$1/node_modules" "$2/node_modules"
    info "Cached node_modules and the package manager's downloads"
  fi
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
