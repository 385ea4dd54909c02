#!/usr/bin/env bash
# Installs the pawnotes package (core + REST server) into the venv of the Python suite exactly as a user
# would (`pip install .` from the repository root) and runs the server's pytest suite (tests/server): real
# server processes on 127.0.0.1 with real SQLite files. Extra arguments go to pytest.
# Shares build-python/venv and its kept CMake build with scripts/test_python.sh, so after the Python suite
# the core is not compiled again.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python_env.sh ".[test]"
exec "$py" -m pytest tests/server -p no:cacheprovider "$@"
