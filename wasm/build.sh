#!/usr/bin/env bash
# Builds @pawnotes/core: the same core sources (lib/src) as the native build, compiled with Emscripten
# into build-wasm/, then copied into wasm/package/dist/ (pawnotes_core.mjs + pawnotes_core.wasm).
# Installs Debian's emscripten when missing and fetches SQLite/SQLiteCpp sources into build-wasm/_deps
# (cached). Usage: wasm/build.sh [extra cmake -D options]   Env: BUILD_DIR (default build-wasm), JOBS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${BUILD_DIR:-$root/build-wasm}
jobs=${JOBS:-2}

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
if ! command -v emcmake >/dev/null 2>&1; then
  echo "build.sh: installing emscripten (Debian)"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq emscripten >/dev/null
fi
if [ ! -f /usr/include/nlohmann/json.hpp ]; then
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq nlohmann-json3-dev >/dev/null
fi
# Debian's emscripten needs node's modules (acorn, ...) from the system path; its cache is prebuilt.
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
unset EM_CACHE

bash wasm/fetch_deps.sh "$build/_deps"

if [ ! -f "$build/build.ninja" ]; then
  emcmake cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" \
    -DCMAKE_CROSSCOMPILING_EMULATOR=node \
    -DPAWNOTES_BUILD_WASM=ON -DPAWNOTES_BUILD_TESTS=OFF -DPAWNOTES_BUILD_EXAMPLES=OFF -DPAWNOTES_INSTALL=OFF \
    -DPAWNOTES_WASM_DEPS_DIR="$build/_deps" "$@" >/dev/null
fi
cmake --build "$build" -j"$jobs" --target pawnotes_core_wasm
ls -l wasm/package/dist/
