# Sourced by the test and benchmark scripts: a throwaway PostgreSQL cluster.
#   pg_start DIR   starts a cluster under DIR on a free port; sets PG_URL
#   pg_stop        stops it (call from an EXIT trap)
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
PG_DIR=""

pg_start() {
  PG_DIR="$1"
  mkdir -p "$PG_DIR/data" "$PG_DIR/sock"
  chmod 755 "$(dirname "$PG_DIR")"
  chown -R postgres:postgres "$PG_DIR"
  chmod 700 "$PG_DIR/data"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/pg.log" \
    -o "-p $port -k $PG_DIR/sock -c listen_addresses=127.0.0.1 ${PG_EXTRA_OPTS:-}" -w start >/dev/null
  PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

pg_stop() {
  if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  fi
}
