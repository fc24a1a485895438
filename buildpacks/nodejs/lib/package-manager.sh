#!/usr/bin/env bash
# Which package manager builds the app (npm, yarn 1, Yarn 2+ or pnpm) and which version: the
# packageManager field (Corepack's), yarnPath, engines.yarn / engines.pnpm, or the lockfile. The
# chosen one is put in the slug with a `yarn` / `pnpm` command beside node, so the app's processes
# (`pnpm start`, `yarn node server.js`) find the same one at run time.

# declared_package_manager BUILD_DIR PART: packageManager's name, version or hash (ALGO.HEX), or
# nothing; check_package_manager has refused a malformed one before this is used
declared_package_manager() {
  local field
  field=$(jq -r '.packageManager // empty | strings' "$1/package.json")
  [[ "$field" =~ ^(npm|yarn|pnpm)@([0-9]+\.[0-9]+\.[0-9]+[-.0-9A-Za-z]*)(\+([a-z0-9]+)\.([0-9a-fA-F]+))?$ ]] || return 0
  case "$2" in
    name) echo "${BASH_REMATCH[1]}" ;;
    version) echo "${BASH_REMATCH[2]}" ;;
    hash) [ -z "${BASH_REMATCH[4]}" ] || echo "${BASH_REMATCH[4]}.${BASH_REMATCH[5],,}" ;;
  esac
}

# check_package_manager BUILD_DIR: fails, before anything is downloaded, on a packageManager field
# Berth cannot honour and on a yarnPath that points at no file
check_package_manager() {
  local build=$1 field path
  field=$(jq -r '.packageManager // empty | tostring' "$build/package.json")
  if [ -n "$field" ] && [ -z "$(declared_package_manager "$build" name)" ]; then
    fail "packageManager \"$field\" in package.json is not npm, yarn or pnpm with an exact version (Corepack's format, e.g. \"pnpm@9.15.0\" or \"yarn@4.5.0+sha512.…\"): fix it, or remove it to choose by the lockfile"
  fi
  path=$(yarn_path "$build")
  # it becomes part of the `yarn` command written into the slug: plain relative paths only
  if [ -n "$path" ] && { ! [[ "$path" =~ ^[A-Za-z0-9._/-]+$ ]] || [[ "$path" == /* || "$path" == *..* ]]; }; then
    fail "yarnPath in .yarnrc.yml must be a path inside the app of letters, digits, . _ - and /, like .yarn/releases/yarn-4.5.0.cjs; it is $path"
  fi
  if [ -n "$path" ] && [ ! -f "$build/$path" ]; then
    fail "yarnPath in .yarnrc.yml is $path, which is not in the source: commit it (\`yarn set version\` writes it), or remove yarnPath"
  fi
  if [ -z "$field" ] && [ -z "$path" ] && [ "$(package_manager "$build")" = yarn ] && berry_lockfile "$build" \
    && [ -z "$(jq -r '.engines.yarn // empty | strings' "$build/package.json")" ]; then
    fail "yarn.lock was written by Yarn 2 or later, and nothing says which: set packageManager in package.json (e.g. \`corepack use yarn@4\`) or commit the release with yarnPath in .yarnrc.yml"
  fi
}

# package_manager BUILD_DIR: npm, yarn or pnpm: packageManager in package.json, else the lockfile
package_manager() {
  local declared
  declared=$(declared_package_manager "$1" name)
  if [ -n "$declared" ]; then echo "$declared"
  elif [ -f "$1/pnpm-lock.yaml" ]; then echo pnpm
  elif [ -f "$1/yarn.lock" ] || [ -n "$(yarn_path "$1")" ]; then echo yarn
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

# yarn_path BUILD_DIR: yarnPath from .yarnrc.yml (the Yarn 2+ release committed with the app), or nothing
yarn_path() {
  [ -f "$1/.yarnrc.yml" ] || return 0
  sed -n "s/^yarnPath:[[:space:]]*[\"']\{0,1\}\([^\"'#]*[^\"'#[:space:]]\).*/\1/p" "$1/.yarnrc.yml" | sed -n 1p
}

# berry_lockfile BUILD_DIR: whether yarn.lock is Yarn 2+'s (YAML with __metadata), not yarn 1's
berry_lockfile() { [ -f "$1/yarn.lock" ] && grep -q '^__metadata:' "$1/yarn.lock"; }

# yarn_berry BUILD_DIR: whether the app builds with Yarn 2 or later (once install_package_manager ran)
yarn_berry() {
  [ "$(package_manager "$1")" = yarn ] || return 1
  [ -n "$(yarn_path "$1")" ] || [ "$(jq -r .name "$1/.heroku/yarn/package.json" 2>/dev/null)" = @yarnpkg/cli-dist ]
}

# package_manager_version BUILD_DIR: the version (or range) of yarn or pnpm the app asks for:
# packageManager, then engines.yarn / engines.pnpm, then the lockfile's (yarn 1; pnpm by lockfileVersion)
package_manager_version() {
  local build=$1 name version
  name=$(package_manager "$build")
  if [ "$(declared_package_manager "$build" name)" = "$name" ]; then declared_package_manager "$build" version; return; fi
  version=$(jq -r --arg name "$name" '.engines[$name] // empty | strings' "$build/package.json")
  if [ -n "$version" ]; then echo "$version"; return; fi
  case "$name" in
    yarn) echo 1 ;;
    pnpm) pnpm_major "$build" ;;
  esac
}

# pnpm_major BUILD_DIR: the pnpm major that wrote pnpm-lock.yaml (lockfile 9.x → pnpm 9, 6.x → 8)
pnpm_major() {
  local lockfile
  lockfile=$(sed -n "s/^lockfileVersion: *'\{0,1\}\([0-9]*\).*/\1/p" "$1/pnpm-lock.yaml" 2>/dev/null | sed -n 1p)
  case "$lockfile" in 5) echo 7 ;; 6) echo 8 ;; *) echo 9 ;; esac
}

