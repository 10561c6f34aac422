#!/usr/bin/env bash
# Times the CSV import of N historical deals (default 100,000; target
# ≤ 10 s on SQLite) with a release build, on SQLite and on a throwaway
# PostgreSQL: the demo account's deals are exported with `embudo export`,
# moved to a fresh account's people (same names, its own emails; contacts
# left out), checked with --dry-run and imported with `embudo import`; then
# `embudo verify` must find the dashboard aggregates exact.
# Usage: scripts/bench-import.sh [DEALS]
export RUST_LOG="${RUST_LOG:-info,sqlx=error}"
deals="${1:-100000}"
source "$(dirname "$0")/bench-common.sh"

people=(admin gerente vendedor1 vendedor2 vendedor3 vendedor4 vendedor5 vendedor6)

run() {
  export DATABASE_URL="$2"
  local embudo=$bin/embudo
  $embudo migrate >/dev/null
  $embudo seed-demo --deals "$deals" --seed 42 --today 2026-06-30 --reset --force >/dev/null
  $embudo export deals --account "Distribuidora Demo del Norte" >"$work/export.csv"
  $embudo create-account --name Mudanza --plan estandar \
    --admin-email admin@mudanza.mx --admin-password mudanza123 >/dev/null
  for p in "${people[@]:1}"; do
    role=vendedor; [ "$p" = gerente ] && role=gerente
    $embudo create-user --account Mudanza --email "$p@mudanza.mx" --name "$p" \
      --role "$role" --password mudanza123 >/dev/null
  done
  python3 - "$work/export.csv" "$work/import.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as src, \
     open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    rows = csv.reader(src)
    w = csv.writer(out)
    head = next(rows)
    w.writerow(head)
    owner, contact = head.index("owner_email"), head.index("contact_email")
    for r in rows:
        r[owner] = r[owner].replace("@demo.embudo.mx", "@mudanza.mx")
        r[contact] = ""
        w.writerow(r)
PY
  echo "== $1: $(($(wc -l <"$work/import.csv") - 1)) rows, $(du -h "$work/import.csv" | cut -f1)"
  $embudo import deals "$work/import.csv" --account Mudanza --dry-run
  $embudo import deals "$work/import.csv" --account Mudanza
  $embudo verify | grep -E "Mudanza|integrity"
}

on_both run
