#!/usr/bin/env bash
# The app's own build steps, as Heroku runs them: `heroku-prebuild` before the install,
# `heroku-postbuild` after it (instead of `build` when there is one), `heroku-cleanup` after
# devDependencies are pruned. Each runs with the app's package manager.

# has_script BUILD_DIR NAME: whether package.json has a script NAME
has_script() { jq -e --arg name "$2" '.scripts[$name] | strings' "$1/package.json" >/dev/null 2>&1; }

# run_script BUILD_DIR NAME: runs script NAME with the app's package manager; fails saying which
run_script() {
  local build=$1 name=$2 manager
  manager=$(package_manager "$build")
  cd "$build" || exit 1
  info "$manager run $name"
  run_indented "the $name script failed: see the lines above" "$manager" run "$name"
}

# run_prebuild_script BUILD_DIR: heroku-prebuild, when package.json has it; with npm for Yarn 2+,
# whose `yarn run` refuses to run anything in a project it has not installed yet
run_prebuild_script() {
  if ! has_script "$1" heroku-prebuild; then info "no heroku-prebuild script"; return 0; fi
  if yarn_berry "$1"; then
    cd "$1" || exit 1
    info "npm run heroku-prebuild (Yarn $(yarn --version) runs scripts only once it has installed)"
    run_indented "the heroku-prebuild script failed: see the lines above" npm run heroku-prebuild
  else
    run_script "$1" heroku-prebuild
  fi
}

# run_build_script BUILD_DIR: heroku-postbuild when package.json has it, else build when it has that
run_build_script() {
  if has_script "$1" heroku-postbuild; then
    if has_script "$1" build; then info "heroku-postbuild runs instead of build"; fi
    run_script "$1" heroku-postbuild
  elif has_script "$1" build; then
    run_script "$1" build
  else
    info "no build script in package.json"
  fi
}

# run_cleanup_script BUILD_DIR: heroku-cleanup, when package.json has it
run_cleanup_script() {
  if has_script "$1" heroku-cleanup; then run_script "$1" heroku-cleanup; else info "no heroku-cleanup script"; fi
}
