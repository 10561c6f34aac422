#!/usr/bin/env bash
# Seeds DEALS deals (default 1,000,000) on SQLite and on a throwaway
# PostgreSQL (fsync on) with a release build, then measures moving deals on
# the board through the real router: one client's move latency, 32 clients'
# moves per second, and 32 clients racing on 5 and 50 hot deals (stale
# versions, server errors, lost updates; any error or lost update fails).
# Usage: scripts/bench-moves.sh [DEALS]   (MOVES=2000 per measure by default)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export RUST_LOG="${RUST_LOG:-warn}"
deals="${1:-1000000}"
source scripts/pg.sh
work=$(mktemp -d /tmp/embudo-bench.XXXXXX)
trap 'pg_stop; rm -rf "$work"' EXIT

cargo build --release -p server --bin embudo --bin embudo-bench

run() {
  DATABASE_URL="$1" target/release/embudo seed-demo --deals "$deals" --seed 42 --reset >/dev/null
  DATABASE_URL="$1" target/release/embudo-bench moves --moves "${MOVES:-2000}"
}

echo "== SQLite, $deals deals"
run "sqlite:$work/bench.db"
pg_start "$work/pg"
echo "== PostgreSQL, $deals deals"
run "$PG_URL"
