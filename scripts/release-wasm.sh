#!/usr/bin/env bash
# Builds the WASM bundle exactly as the release site ships it (frontend crate,
# wasm-release profile, wasm-bindgen, wasm-opt -Oz) into OUTDIR as
# embudo.js and embudo_bg.wasm, the names the server's pages load.
#   scripts/release-wasm.sh OUTDIR
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
out="$1"
mkdir -p "$out"
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name embudo \
  target/wasm32-unknown-unknown/wasm-release/frontend.wasm
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$out/embudo_bg.wasm" -o "$out/embudo_bg.wasm"
