#!/usr/bin/env bash
# Builds every fixture app with the buildpacks the way Berth's build runner does (a throw-away
# berth/builder container, source at /app, buildpacks at /berth/buildpacks, config at
# /berth/env, a cache volume at /cache, the host's CA bundle), turns each slug into an image
# FROM berth/runner, runs it with PORT=5000 and checks its answer. Builds each app twice to
# show the cache at work, and prints both times. Cleans up everything it made (by label).
#   buildpacks/test/run.sh [FIXTURE…]      (default: every fixture)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PACKS=$(cd "$HERE/.." && pwd)
LABEL=berth.test=buildpacks
WORK=$(mktemp -d /tmp/berth-buildpack-test.XXXXXX)
REGISTRY=${npm_config_registry:-$(npm config get registry 2>/dev/null || true)}
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
export DOCKER_BUILDKIT=0

# log TEXT: a bold step line
log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# cleanup: removes the containers, images, volumes and files this script made
cleanup() {
  docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null
  docker images -q --filter "label=$LABEL" | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
  docker volume ls -q --filter "label=$LABEL" | xargs -r docker volume rm >/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# fixture_dir NAME: the folder of a fixture app (nodejs's own, or the shared ones here)
fixture_dir() {
  local dir
  for dir in "$PACKS"/*/test/fixtures/"$1" "$HERE/fixtures/$1"; do
    [ -d "$dir" ] && { echo "$dir"; return; }
  done
  echo "no fixture named $1" >&2
  return 1
}

# all_fixtures: every fixture's name
all_fixtures() {
  local dir
  for dir in "$PACKS"/*/test/fixtures/*/ "$HERE"/fixtures/*/; do
    [ -d "$dir" ] && basename "$dir"
  done
}

# expectation NAME: `ok TEXT` (the running app answers TEXT) or `fail TEXT` (the build fails saying TEXT)
expectation() {
  case "$1" in
    plain) echo "ok hello from node v" ;;
    node-20) echo "ok hello from node v20." ;;
    with-deps) echo "ok one minute is 60000 ms (node v22." ;;
    build-script) echo "ok built with a devDependency: 2000; devDependencies present: false" ;;
    no-lockfile | yarn) echo "ok one minute is 60000 ms (node v22." ;;
    pnpm) echo "ok built: ok; devDependencies present: false" ;;
    native-addon) echo "ok hello from a native addon (node v24." ;;
    procfile-only) echo "ok hello from a Procfile" ;;
    multi-buildpack) echo "ok hello from node v24." ;;
    bad-json) echo "fail package.json is not valid JSON" ;;
    bad-engines) echo "fail no Node.js release matches engines.node" ;;
    unknown-app) echo "fail nodejs: package.json" ;;
    *) echo "ok " ;;
  esac
}

# stage_build_input FIXTURE DIR: lays out /app and /berth as the build container will see them
stage_build_input() {
  local fixture=$1 dir=$2
  mkdir -p "$dir/app" "$dir/berth/env" "$dir/berth/buildpacks"
  cp -a "$(fixture_dir "$fixture")/." "$dir/app/"
  # config vars of the fixture, if any, as ENV_DIR files
  if [ -d "$dir/app/.test-env" ]; then cp -a "$dir/app/.test-env/." "$dir/berth/env/"; rm -rf "$dir/app/.test-env"; fi
  tar -C "$PACKS" --exclude=./stack --exclude=./test --exclude='./*/test' -c . | tar -C "$dir/berth/buildpacks" -x
  cp "$CA_BUNDLE" "$dir/berth/ca.crt"
}

# build_app FIXTURE ROUND: runs one build in a builder container; prints its id
build_app() {
  local fixture=$1 round=$2 dir cid
  dir="$WORK/$fixture-$round"
  stage_build_input "$fixture" "$dir/in"
  cid=$(docker create --label "$LABEL" \
    -v "berth-test-cache-$fixture:/cache" \
    -e SSL_CERT_FILE=/berth/ca.crt -e NODE_EXTRA_CA_CERTS=/berth/ca.crt \
    -e npm_config_cafile=/berth/ca.crt -e GIT_SSL_CAINFO=/berth/ca.crt -e PIP_CERT=/berth/ca.crt \
    -e "npm_config_registry=$REGISTRY" \
    berth/builder:latest /berth/buildpacks/bin/build)
  tar -C "$dir/in" -c app berth | docker cp - "$cid:/"
  echo "$cid"
}

