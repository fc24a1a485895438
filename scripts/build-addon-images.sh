#!/usr/bin/env bash
# Builds the add-on images berth/addon-<service> from addons/<service>/ on top of berth/stack,
# each tagged with a hash of its recipe and of the stack's, rebuilding only the ones whose recipe
# changed. Prints one line per service: "<service> <tag>".
# Usage: build-addon-images.sh [SERVICE…]   (default: every folder of addons/)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCKER_BUILDKIT=0

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# has_image TAG: whether the engine has the image tag
has_image() { docker image inspect "$1" >/dev/null 2>&1; }

# recipe_hash SERVICE: the stack's hash, then every file of the recipe (names and contents)
recipe_hash() {
  local dir="addons/$1" f
  {
    echo "$stack_hash"
    while IFS= read -r f; do echo "$f"; cat "$dir/$f"; done < <(cd "$dir" && find . -type f | LC_ALL=C sort)
  } | sha256sum | cut -c1-12
}

# build_service SERVICE: build berth/addon-SERVICE:<hash> unless it exists; tag it latest too
build_service() {
  local service=$1 tag
  [ -f "addons/$service/Dockerfile" ] || { echo "no add-on recipe addons/$service/Dockerfile" >&2; exit 1; }
  tag="berth/addon-$service:$(recipe_hash "$service")"
  if ! has_image "$tag"; then
    log "building $tag"
    local out
    out=$(docker build -q --build-arg "STACK=$stack" -t "$tag" --label berth.stack=1 "addons/$service" 2>&1) \
      || { echo "$out" | tail -30 >&2; exit 1; }
  fi
  docker tag "$tag" "berth/addon-$service:latest"
  echo "$service $tag"
}

stack_hash=$(sha256sum buildpacks/stack/stack.recipe | cut -c1-12)
stack="berth/stack:$stack_hash"
has_image "$stack" || bash scripts/build-stack.sh >&2

services=("$@")
if [ ${#services[@]} -eq 0 ]; then
  for d in addons/*/; do [ -f "$d/Dockerfile" ] && services+=("$(basename "$d")"); done
fi
for service in "${services[@]}"; do build_service "$service"; done
