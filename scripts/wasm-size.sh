#!/usr/bin/env bash
# Builds the WASM bundle exactly as the release site ships it
# (scripts/release-wasm.sh), prints the size of the module every page loads
# (raw, gzip -9, brotli -q 11) and what each lazy island adds, and fails
# when that module exceeds its budget (brotli) or when the heaviest page
# (that module, one lazy island's module and the shared chunks it needs)
# exceeds its own.
#   scripts/wasm-size.sh [BUDGET_BYTES [PAGE_BUDGET_BYTES]]   (default 135000 and 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
budget="${1:-135000}"
page_budget="${2:-200000}"
out=$(mktemp -d /tmp/embudo-wasm.XXXXXX)
trap 'rm -rf "$out"' EXIT

scripts/release-wasm.sh "$out"
wasm="$out/embudo_bg.wasm"
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
br=$(brotli -q 11 -c "$wasm" | wc -c)
echo "release WASM: raw $raw B ($((raw / 1024)) KiB), gzip $gz B ($((gz / 1024)) KiB), brotli $br B ($((br / 1024)) KiB); budget $budget B brotli"
# What a page with one lazy island fetches besides: the island's module and
# the shared chunks it needs, as __wasm_split.js lists them.
largest=$(python3 - "$out" <<'PY'
import re, subprocess, sys
out = sys.argv[1]
def brotli(name):
    return len(subprocess.run(["brotli", "-q", "11", "-c", f"{out}/{name}"],
                              capture_output=True, check=True).stdout)
js = open(f"{out}/__wasm_split.js").read()
# Empty chunks fetch nothing.
chunks = dict(re.findall(r'const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)"', js))
worst = 0
for island, file, deps in re.findall(
        r'export const __wasm_split_load_(\w+?)_\d+ = wrapAsyncCb\(makeLoad\(\(\) => \{\s*'
        r'const src = fetch\(new URL\("\./([^"]+)".*?, \[([^\]]*)\]\)\);', js, re.S):
    size = brotli(file) + sum(brotli(chunks[d]) for d in map(str.strip, deps.split(",")) if d in chunks)
    worst = max(worst, size)
    print(f"  lazy island {island}: brotli {size} B more (its module and shared chunks)", file=sys.stderr)
if worst == 0:
    sys.exit("no lazy island found in __wasm_split.js: the split or its format changed")
print(worst)
PY
)
page=$((br + largest))
echo "  the heaviest page with one lazy island: brotli $page B in all; budget $page_budget B"
if [ "$br" -gt "$budget" ] || [ "$page" -gt "$page_budget" ]; then
  echo "wasm size: 0 passed, 1 failed (brotli $br B of $budget B, heaviest page $page B of $page_budget B)"
  exit 1
fi
echo "wasm size: 1 passed, 0 failed"
