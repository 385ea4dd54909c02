#!/usr/bin/env bash
# Web app figures: gzipped sizes of the core's .wasm and of the initial JS bundle (budget 500 KB), and the
# time to interactive of the owner list (median of N cold loads in Chromium against a real
# pawnotes-server --demo on 127.0.0.1). Prints a table, writes bench/results/web.json.
# Builds what is missing (server venv, WASM package, the app: examples/web/build.sh).
# Usage: bench/web/run.sh [runs, default 5]
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v chromium >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq chromium >/dev/null; } || {
  echo "bench/web: chromium is needed (apt-get install chromium)" >&2
  exit 1
}
if [ -z "${PAWNOTES_SERVER:-}" ] && [ ! -x build-python/venv/bin/pawnotes-server ]; then
  # shellcheck source=scripts/python_env.sh
  source scripts/python_env.sh .
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NG_CLI_ANALYTICS=false
bash examples/web/build.sh
node bench/web/web_bench.mjs "${1:-5}"
