#!/usr/bin/env bash
# Installing, building and pruning with the app's package manager; caching between builds.

# package_manager BUILD_DIR: npm, yarn or pnpm, from the lockfile
package_manager() {
  if [ -f "$1/pnpm-lock.yaml" ]; then echo pnpm
  elif [ -f "$1/yarn.lock" ]; then echo yarn
  else echo npm
  fi
}

# install_dependencies BUILD_DIR CACHE_DIR: installs every dependency, devDependencies too
install_dependencies() {
  local build=$1 cache=$2 pm
  pm=$(package_manager "$build")
  export npm_config_cache="$cache/npm" NODE_ENV="${NODE_ENV:-production}"
  cd "$build"
  case "$pm" in
    npm)
      if [ -f package-lock.json ] || [ -f npm-shrinkwrap.json ]; then
        info "npm ci (package-lock.json)"
        npm ci --include=dev --prefer-offline --no-audit --no-fund 2>&1 | indent
      else
        warn "no package-lock.json: installing with npm install; commit a lockfile for repeatable builds"
        restore_node_modules "$build" "$cache"
        npm install --include=dev --prefer-offline --no-audit --no-fund 2>&1 | indent
      fi
      ;;
    yarn)
      info "yarn install (yarn.lock)"
      export YARN_CACHE_FOLDER="$cache/yarn"
      npx --yes yarn@1 install --frozen-lockfile --production=false --prefer-offline 2>&1 | indent
      ;;
    pnpm)
      info "pnpm install (pnpm-lock.yaml)"
      npx --yes pnpm@9 install --frozen-lockfile --prod=false --store-dir "$cache/pnpm" 2>&1 | indent
      ;;
  esac
  [ "${PIPESTATUS[0]}" -eq 0 ] || fail "installing dependencies failed: see the lines above"
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
  cd "$1"
  if jq -e '.scripts.build' package.json >/dev/null 2>&1; then
    info "npm run build"
    npm run build 2>&1 | indent
    [ "${PIPESTATUS[0]}" -eq 0 ] || fail "the build script failed: see the lines above"
  else
    info "no build script"
  fi
}

# prune_dev_dependencies BUILD_DIR CACHE_DIR: drops devDependencies, keeps node_modules for the cache
prune_dev_dependencies() {
  local build=$1 cache=$2
  cd "$build"
  case "$(package_manager "$build")" in
    npm) npm prune --omit=dev --no-audit --no-fund 2>&1 | indent ;;
    yarn) npx --yes yarn@1 install --frozen-lockfile --production=true --prefer-offline 2>&1 | indent ;;
    pnpm) npx --yes pnpm@9 prune --prod 2>&1 | indent ;;
  esac
  if [ -d node_modules ]; then
    rm -rf "$cache/node_modules"
    cp -a node_modules "$cache/node_modules"
  fi
}

# write_profile BUILD_DIR: puts node on PATH for the app's processes
write_profile() {
  mkdir -p "$1/.profile.d"
  cat > "$1/.profile.d/nodejs.sh" <<'PROFILE'
export PATH="$HOME/.heroku/node/bin:$HOME/node_modules/.bin:$PATH"
export NODE_ENV="${NODE_ENV:-production}"
PROFILE
}
