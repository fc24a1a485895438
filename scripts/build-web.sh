#!/usr/bin/env bash
# Builds the Next.js app when its sources changed since the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
hash=$(cat package-lock.json next.config.ts tsconfig.json $(find app lib -type f \( -name '*.ts' -o -name '*.tsx' \) ! -name '*.test.ts' | sort) | sha256sum | cut -c1-16)
if [ -f .next/BUILD_ID ] && [ "$(cat .next/berth-source-hash 2>/dev/null)" = "$hash" ]; then exit 0; fi
printf '\033[1m==> %s\033[0m\n' "building the web app"
npx next build >/tmp/berth-next-build.log 2>&1 || { tail -40 /tmp/berth-next-build.log >&2; exit 1; }
echo "$hash" > .next/berth-source-hash
