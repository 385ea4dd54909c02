#!/usr/bin/env bash
# The `chart` suite: deploy/helm/pawnotes offline. For each values profile (sqlite, postgres, production):
# `helm lint --strict` and `helm template`, every rendered object validated against the Kubernetes JSON
# schemas (kubernetes-validate bundles them; the ServiceMonitor custom resource against the schema in
# deploy/helm/tests/schemas/), then the policy test (deploy/helm/tests/test_policy.py: hardening, probes and
# resources, zero-trust network policies, HPA/StatefulSet by engine, and negative cases), and that the values
# table of deploy/helm/pawnotes/README.md is the one values.yaml generates (deploy/helm/values_doc.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

HELM=$(bash scripts/go_tool.sh helm helm.sh/helm/v3/cmd/helm v3.21.4)
export HELM
venv=${PAWNOTES_TOOL_CACHE:-/var/cache/pawnotes}/chart-venv-1
if [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q kubernetes-validate==1.37.0 pytest pyyaml jsonschema
  touch "$venv/.complete"  # only a finished install is reused
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
chart=deploy/helm/pawnotes
for profile in sqlite postgres production; do
  echo "chart: $profile"
  "$HELM" lint --strict "$chart" -f "$chart/profiles/$profile.yaml"
  "$HELM" template rel "$chart" --namespace pawnotes -f "$chart/profiles/$profile.yaml" >"$out/$profile.yaml"
  # --strict: unknown fields are errors. Custom resources (ServiceMonitor) have no bundled schema: it is
  # only a warning there, and the ServiceMonitor is validated against its own schema below.
  "$venv/bin/kubernetes-validate" --strict --kubernetes-version 1.33 "$out/$profile.yaml"
  "$venv/bin/python" - "$out/$profile.yaml" "$root/deploy/helm/tests/schemas" <<'PY'
import json, pathlib, sys, yaml, jsonschema
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
schema_dir = pathlib.Path(sys.argv[2])
for d in docs:
    if d["kind"] == "ServiceMonitor":
        schema = json.loads((schema_dir / "servicemonitor-monitoring.coreos.com-v1.json").read_text())
        jsonschema.validate(d, schema)
        print("chart: ServiceMonitor", d["metadata"]["name"], "valid")
PY
done
python3 deploy/helm/values_doc.py --check
cd deploy/helm/tests && "$venv/bin/python" -m pytest -q -p no:cacheprovider .