# run_slug FIXTURE CID: makes an image of the built /app FROM berth/runner, runs it, prints its answer
run_slug() {
  local fixture=$1 cid=$2 dir web image run ip body
  dir="$WORK/$fixture-slug"
  mkdir -p "$dir/out"
  docker cp "$cid:/app" "$dir/"
  docker cp "$cid:/berth/out/." "$dir/out/"
  # the Procfile wins over the buildpack's default process types, as on Heroku
  web=$(sed -n 's/^web: *//p' "$dir/app/Procfile" 2>/dev/null | head -1)
  [ -n "$web" ] || web=$(sed -n 's/^  web: *//p' "$dir/out/release.yml" | head -1)
  [ -n "$web" ] || { echo "no web process type in release.yml or Procfile" >&2; return 1; }
  printf 'FROM berth/runner:latest\nCOPY --chown=1000:1000 app /app\n' > "$dir/Dockerfile"
  image="berth-test/$fixture:latest"
  docker build -q --label "$LABEL" -t "$image" "$dir" >/dev/null
  run=$(docker run -d --label "$LABEL" -e PORT=5000 "$image" "$web")
  ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$run")
  for _ in $(seq 1 50); do
    if body=$(curl -fsS --max-time 2 "http://$ip:5000/" 2>/dev/null); then
      echo "$body"
      return 0
    fi
    [ "$(docker inspect -f '{{.State.Running}}' "$run")" = true ] || break
    sleep 0.2
  done
  echo "the app did not answer on $ip:5000 (web: $web); its logs:" >&2
  docker logs "$run" >&2 || true
  return 1
}

# now: seconds since the epoch, with decimals
now() { date +%s.%N; }

# test_fixture NAME: cold build, checks, warm build; prints a result line into $WORK/results
test_fixture() {
  local fixture=$1 kind want cid rc log t0 cold warm body
  read -r kind want <<< "$(expectation "$fixture")"
  log "$fixture (expects: $kind${want:+ \"$want\"})"
  docker volume rm -f "berth-test-cache-$fixture" >/dev/null
  docker volume create --label "$LABEL" "berth-test-cache-$fixture" >/dev/null
  log="$WORK/$fixture-cold.log"
  cid=$(build_app "$fixture" cold)
  t0=$(now)
  docker start -a "$cid" 2>&1 | tee "$log" | sed 's/^/  remote: /' || true
  rc=$(docker inspect -f '{{.State.ExitCode}}' "$cid")
  cold=$(echo "$(now) - $t0" | bc)
  if [ "$kind" = fail ]; then
    if [ "$rc" -ne 0 ] && grep -qF -- "$want" "$log"; then
      echo "PASS $fixture: the build failed as it should (exit $rc) in ${cold}s" >> "$WORK/results"
    else
      echo "FAIL $fixture: expected a failed build saying \"$want\", got exit $rc" >> "$WORK/results"
    fi
    return 0
  fi
  if [ "$rc" -ne 0 ]; then
    echo "FAIL $fixture: the build failed (exit $rc)" >> "$WORK/results"
    return 0
  fi
  if ! body=$(run_slug "$fixture" "$cid"); then
    echo "FAIL $fixture: the slug did not run" >> "$WORK/results"
    return 0
  fi
  if [[ "$body" != *"$want"* ]]; then
    echo "FAIL $fixture: the app answered \"$body\", expected \"$want\"" >> "$WORK/results"
    return 0
  fi
  log "$fixture again (warm cache)"
  cid=$(build_app "$fixture" warm)
  t0=$(now)
  docker start -a "$cid" > "$WORK/$fixture-warm.log" 2>&1 || true
  rc=$(docker inspect -f '{{.State.ExitCode}}' "$cid")
  warm=$(echo "$(now) - $t0" | bc)
  sed 's/^/  remote: /' "$WORK/$fixture-warm.log" | grep -iE 'cache|resolved|-----> ' || true
  if [ "$rc" -ne 0 ]; then
    echo "FAIL $fixture: the warm build failed (exit $rc)" >> "$WORK/results"
  elif [ "$(echo "$warm < $cold" | bc)" -ne 1 ]; then
    echo "FAIL $fixture: answered \"$body\"; warm build (${warm}s) not faster than cold (${cold}s)" >> "$WORK/results"
  else
    printf 'PASS %s: answered "%s"; cold %.1fs, warm %.1fs (%.2f× the cold time)\n' \
      "$fixture" "$body" "$cold" "$warm" "$(echo "$warm / $cold" | bc -l)" >> "$WORK/results"
  fi
}

main() {
  local fixtures=("$@") fixture
  docker image inspect berth/builder:latest berth/runner:latest >/dev/null \
    || { echo "build the stack images first: scripts/build-stack.sh" >&2; exit 1; }
  [ "${#fixtures[@]}" -gt 0 ] || mapfile -t fixtures < <(all_fixtures)
  : > "$WORK/results"
  for fixture in "${fixtures[@]}"; do test_fixture "$fixture"; done
  log "results (npm registry: $REGISTRY)"
  cat "$WORK/results"
  ! grep -q '^FAIL' "$WORK/results"
}

main "$@"
