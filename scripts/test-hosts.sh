#!/usr/bin/env bash
# Test hosts for the multi-host tests (issue 14): N Docker engines, each in a network namespace of
# its own on one Linux bridge, joined in a swarm (host 1 the manager, the others workers), with a
# registry on the bridge's address. The machine's main dockerd, its swarm state and its networks
# are never touched: every swarm node is an engine this script started.
#
# Usage: test-hosts.sh up [N]      make, reuse or repair N hosts (3; at most 9), write the hosts file
#        test-hosts.sh down [--force]
#                                  drop the caller's hold; once no live caller holds the hosts,
#                                  remove the swarm, engines, namespaces, veths, bridge, iptables
#                                  rules, registry process and hosts file. The data folders (images,
#                                  registry contents, logs) stay for the next run. --force: remove
#                                  them even while another caller holds them.
#        test-hosts.sh status      print the hosts file, or say the hosts are down
#
# A hold is the caller's process id (BERTH_TEST_HOSTS_HOLDER, else the parent of this script), so
# two `npm test` runs on one machine share the hosts and the first to finish does not remove them.
# Settings: BERTH_TEST_HOSTS_SET (0-7, default 0) picks a separate set with its own names, ranges
# and folders, so a test can make and remove one without disturbing the set other tests use;
# BERTH_TEST_HOSTS_IMAGES (space-separated, default "berth/runner:latest"): images of the main
# engine loaded onto each host when it lacks them (or has another image under that name).
set -euo pipefail

SET=${BERTH_TEST_HOSTS_SET:-0}
[[ "$SET" =~ ^[0-7]$ ]] || { echo "BERTH_TEST_HOSTS_SET must be 0-7, not '$SET'" >&2; exit 2; }
IMAGES=${BERTH_TEST_HOSTS_IMAGES-berth/runner:latest}
HOLDER=${BERTH_TEST_HOSTS_HOLDER:-$PPID}

# Names and address ranges, all in this one place (s = the set, n = the host, 1..N). 10.77-10.95 is
# used by nothing else on these machines (Docker's own pools are 172.17-31.x and 192.168.x).
#   test bridge  bth<s>br          10.77.s.1/24; host n is 10.77.s.(10+n) in namespace berth-th<s>-<n>,
#                                  on veth bth<s>h<n> (named eth0 inside); the registry on 10.77.s.1:5000
#   engine n's docker0 (--bip)     10.78.(16s+n).1/24
#   engine n's local networks      10.(80+s).(16n).0/20, one /24 each (docker_gwbridge, …)
#   the swarm's overlay networks   10.(88+s).0.0/16, one /24 each
BRIDGE=bth${SET}br
BRIDGE_ADDR=10.77.$SET.1
REGISTRY=$BRIDGE_ADDR:5000
OVERLAY_POOL=10.$((88 + SET)).0.0/16
MARK=berth-test-hosts:s$SET
ROOT=/var/lib/berth-test-hosts/s$SET # kept by down: images, registry data, logs
RUN=/run/berth-test-hosts/s$SET      # removed by down: sockets, pid files, exec roots, holds
HOSTS_FILE=$ROOT/hosts.env
MAIN_ENGINE=unix:///var/run/docker.sock

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { echo "test-hosts: $*" >&2; exit 1; }

# ns_of N / addr_of N / veth_of N / sock_of N: the names and addresses of host N
ns_of() { echo "berth-th$SET-$1"; }
addr_of() { echo "10.77.$SET.$((10 + $1))"; }
veth_of() { echo "bth${SET}h$1"; }
sock_of() { echo "$RUN/$1/docker.sock"; }

# dk N ARGS…: the docker CLI against host N's engine
dk() { local n=$1; shift; docker -H "unix://$(sock_of "$n")" "$@"; }

# pids_with TEXT: processes whose command line holds TEXT (our folders are unique to this script)
pids_with() {
  local p args
  for p in /proc/[0-9]*; do
    [ "${p#/proc/}" != "$$" ] || continue
    mapfile -d '' args 2>/dev/null < "$p/cmdline" || continue
    [[ "${args[*]:-}" == *"$1"* ]] && echo "${p#/proc/}"
  done
  return 0
}

# existing_hosts: the numbers of this set's hosts that have a namespace or a runtime folder
existing_hosts() {
  local path
  for path in /var/run/netns/berth-th"$SET"-[1-9] "$RUN"/[1-9]; do
    [ ! -e "$path" ] || echo "${path: -1}"
  done | sort -un
}

