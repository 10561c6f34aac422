#!/usr/bin/env bash
# Builds the release site (WASM with the wasm-release profile and wasm-opt)
# and prints the size of the WASM bundle: raw, gzip -9 and brotli -q 11.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
cargo leptos build --release >/dev/null
wasm=target/site/pkg/embudo.wasm
[ -f "$wasm" ] || wasm=$(ls target/site/pkg/*.wasm | head -n 1)
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
br=$(brotli -q 11 -c "$wasm" | wc -c)
echo "release WASM $wasm: raw $((raw / 1024)) KiB, gzip $((gz / 1024)) KiB, brotli $((br / 1024)) KiB"
