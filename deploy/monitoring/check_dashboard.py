#!/usr/bin/env python3
"""Checks dashboards/pawnotes.json:

1. it is valid JSON with a uid, a title, unique panel ids and panels inside the 24-column grid, every
   panel (rows aside) with at least one query;
2. every query is valid PromQL (Grafana's variables substituted, then `promtool check rules` on a rule
   file of recording rules made from the queries);
3. every metric a query names exists: one the API exports (read from pawnotes_server's Metrics
   registry, so a renamed metric fails here), one the alert rules use (they are unit tested), or one
   of the exporters listed in THIRD_PARTY below.

Run with the Python that has pawnotes_server installed. Exits non-zero on any problem.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

#: Metrics of other exporters the dashboard reads, with where they come from.
THIRD_PARTY = {
    "up": "Prometheus (every scrape target)",
    "container_cpu_usage_seconds_total": "cAdvisor (kubelet, kube-prometheus-stack job kubelet)",
    "container_cpu_cfs_periods_total": "cAdvisor",
    "container_cpu_cfs_throttled_periods_total": "cAdvisor",
    "container_memory_working_set_bytes": "cAdvisor",
    "kube_pod_container_resource_limits": "kube-state-metrics",
    "kube_pod_container_status_restarts_total": "kube-state-metrics",
    "kube_pod_status_ready": "kube-state-metrics",
    "kube_horizontalpodautoscaler_status_current_replicas": "kube-state-metrics",
    "kube_horizontalpodautoscaler_spec_max_replicas": "kube-state-metrics",
    "kubelet_volume_stats_available_bytes": "kubelet",
    "kubelet_volume_stats_capacity_bytes": "kubelet",
    "pg_stat_activity_count": "postgres_exporter (prometheus-community/prometheus-postgres-exporter)",
    "pg_settings_max_connections": "postgres_exporter",
}

KEYWORDS = {
    "and",
    "or",
    "unless",
    "bool",
    "offset",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "inf",
    "nan",
}

VARIABLES = {"$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h", "$namespace": "clinic"}


def exporter_metrics() -> set:
    from pawnotes_server.observability import Metrics

    names = set()
    for family in Metrics().registry.collect():
        if family.type == "counter":
            names |= {family.name + "_total", family.name + "_created"}
        elif family.type == "histogram":
            names |= {family.name + s for s in ("_bucket", "_count", "_sum", "_created")}
        else:
            names.add(family.name)
    return names


def metric_names(expr: str) -> set:
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # string literals
    text = re.sub(r"\{[^}]*\}", "", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", "", text)  # ranges
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", text)
    names = set()
    for m in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        after = text[m.end() :].lstrip()
        if after.startswith("("):
            continue  # a function or aggregation
        if m.group(0).lower() in KEYWORDS:
            continue
        names.add(m.group(0))
    return names


def rule_metrics() -> set:
    rules = yaml.safe_load((HERE / "rules" / "pawnotes.rules.yaml").read_text())
    return {n for g in rules["groups"] for r in g["rules"] for n in metric_names(r["expr"])}


def main() -> int:
    problems = []
    dash = json.loads((HERE / "dashboards" / "pawnotes.json").read_text())
    for key in ("uid", "title", "panels"):
        if not dash.get(key):
            problems.append(f"dashboard has no {key}")
    ids = [p["id"] for p in dash["panels"]]
    if len(ids) != len(set(ids)):
        problems.append("panel ids are not unique")
    exprs = []
    for p in dash["panels"]:
        g = p["gridPos"]
        if g["x"] < 0 or g["w"] <= 0 or g["x"] + g["w"] > 24:
            problems.append(f"panel {p['title']!r} lies outside the 24-column grid")
        if p["type"] == "row":
            continue
        targets = p.get("targets") or []
        if not targets:
            problems.append(f"panel {p['title']!r} has no query")
        for t in targets:
            exprs.append((p["title"], t["expr"]))
    for var in dash.get("templating", {}).get("list", []):
        if var["type"] == "query":
            exprs.append(
                (f"variable {var['name']}", re.sub(r"^label_values\((.*),\s*\w+\)$", r"\1", var["definition"]))
            )

    known = exporter_metrics() | rule_metrics() | set(THIRD_PARTY)
    used = set()
    recording = []
    for i, (title, expr) in enumerate(exprs):
        for var, value in VARIABLES.items():
            expr = expr.replace(var, value)
        if "$" in expr:
            problems.append(f"{title}: unknown Grafana variable in {expr!r}")
        recording.append({"record": f"dashboard:query_{i}", "expr": expr})
        for name in metric_names(expr):
            used.add(name)
            if name not in known:
                problems.append(f"{title}: metric {name} is neither exported by the API, used by the rules, nor listed")

    promtool = shutil.which("promtool") or "promtool"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dashboard.rules.yaml"
        path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": recording}]}))
        res = subprocess.run([promtool, "check", "rules", str(path)], capture_output=True, text=True)
        if res.returncode != 0:
            problems.append("a query is not valid PromQL:\n" + res.stdout + res.stderr)

    for p in problems:
        print("FAIL", p, file=sys.stderr)
    if problems:
        return 1
    api = sorted(n for n in used if n.startswith("pawnotes_"))
    print(f"dashboard: {len(exprs)} queries valid; metrics used: {len(used)} ({', '.join(api)} from the API)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
