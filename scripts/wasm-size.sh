#!/usr/bin/env bash
# Builds the WASM bundle exactly as the release site ships it
# (scripts/release-wasm.sh), prints its size (raw, gzip -9, brotli -q 11) and
# fails when brotli exceeds the budget.
#   scripts/wasm-size.sh [BUDGET_BYTES]   (default 244000: the budget of the whole app)
set -euo pipefail
cd "$(dirname "$0")/.."
budget="${1:-244000}"
out=$(mktemp -d /tmp/embudo-wasm.XXXXXX)
trap 'rm -rf "$out"' EXIT

scripts/release-wasm.sh "$out"
wasm="$out/embudo_bg.wasm"
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
br=$(brotli -q 11 -c "$wasm" | wc -c)
echo "release WASM: raw $raw B ($((raw / 1024)) KiB), gzip $gz B ($((gz / 1024)) KiB), brotli $br B ($((br / 1024)) KiB); budget $budget B brotli"
if [ "$br" -gt "$budget" ]; then
  echo "wasm size: 0 passed, 1 failed (brotli $br B > budget $budget B)"
  exit 1
fi
echo "wasm size: 1 passed, 0 failed"
