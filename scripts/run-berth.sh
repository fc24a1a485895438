#!/usr/bin/env bash
# Runs Berth's control plane in the foreground: the web app (dashboard, API, git) and the workers,
# each started again if it dies (a crash, an OOM kill, kill -9). The data plane (HAProxy,
# containers) is started by the workers and keeps running without them.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh
export BERTH_ROOT="$PWD" NEXT_TELEMETRY_DISABLED=1

# supervise NAME COMMAND…: runs COMMAND, and again one second after it ends, until TERM. Five
# quick deaths in a row (each within 10 s of its start) mean it cannot start: give up.
supervise() {
  local name=$1 child="" quick=0 started code
  shift
  trap '[ -z "$child" ] || kill "$child" 2>/dev/null; wait 2>/dev/null; exit 0' TERM INT
  while :; do
    started=$SECONDS
    "$@" &
    child=$!
    wait "$child" && code=0 || code=$?
    if [ $((SECONDS - started)) -lt 10 ]; then quick=$((quick + 1)); else quick=0; fi
    if [ "$quick" -ge 5 ]; then
      echo "berth: the $name process keeps failing at start (exit $code); stopping Berth" >&2
      exit 1
    fi
    echo "berth: the $name process ended (exit $code); starting it again in 1 s" >&2
    sleep 1
  done
}

pids=()
stop() {
  trap - EXIT INT TERM
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'stop; exit 0' INT TERM
supervise workers node --import tsx workers/main.ts &
pids+=($!)
supervise logs node --import tsx workers/log-collector.ts &
pids+=($!)
supervise web node node_modules/next/dist/bin/next start -p "$BERTH_PORT" -H "${BERTH_HOST:-0.0.0.0}" &
pids+=($!)
# A supervisor only ends when its process cannot start: then stop the rest too.
wait -n
exit 1
