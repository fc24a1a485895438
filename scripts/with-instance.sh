#!/usr/bin/env bash
# Runs a command against a private Berth instance — its own data dir, ports, Redis keys, Docker
# labels and router — using the real dockerd, Redis and HAProxy; removes the instance afterwards.
# Usage: with-instance.sh COMMAND [ARGS…]   (setup.sh and build-web.sh must have run)
set -euo pipefail
cd "$(dirname "$0")/.."
instance="bt$(date +%s)$RANDOM"
data=$(mktemp -d /tmp/berth-instance.XXXXXX)
export BERTH_INSTANCE=$instance BERTH_DATA_DIR=$data
# free_port FROM: the first port from FROM up that nothing listens on (HAProxy binds with
# SO_REUSEPORT, so a router left on a port would silently share its traffic)
free_port() {
  local port=$1
  while ss -Hltn "sport = :$port" | grep -q .; do port=$((port + 1)); done
  echo "$port"
}
# Instances starting at once would pick the same free ports: choosing them and starting Berth
# until it listens on them happen under one lock.
exec 9>/tmp/berth-instance-ports.lock
flock 9
export BERTH_PORT=${BERTH_TEST_PORT:-$(free_port 3310)}
export BERTH_ROUTER_PORT=${BERTH_TEST_ROUTER_PORT:-$(free_port 8310)}
export BERTH_ROUTER_TLS_PORT=${BERTH_TEST_ROUTER_TLS_PORT:-$(free_port 8710)}
# HAProxy forwards its access log to this instance's log collector over TCP
export BERTH_ROUTER_LOG_PORT=${BERTH_TEST_ROUTER_LOG_PORT:-$(free_port 5600)}
# A swarm instance's agents publish this port on every node: one of its own, as its web port is
export BERTH_AGENT_PORT=${BERTH_TEST_AGENT_PORT:-$((BERTH_PORT + 6000))}
export BERTH_ADMIN_PASSWORD="test-$RANDOM$RANDOM" BERTH_HEALTHCHECK_TIMEOUT=${BERTH_HEALTHCHECK_TIMEOUT:-30}
export BERTH_MAX_UPLOAD_MB=${BERTH_MAX_UPLOAD_MB:-4}
# Room for every sample's build; e2e/apps/node-disk-hog writes past it.
export BERTH_MAX_BUILD_DISK_MB=${BERTH_MAX_BUILD_DISK_MB:-1024}
# Log drains may not reach loopback; the tests' drain receivers listen on this one address only
export BERTH_DRAIN_ALLOWED_HOSTS=${BERTH_DRAIN_ALLOWED_HOSTS:-127.0.0.42}
# Limits small enough for e2e/api/limits.test.ts to reach quickly (admins, who run most tests, are
# not bound by the per-user ones; per-app ones stay above what other tests scale to).
export BERTH_MAX_APPS_PER_USER=${BERTH_MAX_APPS_PER_USER:-20} BERTH_MAX_CONTAINERS_PER_USER=${BERTH_MAX_CONTAINERS_PER_USER:-10}
export BERTH_MAX_CONTAINERS_PER_APP=${BERTH_MAX_CONTAINERS_PER_APP:-12} BERTH_MAX_ONE_OFFS_PER_APP=${BERTH_MAX_ONE_OFFS_PER_APP:-2}
export BERTH_MAX_LOG_TAILS_PER_USER=${BERTH_MAX_LOG_TAILS_PER_USER:-3} BERTH_MAX_BUILD_LOG_LINES=${BERTH_MAX_BUILD_LOG_LINES:-5000}
export DATABASE_URL="file:$data/berth.db"
export BERTH_TEST_URL="http://127.0.0.1:$BERTH_PORT" BERTH_TEST_ROUTER="127.0.0.1:$BERTH_ROUTER_PORT"

# BERTH_PRIVATE_REDIS=1: a Redis of this instance's own, which its tests may stop and start
redis_port=""
if [ "${BERTH_PRIVATE_REDIS:-}" = 1 ]; then
  redis_port=$(free_port 6400)
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$data" --save "" --appendonly no --daemonize yes --pidfile "$data/redis.pid" >/dev/null
  export BERTH_REDIS_URL="redis://127.0.0.1:$redis_port"
fi

berth_pid=""
cleanup() {
  # run-berth.sh leads its own process group: stop all of it
  [ -z "$berth_pid" ] || { kill -TERM -- "-$berth_pid" 2>/dev/null || true; wait "$berth_pid" 2>/dev/null || true; }
  bash scripts/remove-instance.sh "$instance" "$data" || true
  [ -z "$redis_port" ] || redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT
# bash skips the EXIT trap when a signal kills it: turn signals into a normal exit
trap 'exit 130' INT
trap 'exit 143' TERM

npx prisma migrate deploy >/dev/null 2>&1
npx tsx scripts/bootstrap.ts >/dev/null
# Berth's output holds what its data directory does: private too
(umask 077 && : > "$data/berth.log")
setsid bash scripts/run-berth.sh >> "$data/berth.log" 2>&1 9>&- &
berth_pid=$!
# The log collector's port too: another instance starting next must not pick it while it is still free.
listening() {
  ss -Hltn "sport = :$BERTH_ROUTER_PORT" | grep -q . && ss -Hltn "sport = :$BERTH_ROUTER_LOG_PORT" | grep -q . &&
    curl -sf "$BERTH_TEST_URL/api/v1/health" >/dev/null 2>&1
}
for _ in $(seq 1 240); do
  listening && break
  kill -0 "$berth_pid" 2>/dev/null || { cat "$data/berth.log"; exit 1; }
  sleep 0.25
done
listening || { echo "the test instance did not start listening; its log:" >&2; cat "$data/berth.log" >&2; exit 1; }
flock -u 9
exec 9>&-

# Tests that stop the control plane find it by this process group.
export BERTH_TEST_CONTROL_PLANE_PGID=$berth_pid
status=0
"$@" || status=$?
if [ $status -ne 0 ]; then echo "--- berth log (last 100 lines) ---"; tail -100 "$data/berth.log"; fi
# BERTH_TEST_KEEP_LOG=FILE: the instance's whole log, kept for a look after the run
if [ -n "${BERTH_TEST_KEEP_LOG:-}" ]; then cp "$data/berth.log" "$BERTH_TEST_KEEP_LOG"; fi
exit $status
