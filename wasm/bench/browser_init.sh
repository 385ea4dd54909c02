#!/usr/bin/env bash
# Measures @pawnotes/core's init time in Chromium (optional: not part of wasm/test.sh). Installs Debian's
# chromium and playwright-core (npm, into build-wasm/browser; no browser download) when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v chromium >/dev/null || apt-get install -y chromium >/dev/null
if [ ! -d build-wasm/browser/node_modules/playwright-core ]; then
  mkdir -p build-wasm/browser
  (cd build-wasm/browser && [ -f package.json ] || echo '{"private": true}' >package.json)
  (cd build-wasm/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --silent --no-audit --no-fund playwright-core@1.65.1)
fi
[ -f wasm/package/dist/pawnotes_core.wasm ] || bash wasm/build.sh
node wasm/bench/browser_init.mjs "${1:-7}"
