#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine, installs pawnotes (core + REST server) into a virtualenv exactly as
# `pip install .` does, and runs the main job: the REST server on an embedded SQLite file (var/pawnotes.db)
# with the dog-training demo data and the Spring PetClinic sample data (data/petclinic/data.sql),
# the demo login admin / admin, and the PetClinic API open for the PetClinic Angular client.
# Stop it with Ctrl-C. Flags are passed to pawnotes-server (e.g. --port 9000, --workers 2);
# PAWNOTES_* environment variables work too (see examples/server/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "run: installing pawnotes into build-python/venv (the first build of the core takes a few minutes)"
source scripts/python_env.sh .

# The web app (examples/web: WASM core if missing, npm ci, ng build), served by the server at /.
# Without it the API still runs, so a failed web build only warns.
if [ "${PAWNOTES_SKIP_WEB:-0}" != 1 ]; then
  bash examples/web/build.sh || echo "run: WARNING: the web app did not build; serving the API only" >&2
fi
# The installed server package cannot find the repository's build output by itself: point it there.
export PAWNOTES_WEB_DIR=${PAWNOTES_WEB_DIR:-$(pwd)/examples/web/dist/pawnotes-web/browser}

mkdir -p var
args=(--demo --database "sqlite:///$(pwd)/var/pawnotes.db")
# The PetClinic sample data ships in the repository (data/petclinic, Apache-2.0, see its README); an empty
# PAWNOTES_PETCLINIC_DATA starts without it.
petclinic_data=${PAWNOTES_PETCLINIC_DATA-$(pwd)/data/petclinic/data.sql}
[ -z "$petclinic_data" ] || args+=(--petclinic-data "$petclinic_data")
exec "$venv/bin/pawnotes-server" "${args[@]}" "$@"
