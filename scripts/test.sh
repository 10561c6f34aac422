#!/usr/bin/env bash
# Runs every test of Embudo on a fresh machine: set-up, formatting, lints,
# the WASM build check, unit and integration tests against SQLite AND a
# throwaway PostgreSQL cluster, the Playwright suite in Chromium, and the
# release WASM size budget.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR=never
# A fresh clone gains nothing from incremental caches, and they are a large
# share of target/ (CI once ran out of disk).
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi
# leptos_config reads the bundle's name at compile time; with it set as
# cargo-leptos sets it, the server the end-to-end step builds reuses every
# artifact of the tests' build instead of recompiling leptos and the app.
export LEPTOS_OUTPUT_NAME=embudo

scripts/setup.sh --test

# Each step says when it started (seconds into the run), so a slow CI run
# shows where its time went.
t0=$(date +%s)
say() { printf '\033[1m==> [%4d s] %s\033[0m\n' "$(( $(date +%s) - t0 ))" "$*"; }
source scripts/pg.sh
work=$(mktemp -d /tmp/embudo-test.XXXXXX)
chmod 755 "$work"
log="$work/test.log"
smtp=""
trap '[ -n "$smtp" ] && kill "$smtp" 2>/dev/null; pg_stop; rm -rf "$work"' EXIT

say "formatting"
cargo fmt --all --check
# The view! macros, which rustfmt leaves alone (quiet: only what is wrong).
leptosfmt --check --quiet app/src

say "lints (server side, tests included)"
cargo clippy -p app -p server -p embudo-load --features app/ssr --all-targets -- -D warnings
say "lints and build check of the WASM side"
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

say "starting a throwaway PostgreSQL"
PG_EXTRA_OPTS="-c fsync=off" pg_start "$work/pg"
export EMBUDO_TEST_PG_URL="$PG_URL"

say "unit and integration tests (SQLite and PostgreSQL)"
cargo test -p app --features ssr 2>&1 | tee -a "$log"
cargo test -p server 2>&1 | tee -a "$log"

say "end-to-end tests in Chromium"
cargo leptos build --split
export DATABASE_URL="sqlite:$work/e2e.db"
export EMBUDO_SCREENSHOTS="$PWD/end2end/screenshots"
target/debug/embudo seed-demo --deals 400 --reset
# A real SMTP sink the served app mails quotes to; the suite reads its Maildir.
smtp_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export EMBUDO_TEST_MAILDIR="$work/mail"
tools/venv/bin/python -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$EMBUDO_TEST_MAILDIR" &
smtp=$!
export EMBUDO_SMTP_URL="smtp://127.0.0.1:$smtp_port" EMBUDO_MAIL_FROM="Cotizaciones <cotizaciones@embudo.test>"
# The webhooks suite posts to a receiver it starts on this machine.
export EMBUDO_WEBHOOK_ALLOW_NETS=127.0.0.0/8
cargo leptos end-to-end --split 2>&1 | tee -a "$log"
kill "$smtp" 2>/dev/null || true; smtp=""
unset EMBUDO_SMTP_URL EMBUDO_MAIL_FROM EMBUDO_WEBHOOK_ALLOW_NETS

say "API fuzzing: schemathesis against the served OpenAPI document"
scripts/fuzz-api.sh

say "release WASM size budgets (135 KB brotli every page loads, 200 KB the heaviest page)"
scripts/wasm-size.sh 2>&1 | grep -v '^ *Compiling' | tee -a "$log"

say "disk: target/ is $(du -sh target | cut -f1); $(df -h . | awk 'NR==2 {print $4}') free"
passed=$(( $(grep -oE 'test result: ok\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}') \
  + $(grep -oE '^ +[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}') ))
failed=$(grep -oE '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
echo "embudo: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
