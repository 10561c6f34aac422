#!/usr/bin/env bash
# Times `embudo seed-demo` (default: 1,000,000 deals) on SQLite and on a
# throwaway PostgreSQL, with a release build.  Usage: scripts/bench-seed.sh [DEALS]
# Multi-second bulk statements are expected here; keep sqlx quiet about them.
export RUST_LOG="${RUST_LOG:-info,sqlx=error}"
deals="${1:-1000000}"
source "$(dirname "$0")/bench-common.sh"

run() {
  local start end
  DATABASE_URL="$2" target/release/embudo migrate >/dev/null
  start=$(date +%s%N)
  DATABASE_URL="$2" target/release/embudo seed-demo --deals "$deals" --seed 42 --today 2026-06-30 --reset
  end=$(date +%s%N)
  echo "seed-demo $deals deals on $1: $(( (end - start) / 1000000 )) ms"
}

on_both run
