#!/usr/bin/env bash
# Builds the WebAssembly package (wasm/build.sh), type-checks a TypeScript client against the hand-written
# index.d.ts (typescript from npm into build-wasm/tsc, cached), and runs the node tests (node --test, node >= 20).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-$(pwd)/build-wasm}
bash wasm/build.sh
if [ ! -x "$build/tsc/node_modules/.bin/tsc" ]; then
  mkdir -p "$build/tsc"
  (cd "$build/tsc" && npm install --silent --no-audit --no-fund --no-save --prefix . typescript@5.9.3 >/dev/null)
fi
"$build/tsc/node_modules/.bin/tsc" -p wasm/test/types/tsconfig.json
echo "index.d.ts: wasm/test/types/usage.ts type-checks (tsc --strict)"
node --test wasm/test/*.test.mjs
# The package as a consumer gets it: npm pack, install the tarball into a scratch project, import by name.
consumer="$build/consumer"
rm -rf "$consumer" && mkdir -p "$consumer"
tarball=$(cd wasm/package && npm pack --silent --pack-destination "$consumer" 2>/dev/null | tail -1)
(cd "$consumer" && echo '{"private": true, "type": "module"}' >package.json &&
  npm install --silent --no-audit --no-fund --offline "./$tarball" >/dev/null)
cp wasm/consumer.mjs "$consumer/" && node "$consumer/consumer.mjs"