# ensure_network: the bridge with its address and the FORWARD rule that lets the hosts reach each
# other (Docker's FORWARD policy is DROP and bridged traffic passes iptables), marked with MARK
ensure_network() {
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  ip addr replace "$BRIDGE_ADDR/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  local rule=(FORWARD -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$MARK" -j ACCEPT)
  iptables -w 5 -C "${rule[@]}" 2>/dev/null || iptables -w 5 -I "${rule[0]}" 1 "${rule[@]:1}"
}

# ensure_namespace N: host N's namespace, its veth on the bridge, its address and default route
ensure_namespace() {
  local ns veth addr
  ns=$(ns_of "$1") veth=$(veth_of "$1") addr=$(addr_of "$1")
  # A name left without its namespace (e.g. after a reboot) is remade
  if ! ip -n "$ns" link show lo >/dev/null 2>&1; then
    ip netns del "$ns" 2>/dev/null || rm -f "/var/run/netns/$ns"
    ip netns add "$ns"
  fi
  if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
    ip link del "$veth" 2>/dev/null || true # half of a pair whose other end is gone
    ip link add "$veth" type veth peer name eth0 netns "$ns"
  fi
  ip link set "$veth" master "$BRIDGE" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr replace "$addr/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route replace default via "$BRIDGE_ADDR"
}

# engine_pid N: the pid of host N's dockerd if it runs, in host N's current namespace
engine_pid() {
  local pid ns
  pid=$(cat "$RUN/$1/docker.pid" 2>/dev/null) || return 1
  ns=$(ns_of "$1")
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || return 1
  [ -e "/var/run/netns/$ns" ] || return 1
  [ "$(readlink "/proc/$pid/ns/net")" = "net:[$(stat -L -c %i "/var/run/netns/$ns")]" ] || return 1
  echo "$pid"
}

