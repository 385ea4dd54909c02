#!/usr/bin/env bash
# WebAssembly (node) vs native: the same seeded data and the same owner searches and timeline, run through
# @pawnotes/core in node and through pawnotes::Database natively (both -O2, SQLite :memory:).
# Usage: wasm/bench/run.sh [owners] [notes] [iterations]   (defaults 20000 20000 1000)
# Output: a table on stdout; raw JSON in build-wasm/bench/{native,core-wasm,wasm}.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
owners=${1:-20000}
notes=${2:-20000}
iterations=${3:-1000}
out=$root/build-wasm/bench
native=$root/build-wasm/native
mkdir -p "$out"

bash wasm/build.sh >/dev/null
# Native: the same library sources at the same optimization level as the WASM build.
if [ ! -f "$native/build.ninja" ]; then
  cmake -S "$root" -B "$native" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
    -DPAWNOTES_BUILD_TESTS=OFF -DPAWNOTES_BUILD_EXAMPLES=OFF -DPAWNOTES_INSTALL=OFF >/dev/null
fi
cmake --build "$native" -j"${JOBS:-2}" --target pawnotes_core >/dev/null
g++ -std=c++17 -O2 -DNDEBUG -Wall -Wextra -I"$root/lib/include" wasm/bench/native_bench.cpp \
  "$native/lib/libpawnotes.a" -lSQLiteCpp -lsqlite3 -o "$native/native_bench"

# The same harness compiled to WebAssembly against the WASM build's libraries: the core's own speed in
# WASM, without the JS boundary (node, NODERAWFS to read the data file).
NODE_PATH=${NODE_PATH:-/usr/share/nodejs} em++ -std=c++17 -O2 -DNDEBUG -fexceptions -D_LIBCPP_DISABLE_EXTERN_TEMPLATE -I"$root/lib/include" \
  -I"$root/build-wasm/include" wasm/bench/native_bench.cpp "$root/build-wasm/lib/libpawnotes.a" \
  "$root/build-wasm/libSQLiteCpp.a" "$root/build-wasm/libpawnotes_sqlite3.a" -sNODERAWFS=1 -sENVIRONMENT=node \
  -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1 -o "$out/core_bench_wasm.cjs"

node wasm/bench/data.mjs "$out/data.json" "$owners" "$notes"
"$native/native_bench" "$out/data.json" "$iterations" >"$out/native.json"
node "$out/core_bench_wasm.cjs" "$out/data.json" "$iterations" >"$out/core-wasm.json"
node wasm/bench/bench.mjs "$out/data.json" "$iterations" >"$out/wasm.json"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
node wasm/bench/report.mjs "$out/native.json" "$out/core-wasm.json" "$out/wasm.json" "$root/wasm/package/dist"
