# Sourced by the benchmark scripts: strict mode from the repository root, a
# scratch folder and a throwaway PostgreSQL removed on exit, the release
# binaries (in $bin), and `on_both FN`, which calls `FN NAME DATABASE_URL` for SQLite
# and then for PostgreSQL (a real cluster, fsync on).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
source scripts/pg.sh
work=$(mktemp -d /tmp/embudo-bench.XXXXXX)
trap 'pg_stop; rm -rf "$work"' EXIT

# BENCH_DEBUG=1: time the debug binaries the test command built instead
# (slower; for a quick upper bound without a release build).
# BENCH_NO_BUILD=1: time the release binaries already built.
if [ -n "${BENCH_DEBUG:-}" ]; then
  bin=target/debug
elif [ -n "${BENCH_NO_BUILD:-}" ]; then
  bin=target/release
else
  bin=target/release
  cargo build --release -p server --bin embudo --bin embudo-bench
fi

on_both() {
  "$1" sqlite "sqlite:$work/bench.db"
  pg_start "$work/pg"
  "$1" postgres "$PG_URL"
}
