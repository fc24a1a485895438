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
  endpoints+=("${!name_var}=${!sock_var}")
done
export BERTH_TEST_HOSTS_FILE=$hosts_file
export BERTH_SCHEDULER=swarm
# Few kept release images, so a test sees old ones pruned after three pushes.
export BERTH_KEPT_RELEASE_IMAGES=${BERTH_KEPT_RELEASE_IMAGES:-2}
export BERTH_SWARM_MANAGER=$BERTH_TEST_HOSTS_MANAGER
export BERTH_REGISTRY=$BERTH_TEST_HOSTS_REGISTRY BERTH_REGISTRY_INSECURE=1
export BERTH_SWARM_ENDPOINTS
BERTH_SWARM_ENDPOINTS=$(IFS=,; echo "${endpoints[*]}")
exec bash scripts/with-instance.sh "$@"