# install_package_manager BUILD_DIR CACHE_DIR: puts the app's yarn or pnpm in the slug, with its
# command in .heroku/node/bin (on PATH now and at run time); npm is there already
install_package_manager() {
  local build=$1 cache=$2 name spec version="" package dir path
  name=$(package_manager "$build")
  [ "$name" != npm ] || { info "npm $(npm --version), installed with Node.js"; return 0; }
  path=$(yarn_path "$build")
  if [ "$name" = yarn ] && [ -n "$path" ]; then
    info "yarn from yarnPath in .yarnrc.yml: $path"
    write_command "$build" yarn "../../../$path"
  else
    spec=$(package_manager_version "$build")
    # a range (engines) resolves to one version; an exact one or a major is used as it is
    if [[ "$spec" =~ ^[0-9]+(\.[0-9]+\.[0-9]+.*)?$ ]]; then version=$spec
    else
      [ "$name" != yarn ] || version=$(resolve_version @yarnpkg/cli-dist "$spec") || exit 1
      [ -n "${version:-}" ] || version=$(resolve_version "$name" "$spec") || exit 1
      [ -n "$version" ] || fail "no $name release matches engines.$name \"$spec\" in package.json: see \`npm view $name versions\` and fix it"
    fi
    package=$(registry_package "$name" "$version")
    dir=$(cached_package "$cache/tools" "$package" "$version" "$(declared_package_manager "$build" hash)") || exit 1
    rm -rf "$build/.heroku/$name"
    cp -a "$dir" "$build/.heroku/$name"
    case "$name" in
      yarn) write_command "$build" yarn ../../yarn/bin/yarn.js ;;
      pnpm) write_command "$build" pnpm ../../pnpm/bin/pnpm.cjs ;;
    esac
  fi
  hash -r
  check_runs_on_node "$build" "$name"
  info "Installed $name $("$name" --version 2>/dev/null | tail -1)"
}

# registry_package NAME VERSION: the npm registry's package for yarn or pnpm VERSION (Yarn 2 and
# later are published as @yarnpkg/cli-dist; the `yarn` package is yarn 1)
registry_package() {
  if [ "$1" = yarn ] && [ "${2%%.*}" != 1 ]; then echo @yarnpkg/cli-dist; else echo "$1"; fi
}

# write_command BUILD_DIR NAME SCRIPT: .heroku/node/bin/NAME runs SCRIPT (relative to that folder) with node
write_command() {
  mkdir -p "$1/.heroku/node/bin"
  cat > "$1/.heroku/node/bin/$2" <<COMMAND
#!/usr/bin/env bash
# $2 as the Node.js buildpack installed it for this app
exec node "\$(dirname "\$(readlink -f "\${BASH_SOURCE[0]}")")/$3" "\$@"
COMMAND
  chmod +x "$1/.heroku/node/bin/$2"
}

# check_runs_on_node BUILD_DIR NAME: fails when the installed yarn or pnpm declares an engines.node
# that the app's Node.js is outside of (it would fail later with a syntax error)
check_runs_on_node() {
  local build=$1 name=$2 manifest engines node
  manifest="$build/.heroku/$name/package.json"
  [ -f "$manifest" ] || return 0
  engines=$(jq -r '.engines.node // empty | strings' "$manifest")
  node=$(node --version)
  node=${node#v}
  [ -z "$engines" ] || builder_node "$NODE_LIB/newest-fitting.cjs" --accepts "$node" "$engines" \
    || fail "$name $(jq -r .version "$manifest") needs Node.js $engines, and the app's is $node: raise engines.node in package.json or choose an older $name"
}
