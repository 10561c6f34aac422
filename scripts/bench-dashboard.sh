#!/usr/bin/env bash
# Seeds DEALS deals (default 1,000,000) on SQLite and on a throwaway
# PostgreSQL with a release build, then measures the Resumen dashboard:
# p50/p95 of the data layer, of the server function through the router and
# of the JSON request over loopback.  Usage: scripts/bench-dashboard.sh [DEALS]
export RUST_LOG="${RUST_LOG:-warn}"
deals="${1:-1000000}"
source "$(dirname "$0")/bench-common.sh"

run() {
  echo "== $1, $deals deals"
  DATABASE_URL="$2" target/release/embudo seed-demo --deals "$deals" --seed 42 --reset >/dev/null
  DATABASE_URL="$2" target/release/embudo-bench --requests "${REQUESTS:-300}"
  DATABASE_URL="$2" target/release/embudo-bench --requests "${REQUESTS:-300}" --as-of 2026-01-15
}

on_both run
