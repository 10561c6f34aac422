#!/usr/bin/env bash
# Lighthouse's mobile profile (a mid-range phone on simulated slow 4G) on the
# kanban board and the Resumen dashboard as the gerente, against the release
# build as it ships: `cargo leptos build --release --precompress --split` (hashed,
# brotli/gzip bundle), DEALS demo deals on SQLite (default 3000). Lighthouse
# 12.2.3 comes from npm (13.x wants Node 22) and runs Debian's Chromium.
# Prints performance and LCP per page and fails below performance 90 or
# above LCP 2.5 s.   Usage: scripts/lighthouse.sh [DEALS]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
export RUST_LOG="${RUST_LOG:-warn}"
deals="${1:-3000}"
work=$(mktemp -d /tmp/embudo-lighthouse.XXXXXX)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

scripts/setup.sh
if [ "$(tools/node_modules/.bin/lighthouse --version 2>/dev/null || true)" != "12.2.3" ]; then
  (cd tools && npm install --no-audit --no-fund --silent -E lighthouse@12.2.3)
fi
cargo leptos build --release --precompress --split

export DATABASE_URL="sqlite:$work/lighthouse.db"
target/release/embudo seed-demo --deals "$deals" --reset >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
LEPTOS_SITE_ADDR="127.0.0.1:$port" target/release/embudo serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -fsS "$base/login" >/dev/null 2>&1 && break
  sleep 0.2
done

cookie=$(curl -sS -o /dev/null -D - "$base/api/login" \
  -H "Origin: $base" -H 'Accept: application/json' \
  --data-urlencode 'email=gerente@demo.embudo.mx' --data-urlencode 'password=demo1234' |
  grep -i '^set-cookie: embudo_session=' | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*).*/\1/')
[ -n "$cookie" ] || { echo "could not sign in"; exit 1; }

status=0
for page in /crm/embudo /crm/resumen; do
  name=$(basename "$page")
  CHROME_PATH=/usr/bin/chromium lighthouse "$base$page" --quiet \
    --only-categories=performance --output=json --output-path="$work/$name.json" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --extra-headers="{\"Cookie\": \"$cookie\"}" >/dev/null
  read -r score lcp fcp tbt bytes < <(python3 - "$work/$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
a = r["audits"]
print(round(r["categories"]["performance"]["score"] * 100),
      round(a["largest-contentful-paint"]["numericValue"]),
      round(a["first-contentful-paint"]["numericValue"]),
      round(a["total-blocking-time"]["numericValue"]),
      round(a["total-byte-weight"]["numericValue"]))
PY
)
  echo "lighthouse mobile $page: performance $score, LCP $lcp ms, FCP $fcp ms, TBT $tbt ms, $bytes bytes over the wire"
  if [ "$score" -lt 90 ] || [ "$lcp" -gt 2500 ]; then status=1; fi
done
exit $status
