#!/usr/bin/env bash
# The kanban board of a large pipeline in Chromium, served as released: the
# release server binary and the release WASM (scripts/release-wasm.sh). Seeds
# DEALS demo deals on SQLite (default 56,200, which leaves a little over
# 10,000 open deals in the default pipeline), serves them and runs
# end2end/bench/board.bench.ts, which prints the server render time, the time
# to interactive, the cards in the DOM and the long tasks while dragging, and
# fails above the kanban issue's targets.  Usage: scripts/bench-board-browser.sh [DEALS]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
export RUST_LOG="${RUST_LOG:-warn}"
deals="${1:-56200}"
work=$(mktemp -d /tmp/embudo-board.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill "$pid"; rm -rf "$work"' EXIT

cargo build --release -p server --bin embudo
site="$work/site"
mkdir -p "$site"
cp -r public/. "$site/"
scripts/release-wasm.sh "$site/pkg"
cp style/main.css "$site/pkg/embudo.css"

export DATABASE_URL="sqlite:$work/board.db"
target/release/embudo seed-demo --deals "$deals" --seed 42 --reset >/dev/null
export LEPTOS_SITE_ADDR=127.0.0.1:3100 LEPTOS_SITE_ROOT="$site" LEPTOS_HASH_FILES=false
target/release/embudo serve >"$work/server.log" 2>&1 &
pid=$!
cd end2end
EMBUDO_URL="http://$LEPTOS_SITE_ADDR" npx playwright test -c bench.config.ts
