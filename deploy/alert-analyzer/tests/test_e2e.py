"""End to end on loopback: Debian's Prometheus (a rule that always fires) -> Debian's
Alertmanager (webhook receiver with a bearer credentials file) -> this service under
gunicorn -> fake Loki / fake LLM -> moto SNS -> SQS, where the message is checked."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
import yaml
from conftest import HERE, WEBHOOK_TOKEN, free_port
from fakes import stream

ALERT = "E2EAlwaysFiring"
PROMETHEUS = shutil.which("prometheus")
ALERTMANAGER = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")
AMTOOL = shutil.which("amtool")
PROMTOOL = shutil.which("promtool")


def _require_binaries():
    missing = [n for n, p in (("prometheus", PROMETHEUS), ("alertmanager", ALERTMANAGER),
                              ("amtool", AMTOOL), ("promtool", PROMTOOL)) if not p]  # fmt: skip
    # Not a skip: test.sh installs these; their absence is a broken environment.
    assert not missing, f"missing binaries {missing}: run deploy/alert-analyzer/test.sh"


def _start(cmd: list[str], log: Path) -> subprocess.Popen:
    with open(log, "wb") as fh:
        return subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def _stop(proc: subprocess.Popen):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture
def monitoring_stack(service, tmp_path):
    _require_binaries()
    am_port, prom_port = free_port(), free_port()
    token_file = tmp_path / "analyzer-token"
    token_file.write_text(WEBHOOK_TOKEN + "\n")
    token_file.chmod(0o600)

    am_cfg = {
        "route": {
            "receiver": "analyzer",
            "group_by": ["alertname", "namespace"],
            "group_wait": "1s",
            "group_interval": "1s",
            "repeat_interval": "1h",
        },
        "receivers": [
            {
                "name": "analyzer",
                "webhook_configs": [
                    {
                        "url": service.url + "/webhook",
                        "send_resolved": True,
                        "http_config": {
                            "authorization": {"type": "Bearer", "credentials_file": str(token_file)}
                        },
                    }
                ],
            }
        ],
    }
    rules = {
        "groups": [
            {
                "name": "e2e",
                "interval": "1s",
                "rules": [
                    {
                        "alert": ALERT,
                        "expr": "vector(1)",
                        "labels": {
                            "severity": "warning",
                            "namespace": "clinic",
                            "pod": "e2e-api-0",
                        },
                        "annotations": {"summary": "end-to-end test alert"},
                    }
                ],
            }
        ]
    }
    prom_cfg = {
        "global": {"scrape_interval": "5s", "evaluation_interval": "1s"},
        "alerting": {
            "alertmanagers": [{"static_configs": [{"targets": [f"127.0.0.1:{am_port}"]}]}]
        },
        "rule_files": [str(tmp_path / "rules.yml")],
    }
    (tmp_path / "alertmanager.yml").write_text(yaml.safe_dump(am_cfg))
    (tmp_path / "rules.yml").write_text(yaml.safe_dump(rules))
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(prom_cfg))
    for cmd in (
        [AMTOOL, "check-config", str(tmp_path / "alertmanager.yml")],
        [PROMTOOL, "check", "config", str(tmp_path / "prometheus.yml")],
    ):
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        assert res.returncode == 0, res.stdout + res.stderr

    am = _start(
        [
            ALERTMANAGER,
            f"--config.file={tmp_path / 'alertmanager.yml'}",
            f"--storage.path={tmp_path / 'am-data'}",
            f"--web.listen-address=127.0.0.1:{am_port}",
            "--cluster.listen-address=",  # no gossip ports
        ],
        tmp_path / "alertmanager.log",
    )
    prom = None
    try:
        prom = _start(
            [
                PROMETHEUS,
                f"--config.file={tmp_path / 'prometheus.yml'}",
                f"--storage.tsdb.path={tmp_path / 'prom-data'}",
                f"--web.listen-address=127.0.0.1:{prom_port}",
                "--rules.alert.resend-delay=1s",
            ],
            tmp_path / "prometheus.log",
        )
        yield {"am": f"http://127.0.0.1:{am_port}", "prom": f"http://127.0.0.1:{prom_port}",
               "dir": tmp_path, "am_proc": am, "prom_proc": prom}  # fmt: skip
    finally:
        if prom is not None:
            _stop(prom)
        _stop(am)


def test_example_alertmanager_config_is_valid(tmp_path):
    _require_binaries()
    cfg = yaml.safe_load((HERE.parent / "examples" / "alertmanager.yml").read_text())
    token = tmp_path / "token"
    token.write_text("x" * 32)
    cfg["receivers"][0]["webhook_configs"][0]["http_config"]["authorization"][
        "credentials_file"
    ] = str(token)
    (tmp_path / "am.yml").write_text(yaml.safe_dump(cfg))
    res = subprocess.run([AMTOOL, "check-config", str(tmp_path / "am.yml")],
                         capture_output=True, text=True, timeout=30)  # fmt: skip
    assert res.returncode == 0, res.stdout + res.stderr


def test_prometheus_alertmanager_to_sns(monitoring_stack, service, fake_loki, fake_llm, inbox):
    now_ns = time.time_ns()
    fake_loki.set_streams(
        'pod="e2e-api-0"',
        [
            stream(
                {"namespace": "clinic", "pod": "e2e-api-0"},
                [(now_ns - 2_000_000_000, "ERROR db pool exhausted password=e2eSecretPw1"),
                 (now_ns - 1_000_000_000, "WARN retrying request to upstream")],
            )
        ],
    )  # fmt: skip
    accepted_before = service.metric("alert_analyzer_webhook_requests_total", code="202")
    try:
        [msg] = inbox.wait_for(ALERT, timeout=90)
    except AssertionError:
        d = monitoring_stack["dir"]
        raise AssertionError(
            "no notification; prometheus log:\n"
            + (d / "prometheus.log").read_text()[-3000:]
            + "\nalertmanager log:\n"
            + (d / "alertmanager.log").read_text()[-3000:]
            + "\nservice log:\n"
            + service.logs()[-3000:]
        ) from None

    # Alertmanager really sent it, authenticated with the credentials file.
    assert service.metric("alert_analyzer_webhook_requests_total", code="202") > accepted_before
    alerts = requests.get(monitoring_stack["am"] + "/api/v2/alerts", timeout=5).json()
    am_alert = next(a for a in alerts if a["labels"]["alertname"] == ALERT)

    assert msg["subject"] == f"[FIRING] {ALERT} (warning) clinic/e2e-api-0"
    body = msg["message"]
    assert f"Summary: Fake analysis of {ALERT}" in body
    assert "summary: end-to-end test alert" in body
    assert "WARN retrying request to upstream" in body
    assert "ERROR db pool exhausted password=[REDACTED]" in body
    assert "e2eSecretPw1" not in body
    assert f"Fingerprint: {am_alert['fingerprint']}" in body

    [loki_req] = fake_loki.requests_matching('pod="e2e-api-0"')
    assert loki_req["params"]["query"] == '{namespace="clinic", pod="e2e-api-0"}'
    assert loki_req["params"]["direction"] == "forward"
    start, end = int(loki_req["params"]["start"]), int(loki_req["params"]["end"])
    assert start < end <= time.time_ns()
    [llm_req] = fake_llm.requests_for(ALERT)
    prompt = llm_req["body"]["messages"][1]["content"]
    assert "e2eSecretPw1" not in prompt and "pod=e2e-api-0" in prompt
