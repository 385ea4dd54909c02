"""The chart suite's policy test: for every values profile, the objects `helm template` renders satisfy the
hardening, probe/resource, zero-trust network and topology rules of policy.py; and the checks do catch a
values override that breaks them (each negative case below must produce a violation)."""

from __future__ import annotations

from typing import Any, Dict

import pytest

from conftest import render, rendered_profile
from policy import (
    hardening_violations,
    network_policy_violations,
    probe_and_resource_violations,
    topology_violations,
)

# What each profile deploys, as network_policy_violations needs it (mirrors profiles/*.yaml).
PROFILE_FACTS: Dict[str, Dict[str, Any]] = {
    "sqlite": {"engine": "sqlite"},
    "postgres": {"engine": "postgresql", "in_cluster_pg": True},
    "production": {
        "engine": "postgresql",
        "in_cluster_pg": False,
        "pg_cidrs": ["10.0.64.0/20", "10.0.80.0/20"],
        "pg_port": 5432,
    },
}


def test_every_container_is_hardened(profile, docs):
    assert hardening_violations(docs) == []


def test_every_workload_has_probes_and_resources(profile, docs):
    assert probe_and_resource_violations(docs) == []


def test_network_policies_are_zero_trust(profile, docs):
    assert network_policy_violations(docs, PROFILE_FACTS[profile]) == []


def test_topology_follows_the_engine(profile, docs):
    assert topology_violations(docs, PROFILE_FACTS[profile]["engine"]) == []


def test_hpa_only_on_postgresql_and_statefulset_api_only_on_sqlite():
    kinds = {p: [d["kind"] for d in rendered_profile(p)] for p in PROFILE_FACTS}
    assert "HorizontalPodAutoscaler" not in kinds["sqlite"]
    assert "HorizontalPodAutoscaler" in kinds["postgres"]
    assert "HorizontalPodAutoscaler" in kinds["production"]
    assert "StatefulSet" in kinds["sqlite"]


@pytest.mark.parametrize(
    "override",
    [
        "containerSecurityContext.readOnlyRootFilesystem=false",
        "containerSecurityContext.allowPrivilegeEscalation=true",
        "containerSecurityContext.runAsNonRoot=false",
        "containerSecurityContext.capabilities.drop=null",
    ],
)
def test_a_weakened_security_context_is_caught(override):
    rendered = render("sqlite", override)
    if rendered.returncode != 0:
        # The values schema refusing the override is as good as the policy catching it.
        assert "values" in rendered.stderr.lower() or "schema" in rendered.stderr.lower(), rendered.stderr
        return
    assert hardening_violations(rendered.docs) != []


def test_a_bad_values_file_is_rejected_by_the_schema():
    rendered = render("sqlite", "database.engine=mysql")
    assert rendered.returncode != 0
    assert "engine" in rendered.stderr


def test_an_unknown_values_key_is_rejected_by_the_schema():
    rendered = render("sqlite", "api.bogus=1")
    assert rendered.returncode != 0


def _rules_jobs() -> set:
    """Every job="..." the alert rules select on (deploy/monitoring/rules/pawnotes.rules.yaml)."""
    import re

    from conftest import ROOT

    text = (ROOT / "deploy" / "monitoring" / "rules" / "pawnotes.rules.yaml").read_text()
    return set(re.findall(r'job="([^"]+)"', text))


def test_the_service_monitor_sets_the_job_the_alert_rules_select():
    # Prometheus Operator names the job after the Service unless a relabeling sets it: the rules and the
    # dashboard select job="pawnotes-api", so the chart's ServiceMonitor must produce exactly that job.
    jobs = _rules_jobs()
    assert "pawnotes-api" in jobs and jobs <= {"pawnotes-api", "pawnotes-blackbox"}, jobs
    docs = render("production").docs
    (sm,) = [d for d in docs if d["kind"] == "ServiceMonitor"]
    assert "jobLabel" not in sm["spec"], "jobLabel would name the job after a Service label"
    (endpoint,) = sm["spec"]["endpoints"]
    job_rules = [r for r in endpoint.get("relabelings", []) if r.get("targetLabel") == "job"]
    assert job_rules == [{"action": "replace", "targetLabel": "job", "replacement": "pawnotes-api"}], job_rules
