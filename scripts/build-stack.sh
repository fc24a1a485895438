#!/usr/bin/env bash
# Builds the stack images berth/stack, berth/builder and berth/runner from Debian, each tagged
# with a hash of its recipe (and its parent's), rebuilding only the ones whose recipe changed.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=buildpacks/stack

# log: a line under setup's stage (scripts/stage.sh)
log() { printf '    %s\n' "$*"; }

# debian_mirror: the Debian mirror this machine's own apt sources use
debian_mirror() {
  local m
  m=$(grep -hoE '^URIs: *http[^ ]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1 | awk '{print $2}')
  [ -n "$m" ] || m=$(grep -hoE '^deb +http[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v security | head -1 | awk '{print $2}')
  [ -n "$m" ] || { echo "no Debian mirror found in /etc/apt/sources.list*" >&2; exit 1; }
  echo "$m"
}

# has_image: whether the engine has the image tag
has_image() { docker image inspect "$1" >/dev/null 2>&1; }

# build_stack TAG: debootstrap a minbase rootfs and import it as TAG
build_stack() {
  local tag=$1 root
  # shellcheck disable=SC1090
  source <(grep -v '^#' "$dir/stack.recipe")
  root=$(mktemp -d /tmp/berth-stack.XXXXXX)
  log "debootstrapping $suite ($variant) for $tag"
  debootstrap --variant="$variant" --include="$include" "$suite" "$root" "$(debian_mirror)" >/tmp/berth-debootstrap.log 2>&1 \
    || { tail -20 /tmp/berth-debootstrap.log >&2; rm -rf "$root"; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import --change 'CMD ["/bin/bash"]' - "$tag" >/dev/null
  rm -rf "$root"
}

# build_from NAME PARENT_TAG: docker build NAME.Dockerfile on top of PARENT_TAG
build_from() {
  local name=$1 parent=$2 tag=$3
  log "building $tag"
  local out
  # The engine's classic builder (Debian's engine has no BuildKit): the CLI's notice that it is
  # deprecated is noise here, so the output shows only when the build fails
  out=$(docker build -q --build-arg "STACK=$parent" -f "$dir/$name.Dockerfile" -t "$tag" --label berth.stack=1 "$dir" 2>&1) \
    || { grep -v -e '^DEPRECATED: The legacy builder' -e '^ *BuildKit is currently disabled' -e '^ *environment-variable\.$' <<<"$out" >&2; exit 1; }
}

stack_hash=$(sha256sum "$dir/stack.recipe" | cut -c1-12)
stack="berth/stack:$stack_hash"
has_image "$stack" || build_stack "$stack"
docker tag "$stack" berth/stack:latest

for name in builder runner; do
  files=("$dir/$name.Dockerfile")
  [ "$name" = runner ] && files+=("$dir/berth-run")
  hash=$( (echo "$stack_hash"; cat "${files[@]}") | sha256sum | cut -c1-12)
  tag="berth/$name:$hash"
  has_image "$tag" || build_from "$name" "$stack" "$tag"
  docker tag "$tag" "berth/$name:latest"
done
