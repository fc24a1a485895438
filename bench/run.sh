#!/usr/bin/env bash
# `npm run bench [NAME…]`: every benchmark (or the named ones), each against a baseline measured
# in the same run. bench/cluster*.ts run on the three test hosts (scripts/test-hosts.sh up 3), in a
# swarm instance of their own (scripts/with-swarm-instance.sh); the others in one local instance.
set -euo pipefail
cd "$(dirname "$0")/.."
# A web build of their own: never rebuild the one a running Berth (npm start) serves
export BERTH_NEXT_DIST_DIR=.next-test

# run_benches NAME…: each bench/NAME.ts in turn, inside the instance this script was re-run in
run_benches() {
  local bench
  for bench in "$@"; do
    echo "==> bench/$bench"
    npx tsx "bench/$bench.ts"
  done
}

# on_test_hosts NAME…: the test hosts up (brought up here only if they were down, and then taken
# down again after, on failure too), then the benches in a swarm instance on them
on_test_hosts() {
  local hosts_file=/var/lib/berth-test-hosts/s0/hosts.env
  if [ ! -f "$hosts_file" ]; then
    trap 'bash scripts/test-hosts.sh down' EXIT
    # bash skips the EXIT trap when a signal kills it: turn signals into a normal exit
    trap 'exit 130' INT
    trap 'exit 143' TERM
  fi
  # Idempotent: reuses running hosts and repairs a killed engine.
  bash scripts/test-hosts.sh up 3 >/dev/null
  BERTH_TEST_HOSTS_FILE=$hosts_file bash scripts/with-swarm-instance.sh bash "$0" --in-instance "$@"
}

if [ "${1:-}" = --in-instance ]; then
  shift
  run_benches "$@"
  exit 0
fi
benches=("$@")
[ ${#benches[@]} -gt 0 ] || mapfile -t benches < <(find bench -maxdepth 1 -name '*.ts' -not -name '*.test.ts' -printf '%f\n' | sed 's/\.ts$//' | sort)
local_benches=() cluster_benches=()
for bench in "${benches[@]}"; do
  [ -f "bench/$bench.ts" ] || { echo "no such benchmark: bench/$bench.ts" >&2; exit 2; }
  if [[ $bench == cluster* ]]; then cluster_benches+=("$bench"); else local_benches+=("$bench"); fi
done
with_hosts=0
[ ${#cluster_benches[@]} -eq 0 ] || with_hosts=1
BERTH_WITH_TEST_HOSTS=$with_hosts bash scripts/setup.sh
bash scripts/build-web.sh
[ ${#local_benches[@]} -eq 0 ] || bash scripts/with-instance.sh bash "$0" --in-instance "${local_benches[@]}"
[ ${#cluster_benches[@]} -eq 0 ] || on_test_hosts "${cluster_benches[@]}"
