# shellcheck shell=bash
# Sourced by the scripts `npm start` runs: each stage of the start says what it does and how long
# it took, so a slow start shows where its time went.

# now_us: the wall clock in microseconds (bash's EPOCHREALTIME; the decimal sign follows the locale)
now_us() { echo "${EPOCHREALTIME/[.,]/}"; }

# stage WHAT COMMAND…: prints WHAT, runs COMMAND (its own output below), then how long it took
stage() {
  local what=$1 start
  shift
  start=$(now_us)
  printf '\033[1m==> %s\033[0m\n' "$what"
  "$@"
  local ms=$((($(now_us) - start) / 1000))
  printf '    done in %d.%d s\n' $((ms / 1000)) $((ms % 1000 / 100))
}

# quietly COMMAND…: runs COMMAND without its standard output (errors still show)
quietly() { "$@" >/dev/null; }
