#!/usr/bin/env bash
# Builds the fuzz target with clang (libFuzzer + ASan + UBSan over the whole core) in build-fuzz and runs
# it for N seconds (default 60). Exits non-zero on any crash, leak or sanitizer report.
#   tests/fuzz/run_fuzz.sh [seconds]
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$root/build-fuzz"
jobs="${PAWNOTES_FUZZ_JOBS:-2}"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DPAWNOTES_BUILD_FUZZERS=ON -DPAWNOTES_BUILD_TESTS=OFF -DPAWNOTES_BUILD_EXAMPLES=OFF -DPAWNOTES_INSTALL=OFF >/dev/null
cmake --build "$build" --target pawnotes_fuzz_validate -j "$jobs"

# The seed corpus stays read-only; new inputs go to a scratch corpus in the build directory.
work="$build/fuzz-corpus"
artifacts="$build/fuzz-artifacts"
mkdir -p "$work" "$artifacts"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
"$build/tests/fuzz/pawnotes_fuzz_validate" "$work" "$root/tests/fuzz/corpus" \
  -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=8192 -timeout=10 \
  -artifact_prefix="$artifacts/" -print_final_stats=1
echo "fuzz_validate: no crash in ${seconds}s"
