#!/usr/bin/env bash
# Runs a command against a private Berth instance whose scheduler is `swarm`, on the test hosts
# (scripts/test-hosts.sh up): their manager is its swarm, their registry its registry, and it
# builds on the machine's own engine, which stays out of swarm mode. Used by `npm test` for
# e2e/cluster; the hosts must be up (BERTH_TEST_HOSTS_FILE names their hosts.env).
set -euo pipefail
cd "$(dirname "$0")/.."
hosts_file=${BERTH_TEST_HOSTS_FILE:-/var/lib/berth-test-hosts/s0/hosts.env}
[ -r "$hosts_file" ] || { echo "no test hosts: $hosts_file is missing (bash scripts/test-hosts.sh up 3)" >&2; exit 1; }
# shellcheck disable=SC1090
source "$hosts_file"
endpoints=()
for n in $(seq 1 "$BERTH_TEST_HOSTS_COUNT"); do
  name_var=BERTH_TEST_HOST_${n}_NAME sock_var=BERTH_TEST_HOST_${n}_DOCKER_HOST
  # Only the manager is named: Berth reaches the others through its agents, as it does a machine
  # that joined (BERTH_TEST_SWARM_AGENTS=0 names every socket)
  [ "${BERTH_TEST_SWARM_AGENTS:-1}" = 1 ] && [ "$n" != 1 ] && continue
  endpoints+=("${!name_var}=${!sock_var}")
done
# The test hosts share this machine's filesystem, so /var/run/docker.sock on a "node" is the
# machine's own engine: each agent binds its node's socket instead, /run/…/s<set>/<n>/docker.sock
# for the node berth-th<set>-<n> (Docker expands the template per node).
sock_dir=${BERTH_TEST_HOST_1_DOCKER_HOST#unix://} sock_dir=${sock_dir%/1/docker.sock}
name_prefix=${BERTH_TEST_HOST_1_NAME%1}
for n in $(seq 1 "$BERTH_TEST_HOSTS_COUNT"); do
  name_var=BERTH_TEST_HOST_${n}_NAME sock_var=BERTH_TEST_HOST_${n}_DOCKER_HOST
  if [ "${!name_var}" != "$name_prefix$n" ] || [ "${!sock_var}" != "unix://$sock_dir/$n/docker.sock" ]; then
    echo "test host $n (${!name_var}, ${!sock_var}) is not named as with-swarm-instance.sh expects" >&2
    exit 1
  fi
done
export BERTH_AGENT_DOCKER_SOCKET="$sock_dir/{{slice .Node.Hostname ${#name_prefix}}}/docker.sock"
export BERTH_TEST_HOSTS_FILE=$hosts_file
export BERTH_SCHEDULER=swarm
# Few kept release images, so a test sees old ones pruned after three pushes.
export BERTH_KEPT_RELEASE_IMAGES=${BERTH_KEPT_RELEASE_IMAGES:-2}
export BERTH_SWARM_MANAGER=$BERTH_TEST_HOSTS_MANAGER
export BERTH_REGISTRY=$BERTH_TEST_HOSTS_REGISTRY BERTH_REGISTRY_INSECURE=1
export BERTH_SWARM_ENDPOINTS
BERTH_SWARM_ENDPOINTS=$(IFS=,; echo "${endpoints[*]}")
exec bash scripts/with-instance.sh "$@"
