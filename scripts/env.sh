#!/usr/bin/env bash
# Berth's settings with their defaults; every script sources this file.
export BERTH_DATA_DIR="${BERTH_DATA_DIR:-$PWD/data}"
case "$BERTH_DATA_DIR" in /*) ;; *) BERTH_DATA_DIR="$PWD/$BERTH_DATA_DIR" ;; esac
export BERTH_PORT="${BERTH_PORT:-3000}"
export BERTH_ROUTER_PORT="${BERTH_ROUTER_PORT:-80}"
export BERTH_ROUTER_TLS_PORT="${BERTH_ROUTER_TLS_PORT:-443}"
export BERTH_DOMAIN="${BERTH_DOMAIN:-berth.localhost}"
export BERTH_REDIS_PORT="${BERTH_REDIS_PORT:-6379}"
export BERTH_REDIS_URL="${BERTH_REDIS_URL:-redis://127.0.0.1:$BERTH_REDIS_PORT}"
export DATABASE_URL="${DATABASE_URL:-file:$BERTH_DATA_DIR/berth.db}"
export DOCKER_BUILDKIT=0