# engine_answers N: host N's engine answers its socket
engine_answers() { timeout 10 docker -H "unix://$(sock_of "$1")" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# kill_cgroup N: kills what is left in host N's containers' cgroup (--cgroup-parent), then removes it
kill_cgroup() {
  local cg=berth-th$SET-$1 f
  for f in /sys/fs/cgroup/pids/"$cg"/*/cgroup.procs; do
    [ -f "$f" ] && xargs -r kill -KILL < "$f" 2>/dev/null || true
  done
  for f in /sys/fs/cgroup/*/"$cg"; do
    [ -d "$f" ] || continue
    find "$f" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
    rmdir "$f" 2>/dev/null || true
  done
}

# unmount_under DIR: unmounts what a killed engine left mounted at or under DIR (its data root,
# sandbox namespaces, layers)
unmount_under() {
  local point
  awk -v d="$1" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r | while read -r point; do
    umount -l "$point" 2>/dev/null || true
  done
}

# stop_engine N: stops host N's dockerd (it stops its containers), then kills what it left behind
stop_engine() {
  local n=$1 pid ns
  ns=$(ns_of "$n")
  pid=$(cat "$RUN/$n/docker.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do [ -e "/proc/$pid" ] || break; sleep 0.25; done
  fi
  # containerd, its shims and docker-proxy: everything in the namespace or naming the runtime folder
  local left=()
  [ ! -e "/var/run/netns/$ns" ] || mapfile -t left < <(ip netns pids "$ns" 2>/dev/null)
  mapfile -t -O "${#left[@]}" left < <(pids_with "$RUN/$n/")
  [ ${#left[@]} -eq 0 ] || kill -KILL "${left[@]}" 2>/dev/null || true
  kill_cgroup "$n"
  unmount_under "$RUN/$n"
  unmount_under "$ROOT/$n/data"
  rm -f "$RUN/$n/docker.pid"
}

# start_engine N: host N's dockerd in its namespace (own UTS namespace, so its node is named after
# the namespace); data under ROOT/N, socket and exec root under RUN/N
start_engine() {
  local n=$1 ns dir run
  ns=$(ns_of "$n") dir=$ROOT/$n run=$RUN/$n
  mkdir -p "$dir/data" "$run"
  [ -f "$dir/daemon.json" ] || echo '{}' > "$dir/daemon.json" # never the machine's /etc/docker/daemon.json
  # fd 8 is the set's lock: the engine must not keep it
  setsid nohup nsenter --net="/var/run/netns/$ns" unshare --uts -- \
    sh -c 'hostname "$1"; shift; exec "$@"' sh "$ns" \
    dockerd --config-file "$dir/daemon.json" --data-root "$dir/data" --exec-root "$run/exec" \
      -H "unix://$run/docker.sock" --pidfile "$run/docker.pid" --cgroup-parent "/berth-th$SET-$n" \
      --bip "10.78.$((16 * SET + n)).1/24" \
      --default-address-pool "base=10.$((80 + SET)).$((16 * n)).0/20,size=24" \
      --insecure-registry "$REGISTRY" --log-level warn \
      >> "$dir/dockerd.log" 2>&1 < /dev/null 8>&- &
}

# ensure_engines N…: reuses each host's engine that runs in its namespace and answers; restarts
# the others, all at once, and waits for them
ensure_engines() {
  local n started=()
  for n in "$@"; do
    if engine_pid "$n" >/dev/null && engine_answers "$n"; then continue; fi
    if [ -n "$(cat "$RUN/$n/docker.pid" 2>/dev/null || true)" ] || [ -n "$(pids_with "$RUN/$n/")" ]; then
      log "host $n: engine not healthy, restarting it"
      stop_engine "$n"
    fi
    log "host $n: starting dockerd on $(addr_of "$n")"
    start_engine "$n"
    started+=("$n")
  done
  for n in "${started[@]}"; do
    for _ in $(seq 1 240); do engine_answers "$n" && break; sleep 0.25; done
    engine_answers "$n" || die "host $n's dockerd did not start; see $ROOT/$n/dockerd.log"
  done
}

# load_images N…: loads each of IMAGES from the main engine onto the hosts that lack it
load_images() {
  local image want n need tar
  for image in $IMAGES; do
    want=$(docker -H "$MAIN_ENGINE" image inspect -f '{{.Id}}' "$image" 2>/dev/null) ||
      die "the main engine has no image $image (run scripts/setup.sh)"
    need=()
    for n in "$@"; do
      [ "$(dk "$n" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)" = "$want" ] || need+=("$n")
    done
    [ ${#need[@]} -gt 0 ] || continue
    log "loading $image onto host(s) ${need[*]}"
    tar=$(mktemp "$RUN/image.XXXXXX.tar") # RUN goes with down, if this one fails
    docker -H "$MAIN_ENGINE" save -o "$tar" "$image"
    local loads=()
    for n in "${need[@]}"; do dk "$n" load -q -i "$tar" >/dev/null & loads+=($!); done
    for n in "${loads[@]}"; do wait "$n" || die "loading $image failed"; done
    rm -f "$tar"
  done
}

# registry_pid: the pids of this set's registry (its pid file, else a search by its config's path)
registry_pid() {
  local pid config=$ROOT/registry/config.yml args
  pid=$(cat "$RUN/registry.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && mapfile -d '' args 2>/dev/null < "/proc/$pid/cmdline" && [[ "${args[*]:-}" == *"$config"* ]]; then
    echo "$pid"
  else
    pids_with "$config"
  fi
}

# ensure_registry: Debian's docker-registry on the bridge address, its data under ROOT/registry
ensure_registry() {
  local dir=$ROOT/registry config
  config=$dir/config.yml
  mkdir -p "$dir/data"
  printf '%s\n' "version: 0.1" "log: {level: warn}" "storage:" "  filesystem: {rootdirectory: $dir/data}" \
    "  delete: {enabled: true}" "http: {addr: \"$REGISTRY\"}" > "$config.new"
  local running; running=$(registry_pid)
  if cmp -s "$config" "$config.new" && [ -n "$running" ] &&
    curl -sf --max-time 5 "http://$REGISTRY/v2/" >/dev/null; then
    rm -f "$config.new"
    echo "${running%%$'\n'*}" > "$RUN/registry.pid"
    return
  fi
  mv "$config.new" "$config"
  # shellcheck disable=SC2086 # one pid a word
  [ -z "$running" ] || kill -TERM $running 2>/dev/null || true
  command -v docker-registry >/dev/null || die "docker-registry is not installed (BERTH_WITH_TEST_HOSTS=1 bash scripts/setup.sh)"
  log "starting the registry on $REGISTRY"
  setsid nohup docker-registry serve "$config" >> "$dir/registry.log" 2>&1 < /dev/null 8>&- &
  echo $! > "$RUN/registry.pid"
  for _ in $(seq 1 60); do curl -sf --max-time 2 "http://$REGISTRY/v2/" >/dev/null && return; sleep 0.25; done
  die "the registry did not start; see $dir/registry.log"
}

# node_id N: host N's swarm node id (empty when not in a swarm)
node_id() { dk "$1" info -f '{{.Swarm.NodeID}}'; }

# ensure_manager: host 1 manages a swarm advertised on its own address, else it leaves and inits one
ensure_manager() {
  local addr state
  addr=$(addr_of 1)
  state=$(dk 1 info -f '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeAddr}}')
  [ "$state" != "active true $addr" ] || return 0
  log "host 1: initialising the swarm (was: $state)"
  [ "${state%% *}" = inactive ] || timeout 30 docker -H "unix://$(sock_of 1)" swarm leave --force >/dev/null
  timeout 60 docker -H "unix://$(sock_of 1)" swarm init --advertise-addr "$addr" --listen-addr "$addr:2377" \
    --default-addr-pool "$OVERLAY_POOL" --default-addr-pool-mask-length 24 >/dev/null
}

# ensure_worker N: host N is a worker of host 1's swarm, known to the manager; else it leaves and joins
ensure_worker() {
  local n=$1 addr manager state id token
  addr=$(addr_of "$n") manager=$(addr_of 1):2377
  read -r state id < <(dk "$n" info -f '{{.Swarm.LocalNodeState}} {{.Swarm.NodeID}}')
  if [ "$state" = active ] && dk "$n" info -f '{{range .Swarm.RemoteManagers}}{{.Addr}} {{end}}' | grep -qw "$manager" &&
    [ "$(dk 1 node inspect -f '{{.Status.Addr}}' "$id" 2>/dev/null)" = "$addr" ]; then
    return 0
  fi
  log "host $n: joining the swarm (was: $state)"
  [ "$state" = inactive ] || timeout 30 docker -H "unix://$(sock_of "$n")" swarm leave --force >/dev/null
  token=$(dk 1 swarm join-token -q worker)
  timeout 90 docker -H "unix://$(sock_of "$n")" swarm join --token "$token" --advertise-addr "$addr" \
    --listen-addr "$addr:2377" "$manager" >/dev/null
}

# settle_nodes N…: removes nodes the manager knows that are none of the hosts (stale joins),
# labels each host's node berth.test-host=N, and waits until all N are Ready
settle_nodes() {
  local n id ids=() ok
  for n in "$@"; do ids+=("$(node_id "$n")"); done
  NODE_IDS=("${ids[@]}") # for write_hosts_file
  for id in $(dk 1 node ls -q); do
    [[ " ${ids[*]} " == *" $id "* ]] || dk 1 node rm --force "$id" >/dev/null
  done
  for n in "$@"; do
    id=${ids[$((n - 1))]}
    [ "$(dk 1 node inspect -f '{{index .Spec.Labels "berth.test-host"}}' "$id")" = "$n" ] ||
      dk 1 node update --label-add "berth.test-host=$n" "$id" >/dev/null
  done
  for _ in $(seq 1 240); do
    ok=$(dk 1 node ls --format '{{.Status}}/{{.Availability}}' | grep -c '^Ready/Active$' || true)
    [ "$ok" -ne $# ] || return 0
    sleep 0.25
  done
  dk 1 node ls >&2
  die "not every node became Ready"
}

# write_hosts_file N…: the file the tests read (KEY=value lines), rewritten only when it changes;
# NODE_IDS from settle_nodes
write_hosts_file() {
  local n
  {
    echo "# Written by scripts/test-hosts.sh up (set $SET); removed by its down."
    echo "BERTH_TEST_HOSTS_COUNT=$#"
    echo "BERTH_TEST_HOSTS_BRIDGE=$BRIDGE_ADDR"
    echo "BERTH_TEST_HOSTS_REGISTRY=$REGISTRY"
    echo "BERTH_TEST_HOSTS_OVERLAY_POOL=$OVERLAY_POOL"
    echo "BERTH_TEST_HOSTS_REGISTRY_PID=$(registry_pid | head -1)"
    echo "BERTH_TEST_HOSTS_MANAGER=unix://$(sock_of 1)"
    for n in "$@"; do
      echo "BERTH_TEST_HOST_${n}_NAME=$(ns_of "$n")"
      echo "BERTH_TEST_HOST_${n}_ADDRESS=$(addr_of "$n")"
      echo "BERTH_TEST_HOST_${n}_DOCKER_HOST=unix://$(sock_of "$n")"
      echo "BERTH_TEST_HOST_${n}_ROLE=$([ "$n" = 1 ] && echo manager || echo worker)"
      echo "BERTH_TEST_HOST_${n}_NODE_ID=${NODE_IDS[$((n - 1))]}"
      echo "BERTH_TEST_HOST_${n}_PID=$(engine_pid "$n")"
    done
  } > "$HOSTS_FILE.new"
  if cmp -s "$HOSTS_FILE" "$HOSTS_FILE.new"; then rm -f "$HOSTS_FILE.new"; else mv "$HOSTS_FILE.new" "$HOSTS_FILE"; fi
}

# remove_host N: takes host N out of the swarm and removes its engine, namespace and veth
remove_host() {
  local n=$1
  if engine_answers "$n"; then timeout 30 docker -H "unix://$(sock_of "$n")" swarm leave --force >/dev/null 2>&1 || true; fi
  stop_engine "$n"
  ip netns del "$(ns_of "$n")" 2>/dev/null || true
  ip link del "$(veth_of "$n")" 2>/dev/null || true
  rm -rf "${RUN:?}/$n"
}

# live_holders: the holds whose process still runs (dead ones are dropped)
live_holders() {
  local f
  for f in "$RUN"/holders/*; do
    [ -e "$f" ] || continue
    if kill -0 "${f##*/}" 2>/dev/null; then echo "${f##*/}"; else rm -f "$f"; fi
  done
}

# up N: the whole set, idempotently
up() {
  local count=${1:-3} hosts n
  [[ "$count" =~ ^[1-9]$ ]] || die "the number of hosts must be 1-9, not '$count'"
  mkdir -p "$ROOT" "$RUN/holders"
  : > "$RUN/holders/$HOLDER"
  mapfile -t hosts < <(seq 1 "$count")
  for n in $(existing_hosts); do
    [ "$n" -le "$count" ] || { log "host $n: removing (beyond $count)"; remove_host "$n"; }
  done
  ensure_network
  for n in "${hosts[@]}"; do ensure_namespace "$n"; done
  ensure_registry
  ensure_engines "${hosts[@]}"
  load_images "${hosts[@]}"
  ensure_manager
  for n in "${hosts[@]:1}"; do ensure_worker "$n"; done
  settle_nodes "${hosts[@]}"
  write_hosts_file "${hosts[@]}"
  cat "$HOSTS_FILE"
}

# down [--force]: drops the caller's hold, then removes everything up made unless others hold it
down() {
  local force=${1:-} n holders
  rm -f "$RUN/holders/$HOLDER"
  holders=$(live_holders | tr '\n' ' ')
  if [ -n "$holders" ] && [ "$force" != --force ]; then
    log "test hosts (set $SET) still held by process(es) $holders— left running"
    return 0
  fi
  # All at once (each engine takes seconds to stop its containers); they leave the swarm with --force
  local removals=()
  for n in $(existing_hosts); do remove_host "$n" & removals+=($!); done
  for n in "${removals[@]}"; do wait "$n"; done
  local running; running=$(pids_with "$ROOT/registry/config.yml")
  # shellcheck disable=SC2086 # one pid a word
  if [ -n "$running" ]; then
    kill -TERM $running 2>/dev/null || true
    for _ in $(seq 1 40); do [ -n "$(pids_with "$ROOT/registry/config.yml")" ] || break; sleep 0.25; done
  fi
  ip link del "$BRIDGE" 2>/dev/null || true
  # iptables -S quotes the comment ("berth-test-hosts:s0"); -D takes the rule without the quotes
  iptables -w 5 -S FORWARD | { grep -E -- "--comment \"?$MARK\"? " || true; } | sed 's/^-A //; s/"//g' | while read -r -a rule; do
    iptables -w 5 -D "${rule[@]}"
  done
  rm -rf "$RUN" "$HOSTS_FILE"
  log "test hosts (set $SET) removed; images and registry data kept in $ROOT"
}

command=${1:-}
[ $# -eq 0 ] || shift
case "$command" in
  up | down)
    # One up or down of a set at a time
    mkdir -p /run/berth-test-hosts
    exec 8> "/run/berth-test-hosts/s$SET.lock"
    flock -w 900 8 || die "another test-hosts.sh up/down of set $SET did not finish in 15 min"
    "$command" "$@"
    ;;
  status) if [ -f "$HOSTS_FILE" ]; then cat "$HOSTS_FILE"; else echo "test hosts (set $SET) are down"; fi ;;
  *) echo "usage: test-hosts.sh up [N] | down [--force] | status" >&2; exit 2 ;;
esac
