#!/usr/bin/env bash
# `npm test`: set up like `npm start`, then run every test file (unit and integration) in one
# node:test run, against a private Berth instance that is removed afterwards; then the tests that
# stop shared processes, alone.
set -euo pipefail
cd "$(dirname "$0")/.."
# A web build of their own: never rebuild the one a running Berth (npm start) serves
export BERTH_NEXT_DIST_DIR=.next-test
# Chromium (Debian's) for the dashboard's browser tests in e2e/browser, docker-registry for the
# test hosts; `npm start` does without both.
BERTH_WITH_CHROMIUM=1 BERTH_WITH_TEST_HOSTS=1 bash scripts/setup.sh
bash scripts/build-web.sh
# Three Docker engines in network namespaces, in a swarm with a registry (scripts/test-hosts.sh),
# for the multi-host tests; removed after the run, also when it fails (their images are kept).
trap 'bash scripts/test-hosts.sh down' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
bash scripts/test-hosts.sh up 3 >/dev/null
export BERTH_TEST_HOSTS_FILE=/var/lib/berth-test-hosts/s0/hosts.env
mapfile -t files < <(find lib components e2e bench -name '*.test.ts' -not -path '*/node_modules/*' -not -path 'e2e/disruptive/*' -not -path 'e2e/cluster/*' | sort)
bash scripts/with-instance.sh node --import tsx --test --test-concurrency=4 "${files[@]}"
# Berth on the test hosts' swarm (BERTH_SCHEDULER=swarm), in an instance of its own; one file at a time,
# since they drain and kill the hosts they share.
mapfile -t cluster < <(find e2e/cluster -name '*.test.ts' 2>/dev/null | sort)
[ ${#cluster[@]} -eq 0 ] || bash scripts/with-swarm-instance.sh node --import tsx --test --test-concurrency=1 "${cluster[@]}"
# Tests that stop the control plane, Redis or dockerd run alone, in an instance of their own.
BERTH_PRIVATE_REDIS=1 bash scripts/with-instance.sh node --import tsx --test --test-concurrency=1 e2e/disruptive/*.test.ts
