#!/usr/bin/env bash
# The PostgreSQL suite: the core's whole Catch2 suite against a real PostgreSQL 15 (the "_pg" ctest entries:
# every test case but the [sqlite-only] ones, each in a fresh database of its own), then the reconnect test
# that restarts and stops the server (alone, last); the REST server's pytest suite on PostgreSQL (step
# server: tests/server with PAWNOTES_TEST_DATABASE_URL, every server fixture in a fresh database, plus the
# multi-replica tests of test_replicas.py on a cluster of their own); `pawnotes migrate-to-postgres` end to
# end (step cli: tests/cli/migrate_test.sh, its own cluster).
#   scripts/test_postgres.sh              every step
#   scripts/test_postgres.sh core restart  only the steps named
# A throwaway cluster (scripts/pg_test_server.sh) lives in a temporary directory for the run and is stopped
# and removed on exit, whatever happens. Build directory: build-pg. Runs from the repository root.
#
# Adding a step (e.g. the server's pytest suite on PostgreSQL): write a function step_<name> that uses
# $PAWNOTES_TEST_DATABASE_URL (the admin URL: postgresql://postgres@127.0.0.1:PORT/postgres) and append
# <name> to default_steps below.
set -euo pipefail
cd "$(dirname "$0")/.."

default_steps=(core restart server cli)
build_dir=build-pg
jobs=${PAWNOTES_JOBS:-2}

# --------------------------------------------------------------------------- tools

ensure_packages() {
  local need=() p
  for p in libpq-dev postgresql-15 cmake g++ libsqlitecpp-dev libsqlite3-dev nlohmann-json3-dev catch2 python3; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  local sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "test_postgres: installing ${need[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

# --------------------------------------------------------------------------- the throwaway server

pg_dir=
start_server() {
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/pawnotes-pg.XXXXXX")
  chmod 755 "$pg_dir"  # as root the cluster belongs to the postgres user, who must reach it
  trap stop_server EXIT
  PAWNOTES_TEST_DATABASE_URL=$(bash scripts/pg_test_server.sh start "$pg_dir/cluster")
  export PAWNOTES_TEST_DATABASE_URL
  # For the tests that restart or stop the server (tests/test_postgres.cpp, [pg-restart]).
  export PAWNOTES_TEST_PG_SERVER_SCRIPT="$PWD/scripts/pg_test_server.sh"
  export PAWNOTES_TEST_PG_DIR="$pg_dir/cluster"
  echo "test_postgres: PostgreSQL at $PAWNOTES_TEST_DATABASE_URL"
}

stop_server() {
  [ -n "$pg_dir" ] || return 0
  bash scripts/pg_test_server.sh stop "$pg_dir/cluster" || true
  rm -rf "$pg_dir"
  pg_dir=
}

# --------------------------------------------------------------------------- build

built=
build_core() {
  [ -z "$built" ] || return 0
  local generator=()
  command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
  if command -v ccache >/dev/null 2>&1; then
    export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}
  fi
  [ -f "$build_dir/CMakeCache.txt" ] && generator=()
  cmake -S . -B "$build_dir" "${generator[@]}" -DPAWNOTES_BUILD_TESTS=ON -DPAWNOTES_TEST_POSTGRES=ON \
    -DPAWNOTES_WITH_POSTGRES=ON -DPAWNOTES_BUILD_EXAMPLES=ON >/dev/null
  cmake --build "$build_dir" -j"$jobs" --target pawnotes_tests pawnotes_cli
  built=1
}

# --------------------------------------------------------------------------- steps

# The core's Catch2 suite on PostgreSQL: every "_pg" entry (label postgres), in parallel.
step_core() {
  build_core
  ctest --test-dir "$build_dir" -L '^postgres$' -j"$jobs" --output-on-failure --timeout 300
}

# Restart and stop the server under a connected Database: the first call after a restart reconnects or is
# Unavailable, later calls succeed; calls while it is down are Unavailable. Alone: it disturbs every client.
step_restart() {
  build_core
  ctest --test-dir "$build_dir" -L '^pg_restart$' --output-on-failure --timeout 300
}

# The REST server's pytest suite (the same tests as scripts/test_server.sh, same venv and build) on
# PostgreSQL: conftest.py reads PAWNOTES_TEST_DATABASE_URL. PAWNOTES_SERVER_PYTEST_ARGS: extra pytest args.
step_server() {
  # shellcheck disable=SC2086
  CMAKE_BUILD_PARALLEL_LEVEL=$jobs scripts/test_server.sh ${PAWNOTES_SERVER_PYTEST_ARGS:-}
}

# `pawnotes migrate-to-postgres` on the demo database (the ctest entry cli_migrate_to_postgres).
step_cli() {
  build_core
  ctest --test-dir "$build_dir" -R '^cli_migrate_to_postgres$' --output-on-failure --timeout 300
}

main() {
  local steps=("$@")
  [ ${#steps[@]} -gt 0 ] || steps=("${default_steps[@]}")
  local s
  for s in "${steps[@]}"; do
    declare -F "step_$s" >/dev/null || { echo "test_postgres: unknown step '$s' (known: ${default_steps[*]})" >&2; exit 2; }
  done
  ensure_packages
  start_server
  for s in "${steps[@]}"; do
    echo "==================== postgres: $s ===================="
    "step_$s"
  done
  echo "test_postgres: all steps passed (${steps[*]})"
}

main "$@"
