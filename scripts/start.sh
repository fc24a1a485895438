#!/usr/bin/env bash
# `npm start`: install and start everything Berth needs, then run it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
# shellcheck source=scripts/stage.sh
source scripts/stage.sh
stage "preparing the data directory (first user, private files)" npx tsx scripts/bootstrap.ts
stage "building the web app when its sources changed" bash scripts/build-web.sh
# run-berth.sh builds them too (tests and restarts): here the stage and its time show
stage "compiling the workers and the log collector when their sources changed" quietly bash scripts/build-workers.sh
cat <<MSG

  Berth is starting.
  Dashboard and API: http://localhost:$BERTH_PORT/
  Apps are served at: http://<app>.$BERTH_DOMAIN$( [ "$BERTH_ROUTER_PORT" = 80 ] || echo ":$BERTH_ROUTER_PORT" )/
  Log in as admin (password printed at first start, or BERTH_ADMIN_PASSWORD):
    curl -s http://localhost:$BERTH_PORT/api/v1/auth/token -H 'content-type: application/json' \\
      -d '{"username":"admin","password":"<password>"}'

MSG
echo "==> starting the web app, the workers and the log collector (scripts/run-berth.sh)"
exec bash scripts/run-berth.sh
