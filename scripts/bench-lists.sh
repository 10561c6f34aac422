#!/usr/bin/env bash
# Seeds DEALS deals (default 1,000,000) on SQLite and on a throwaway
# PostgreSQL (fsync on) with a release build, then measures the lists of the
# account through the real router (embudo-bench lists): /crm/tratos in every
# sort and filter, text search, 100 pages deep; GET /api/v1/deals under each
# filter and deep; the CSV export of every deal (rows/s, resident memory);
# the catalogue (100,000 products); the quotes (one every 5 deals: the list
# by state and 100 pages deep, through the page and REST) and a deal of 50
# lines (its page, its lines priced and saved, its quote's PDF, its nota de
# venta's CFDI request).
# Usage: scripts/bench-lists.sh [DEALS]   (REQUESTS=200 per case by default;
# BENCH_ONLY=quotes measures the quotes and the 50-line deal alone)
export RUST_LOG="${RUST_LOG:-warn}"
deals="${1:-1000000}"
source "$(dirname "$0")/bench-common.sh"

run() {
  echo "== $1, $deals deals"
  DATABASE_URL="$2" "$bin/embudo" seed-demo --deals "$deals" --seed 42 --reset >/dev/null
  DATABASE_URL="$2" "$bin/embudo-bench" lists --requests "${REQUESTS:-200}"
}

on_both run
