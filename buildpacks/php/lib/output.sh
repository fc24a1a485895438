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
# indent: indents a command's output under the current step, without its blank lines
indent() { sed -u -e '/^[[:space:]]*$/d' -e 's/^/       /'; }
