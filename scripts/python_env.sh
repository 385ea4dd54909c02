# Sourced by the scripts that need the Python package: installs pawnotes (core + server) into the
# virtualenv build-python/venv exactly as a user would (`pip install .` from the repository root) and sets
# $py to its interpreter. The CMake build directory is kept (build-python/cmake), so a second install only
# rebuilds what changed; CMAKE_BUILD_PARALLEL_LEVEL sets the build jobs (default: all cores).
# Usage: source scripts/python_env.sh [pip requirement, default "."]   (e.g. ".[test]")
venv=build-python/venv
[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
py="$venv/bin/python"
# The build requirements go into the venv and the build runs without an isolated environment, so the kept
# CMake cache always points at the same pybind11.
"$py" -m pip install -q --disable-pip-version-check "scikit-build-core>=0.10" "pybind11>=2.10"
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
"$py" -m pip install -q --disable-pip-version-check --no-build-isolation \
  --config-settings=build-dir=build-python/cmake "${1:-.}"
