#!/usr/bin/env bash
# Runs Berth's control plane in the foreground: the web app (dashboard, API, git) and the workers,
# each started again if it dies (a crash, an OOM kill, kill -9). The data plane (HAProxy,
# containers) is started by the workers and keeps running without them.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh
export BERTH_ROOT="$PWD" NEXT_TELEMETRY_DISABLED=1

# stop_child PID: SIGTERM, up to 10 s, then SIGKILL
stop_child() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# supervise NAME COMMAND…: runs COMMAND, and again one second after it ends, until TERM. Five
# quick deaths in a row (each within 10 s of its start) mean it cannot start: give up.
supervise() {
  local name=$1 child="" quick=0 started code
  shift
  # TERM, ten seconds to finish, then KILL: a process that does not stop must not keep Berth up
  trap '[ -z "$child" ] || stop_child "$child"; exit 0' TERM INT
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

# With several hosts (BERTH_SCHEDULER=swarm), release images travel through a registry: Berth's
# own (scripts/registry.sh) unless BERTH_REGISTRY names one. It is left running when Berth stops,
# as HAProxy is: the swarm pulls from it to reschedule tasks by itself.
if [ "${BERTH_SCHEDULER:-local}" = swarm ] && [ -z "${BERTH_REGISTRY:-}" ]; then
  bash scripts/registry.sh start
  BERTH_REGISTRY=$(bash scripts/registry.sh address)
  export BERTH_REGISTRY BERTH_REGISTRY_INSECURE=1
fi

pids=()
stop() {
  trap - EXIT INT TERM
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'stop; exit 0' INT TERM
# The workers and the log collector run compiled (scripts/build-workers.sh), on plain node
workers_dir=$(bash scripts/build-workers.sh)
supervise workers node "$workers_dir/main.mjs" &
pids+=($!)
supervise logs node "$workers_dir/log-collector.mjs" &
pids+=($!)
# The web app through Berth's own server, which tells lib/ the caller's real address (not a header)
export BERTH_HOST="${BERTH_HOST:-0.0.0.0}"
supervise web node scripts/web-server.mjs &
pids+=($!)
# A supervisor only ends when its process cannot start: then stop the rest too.
wait -n
exit 1
