#!/usr/bin/env bash
# Builds the Python package `pawnotes` into a venv exactly as a user would (`pip install .` from the
# repository root) and runs its pytest suite (tests/python). Extra arguments go to pytest.
# Then the release wheel: built from the same CMake build directory, repaired by auditwheel and used from a
# fresh venv (scripts/check_wheel.sh), as the release workflow does.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python_env.sh ".[test]"
# From the repository root, `import pawnotes` must find the installed package (with its native module),
# never the source folder bindings/python/pawnotes.
"$py" -m pytest tests/python -p no:cacheprovider "$@"

rm -rf build-python/dist build-python/wheelhouse
"$py" -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation \
  --config-settings=build-dir=build-python/cmake -w build-python/dist .
bash scripts/check_wheel.sh build-python/dist/pawnotes-*.whl build-python/wheelhouse
