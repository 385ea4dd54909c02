#!/usr/bin/env bash
# Builds the Python package `pawnotes` into a venv exactly as a user would (`pip install .` from the
# repository root) and runs its pytest suite (tests/python). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/python_env.sh ".[test]"
# From the repository root, `import pawnotes` must find the installed package (with its native module),
# never the source folder bindings/python/pawnotes.
exec "$py" -m pytest tests/python -p no:cacheprovider "$@"
