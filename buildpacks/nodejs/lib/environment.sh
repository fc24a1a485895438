#!/usr/bin/env bash
# The build's environment: package.json sanity and the app's config vars.

# check_package_json BUILD_DIR: fails clearly, saying where, on a package.json that is not a JSON object
check_package_json() {
  local kind
  kind=$(jq -r 'type' "$1/package.json" 2>&1) || fail "package.json is not valid JSON ($kind): fix it and push again"
  [ -n "$kind" ] || fail "package.json is empty: it needs at least {} (and usually a start script)"
  [ "$kind" = object ] || fail "package.json must hold a JSON object, not a JSON $kind"
}

# export_env_dir ENV_DIR: exports config vars for the build, except ones that would break it
export_env_dir() {
  local dir=$1 file name
  [ -d "$dir" ] || return 0
  for file in "$dir"/*; do
    [ -f "$file" ] || continue
    name=$(basename "$file")
    case "$name" in PATH | GIT_DIR | CPATH | CPPATH | LD_PRELOAD | LIBRARY_PATH | LD_LIBRARY_PATH | JAVA_OPTS | BUILDPACK_URL) continue ;; esac
    [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
    export "$name=$(cat "$file")"
  done
}
