#!/usr/bin/env bash
# Builds berth/agent (agent/: socat on berth/stack) tagged with a hash of its recipe and of the
# stack's, unless the engine has it. Prints "agent <tag>". Built on DOCKER_HOST (Berth's build
# engine); lib/swarm/agent-image.ts calls it on demand, set-up ahead of time for a swarm.
# Usage: build-agent-image.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCKER_BUILDKIT=0

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# has_image TAG: whether the engine has the image tag
has_image() { docker image inspect "$1" >/dev/null 2>&1; }

# recipe_hash: the stack's hash, then every file of agent/ (names, contents and modes)
recipe_hash() {
  local f
  {
    echo "$stack_hash"
    while IFS= read -r f; do echo "$f $(stat -c %a "agent/$f")"; cat "agent/$f"; done < <(cd agent && find . -type f | LC_ALL=C sort)
  } | sha256sum | cut -c1-12
}

stack_hash=$(sha256sum buildpacks/stack/stack.recipe | cut -c1-12)
stack="berth/stack:$stack_hash"
has_image "$stack" || bash scripts/build-stack.sh >&2
tag="berth/agent:$(recipe_hash)"
if ! has_image "$tag"; then
  log "building $tag"
  out=$(docker build -q --build-arg "STACK=$stack" -t "$tag" --label berth.stack=1 agent 2>&1) \
    || { echo "$out" | tail -30 >&2; exit 1; }
fi
echo "agent $tag"
