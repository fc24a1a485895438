#!/usr/bin/env bash
# Runs Berth's control plane in the foreground: the web app (dashboard, API, git) and the workers.
# The data plane (HAProxy, containers) is started by the workers and keeps running without them.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh
export BERTH_ROOT="$PWD" NEXT_TELEMETRY_DISABLED=1
pids=()
stop() {
  trap - EXIT INT TERM
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM
node --import tsx workers/main.ts &
pids+=($!)
node node_modules/next/dist/bin/next start -p "$BERTH_PORT" -H "${BERTH_HOST:-0.0.0.0}" &
pids+=($!)
# If either process ends, stop the other: a half-running control plane is worse than none.
wait -n
