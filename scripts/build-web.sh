#!/usr/bin/env bash
# Builds the Next.js app when its sources changed since the last build, into BERTH_NEXT_DIST_DIR
# (.next; tests and benchmarks use .next-test, so they never rebuild under a running Berth).
set -euo pipefail
cd "$(dirname "$0")/.."
hash=$(cat package-lock.json next.config.mjs tsconfig.json $(find app lib components -type f \( -name '*.ts' -o -name '*.tsx' -o -name '*.css' \) ! -name '*.test.ts' | sort) | sha256sum | cut -c1-16)
dist=${BERTH_NEXT_DIST_DIR:-.next}
if [ -f "$dist/BUILD_ID" ] && [ "$(cat "$dist/berth-source-hash" 2>/dev/null)" = "$hash" ]; then exit 0; fi
echo "    building the web app (next build): its sources changed"
log=$(mktemp /tmp/berth-next-build.XXXXXX)
npx next build >"$log" 2>&1 || { tail -40 "$log" >&2; exit 1; }
rm -f "$log"
echo "$hash" > "$dist/berth-source-hash"
