#!/usr/bin/env bash
# Runs every test of Embudo on a fresh machine: set-up, formatting, lints,
# the WASM build check, unit and integration tests against SQLite AND a
# throwaway PostgreSQL cluster, then the Playwright suite in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR=never

scripts/setup.sh --test

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
work=$(mktemp -d /tmp/embudo-test.XXXXXX)
chmod 755 "$work"
log="$work/test.log"
pg_data="$work/pg/data"

cleanup() {
  if [ -f "$pg_data/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

say "formatting"
cargo fmt --all --check

say "lints (server side, tests included)"
cargo clippy -p app -p server --features app/ssr --all-targets -- -D warnings
say "lints and build check of the WASM side"
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

say "starting a throwaway PostgreSQL"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
mkdir -p "$pg_data" "$work/pg/sock"
chown -R postgres:postgres "$work/pg"
chmod 700 "$pg_data"
runuser -u postgres -- "$PG_BIN/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 >/dev/null
PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$pg_data" -l "$work/pg/pg.log" \
  -o "-p $PG_PORT -k $work/pg/sock -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null
export EMBUDO_TEST_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"

say "unit and integration tests (SQLite and PostgreSQL)"
cargo test -p app --features ssr 2>&1 | tee -a "$log"
cargo test -p server 2>&1 | tee -a "$log"

say "end-to-end tests in Chromium"
cargo leptos build
export DATABASE_URL="sqlite:$work/e2e.db"
export EMBUDO_SCREENSHOTS="$PWD/end2end/screenshots"
target/debug/embudo seed-demo --deals 400 --reset
cargo leptos end-to-end 2>&1 | tee -a "$log"

passed=$(( $(grep -oE 'test result: ok\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}') \
  + $(grep -oE '^ +[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}') ))
failed=$(grep -oE '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
echo "embudo: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
