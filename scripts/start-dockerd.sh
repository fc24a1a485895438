#!/usr/bin/env bash
# Reuses a running Docker engine, or starts one in the background and waits for its socket.
set -euo pipefail
if docker info >/dev/null 2>&1; then exit 0; fi
echo "    starting dockerd"
setsid nohup dockerd >>/var/log/dockerd.log 2>&1 < /dev/null &
for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && exit 0; sleep 0.5; done
echo "dockerd did not start; see /var/log/dockerd.log" >&2
exit 1
