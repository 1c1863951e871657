#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the test run.
#   .ci/postgres.sh start DIR PORT   prints the URL on stdout
#   .ci/postgres.sh stop DIR
# PostgreSQL refuses to run as root (CI runs as root), so then it runs as "postgres".
set -euo pipefail
cmd=$1 dir=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -n "$bindir" ] || bindir=$(dirname "$(command -v pg_ctl)")
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
start)
  port=$3
  rm -rf "$dir"; mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  for _ in $(seq 50); do
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" && break; sleep 0.2
  done
  "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres anxin_test
  echo "postgresql+psycopg://postgres@127.0.0.1:$port/anxin_test"
  ;;
stop)
  [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
