#!/usr/bin/env python3
"""Checks the alert rules against their promtool unit tests (rules/pawnotes.rules.test.yaml):

1. every alert has at least one test case where it fires and one where it does not, and every rule
   has severity (critical|warning), service=pawnotes and the summary/description/runbook annotations;
2. the tests really test the rules (mutations): with an alert's rule removed, its firing cases fail;
   with its expression replaced by one that always fires, its non-firing cases fail.

Usage: check_rule_tests.py [--promtool PATH]. Exits non-zero on any problem.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
RULES = HERE / "rules" / "pawnotes.rules.yaml"
TESTS = HERE / "rules" / "pawnotes.rules.test.yaml"


def alerts(rules: dict) -> dict:
    return {r["alert"]: r for g in rules["groups"] for r in g["rules"] if "alert" in r}


def promtool_test(promtool: str, rules: dict, tests: dict) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "rules.yaml").write_text(yaml.safe_dump(rules))
        tests = dict(tests, rule_files=["rules.yaml"])
        (Path(tmp) / "tests.yaml").write_text(yaml.safe_dump(tests))
        return subprocess.run([promtool, "test", "rules", "tests.yaml"], cwd=tmp, capture_output=True, text=True)


def only(tests: dict, alertname: str, firing: bool) -> dict:
    """The tests reduced to the checks of `alertname` that expect it to fire (or not to)."""
    out = copy.deepcopy(tests)
    kept = []
    for case in out["tests"]:
        checks = [
            c
            for c in case.get("alert_rule_test", [])
            if c["alertname"] == alertname and bool(c.get("exp_alerts")) == firing
        ]
        if checks:
            case["alert_rule_test"] = checks
            case.pop("promql_expr_test", None)
            kept.append(case)
    out["tests"] = kept
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--promtool", default=shutil.which("promtool") or "promtool")
    args = parser.parse_args()
    rules = yaml.safe_load(RULES.read_text())
    tests = yaml.safe_load(TESTS.read_text())
    problems = []

    defined = alerts(rules)
    firing = {name: 0 for name in defined}
    quiet = {name: 0 for name in defined}
    for case in tests["tests"]:
        for check in case.get("alert_rule_test", []):
            name = check["alertname"]
            if name not in defined:
                problems.append(f"test {case['name']!r} checks unknown alert {name}")
                continue
            if check.get("exp_alerts"):
                firing[name] += 1
            else:
                quiet[name] += 1
    for name, rule in defined.items():
        if not firing[name]:
            problems.append(f"{name}: no test case where it fires")
        if not quiet[name]:
            problems.append(f"{name}: no test case where it does not fire")
        labels, annotations = rule.get("labels", {}), rule.get("annotations", {})
        if labels.get("severity") not in ("critical", "warning"):
            problems.append(f"{name}: severity must be critical or warning")
        if labels.get("service") != "pawnotes":
            problems.append(f"{name}: label service=pawnotes missing (the Alertmanager route needs it)")
        for key in ("summary", "description", "runbook"):
            if not str(annotations.get(key, "")).strip():
                problems.append(f"{name}: annotation {key} missing")

    if not problems:
        base = promtool_test(args.promtool, rules, tests)
        if base.returncode != 0:
            problems.append("promtool test rules fails on the unmodified rules:\n" + base.stdout + base.stderr)
    if not problems:
        for name in defined:
            # Mutation 1: the rule is gone -> every case expecting it to fire must fail.
            removed = copy.deepcopy(rules)
            for group in removed["groups"]:
                group["rules"] = [r for r in group["rules"] if r.get("alert") != name]
            if promtool_test(args.promtool, removed, only(tests, name, True)).returncode == 0:
                problems.append(f"{name}: its firing tests pass without the rule")
            # Mutation 2: the rule always fires (same labels and `for`) -> its quiet cases must fail.
            loud = copy.deepcopy(rules)
            for group in loud["groups"]:
                for rule in group["rules"]:
                    if rule.get("alert") == name:
                        rule["expr"] = "vector(1)"
            if promtool_test(args.promtool, loud, only(tests, name, False)).returncode == 0:
                problems.append(f"{name}: its non-firing tests pass with a rule that always fires")

    for p in problems:
        print("FAIL", p, file=sys.stderr)
    if problems:
        return 1
    print(
        f"{len(defined)} alerts, each with firing ({sum(firing.values())} checks) and non-firing "
        f"({sum(quiet.values())} checks) tests; every test fails on its mutated rule"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
