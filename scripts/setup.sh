#!/usr/bin/env bash
# Installs and starts everything Berth needs on this machine, idempotently:
# system packages, dockerd, redis, npm dependencies, the database schema and the stack images.
# Reuses what is already installed or running. Sourced settings come from scripts/env.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh
# shellcheck source=scripts/stage.sh
source scripts/stage.sh

# log: a line under the stage that is running
log() { printf '    %s\n' "$*"; }


# install_packages: apt-get install the Debian packages Berth uses, only the missing ones
install_packages() {
  local wanted=(docker.io haproxy redis-server redis-tools git debootstrap curl ca-certificates iproute2 wrk)
  # For the tests: Chromium (the dashboard's browser tests) and jq (the buildpacks' shell helpers, run on the host)
  if [ "${BERTH_WITH_CHROMIUM:-0}" = 1 ]; then wanted+=(chromium jq); fi
  # The registry of the multi-host test hosts (scripts/test-hosts.sh); `npm start` does without
  # With several hosts, release images travel through a registry: Debian's docker-registry (Berth
  # starts its own unless BERTH_REGISTRY names one) and skopeo, which pushes from the build engine
  # without that engine having to trust the registry (no --insecure-registry, no dockerd restart)
  if [ "${BERTH_WITH_TEST_HOSTS:-0}" = 1 ] || [ "${BERTH_SCHEDULER:-local}" = swarm ]; then wanted+=(docker-registry skopeo); fi
  local missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# start_redis: reuse the redis answering on BERTH_REDIS_PORT, or start one with persistence.
# Its files live in a fixed system folder, not in a checkout that may be deleted under it.
start_redis() {
  local dir=/var/lib/berth/redis
  mkdir -p "$dir"
  if redis-cli -p "$BERTH_REDIS_PORT" ping >/dev/null 2>&1; then
    local current
    current=$(redis-cli -p "$BERTH_REDIS_PORT" config get dir | sed -n 2p)
    # A running redis whose folder was deleted refuses every write, and `dir` cannot be changed
    # at runtime: replace it (it could not have kept anything anyway).
    if [ -d "$current" ]; then return; fi
    log "restarting redis: its folder is gone"
    redis-cli -p "$BERTH_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    for _ in $(seq 1 40); do redis-cli -p "$BERTH_REDIS_PORT" ping >/dev/null 2>&1 || break; sleep 0.25; done
  fi
  log "starting redis on port $BERTH_REDIS_PORT"
  redis-server --port "$BERTH_REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
    --dir "$dir" --appendonly yes --logfile "$dir/redis.log"
  for _ in $(seq 1 40); do redis-cli -p "$BERTH_REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.25; done
  echo "redis did not start; see $dir/redis.log" >&2; exit 1
}

# install_node_modules: npm ci when the lockfile changed since the last install
install_node_modules() {
  local stamp=node_modules/.berth-lock-hash
  local want; want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  log "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
}

# prepare_database: generate the Prisma client and apply migrations to the data directory's SQLite file
prepare_database() {
  mkdir -p "$BERTH_DATA_DIR"
  local out
  out=$(npx prisma generate 2>&1) || { echo "$out" >&2; exit 1; }
  # Only when a migration is missing: a running Berth (npm start) keeps the database busy, and
  # npm test or npm run bench beside it must not touch it (their instances have their own)
  if node scripts/migrations-pending.mjs; then
    out=$(npx prisma migrate deploy 2>&1) || { echo "$out" >&2; exit 1; }
  fi
}

stage "checking the Debian packages Berth uses" install_packages
mkdir -p "$BERTH_DATA_DIR"
stage "starting the Docker engine (or reusing the running one)" bash scripts/start-dockerd.sh
stage "starting Redis (or reusing the running one)" start_redis
stage "checking npm dependencies against package-lock.json" install_node_modules
stage "generating the database client and applying migrations" prepare_database
stage "building the stack images (berth/stack, builder, runner) when their recipes changed" bash scripts/build-stack.sh
stage "building the add-on images when their recipes changed" quietly bash scripts/build-addon-images.sh
# Berth's agent on every swarm node (lib/swarm/agent-service.ts builds it too when missing)
if [ "${BERTH_WITH_TEST_HOSTS:-0}" = 1 ] || [ "${BERTH_SCHEDULER:-local}" = swarm ]; then
  stage "building the swarm agent's image when its recipe changed" quietly bash scripts/build-agent-image.sh
fi
