#!/usr/bin/env bash
# The HTTP benchmark of the REST server: wrk on loopback against `pawnotes-server --workers 2` on a seeded
# SQLite database (100,000 owners; one dog with 3,000 notes and 100 visits for the timeline).
#   bench/http/run.sh           full: 100,000 owners, wrk -t2 -c64 -d15s per scenario, 200 CRUD flows
#   bench/http/run.sh --quick   CI smoke: 2,000 owners, 3 s runs, 20 CRUD flows
#   bench/http/run.sh --postgres [--quick]   the same on PostgreSQL 15: a throwaway cluster on 127.0.0.1
#                               (scripts/pg_test_server.sh, stopped at the end), seeded with the same seed.py
#                               data; results in bench/results/http-postgres-{latest,quick}.{txt,json}
#   bench/http/run.sh --scaling [--quick]    owner search + note create with 1 vs 2 server processes, on
#                               SQLite and on PostgreSQL (bench/http/scaling.py): bench/results/http-scaling.*
# Writes bench/results/http-latest.{txt,json} (quick: http-quick.{txt,json}); the work files (database
# copy, server.log, wrk.log) stay in build-bench-http/. The seeded database is cached in build-bench-http/
# under a key of the seed script's hash, the sizes and the seed, so later runs skip the seeding.
# Needs wrk (installed with apt-get if missing) and the venv of the python/server suites
# (build-python/venv; created and filled like scripts/test_server.sh when absent).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

quick=0
engine=sqlite
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --postgres) engine=postgresql ;;
    --scaling) engine=scaling ;;
    *) echo "usage: bench/http/run.sh [--quick] [--postgres | --scaling]" >&2; exit 2 ;;
  esac
done
if [[ $quick == 1 ]]; then
  owners=2000 notes=300 duration=3 flow_rounds=20 name=quick
else
  owners=100000 notes=3000 duration=15 flow_rounds=200 name=latest
fi
seed=42

if ! command -v wrk >/dev/null; then
  echo "installing wrk (apt-get)"
  sudo_cmd=()
  [[ "$(id -u)" -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get install -y -qq wrk >/dev/null 2>&1 ||
    { "${sudo_cmd[@]}" apt-get update -qq && "${sudo_cmd[@]}" apt-get install -y -qq wrk >/dev/null; }
fi

venv="$root/build-python/venv"
py="$venv/bin/python"
if [[ ! -x "$venv/bin/pawnotes-server" ]]; then
  echo "no server in $venv: installing the package like scripts/test_server.sh"
  [[ -x "$py" ]] || "${PYTHON:-python3}" -m venv "$venv"
  "$py" -m pip install -q --disable-pip-version-check "scikit-build-core>=0.10" "pybind11>=2.10"
  CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)} "$py" -m pip install -q \
    --disable-pip-version-check --no-build-isolation --config-settings=build-dir=build-python/cmake ".[test]"
fi
# The server code of this checkout, even when the installed package is older (pure Python).
export PYTHONPATH="$root/examples/server${PYTHONPATH:+:$PYTHONPATH}"

work="$root/build-bench-http"
mkdir -p "$work" bench/results
key="$(sha256sum bench/http/seed.py | cut -c1-12)-o${owners}-n${notes}-s${seed}"
cache="$work/seed-$key.db"
if [[ ! -f "$cache" ]]; then
  echo "seeding $cache"
  rm -f "$cache.tmp" "$cache.tmp-wal" "$cache.tmp-shm"
  "$py" bench/http/seed.py --db "$cache.tmp" --manifest "$cache.json" --owners "$owners" \
    --timeline-notes "$notes" --seed "$seed"
  mv "$cache.tmp" "$cache"
else
  echo "using the cached database $cache"
fi

if [[ $engine == sqlite ]]; then
  exec "$py" bench/http/driver.py --db "$cache" --manifest "$cache.json" --workdir "$work/run-$name" \
    --out "bench/results/http-$name" --server "$venv/bin/pawnotes-server" --workers 2 --duration "$duration" \
    --connections 64 --threads 2 --cold-starts 5 --flow-rounds "$flow_rounds" --label "$name"
fi

# PostgreSQL: a cluster of this run (under /tmp: as root it runs as the postgres user), seeded by seed.py.
pg_dir=$(mktemp -d /tmp/pawnotes-bench-pg.XXXXXX)
trap 'scripts/pg_test_server.sh stop "$pg_dir" >/dev/null 2>&1; rm -rf "$pg_dir"' EXIT
admin_url=$(scripts/pg_test_server.sh start "$pg_dir")
psql "$admin_url" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE bench"
pg_url="${admin_url%/postgres}/bench"
echo "seeding $pg_url"
"$py" bench/http/seed.py --db "$pg_url" --manifest "$pg_dir/manifest.json" --owners "$owners" \
  --timeline-notes "$notes" --seed "$seed"
if [[ $engine == scaling ]]; then
  scaling_duration=$((quick == 1 ? 3 : 10))
  "$py" bench/http/scaling.py --db "$cache" --manifest "$cache.json" --pg-url "$pg_url" \
    --pg-manifest "$pg_dir/manifest.json" --pg-dir "$pg_dir" --workdir "$work/run-scaling" \
    --out "bench/results/http-scaling$([[ $quick == 1 ]] && echo -quick || true)" \
    --server "$venv/bin/pawnotes-server" --duration "$scaling_duration" --connections 32 --threads 2 --rounds 3
  exit 0
fi
"$py" bench/http/driver.py --db "$cache" --manifest "$pg_dir/manifest.json" --workdir "$work/run-postgres-$name" \
  --out "bench/results/http-postgres-$name" --server "$venv/bin/pawnotes-server" --workers 2 \
  --duration "$duration" --connections 64 --threads 2 --cold-starts 5 --flow-rounds "$flow_rounds" \
  --label "postgres-$name" --database-url "$pg_url"
