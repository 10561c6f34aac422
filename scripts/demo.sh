#!/usr/bin/env bash
# Sets up, builds and runs Embudo on SQLite with fresh demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"

scripts/setup.sh
# --split: the lazy islands' code is fetched only by the pages that have them.
cargo leptos build --split
export DATABASE_URL="${DATABASE_URL:-sqlite:data/embudo.db}"
target/debug/embudo seed-demo --reset --deals "${DEMO_DEALS:-3000}"
addr=$(awk -F'"' '/^site-addr/{print $2}' Leptos.toml)
cat <<MSG

  Embudo is running at http://${LEPTOS_SITE_ADDR:-$addr}
  Demo logins (password demo1234):
    admin@demo.embudo.mx      administrador
    gerente@demo.embudo.mx    gerente (sees the Resumen dashboard)
    vendedor1@demo.embudo.mx  vendedor (vendedor2 … vendedor6 too)
    basico@demo.embudo.mx     account on plan básico (CRM locked)
  Stop with Ctrl+C.

MSG
exec target/debug/embudo serve
