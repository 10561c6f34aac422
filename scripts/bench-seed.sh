#!/usr/bin/env bash
# Times `embudo seed-demo` (default: 1,000,000 deals) on SQLite and on a
# throwaway PostgreSQL, with a release build.  Usage: scripts/bench-seed.sh [DEALS]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# Multi-second bulk statements are expected here; keep sqlx quiet about them.
export RUST_LOG="${RUST_LOG:-info,sqlx=error}"
deals="${1:-1000000}"
source scripts/pg.sh
work=$(mktemp -d /tmp/embudo-bench.XXXXXX)
trap 'pg_stop; rm -rf "$work"' EXIT

cargo build --release -p server --bin embudo
bin=target/release/embudo

run() {
  local name="$1"
  local start end
  DATABASE_URL="$2" "$bin" migrate >/dev/null
  start=$(date +%s%N)
  DATABASE_URL="$2" "$bin" seed-demo --deals "$deals" --seed 42 --today 2026-06-30 --reset
  end=$(date +%s%N)
  echo "seed-demo $deals deals on $name: $(( (end - start) / 1000000 )) ms"
}

run sqlite "sqlite:$work/bench.db"
pg_start "$work/pg"
run postgres "$PG_URL"
