#!/usr/bin/env bash
# Berth's own image registry, for BERTH_SCHEDULER=swarm when BERTH_REGISTRY names none: Debian's
# docker-registry, serving plain HTTP on BERTH_SWARM_ADVERTISE_ADDR:BERTH_REGISTRY_PORT (5000),
# its images under the data directory. Berth pushes every release image to it (skopeo, from the
# engine it builds on) and the swarm's nodes pull from it, so each node's engine must trust it:
# "insecure-registries": ["<address>:5000"] in /etc/docker/daemon.json, then restart dockerd.
# It listens on that address only and has no authentication: keep the port reachable from the
# nodes only (it is part of the data plane, like HAProxy: it keeps running without Berth, so the
# swarm can still reschedule a lost host's tasks).
#
#   registry.sh start   start it, or reuse the one running with the same config (idempotent);
#                       blobs no manifest names are garbage-collected first, while nothing serves
#   registry.sh stop    stop it (its images stay)
#   registry.sh address print host:port, what BERTH_REGISTRY is for Berth and the nodes
#   registry.sh gc      free the disk of deleted images: serve read-only (pulls go on, pushes are
#                       refused) while docker-registry garbage-collect runs, then read-write again.
#                       Collecting while pushes may run could delete the blobs of a push in flight.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

DIR=$BERTH_DATA_DIR/registry
CONFIG=$DIR/config.yml
PIDFILE=$DIR/registry.pid
PORT=${BERTH_REGISTRY_PORT:-5000}

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { echo "registry.sh: $*" >&2; exit 1; }

# address: where the nodes reach this machine: BERTH_SWARM_ADVERTISE_ADDR, else the address the
# swarm manager's engine advertises (when it is in a swarm already)
address() {
  local addr=${BERTH_SWARM_ADVERTISE_ADDR:-}
  if [ -z "$addr" ] && command -v docker >/dev/null; then
    addr=$(docker -H "${BERTH_SWARM_MANAGER:-${BERTH_DOCKER_HOST:-unix:///var/run/docker.sock}}" info -f '{{.Swarm.NodeAddr}}' 2>/dev/null || true)
  fi
  [ -n "$addr" ] || die "set BERTH_SWARM_ADVERTISE_ADDR (the address the swarm's nodes reach this machine at), or BERTH_REGISTRY to use a registry of your own"
  echo "$addr"
}

# write_config FILE READONLY: the registry's config (READONLY true|false) into FILE
write_config() {
  printf '%s\n' "version: 0.1" "log: {level: warn, accesslog: {disabled: true}}" "storage:" "  filesystem: {rootdirectory: \"$DIR/data\"}" \
    "  delete: {enabled: true}" "  maintenance: {readonly: {enabled: $2}}" "http: {addr: \"$ADDR:$PORT\"}" > "$1"
}

# running_pid: the pid of this data directory's registry, if it runs
running_pid() {
  local pid args
  pid=$(cat "$PIDFILE" 2>/dev/null || true)
  [ -n "$pid" ] || return 0
  mapfile -d '' args 2>/dev/null < "/proc/$pid/cmdline" || return 0
  if [[ "${args[*]:-}" == *"serve $CONFIG"* ]]; then echo "$pid"; fi
}

# answers: whether the registry answers its API on its address
answers() { curl -sf --max-time 2 "http://$ADDR:$PORT/v2/" >/dev/null; }

# serve: start docker-registry on CONFIG in the background and wait until it answers
serve() {
  command -v docker-registry >/dev/null || die "docker-registry is not installed (BERTH_SCHEDULER=swarm bash scripts/setup.sh)"
  setsid nohup docker-registry serve "$CONFIG" >> "$DIR/registry.log" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 60); do answers && return; sleep 0.25; done
  die "the registry did not start on $ADDR:$PORT; see $DIR/registry.log"
}

# stop: TERM, up to 10 s, then KILL
stop() {
  local pid; pid=$(running_pid)
  [ -n "$pid" ] || { rm -f "$PIDFILE"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}

# collect: garbage-collect the blobs no manifest names (the registry must not accept pushes)
# (a registry that never stored an image has nothing to collect, and garbage-collect fails on it)
collect() {
  [ -d "$DIR/data/docker/registry/v2/repositories" ] || return 0
  docker-registry garbage-collect "$CONFIG" >> "$DIR/registry.log" 2>&1 || die "garbage-collect failed; see $DIR/registry.log"
}

# start: reuse the running registry when its config is unchanged, else (re)start it
start() {
  mkdir -p "$DIR/data"
  write_config "$CONFIG.new" false
  if cmp -s "$CONFIG" "$CONFIG.new" && [ -n "$(running_pid)" ] && answers; then
    rm -f "$CONFIG.new"
    return
  fi
  stop
  mv "$CONFIG.new" "$CONFIG"
  collect
  log "starting the registry on $ADDR:$PORT"
  serve
}

# gc: collect while serving read-only, then serve read-write again
gc() {
  [ -n "$(running_pid)" ] || die "the registry does not run (registry.sh start)"
  stop
  write_config "$CONFIG" true
  serve
  collect
  stop
  write_config "$CONFIG" false
  serve
}

case "${1:-}" in
  start) ADDR=$(address); start ;;
  stop) stop ;;
  gc) ADDR=$(address); gc ;;
  address) ADDR=$(address); echo "$ADDR:$PORT" ;;
  *) die "usage: registry.sh start|stop|gc|address" ;;
esac
