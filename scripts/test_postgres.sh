#!/usr/bin/env bash
# The `postgres` suite: the suites that run on both engines, here on a real PostgreSQL 15 started on
# 127.0.0.1 for this run (scripts/pg_test_server.sh, in a temporary folder; stopped in the trap).
#   scripts/test_postgres.sh            every part below
#   scripts/test_postgres.sh server     only the server's pytest suite (extra arguments go to pytest)
# Server part: tests/server with PAWNOTES_TEST_DATABASE_URL = the cluster's admin URL, so every server
# fixture gets a fresh database of its own (conftest.py), plus the multi-replica tests (test_replicas.py,
# which start and restart a cluster of their own).
# (The core's ctest run on PostgreSQL is the pg branch's part of this file; the lead merges both.)
set -euo pipefail
cd "$(dirname "$0")/.."

install_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    local sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get install -y -qq postgresql-15 postgresql-client-15 libpq-dev >/dev/null 2>&1 ||
      { "${sudo_cmd[@]}" apt-get update -qq && "${sudo_cmd[@]}" apt-get install -y -qq postgresql-15 postgresql-client-15 libpq-dev >/dev/null; }
  fi
}

pg_dir=""
start_cluster() {
  # Under /tmp itself: as root the cluster runs as the postgres user, who cannot enter root's 0700 folders.
  pg_dir=$(mktemp -d /tmp/pawnotes-test-pg.XXXXXX)
  PAWNOTES_TEST_DATABASE_URL=$(scripts/pg_test_server.sh start "$pg_dir")
  export PAWNOTES_TEST_DATABASE_URL PAWNOTES_TEST_PG_DIR="$pg_dir"
  echo "PostgreSQL for the tests: $PAWNOTES_TEST_DATABASE_URL ($pg_dir)"
}

stop_cluster() {
  [ -n "$pg_dir" ] || return 0
  scripts/pg_test_server.sh stop "$pg_dir" || true
  rm -rf "$pg_dir"
}

run_server_tests() {
  # The same suite as scripts/test_server.sh (same venv and build), with the engine from the environment.
  scripts/test_server.sh "$@"
}

main() {
  local part=${1:-all}
  [ $# -eq 0 ] || shift
  install_postgres
  trap stop_cluster EXIT
  start_cluster
  case "$part" in
    server) run_server_tests "$@" ;;
    all) run_server_tests ;;
    *) echo "usage: scripts/test_postgres.sh [server [pytest args...]]" >&2; exit 2 ;;
  esac
}

main "$@"
