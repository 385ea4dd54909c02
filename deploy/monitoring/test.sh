#!/usr/bin/env bash
# The `monitoring` suite: offline checks of deploy/monitoring and a live Prometheus -> Alertmanager check.
#   0. ruff check / ruff format --check of the Python here
#   1. promtool check rules (the rule file and the generated PrometheusRule) and promtool test rules
#   2. every alert has firing and non-firing unit tests that fail on a mutated rule (check_rule_tests.py)
#   3. generated manifests up to date (generate.py --check); ServiceMonitor, Probe and PrometheusRule
#      decoded strictly into the Prometheus Operator's Go types (crdcheck/, built once into the tool cache)
#   4. amtool check-config on the Alertmanager config of kube-prometheus-stack.values.yaml, and
#      amtool config routes test: every pawnotes alert -> alert-analyzer, Watchdog/InfoInhibitor -> null
#   5. the dashboard: JSON, PromQL, metric names (check_dashboard.py)
#   6. yamllint of every YAML file here
#   7. pytest deploy/monitoring/tests: manifest contracts, then the live check on 127.0.0.1 (real
#      server, Debian Prometheus and Alertmanager, a webhook receiver), bounded to about 90 s
# Runs from anywhere as root on a fresh Debian 12 (installs what it needs); exits non-zero on failure.
# Extra arguments go to pytest.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

step() { printf '\n[monitoring/test.sh] %s\n' "$*" >&2; }

apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    if ! $sudo apt-get install -y --no-install-recommends "$@" </dev/null; then
        $sudo apt-get update </dev/null
        $sudo apt-get install -y --no-install-recommends "$@" </dev/null
    fi
}

# Debian's Prometheus 2.42 (prometheus, promtool), Alertmanager 0.25 (prometheus-alertmanager, amtool),
# yamllint. The live check starts its own instances on free 127.0.0.1 ports.
need=()
{ command -v prometheus && command -v promtool; } >/dev/null || need+=(prometheus)
{ command -v amtool && { command -v prometheus-alertmanager || command -v alertmanager; }; } >/dev/null \
    || need+=(prometheus-alertmanager)
command -v yamllint >/dev/null || need+=(yamllint)
if [ "${#need[@]}" -gt 0 ]; then
    step "installing ${need[*]}"
    apt_install "${need[@]}"
fi

# The pawnotes package (core + REST server) in the shared venv, as the Python and server suites install it:
# the dashboard check reads the server's metric registry and the live check runs the server.
cd "$REPO"
# shellcheck source=../../scripts/python_env.sh
source scripts/python_env.sh ".[test]"
case "$py" in /*) ;; *) py="$REPO/$py" ;; esac
cd "$HERE"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

step "ruff (lint + format) of the Python here"
"$py" -m ruff --version 2>/dev/null | grep -qx "ruff 0.17.5" || "$py" -m pip install -q ruff==0.17.5
"$py" -m ruff check .
"$py" -m ruff format --check .

step "promtool check rules"
promtool check rules rules/pawnotes.rules.yaml
"$py" -c 'import sys, yaml; yaml.safe_dump({"groups": yaml.safe_load(open("prometheusrule.yaml"))["spec"]["groups"]}, open(sys.argv[1], "w"))' \
    "$tmp/prometheusrule.groups.yaml"
promtool check rules "$tmp/prometheusrule.groups.yaml"

step "promtool test rules"
(cd rules && promtool test rules pawnotes.rules.test.yaml)

step "every alert: firing and non-firing tests, each failing on a mutated rule"
"$py" check_rule_tests.py

step "generated manifests (PrometheusRule, dashboard ConfigMap) match their sources"
"$py" generate.py --check

step "ServiceMonitor, Probe, PrometheusRule decoded strictly into the Prometheus Operator's Go types"
# crdcheck/ (pinned by its go.mod/go.sum) is built once per source version into the tool cache.
crd_version="$(cat crdcheck/go.mod crdcheck/go.sum crdcheck/main.go | sha256sum | cut -c1-16)"
crd_dir="${PAWNOTES_TOOL_CACHE:-/var/cache/pawnotes}/crdcheck-$crd_version"
if [ ! -x "$crd_dir/crdcheck" ]; then
    go="$(command -v go || echo /usr/local/go/bin/go)"
    step "building crdcheck into $crd_dir"
    mkdir -p "$crd_dir.tmp"
    (cd crdcheck && CGO_ENABLED=0 "$go" build -trimpath -o "$crd_dir.tmp/crdcheck" .)
    rm -rf "$crd_dir" && mv "$crd_dir.tmp" "$crd_dir"
fi
"$crd_dir/crdcheck" servicemonitor.yaml probe.yaml prometheusrule.yaml

step "amtool check-config (alertmanager.config of kube-prometheus-stack.values.yaml)"
"$py" - "$tmp/alertmanager.yml" <<'PY'
import sys, yaml
values = yaml.safe_load(open("kube-prometheus-stack.values.yaml"))
yaml.safe_dump(values["alertmanager"]["config"], open(sys.argv[1], "w"), sort_keys=False)
PY
amtool check-config "$tmp/alertmanager.yml"

step "amtool config routes test"
routes_test() {  # expected receiver, labels...
    local want=$1
    shift
    local got
    got="$(amtool config routes test --config.file="$tmp/alertmanager.yml" --verify.receivers="$want" "$@" 2>/dev/null)" || {
        echo "FAIL: {$*} routed to '$got', expected '$want'" >&2
        return 1
    }
    printf '  %-60s -> %s\n' "$*" "$got"
}
routes_test "null" alertname=Watchdog severity=none
routes_test "null" alertname=InfoInhibitor severity=none
routes_test "alert-analyzer" alertname=KubePodCrashLooping severity=warning namespace=kube-system
# Every alert of the rule file, with its own labels.
"$py" - >"$tmp/alerts.txt" <<'PY'
import yaml
for g in yaml.safe_load(open("rules/pawnotes.rules.yaml"))["groups"]:
    for r in g["rules"]:
        labels = {"alertname": r["alert"], "namespace": "clinic", **r.get("labels", {})}
        print(" ".join(f"{k}={v}" for k, v in labels.items()))
PY
while read -r -a labels; do
    routes_test "alert-analyzer" "${labels[@]}"
done <"$tmp/alerts.txt"
[ "$(wc -l <"$tmp/alerts.txt")" -ge 14 ]

step "dashboard JSON: structure, PromQL, metric names"
"$py" check_dashboard.py

step "yamllint"
yamllint --strict -c .yamllint.yaml .

step "pytest: manifest contracts, live Prometheus -> Alertmanager check"
cd "$REPO"
exec "$py" -m pytest -p no:cacheprovider deploy/monitoring/tests -v "$@"
