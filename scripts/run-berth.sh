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
# V8's limits per process (bench/footprint measures them at rest). By default V8 lets a young
# generation grow to 3 × 16 MB and the old one to ~4 GB on this machine, and keeps what it
# reached: smaller young generations cost a little more GC time, and an old generation past its
# cap ends the process (its supervisor starts it again) rather than the machine's memory. The caps
# are several times what each holds at rest. --liftoff-only: Prisma's query compiler is
# WebAssembly, and V8's optimising tier compiles it a second time in the background (~8 MB more
# per process, and no faster for Berth's queries when measured: 2000 queries 1.7–2.5 s vs 3.1–4.6 s).
web_flags=(--max-semi-space-size=4 --max-old-space-size=512 --liftoff-only)
workers_flags=(--max-semi-space-size=2 --max-old-space-size=384 --liftoff-only)
logs_flags=(--max-semi-space-size=4 --max-old-space-size=256 --liftoff-only)
# The workers and the log collector run compiled (scripts/build-workers.sh), on plain node
workers_dir=$(bash scripts/build-workers.sh)
supervise workers node "${workers_flags[@]}" "$workers_dir/main.mjs" &
pids+=($!)
supervise logs node "${logs_flags[@]}" "$workers_dir/log-collector.mjs" &
pids+=($!)
# The web app through Berth's own server, which tells lib/ the caller's real address (not a header)
export BERTH_HOST="${BERTH_HOST:-0.0.0.0}"
supervise web node "${web_flags[@]}" scripts/web-server.mjs &
pids+=($!)
# A supervisor only ends when its process cannot start: then stop the rest too.
wait -n
exit 1
