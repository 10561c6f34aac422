#!/usr/bin/env bash
# Builds the WASM bundle exactly as the release site ships it (frontend crate,
# wasm-release profile, split at the lazy islands, wasm-bindgen, wasm-opt -Oz)
# into OUTDIR: embudo.js and embudo_bg.wasm, the names the server's pages
# load, and beside them __wasm_split.js with the lazy islands' chunks
# (split_*.wasm, chunk_*.wasm), fetched only by the pages that have them.
# The order is cargo-leptos's `--split`: the split reads the linker's
# relocations, which wasm-bindgen and wasm-opt would drop.
#   scripts/release-wasm.sh OUTDIR
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
out="$1"
mkdir -p "$out"
split=$(mktemp -d /tmp/embudo-split.XXXXXX)
trap 'rm -rf "$split"' EXIT
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Clink-args=--emit-relocs" \
  cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release
wasm-split-cli --out-name embudo --target web \
  target/wasm32-unknown-unknown/wasm-release/frontend.wasm "$split"
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$out" --out-name embudo "$split/embudo.wasm"
rm "$split/embudo.wasm"
cp "$split"/* "$out/"
for wasm in "$out"/*.wasm; do
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$wasm" -o "$wasm"
done
