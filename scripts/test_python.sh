#!/usr/bin/env bash
# Builds the Python package `pawnotes` into a venv exactly as a user would (`pip install .` from the
# repository root) and runs its pytest suite (tests/python). Extra arguments go to pytest.
# The CMake build directory is kept (build-python/cmake) so a second run only rebuilds what changed;
# CMAKE_BUILD_PARALLEL_LEVEL sets the build jobs (default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=build-python/venv
python=${PYTHON:-python3}
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
py="$venv/bin/python"

# The build requirements are installed into the venv and the build runs without an isolated environment,
# so the kept CMake cache always points at the same pybind11.
"$py" -m pip install -q --disable-pip-version-check "scikit-build-core>=0.10" "pybind11>=2.10"
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
"$py" -m pip install -q --disable-pip-version-check --no-build-isolation \
  --config-settings=build-dir=build-python/cmake ".[test]"

# From the repository root, `import pawnotes` must find the installed package (with its native module),
# never the source folder bindings/python/pawnotes.
exec "$py" -m pytest tests/python -p no:cacheprovider "$@"
