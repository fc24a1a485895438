#!/usr/bin/env bash
# `npm test`: set up like `npm start`, then run every test — unit tests and integration tests
# against a private Berth instance (its own data dir, ports, Redis keys and Docker labels) that
# uses the real dockerd, Redis and HAProxy, and is removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-web.sh

instance="bt$(date +%s)$RANDOM"
data=$(mktemp -d /tmp/berth-test.XXXXXX)
export BERTH_INSTANCE=$instance BERTH_DATA_DIR=$data
export BERTH_PORT=${BERTH_TEST_PORT:-3310} BERTH_ROUTER_PORT=${BERTH_TEST_ROUTER_PORT:-8310}
export BERTH_ADMIN_PASSWORD="test-$RANDOM$RANDOM" BERTH_HEALTHCHECK_TIMEOUT=30 BERTH_MAX_UPLOAD_MB=4
export DATABASE_URL="file:$data/berth.db"
export BERTH_TEST_URL="http://127.0.0.1:$BERTH_PORT" BERTH_TEST_ROUTER="127.0.0.1:$BERTH_ROUTER_PORT"

berth_pid=""
cleanup() {
  [ -z "$berth_pid" ] || { kill "$berth_pid" 2>/dev/null || true; wait "$berth_pid" 2>/dev/null || true; }
  bash scripts/remove-instance.sh "$instance" "$data" || true
  rm -rf "$data"
}
trap cleanup EXIT

npx prisma migrate deploy >/dev/null
npx tsx scripts/bootstrap.ts >/dev/null
bash scripts/run-berth.sh > "$data/berth.log" 2>&1 &
berth_pid=$!
for _ in $(seq 1 120); do
  curl -sf "$BERTH_TEST_URL/api/v1/health" >/dev/null 2>&1 && break
  kill -0 "$berth_pid" 2>/dev/null || { cat "$data/berth.log"; exit 1; }
  sleep 0.5
done

mapfile -t files < <(find lib bench e2e -name '*.test.ts' -not -path '*/node_modules/*' | sort)
status=0
node --import tsx --test --test-concurrency=4 "${files[@]}" || status=$?
if [ $status -ne 0 ]; then echo "--- berth log (last 80 lines) ---"; tail -80 "$data/berth.log"; fi
exit $status
