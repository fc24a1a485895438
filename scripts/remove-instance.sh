#!/usr/bin/env bash
# Removes every Docker object of one Berth instance (by its label) and stops its router.
# Usage: remove-instance.sh INSTANCE [DATA_DIR]
set -euo pipefail
instance=$1
data=${2:-}
label="berth.instance=$instance"
# remove_objects ENGINE: the instance's containers, images, volumes and networks on one engine
remove_objects() {
  local dk=(docker -H "$1") containers images volumes networks
  mapfile -t containers < <("${dk[@]}" ps -aq --filter "label=$label")
  [ ${#containers[@]} -eq 0 ] || "${dk[@]}" rm -f -v "${containers[@]}" >/dev/null
  # App images are <instance>-app/<app id>:build-<id> and :v<N>, <registry>/<instance>-app/… on the
  # hosts of a swarm (earlier: <instance>/<app>:build-<id> and berth/<app>:v<N>). They are removed
  # by name, never by id: identical builds of two instances share one image.
  mapfile -t images < <("${dk[@]}" images --format '{{.Repository}}:{{.Tag}}' | awk -v p="$instance-app/" -v old="$instance/" '
    index($1, p) == 1 || index($1, "/" p) > 0 { print; next }
    index($1, old) == 1 { print; split(substr($1, length(old) + 1), a, ":"); apps["berth/" a[1] ":v"] = 1; next }
    { refs[NR] = $1 }
    END { for (i in refs) for (prefix in apps) if (index(refs[i], prefix) == 1) print refs[i] }' | sort -u)
  [ ${#images[@]} -eq 0 ] || "${dk[@]}" rmi "${images[@]}" >/dev/null 2>&1 || true
  mapfile -t volumes < <("${dk[@]}" volume ls -q --filter "label=$label")
  [ ${#volumes[@]} -eq 0 ] || "${dk[@]}" volume rm -f "${volumes[@]}" >/dev/null
  mapfile -t networks < <("${dk[@]}" network ls -q --filter "label=$label")
  [ ${#networks[@]} -eq 0 ] || "${dk[@]}" network rm "${networks[@]}" >/dev/null 2>&1 || true
}
# remove_swarm_objects MANAGER: the instance's swarm services (its agents) and their secrets
remove_swarm_objects() {
  local dk=(docker -H "$1") services secrets
  mapfile -t services < <("${dk[@]}" service ls -q --filter "label=$label")
  [ ${#services[@]} -eq 0 ] || "${dk[@]}" service rm "${services[@]}" >/dev/null
  mapfile -t secrets < <("${dk[@]}" secret ls -q --filter "label=$label")
  [ ${#secrets[@]} -eq 0 ] || "${dk[@]}" secret rm "${secrets[@]}" >/dev/null
}
engines=("${BERTH_DOCKER_HOST:-unix:///var/run/docker.sock}")
# A swarm instance's hosts (BERTH_SWARM_ENDPOINTS: name=endpoint,…), the manager last: the
# overlay networks go once no host has a container on them.
IFS=, read -ra swarm_endpoints <<< "${BERTH_SWARM_ENDPOINTS:-}"
for pair in "${swarm_endpoints[@]}"; do engines+=("${pair#*=}"); done
# The test hosts (with-swarm-instance.sh), which the instance may have reached only through its agents
if [ "${BERTH_SCHEDULER:-}" = swarm ] && [ -r "${BERTH_TEST_HOSTS_FILE:-}" ]; then
  mapfile -t -O "${#engines[@]}" engines < <(
    # shellcheck disable=SC1090
    source "$BERTH_TEST_HOSTS_FILE"
    for v in $(compgen -v BERTH_TEST_HOST_); do [[ $v != *_DOCKER_HOST ]] || echo "${!v}"; done
  )
fi
# First the services: an agent task removed with its engine's containers would come back.
[ -z "${BERTH_SWARM_MANAGER:-}" ] || remove_swarm_objects "$BERTH_SWARM_MANAGER" || echo "remove-instance: the swarm manager did not answer; the services of $instance stay" >&2
# Each engine once, the manager last
declare -A seen=()
ordered=()
for engine in "${engines[@]}"; do
  if [ "$engine" != "${BERTH_SWARM_MANAGER:-}" ] && [ -z "${seen[$engine]:-}" ]; then
    seen[$engine]=1
    ordered+=("$engine")
  fi
done
[ -z "${BERTH_SWARM_MANAGER:-}" ] || ordered+=("$BERTH_SWARM_MANAGER")
for engine in "${ordered[@]}"; do remove_objects "$engine" || echo "remove-instance: $engine did not answer; its objects of $instance stay" >&2; done
# The build network's iptables rules, marked with the instance (lib/docker/build-network.ts)
for chain in INPUT DOCKER-USER; do
  # iptables -S quotes the comment; the rule is given back without the quotes (it has no spaces)
  { iptables -w 5 -S "$chain" 2>/dev/null || true; } | { grep -E -- "--comment \"?berth-builds:$instance\"? " || true; } | sed 's/^-A //; s/"//g' | while read -r -a rule; do
    iptables -w 5 -D "${rule[@]}" 2>/dev/null || true
  done
done
# and the chain that keeps builds from the swarm's nodes (BB-<hash of the instance>)
nodes_chain="BB-$(printf %s "$instance" | sha256sum | cut -c1-12)"
if iptables -w 5 -S "$nodes_chain" >/dev/null 2>&1; then
  iptables -w 5 -F "$nodes_chain" && iptables -w 5 -X "$nodes_chain" || true
fi
if [ -n "$data" ]; then
  # the router's master and any worker still finishing requests
  pkill -TERM -f -- "-f $data/router/haproxy.cfg" 2>/dev/null || true
fi
