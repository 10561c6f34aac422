#!/usr/bin/env bash
# Installs what Embudo needs to build (and, with --test, to test) on a fresh
# Debian machine with Rust, using only the package registries. Idempotent:
# tools already installed at the right version are skipped.
#   scripts/setup.sh          build tools
#   scripts/setup.sh --test   build tools + Chromium, PostgreSQL, Playwright
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# The wasm-bindgen CLI must equal the library version in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
BINARYEN_VERSION=132.0.0
LEPTOSFMT_VERSION=0.1.33
# The splitter of the release WASM (cargo-leptos carries its own for --split).
WASM_SPLIT_VERSION=0.2.3
started=$(date +%s)
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 10-16 minutes on 2 cores)"
  # 0.3.11 does not build with --locked on Rust 1.95; no_downloads makes a
  # missing tool an error instead of a download attempt. LTO off: faster build.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --locked cargo-leptos --version "$CARGO_LEPTOS_VERSION" --features no_downloads
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file wants a crate version the registry lacks.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (splits the release WASM at the lazy islands)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi

# wasm-opt for release builds, from npm (Debian's binaryen 108 breaks hydration).
if [ "$(tools/node_modules/.bin/wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
  say "installing binaryen $BINARYEN_VERSION (wasm-opt)"
  mkdir -p tools
  (cd tools && npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION")
fi

if [ "${1:-}" = "--test" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v brotli >/dev/null || missing+=(brotli)
  command -v python3 >/dev/null || missing+=(python3)
  # The PDF tests read a quote's text back (pdftotext).
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  if ((${#missing[@]})); then
    say "installing ${missing[*]} with apt"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
  if [ "$(leptosfmt --version 2>/dev/null || true)" != "leptosfmt $LEPTOSFMT_VERSION" ]; then
    say "installing leptosfmt $LEPTOSFMT_VERSION (the view! macros' formatter; about 3 minutes)"
    cargo install --locked leptosfmt --version "$LEPTOSFMT_VERSION"
  fi
  # The SMTP sink the mail tests send to (aiosmtpd from PyPI, in tools/venv).
  AIOSMTPD_VERSION=1.4.6
  if [ "$(tools/venv/bin/python -m aiosmtpd --version 2>/dev/null | awk '{print $2}')" != "$AIOSMTPD_VERSION" ]; then
    say "installing aiosmtpd $AIOSMTPD_VERSION (the SMTP sink of the mail tests)"
    python3 -m venv tools/venv
    tools/venv/bin/pip install -q "aiosmtpd==$AIOSMTPD_VERSION"
  fi
  if [ ! -d end2end/node_modules/@playwright/test ]; then
    say "installing Playwright (the test runner only; Chromium comes from Debian)"
    (cd end2end && npm ci --no-audit --no-fund --silent)
  fi
fi

say "set-up done in $(( $(date +%s) - started )) s"
