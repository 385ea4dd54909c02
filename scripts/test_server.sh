#!/usr/bin/env bash
# Installs the pawnotes package (core + REST server) into the venv of the Python suite exactly as a user
# would (`pip install .` from the repository root) and runs the server's pytest suite (tests/server): real
# server processes on 127.0.0.1 with real SQLite files. Extra arguments go to pytest.
# Shares build-python/venv and the kept CMake build directory (build-python/cmake) with
# scripts/test_python.sh, so after the Python suite the core is not compiled again.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=build-python/venv
python=${PYTHON:-python3}
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
py="$venv/bin/python"

"$py" -m pip install -q --disable-pip-version-check "scikit-build-core>=0.10" "pybind11>=2.10"
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
"$py" -m pip install -q --disable-pip-version-check --no-build-isolation \
  --config-settings=build-dir=build-python/cmake ".[test]"

# wrk drives the HTTP benchmark only; the tests do not need it.
exec "$py" -m pytest tests/server -p no:cacheprovider "$@"
