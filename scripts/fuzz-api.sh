#!/usr/bin/env bash
# Runs schemathesis (from PyPI, in tools/venv) against the OpenAPI document
# the running app serves, with a demo admin's token: every operation, with
# valid and invalid data, checking that nothing answers 5xx and that every
# answer matches the document (status codes, content types, schemas), plus
# the stateful checks (a deleted deal is gone). Uses the debug `embudo`
# binary the test command builds and a scratch SQLite database.
# Usage: scripts/fuzz-api.sh [MAX_EXAMPLES_PER_OPERATION]
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-100}"
SCHEMATHESIS_VERSION=4.32.5
if [ "$(tools/venv/bin/schemathesis --version 2>/dev/null | awk '{print $3}')" != "$SCHEMATHESIS_VERSION" ]; then
  python3 -m venv tools/venv
  tools/venv/bin/pip install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi
work=$(mktemp -d /tmp/embudo-fuzz.XXXXXX)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
export DATABASE_URL="sqlite:$work/fuzz.db"
embudo=target/debug/embudo
$embudo seed-demo --deals 300 --reset >/dev/null
token=$($embudo create-token --email admin@demo.embudo.mx --name fuzz | awk '{print $NF}')
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LEPTOS_SITE_ADDR="127.0.0.1:$port" EMBUDO_API_REQUESTS_PER_MINUTE=1000000 EMBUDO_ADDRESS_REQUESTS_PER_MINUTE=1000000 RUST_LOG=warn \
  $embudo serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/api/v1/openapi.json" >/dev/null 2>&1 && break
  sleep 0.2
done
status=0
tools/venv/bin/schemathesis run "http://127.0.0.1:$port/api/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks all --exclude-checks positive_data_acceptance,object_level_authorization \
  --max-examples "$examples" --seed "${FUZZ_SEED:-42}" --workers 1 --no-color \
  --generation-database none 2>&1 | tee "$work/fuzz.log" || status=$?
cases=$(grep -oE '[0-9]+ generated, [0-9]+ passed' "$work/fuzz.log" | head -1)
if grep -q "panicked" "$work/server.log"; then
  echo "the server panicked:"; grep -A3 panicked "$work/server.log"; status=1
fi
echo "schemathesis: exit $status; test cases: ${cases:-none}"
exit $status
