#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1:54329 and prints the DATABASE_URL to export.
# Usage: eval "$(scripts/postgres-cluster.sh start)"; scripts/postgres-cluster.sh stop
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
DATA=${SELFDIRECT_PGDATA:-/tmp/selfdirect-pg}
PORT=${SELFDIRECT_PGPORT:-54329}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-start}" in
  start)
    if ! as_pg "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      rm -rf "$DATA"; mkdir -p "$DATA"
      [ "$(id -u)" -eq 0 ] && chown postgres "$DATA"
      as_pg "$PGBIN/initdb" -D "$DATA" -A trust -U postgres -E UTF8 >/dev/null
      as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
        -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    fi
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/selfdirect"
    ;;
  stop) as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
