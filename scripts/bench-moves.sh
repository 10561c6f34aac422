#!/usr/bin/env bash
# Seeds DEALS deals (default 1,000,000) on SQLite and on a throwaway
# PostgreSQL (fsync on) with a release build, then measures moving deals on
# the board through the real router: one client's move latency, 32 clients'
# moves per second, and 32 clients racing on 5 and 50 hot deals (stale
# versions, server errors, lost updates; any error or lost update fails).
# Usage: scripts/bench-moves.sh [DEALS]   (MOVES=2000 per measure by default)
export RUST_LOG="${RUST_LOG:-warn}"
deals="${1:-1000000}"
source "$(dirname "$0")/bench-common.sh"

run() {
  echo "== $1, $deals deals"
  DATABASE_URL="$2" target/release/embudo seed-demo --deals "$deals" --seed 42 --reset >/dev/null
  DATABASE_URL="$2" target/release/embudo-bench moves --moves "${MOVES:-2000}"
}

on_both run
