#!/usr/bin/env bash
# Output helpers: Heroku-style headers, indented detail, warnings and failures that say what to do.

# header TEXT: a step
header() { echo "-----> $*"; }
# info TEXT: a detail line under a step
info() { echo "       $*"; }
# warn TEXT: something the user should fix, the build goes on
warn() { echo " !     Warning: $*"; }
# fail TEXT: stops the build with what to do about it
fail() {
  echo " !     $*"
  exit 1
}
# indent: indents a command's output under the current step, without its blank lines (npm 11
# warns that it does not know `nodedir`, which install_node sets for node-gyp, not for npm: that
# line is dropped too)
indent() { sed -u -e '/Unknown env config "nodedir"/d' -e '/^[[:space:]]*$/d' -e 's/^/       /'; }
# run_indented FAILURE COMMAND…: runs COMMAND with its output indented; fails saying FAILURE when it fails
run_indented() {
  local failure=$1
  shift
  if ! "$@" 2>&1 | indent; then fail "$failure"; fi
}
