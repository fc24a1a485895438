#!/usr/bin/env bash
# `npm run bench`: every benchmark, each against a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-web.sh
exec bash scripts/with-instance.sh npx tsx bench/push-to-live.ts
