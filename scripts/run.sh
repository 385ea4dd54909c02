#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine, installs pawnotes (core + REST server) into a virtualenv exactly as
# `pip install .` does, and runs the main job: the REST server on an embedded SQLite file (var/pawnotes.db)
# with the dog-training demo data (and the PetClinic sample data when ../shared/petclinic/data.sql is there),
# the demo login admin / admin, and the PetClinic API open for the PetClinic Angular client.
# Stop it with Ctrl-C. Flags are passed to pawnotes-server (e.g. --port 9000, --workers 2);
# PAWNOTES_* environment variables work too (see examples/server/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

venv=build-python/venv
python=${PYTHON:-python3}
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
py="$venv/bin/python"
echo "run: installing pawnotes into $venv (the first build of the core takes a few minutes)"
"$py" -m pip install -q --disable-pip-version-check "scikit-build-core>=0.10" "pybind11>=2.10"
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
"$py" -m pip install -q --disable-pip-version-check --no-build-isolation \
  --config-settings=build-dir=build-python/cmake .

mkdir -p var
args=(--demo --database "sqlite:///$(pwd)/var/pawnotes.db")
petclinic_data=${PAWNOTES_PETCLINIC_DATA:-../shared/petclinic/data.sql}
[ -f "$petclinic_data" ] && args+=(--petclinic-data "$petclinic_data")
exec "$venv/bin/pawnotes-server" "${args[@]}" "$@"
