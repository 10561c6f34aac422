#!/usr/bin/env bash
# Seeds DEALS deals (default 1,000,000) on SQLite and on a throwaway
# PostgreSQL with a release build, then measures the Resumen dashboard:
# p50/p95 of the data layer, of the server function through the router and
# of the JSON request over loopback.  Usage: scripts/bench-dashboard.sh [DEALS]
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
  DATABASE_URL="$1" target/release/embudo-bench --requests "${REQUESTS:-300}"
  DATABASE_URL="$1" target/release/embudo-bench --requests "${REQUESTS:-300}" --as-of 2026-01-15
}

echo "== SQLite, $deals deals"
run "sqlite:$work/bench.db"
pg_start "$work/pg"
echo "== PostgreSQL, $deals deals"
run "$PG_URL"
