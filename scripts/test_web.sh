#!/usr/bin/env bash
# The web app's tests (examples/web): Vitest unit tests (`ng test`, jsdom, the real WASM core) and the
# end-to-end suite (examples/web/e2e: Debian's Chromium driven by playwright-core against a real
# `pawnotes-server --demo` on 127.0.0.1 serving the built app). Installs what is missing: nodejs, npm and
# chromium (apt), the server's venv (scripts/python_env.sh), the WASM package (wasm/build.sh), the app's npm
# dependencies and build (examples/web/build.sh). Screenshots: examples/web/e2e/artifacts/.
# Ends with "N passed, M failed" (tests); exit code non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test_web.sh: installing ${missing[*]} (apt)"
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null || exit 1
fi

# Debian 12's node is 18: scripts/setup.sh (run first by scripts/test.sh) puts node 20 on PATH.
if ! bash scripts/node_is_new_enough.sh; then
  bash scripts/setup.sh || exit 1
fi

if [ -z "${PAWNOTES_SERVER:-}" ] && [ ! -x build-python/venv/bin/pawnotes-server ]; then
  echo "test_web.sh: installing the server (scripts/python_env.sh)"
  # shellcheck source=scripts/python_env.sh
  source scripts/python_env.sh . || exit 1
fi

[ -f wasm/package/dist/pawnotes_core.wasm ] || bash wasm/build.sh || exit 1
# playwright-core is an npm devDependency: never let it download a browser (Debian's chromium is used).
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NG_CLI_ANALYTICS=false
bash examples/web/build.sh || exit 1

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "==== unit tests (ng test, Vitest + jsdom)"
(cd examples/web && NO_COLOR=1 FORCE_COLOR=0 timeout 900 npx ng test --watch=false) 2>&1 | tee "$log"
unit_status=${PIPESTATUS[0]}
# Vitest's summary: "Tests  2 failed | 40 passed (42)" or "Tests  42 passed (42)".
summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^\s*Tests\s' | tail -1)
unit_passed=$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || true)
unit_failed=$(grep -oE '[0-9]+ failed' <<<"$summary" | grep -oE '[0-9]+' || true)
unit_passed=${unit_passed:-0}
unit_failed=${unit_failed:-0}
# A build error or crash reports no test at all: count it as one failure.
if [ "$unit_status" -ne 0 ] && [ "$unit_failed" -eq 0 ]; then unit_failed=1; fi
passed=$((passed + unit_passed))
failed=$((failed + unit_failed))

echo "==== end to end (Chromium + playwright-core, real pawnotes-server)"
NO_COLOR=1 timeout 900 node --test --test-reporter=tap --test-timeout=300000 examples/web/e2e/*.e2e.mjs 2>&1 | tee "$log"
e2e_status=${PIPESTATUS[0]}
e2e_passed=$(grep -E '^# pass [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
e2e_failed=$(grep -E '^# fail [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || true)
e2e_passed=${e2e_passed:-0}
e2e_failed=${e2e_failed:-0}
if [ "$e2e_status" -ne 0 ] && [ "$e2e_failed" -eq 0 ]; then e2e_failed=1; fi
passed=$((passed + e2e_passed))
failed=$((failed + e2e_failed))

echo
echo "web: unit ${unit_passed} passed, ${unit_failed} failed; e2e ${e2e_passed} passed, ${e2e_failed} failed"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
