"""Offline checks that the pieces of deploy/monitoring agree with each other and with the shared
contracts (chart labels, the API's port and metrics path, the alert analyzer's webhook)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parents[1]
REPO = HERE.parents[1]


def load(name: str):
    return yaml.safe_load((HERE / name).read_text())


def rules() -> list:
    return [r for g in load("rules/pawnotes.rules.yaml")["groups"] for r in g["rules"]]


def test_servicemonitor_selects_the_api_service_and_sets_the_rules_job():
    sm = load("servicemonitor.yaml")
    assert sm["kind"] == "ServiceMonitor" and sm["apiVersion"] == "monitoring.coreos.com/v1"
    assert sm["spec"]["selector"]["matchLabels"] == {
        "app.kubernetes.io/name": "pawnotes",
        "app.kubernetes.io/component": "api",
    }
    [endpoint] = sm["spec"]["endpoints"]
    assert endpoint["port"] == "http" and endpoint["path"] == "/metrics"
    job = [r["replacement"] for r in endpoint["relabelings"] if r.get("targetLabel") == "job"]
    assert job == ["pawnotes-api"]
    # Every rule that reads the API's own metrics selects that job.
    for rule in rules():
        if "pawnotes_" in rule["expr"] or "up{" in rule["expr"]:
            assert 'job="pawnotes-api"' in rule["expr"], rule["alert"]


def test_alertmanager_sends_to_the_analyzer_webhook_with_a_mounted_token():
    values = load("kube-prometheus-stack.values.yaml")
    config = values["alertmanager"]["config"]
    [analyzer] = [r for r in config["receivers"] if r["name"] == "alert-analyzer"]
    [hook] = analyzer["webhook_configs"]
    # Service <release>-pawnotes-alert-analyzer in the app namespace, port http (80), the analyzer's route.
    assert re.fullmatch(
        r"http://[a-z0-9-]+-pawnotes-alert-analyzer\.[a-z0-9-]+\.svc\.cluster\.local:80/webhook", hook["url"]
    )
    analyzer_app = (REPO / "deploy" / "alert-analyzer" / "analyzer" / "app.py").read_text()
    assert '"/webhook"' in analyzer_app  # the path the analyzer serves
    assert hook["send_resolved"] is True
    auth = hook["http_config"]["authorization"]
    assert auth["type"] == "Bearer"
    secret_dirs = {
        f"/etc/alertmanager/secrets/{name}/" for name in values["alertmanager"]["alertmanagerSpec"]["secrets"]
    }
    assert any(auth["credentials_file"].startswith(d) for d in secret_dirs), auth["credentials_file"]
    # Watchdog and InfoInhibitor go nowhere; no receiver other than the analyzer has a target.
    [null_route] = [r for r in config["route"]["routes"] if r["receiver"] == "null"]
    assert null_route["matchers"] == ['alertname =~ "Watchdog|InfoInhibitor"']
    assert config["route"]["routes"][0] is null_route  # first, so nothing before it catches Watchdog
    assert [r for r in config["receivers"] if r["name"] == "null"] == [{"name": "null"}]


def test_grafana_loads_the_dashboard_configmap_and_has_loki():
    values = load("kube-prometheus-stack.values.yaml")["grafana"]
    cm = load("grafana-dashboard.configmap.yaml")
    sidecar = values["sidecar"]["dashboards"]
    assert sidecar["enabled"] is True
    assert cm["metadata"]["labels"][sidecar["label"]] == sidecar["labelValue"]
    assert sidecar["folderAnnotation"] in cm["metadata"]["annotations"]
    [loki] = [d for d in values["additionalDataSources"] if d["type"] == "loki"]
    loki_values = load("loki.values.yaml")
    assert loki_values["deploymentMode"] == "SingleBinary" and loki_values["loki"]["storage"]["type"] == "filesystem"
    assert loki["url"] == "http://loki-gateway.monitoring.svc.cluster.local"
    alloy = load("alloy.values.yaml")["alloy"]["configMap"]["content"]
    assert 'url = "http://loki-gateway.monitoring.svc.cluster.local/loki/api/v1/push"' in alloy
    # The labels the alert analyzer builds its Loki selector from.
    for label in ("namespace", "pod", "container", "app", "job"):
        assert f'target_label  = "{label}"' in alloy, label


def test_prometheus_picks_up_rules_and_monitors_of_every_namespace():
    spec = load("kube-prometheus-stack.values.yaml")["prometheus"]["prometheusSpec"]
    for kind in ("serviceMonitor", "podMonitor", "probe", "rule"):
        assert spec[f"{kind}SelectorNilUsesHelmValues"] is False
        assert spec[f"{kind}NamespaceSelector"] == {}
    assert spec["retention"] and spec["resources"]["limits"]["memory"]


def test_blackbox_probe_job_matches_the_edge_rules():
    probe = load("probe.yaml")
    job = probe["spec"]["jobName"]
    edge = [r for r in rules() if "probe_" in r["expr"]]
    assert edge and all(f'job="{job}"' in r["expr"] for r in edge)


def test_cloudwatch_exporter_exports_what_the_alb_rule_reads():
    config = yaml.safe_load(load("cloudwatch-exporter.values.yaml")["config"])
    exported = set()
    for m in config["metrics"]:
        # the exporter's naming: aws_<namespace>_<metric>_<statistic>, snake case as its toSnakeCase
        # does it (an underscore between a lower-case letter or digit and an upper-case letter)
        name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", m["aws_metric_name"]).lower()
        for stat in m["aws_statistics"]:
            exported.add(f"aws_{m['aws_namespace'].split('/')[1].lower()}_{name}_{stat.lower()}")
    [alb] = [r for r in rules() if r["alert"] == "PawnotesAlbHigh5xxRatio"]
    used = set(re.findall(r"aws_[a-z0-9_]+", alb["expr"]))
    assert used and used <= exported, used - exported
