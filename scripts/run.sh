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

echo "run: installing pawnotes into build-python/venv (the first build of the core takes a few minutes)"
source scripts/python_env.sh .

mkdir -p var
args=(--demo --database "sqlite:///$(pwd)/var/pawnotes.db")
petclinic_data=${PAWNOTES_PETCLINIC_DATA:-../shared/petclinic/data.sql}
[ -f "$petclinic_data" ] && args+=(--petclinic-data "$petclinic_data")
exec "$venv/bin/pawnotes-server" "${args[@]}" "$@"
