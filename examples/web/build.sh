#!/usr/bin/env bash
# Builds the web app into examples/web/dist/pawnotes-web/browser (served by pawnotes-server at /).
# Builds the WASM core (wasm/build.sh, ~2 min the first time) when wasm/package/dist is missing, installs the
# npm dependencies (`npm ci`) when node_modules is missing or older than package-lock.json, then `ng build`.
# Needs node >= 20.19 (Angular 21). Env: SKIP_NPM_CI=1 to never run npm ci.
set -euo pipefail
cd "$(dirname "$0")"
web=$(pwd)
root=$(cd ../.. && pwd)

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "web/build.sh: node and npm are needed (scripts/setup.sh installs them)" >&2
  exit 1
fi
if ! bash "$root/scripts/node_is_new_enough.sh"; then
  echo "web/build.sh: node $(node --version) is too old for Angular 21 (needs >= 20.19)" >&2
  exit 1
fi

if [ ! -f "$root/wasm/package/dist/pawnotes_core.wasm" ] || [ ! -f "$root/wasm/package/dist/pawnotes_core.mjs" ]; then
  echo "web/build.sh: building the WASM core (wasm/build.sh)"
  bash "$root/wasm/build.sh"
fi

export NG_CLI_ANALYTICS=false
if [ "${SKIP_NPM_CI:-0}" != 1 ] && { [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  echo "web/build.sh: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "web/build.sh: ng build"
npx ng build
echo "web/build.sh: built $web/dist/pawnotes-web/browser"
