#!/usr/bin/env bash
# `npm run bench [NAME…]`: every benchmark (or the named ones), each against a baseline measured
# in the same run, in one private instance.
set -euo pipefail
cd "$(dirname "$0")/.."
# A web build of their own: never rebuild the one a running Berth (npm start) serves
export BERTH_NEXT_DIST_DIR=.next-test
if [ "${1:-}" != --in-instance ]; then
  bash scripts/setup.sh
  bash scripts/build-web.sh
  exec bash scripts/with-instance.sh bash "$0" --in-instance "$@"
fi
shift
benches=("$@")
[ ${#benches[@]} -gt 0 ] || mapfile -t benches < <(find bench -maxdepth 1 -name '*.ts' -not -name '*.test.ts' -printf '%f\n' | sed 's/\.ts$//' | sort)
for bench in "${benches[@]}"; do
  echo "==> bench/$bench"
  npx tsx "bench/$bench.ts"
done
