#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on 127.0.0.1 for tests and benchmarks (never for data you keep).
#   scripts/pg_test_server.sh start DIR [PORT]   initdb (if DIR is new) + start; prints the admin URL
#                                                postgresql://postgres@127.0.0.1:PORT/postgres on stdout
#   scripts/pg_test_server.sh stop DIR           fast shutdown (no error if it is not running)
#   scripts/pg_test_server.sh restart DIR        immediate stop + start on the same port (tests of recovery)
#   scripts/pg_test_server.sh url DIR            prints the URL of a started cluster
# Trust authentication on loopback only; fsync stays on so acknowledged writes are real writes.
# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user.
set -euo pipefail

bin=${PAWNOTES_PG_BIN:-}
if [ -z "$bin" ]; then
  for v in 15 16 17; do
    [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ] && bin=/usr/lib/postgresql/$v/bin && break
  done
fi
[ -n "$bin" ] || { echo "pg_test_server: PostgreSQL server binaries not found (apt-get install postgresql-15)" >&2; exit 1; }

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n 2,8p "$0" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

url_of() { echo "postgresql://postgres@127.0.0.1:$(cat "$dir/port")/postgres"; }

start() {
  local port=${1:-}
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  [ -n "$port" ] || { [ -f "$dir/port" ] && port=$(cat "$dir/port"); } || true
  [ -n "$port" ] || port=$(free_port)
  echo "$port" >"$dir/port"
  # The socket directory inside DIR keeps clusters of parallel test runs apart.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/data -c max_connections=200 -c fsync=on" start >/dev/null ||
    { tail -20 "$dir/server.log" >&2; exit 1; }
  url_of
}

stop() {
  [ -f "$dir/data/postmaster.pid" ] || return 0
  as_owner "$bin/pg_ctl" -D "$dir/data" -m "${1:-fast}" -w -t 60 stop >/dev/null 2>&1 || true
}

case "$cmd" in
  start) start "${3:-}" ;;
  stop) stop fast ;;
  restart) stop immediate; start "$(cat "$dir/port")" >/dev/null; url_of ;;
  url) url_of ;;
  *) sed -n 2,8p "$0" >&2; exit 2 ;;
esac
