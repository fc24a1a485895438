#!/usr/bin/env bash
# Compiles the workers and the log collector (workers/*.ts and the lib/ they import) to plain
# JavaScript, so they run on `node` alone: with tsx they carried its loader and an esbuild
# service process each (~15 MB) and compiled every file again at each start. One ESM bundle per
# entry point, npm packages left as imports (resolved from node_modules, as before; Prisma's
# generated client in lib/generated is bundled like any source). Built only when a source
# changed, into .workers/<hash of the sources>/, and prints that folder: a running Berth keeps
# the folder it started from while a test instance of the same checkout builds another (the
# newest few are kept). Takes ~0.3 s.
set -euo pipefail
cd "$(dirname "$0")/.."
root=.workers
hash=$(cat package-lock.json tsconfig.json scripts/build-workers.sh $(find lib workers -type f -name '*.ts' ! -name '*.test.ts' | sort) | sha256sum | cut -c1-16)
out=$root/$hash
if [ ! -f "$out/main.mjs" ] || [ ! -f "$out/log-collector.mjs" ]; then
  mkdir -p "$root"
  tmp=$(mktemp -d "$root/.building.XXXXXX")
  # --keep-names: stack traces and BullMQ's failed-job errors keep the functions' own names
  node_modules/.bin/esbuild workers/main.ts workers/log-collector.ts --bundle --platform=node --format=esm \
    --target=node20 --packages=external --keep-names --log-level=warning --outdir="$tmp" --out-extension:.js=.mjs >&2
  # Two builds at once (a test instance starting beside another): the first rename wins
  mv -T "$tmp" "$out" 2>/dev/null || rm -rf "$tmp"
  # Keep the five newest builds: what running instances started from, plus room
  find "$root" -mindepth 1 -maxdepth 1 -type d ! -name '.building.*' -printf '%T@ %p\n' | sort -rn | tail -n +6 | cut -d' ' -f2- | xargs -r rm -rf
fi
echo "$out"
