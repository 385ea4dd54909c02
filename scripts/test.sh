#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine and runs every test suite of pawnotes:
#   core      clang-format check, Release-with-debug-info build, -Werror, all ctest suites (unit, vectors,
#             crash, CLI, consumers)
#   asan      the same tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   fuzz      libFuzzer over JSON decoding + validation for a bounded time (FUZZ_SECONDS, default 60)
#   python    the Python package: pip install . into a venv, then pytest tests/python (incl. the vectors), then
#             the release wheel repaired by auditwheel and used from a fresh venv (scripts/check_wheel.sh)
#   server    the REST server: the same venv, then pytest tests/server (real server processes on 127.0.0.1)
#   wasm      the WebAssembly package: Emscripten build (wasm/build.sh), then node --test wasm/test
#   web       the web app (examples/web): Vitest unit tests, then end to end in Chromium against a real server
#   bench     the core benchmarks in quick mode (proves they build and run; figures: bench/run.sh)
#   analyzer  deploy/alert-analyzer (its own pytest suite, incl. the Prometheus/Alertmanager end-to-end test)
#   postgres  the core's ctest suite and the server's pytest suite again on a real PostgreSQL 15 on 127.0.0.1
#             (multi-replica tests, restart -> 503 and recovery, migrate-to-postgres): scripts/test_postgres.sh
#   chart     the Helm chart offline: helm lint + template per profile, Kubernetes schemas, the policy test
#             (hardening, probes, zero-trust network policies): deploy/helm/test.sh
#   images    the api and web container images: built with podman from a local Debian base
#             (deploy/images/build.sh), then run on 127.0.0.1 read-only and non-root as the chart runs them:
#             /readyz, login + owner search, healthcheck, no compilers, refusals of a bad configuration; the
#             web app, SPA fallback, security headers, 404s: deploy/images/test.sh
#   monitoring  promtool rule checks + a unit test for every alert, amtool, dashboard checks, and a live
#             server -> Prometheus -> Alertmanager -> webhook check on loopback: deploy/monitoring/test.sh
#   aws       the CDK app (tsc, assertions, cdk-nag, synth, cfn-lint), actionlint on .github/workflows, the
#             deployment guide's doc test: deploy/aws/test.sh
#   k8s       the chart installed into a REAL kube-apiserver + etcd on 127.0.0.1 (built from k8s.io/kubernetes at
#             a pinned release): server-side validation and admission, install/upgrade/rollback/uninstall per
#             profile, negative checks: deploy/k8s/test.sh. When other suites run too, the Kubernetes build
#             starts in the background at nice 19 right away, on the CPU the single-threaded suites leave idle.
#   standalone  a clone of HEAD with no sibling folders: no path outside the repository, run.sh serves the
#             PetClinic data and the web app, test.sh core python pass there: scripts/test_standalone.sh
#             (by name only, not in the default run: it rebuilds the core, Python, WASM and web app in the
#             clone, about 5 minutes warm and 17 cold here, to prove path independence that the suites
#             above already exercise from this checkout; ci.yml runs it as its own job)
# Usage: ./scripts/test.sh [suite...]   (default: all but standalone, in that order). Exit code: non-zero
# if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(core asan fuzz python server wasm web bench analyzer postgres chart images monitoring aws k8s)

bash scripts/setup.sh || exit 1

# ccache for every C/C++ build below (CMake reads the launchers from the environment on first configure):
# the core, Python, PostgreSQL and standalone builds share objects. BASEDIR makes the keys independent of
# the checkout's location.
if command -v ccache >/dev/null 2>&1; then
  export CMAKE_C_COMPILER_LAUNCHER=${CMAKE_C_COMPILER_LAUNCHER:-ccache}
  export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
fi

jobs=$(nproc)
failed=()
passed=()

run_suite() {
  local name=$1
  echo
  echo "==================== $name ===================="
  local start=$SECONDS
  if "suite_$name"; then
    passed+=("$name")
    echo "---- $name passed in $((SECONDS - start)) s"
  else
    failed+=("$name")
    echo "---- $name FAILED in $((SECONDS - start)) s"
  fi
}

suite_core() {
  # Formatting first: cheap, and a diff here means the tree is not what clang-format makes of it.
  git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror &&
    scripts/build.sh build -DPAWNOTES_BUILD_TESTS=ON -DPAWNOTES_BUILD_EXAMPLES=ON &&
    (cd build && ctest -j"$jobs" --output-on-failure --timeout 600)
}

suite_asan() {
  # Debug keeps the stacks readable; the consumer projects are covered by the core suite.
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPAWNOTES_SANITIZE=ON \
    -DPAWNOTES_BUILD_EXAMPLES=ON >/dev/null &&
    cmake --build build-asan -j"$jobs" &&
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest -j"$jobs" --output-on-failure --timeout 900 -E '^consumer_')
}

suite_fuzz() { bash tests/fuzz/run_fuzz.sh "${FUZZ_SECONDS:-60}"; }

suite_python() { bash scripts/test_python.sh; }

suite_server() { bash scripts/test_server.sh; }

suite_wasm() { bash wasm/test.sh; }

suite_web() { bash scripts/test_web.sh; }

suite_bench() { bash bench/run.sh --quick && bash bench/http/run.sh --quick; }

suite_analyzer() { bash deploy/alert-analyzer/test.sh; }

suite_postgres() { bash scripts/test_postgres.sh; }

suite_chart() { bash deploy/helm/test.sh; }

suite_images() { bash deploy/images/test.sh; }

suite_monitoring() { bash deploy/monitoring/test.sh; }

suite_aws() { bash deploy/aws/test.sh; }

suite_k8s() {
  if [ -n "${k8s_build_pid:-}" ]; then
    echo "k8s: waiting for the background Kubernetes build (log: $k8s_build_log)"
    wait "$k8s_build_pid" || { tail -n 30 "$k8s_build_log"; return 1; }
    tail -n 1 "$k8s_build_log"
  fi
  bash deploy/k8s/test.sh
}

suite_standalone() { bash scripts/test_standalone.sh; }

# Every name is checked before anything runs, so a typo does not cost a whole run.
for s in "${suites[@]}"; do
  if ! declare -F "suite_$s" >/dev/null; then
    echo "unknown suite '$s' (known: core asan fuzz python server wasm web bench analyzer postgres chart images monitoring aws k8s standalone)" >&2
    exit 2
  fi
done

# The Kubernetes build (kube-apiserver + kubectl from the Go proxy, ~8 CPU-minutes) overlaps the suites
# before k8s; build_k8s.sh returns at once when the binaries of its pinned version are cached.
k8s_build_pid=""
if [ ${#suites[@]} -gt 1 ] && [[ " ${suites[*]} " == *" k8s "* ]]; then
  k8s_build_log=$(mktemp /tmp/pawnotes-k8s-build.XXXXXX.log)
  nice -n 19 bash deploy/k8s/build_k8s.sh kube-apiserver kubectl >"$k8s_build_log" 2>&1 &
  k8s_build_pid=$!
fi

for s in "${suites[@]}"; do
  run_suite "$s"
done

echo
echo "==================== summary ===================="
echo "suites passed: ${passed[*]:-none}"
echo "suites failed: ${failed[*]:-none}"
echo "${#passed[@]} passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
