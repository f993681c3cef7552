#!/usr/bin/env bash
# with-postgres.sh COMMAND...: runs COMMAND with a throwaway PostgreSQL for the shared-log tests
# (docs/decisions/0016). Debian's postgresql (apt-get install -y postgresql) is started from a new
# cluster in a temporary folder, as the postgres user when run as root, listening on 127.0.0.1 only,
# on the first free port from 54330; PREFLIGHT_TEST_PG_URL names it for the tests. The cluster and its
# folder are removed on exit, and the exit code is COMMAND's.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND..." >&2; exit 2; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "with-postgres: no PostgreSQL server here (Debian: apt-get install -y postgresql)" >&2
  exit 2
fi
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); else AS=(); fi
TMP=$(mktemp -d /tmp/preflight-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres:postgres "$TMP"
chmod 700 "$TMP"
PORT=54330
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
cleanup() {
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
"${AS[@]}" "$PGBIN/initdb" -D "$TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
  >"$TMP/initdb.log" 2>&1 || { cat "$TMP/initdb.log" >&2; exit 3; }
"${AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w -t 30 start \
  -o "-p $PORT -k $TMP -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  >/dev/null || { cat "$TMP/server.log" >&2; exit 3; }
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" -V | awk '{print $3}') on 127.0.0.1:$PORT (removed on exit)" >&2
export PREFLIGHT_TEST_PG_URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
"$@"
