#!/usr/bin/env bash
# Builds the WebAssembly package (wasm/build.sh) and runs its node tests (node --test, node >= 20).
set -euo pipefail
cd "$(dirname "$0")/.."
bash wasm/build.sh
node --test wasm/test/*.test.mjs
