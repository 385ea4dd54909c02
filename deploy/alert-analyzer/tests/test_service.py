"""The service under gunicorn on 127.0.0.1, with the fake Loki / fake LLM servers and SNS
through moto (real boto3 calls over HTTP). Notifications are read back from an SQS queue
subscribed to the topic."""

from __future__ import annotations

import copy
import subprocess
import sys
import time

import requests
from conftest import (
    LLM_API_KEY,
    LOKI_TOKEN,
    SERVICE_DIR,
    WEBHOOK_TOKEN,
    free_port,
    load_golden,
    service_env,
    wait_until,
)
from fakes import stream

S = 1_000_000_000
T0 = 1768471200  # 2026-01-15T10:00:00Z


def firing(name, labels, starts="2026-01-15T10:00:00Z", fp=None, status="firing"):
    return {
        "receiver": "analyzer",
        "status": status,
        "version": "4",
        "groupKey": f'{{}}:{{alertname="{name}"}}',
        "externalURL": "http://am:9093",
        "alerts": [
            {
                "status": status,
                "labels": {"alertname": name, **labels},
                "annotations": {"summary": f"{name} is firing", "runbook_url": "https://rb/x"},
                "startsAt": starts,
                "endsAt": "0001-01-01T00:00:00Z",
                "generatorURL": "http://prom:9090/graph",
                "fingerprint": fp or f"fp-{name}",
            }
        ],
    }


# ------------------------------------------------------------------ golden payloads
def test_real_alertmanager_payload(service, fake_loki, fake_llm, inbox):
    doc = load_golden("alertmanager-webhook-v4.json")
    fake_loki.set_streams(
        'namespace="clinic"}',
        [
            stream(
                {"namespace": "clinic", "pod": "api-1"}, [(1795550100 * S, "GET /x 500 upstream")]
            )
        ],
    )
    r = service.post(doc)
    assert r.status_code == 202 and r.json() == {"queued": 1, "skipped": 0, "duplicates": 0}
    [msg] = inbox.wait_for("ApiHighErrorRate")
    # startsAt has 9 fractional digits: 2026-11-24T19:55:09.436452402Z
    starts = 1795550109 * S + 436452402
    [req] = fake_loki.requests_matching('{namespace="clinic"}')
    assert req["params"] == {
        "query": '{namespace="clinic"}',  # no pod/container/app/job: namespace only
        "start": str(starts - 900 * S),
        "end": str(starts + 300 * S),
        "limit": "1000",
        "direction": "forward",
    }
    assert req["headers"]["Authorization"] == f"Bearer {LOKI_TOKEN}"
    assert msg["subject"] == "[FIRING] ApiHighErrorRate (critical) clinic"
    body = msg["message"]
    assert "Summary: Fake analysis of ApiHighErrorRate" in body
    assert "Started: 2026-11-24T19:55:09.436452402Z" in body
    assert "summary: 5xx ratio high" in body
    assert "GET /x 500 upstream" in body
    assert "ANALYSIS INCOMPLETE" not in body
    assert msg["attributes"]["analysis"] == "complete"


def test_group_of_several_alerts_each_handled(service, fake_loki, fake_llm, inbox):
    doc = load_golden("group-of-three.json")
    r = service.post(doc)
    assert r.status_code == 202 and r.json()["queued"] == 3
    msgs = inbox.wait_for("GroupTest", count=3)
    assert len(msgs) == 3
    fps = sorted(m["attributes"]["fingerprint"] for m in msgs)
    assert fps == ["aaaa000000000001", "aaaa000000000002", "aaaa000000000003"]
    for selector in (
        '{namespace="clinic", pod="api-7f9c-x1"}',
        '{namespace="clinic", container="worker"}',  # no pod: container
        '{namespace="clinic", app="scheduler"}',  # no pod, no container: app
    ):
        assert len(fake_loki.requests_matching(selector)) == 1, selector
    assert len(fake_llm.requests_for("GroupTest")) == 3


def test_fractional_seconds_0_3_6_9_and_offset(service, fake_loki, inbox):
    r = service.post(load_golden("fractions.json"))
    assert r.status_code == 202 and r.json()["queued"] == 5
    inbox.wait_for("FractionTest", count=5)
    expected = {
        "frac-0": T0 * S,
        "frac-3": T0 * S + 123_000_000,
        "frac-6": T0 * S + 123_456_000,
        "frac-9": T0 * S + 123_456_789,
        "frac-offset": T0 * S + 500_000_000,
    }
    for pod, ns in expected.items():
        [req] = fake_loki.requests_matching(f'pod="{pod}"')
        assert req["params"]["start"] == str(ns - 900 * S), pod
        assert req["params"]["end"] == str(ns + 300 * S), pod


def test_missing_pod_label_falls_back_to_job(service, fake_loki, inbox):
    assert service.post(load_golden("missing-pod.json")).status_code == 202
    [msg] = inbox.wait_for("MissingPodTest")
    assert fake_loki.requests_matching('{job="node-exporter"}')
    assert 'Query: {job="node-exporter"}' in msg["message"]


def test_no_selectable_label_still_notifies(service, fake_loki, inbox):
    assert service.post(firing("NoLabelsTest", {"severity": "page"})).status_code == 202
    [msg] = inbox.wait_for("NoLabelsTest")
    assert "logs not fetched" in msg["message"]
    assert msg["subject"].startswith("[PARTIAL] [FIRING] NoLabelsTest")


def test_resolved_and_watchdog_skipped(service, inbox, fake_llm):
    before = service.metric("alert_analyzer_alerts_skipped_total", reason="resolved")
    r = service.post(load_golden("resolved.json"))
    assert r.status_code == 200 and r.json() == {"queued": 0, "skipped": 1, "duplicates": 0}
    r = service.post(load_golden("watchdog.json"))
    assert r.status_code == 200 and r.json()["skipped"] == 1
    assert service.metric("alert_analyzer_alerts_skipped_total", reason="resolved") == before + 1
    assert service.metric("alert_analyzer_alerts_skipped_total", reason="ignored_alertname") >= 1
    inbox.assert_none_for("ResolvedTest", 1.5)
    assert inbox.for_alert("Watchdog") == []
    assert fake_llm.requests_for("Watchdog") == []


def test_duplicates_suppressed_until_resolved(service, inbox):
    doc = firing("DupTest", {"namespace": "d", "pod": "dup-0"}, fp="dup000001")
    assert service.post(doc).status_code == 202
    inbox.wait_for("DupTest", 1)
    r = service.post(doc)  # Alertmanager repeat within the cooldown
    assert r.status_code == 200 and r.json()["duplicates"] == 1
    inbox.assert_none_for("DupTest", 1.5, expected=1)
    resolved = copy.deepcopy(doc)
    resolved["status"] = resolved["alerts"][0]["status"] = "resolved"
    assert service.post(resolved).json()["skipped"] == 1
    assert service.post(doc).status_code == 202  # fires again after the resolve
    inbox.wait_for("DupTest", 2)


# ------------------------------------------------------------------ Loki behaviour
def test_empty_loki_result(service, fake_llm, inbox):
    assert service.post(firing("EmptyLogsTest", {"namespace": "e", "pod": "nolog"})).ok
    [msg] = inbox.wait_for("EmptyLogsTest")
    assert "Lines: 0" in msg["message"] and "ANALYSIS INCOMPLETE" not in msg["message"]
    [req] = fake_llm.requests_for("EmptyLogsTest")
    prompt = req["body"]["messages"][1]["content"]
    assert "(no log lines)" in prompt and "Loki returned no log lines" in prompt


def test_loki_500_then_success(service, fake_loki, inbox):
    fake_loki.set_streams('pod="retry-0"', [stream({"pod": "retry-0"}, [(T0 * S, "after retry")])])
    before = service.metric("alert_analyzer_loki_requests_total", result="http_5xx")
    fake_loki.fail_next = 1
    assert service.post(firing("LokiRetryTest", {"namespace": "r", "pod": "retry-0"})).ok
    [msg] = inbox.wait_for("LokiRetryTest")
    assert len(fake_loki.requests_matching('pod="retry-0"')) == 2
    assert "after retry" in msg["message"] and "ANALYSIS INCOMPLETE" not in msg["message"]
    assert service.metric("alert_analyzer_loki_requests_total", result="http_5xx") == before + 1


def test_loki_down_still_notifies(service, fake_loki, fake_llm, inbox):
    fake_loki.fail_next = 3  # 1 try + 2 retries
    assert service.post(firing("LokiDownTest", {"namespace": "r", "pod": "down-0"})).ok
    [msg] = inbox.wait_for("LokiDownTest")
    assert len(fake_loki.requests_matching('pod="down-0"')) == 3
    assert "logs unavailable: Loki answered HTTP 500 after 3 attempts" in msg["message"]
    assert msg["subject"].startswith("[PARTIAL]") and msg["attributes"]["analysis"] == "degraded"
    assert len(fake_llm.requests_for("LokiDownTest")) == 1  # the analysis still ran


def test_lines_merged_in_time_order_and_capped(service, fake_loki, fake_llm, inbox):
    a = [(T0 * S + i * 2, f"stream-a line {i}") for i in range(150)]
    b = [(T0 * S + i * 2 + 1, f"stream-b line {i}") for i in range(150)]
    fake_loki.set_streams(
        'pod="order-0"', [stream({"s": "a"}, a), stream({"s": "b"}, b), stream({"s": "c"}, [])]
    )
    assert service.post(firing("OrderTest", {"namespace": "o", "pod": "order-0"})).ok
    [msg] = inbox.wait_for("OrderTest")
    [req] = fake_llm.requests_for("OrderTest")
    prompt = req["body"]["messages"][1]["content"]
    excerpt = prompt.split("<<<LOGS\n")[1].split("\nLOGS>>>")[0].splitlines()
    assert len(excerpt) == 200  # LOG_MAX_LINES default
    assert excerpt[0].endswith("stream-a line 0") and excerpt[1].endswith("stream-b line 0")
    assert excerpt[2].endswith("stream-a line 1")
    assert "shown of 300 (truncated)" in msg["message"]


def test_huge_log_lines_capped_by_bytes(service, fake_loki, inbox):
    # 2000 lines of 6 KB, shaped to defeat naive regular expressions ("a.a.a..."): the excerpt
    # is capped by bytes and the alert is still handled quickly.
    lines = [(T0 * S + i, f"{i:04d} " + "y" * 1500 + "a." * 2250) for i in range(2000)]
    fake_loki.set_streams('pod="big-0"', [stream({"pod": "big-0"}, lines)])
    started = time.monotonic()
    assert service.post(firing("BigLinesTest", {"namespace": "o", "pod": "big-0"})).ok
    [msg] = inbox.wait_for("BigLinesTest", timeout=15)
    assert time.monotonic() - started < 15
    excerpt = msg["message"].split("\n  ---\n", 1)[1].splitlines()
    # Each line is cut to 2048 bytes + " [line truncated]"; LOG_MAX_BYTES is 32 KiB.
    per_line = 2048 + len(" [line truncated]") + 1
    assert len(excerpt) == 32768 // per_line
    assert excerpt[0].split(" ", 1)[1].startswith("0000 yyyy")
    assert excerpt[-1].endswith(" [line truncated]")
    assert "shown of 2000 (truncated)" in msg["message"]
    assert len(msg["message"].encode()) < 256 * 1024


# ------------------------------------------------------------------ LLM behaviour
def test_llm_timeout_falls_back(service, fake_loki, fake_llm, inbox):
    fake_llm.delay_for["LLMSlowTest"] = 3.0  # > LLM_TIMEOUT_SECONDS=1
    fake_loki.set_streams('pod="slow-0"', [stream({"pod": "slow-0"}, [(T0 * S, "db timeout")])])
    before = service.metric("alert_analyzer_llm_requests_total", result="timeout")
    assert service.post(firing("LLMSlowTest", {"namespace": "s", "pod": "slow-0"})).ok
    [msg] = inbox.wait_for("LLMSlowTest")
    body = msg["message"]
    assert msg["subject"].startswith("[PARTIAL] [FIRING] LLMSlowTest")
    assert "analysis unavailable: the LLM did not answer in time" in body
    assert "Analysis: not available." in body and "db timeout" in body
    assert service.metric("alert_analyzer_llm_requests_total", result="timeout") == before + 1
    assert service.metric("alert_analyzer_notifications_total", outcome="degraded") >= 1


def test_llm_error_status_falls_back(service, fake_llm, inbox):
    fake_llm.status_for["LLMErrorTest"] = 503
    assert service.post(firing("LLMErrorTest", {"namespace": "s", "pod": "err-0"})).ok
    [msg] = inbox.wait_for("LLMErrorTest")
    assert "the LLM endpoint answered HTTP 503" in msg["message"]


def test_llm_request_wire_format(service, fake_llm, inbox):
    assert service.post(firing("WireTest", {"namespace": "w", "pod": "w-0", "severity": "high"})).ok
    inbox.wait_for("WireTest")
    [req] = fake_llm.requests_for("WireTest")
    body = req["body"]
    assert body["model"] == "fake-model" and body["max_tokens"] == 500
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    for key in ('"summary"', '"likely_cause"', '"evidence"', '"next_steps"'):
        assert key in system
    for part in (
        "Alert name: WireTest",
        "Severity: high",
        "pod=w-0",
        "Log window: 2026-01-15T09:45:00Z .. 2026-01-15T10:05:00Z",
        "summary: WireTest is firing",
    ):
        assert part in user
    assert req["headers"]["Authorization"] == f"Bearer {LLM_API_KEY}"


# ------------------------------------------------------------------ SNS behaviour
def test_sns_failure_retried_and_counted(service, sns_proxy, inbox):
    before_fail = service.metric("alert_analyzer_sns_publish_failures_total")
    before_ok = service.metric("alert_analyzer_sns_publish_attempts_total", result="success")
    sns_proxy.fail_next = 2
    assert service.post(firing("SnsRetryTest", {"namespace": "n", "pod": "sns-0"})).ok
    [msg] = inbox.wait_for("SnsRetryTest")
    assert "Fake analysis of SnsRetryTest" in msg["message"]
    assert service.metric("alert_analyzer_sns_publish_failures_total") == before_fail + 2
    assert (
        service.metric("alert_analyzer_sns_publish_attempts_total", result="success")
        == before_ok + 1
    )


def test_sns_permanent_failure_counted_and_retried_next_time(service, sns_proxy, inbox):
    before = service.metric("alert_analyzer_notifications_total", outcome="failed")
    sns_proxy.fail_next = 3  # SNS_MAX_ATTEMPTS=3
    doc = firing("SnsDownTest", {"namespace": "n", "pod": "sns-1"}, fp="snsdown01")
    assert service.post(doc).status_code == 202
    wait_until(
        lambda: (
            service.metric("alert_analyzer_notifications_total", outcome="failed") == before + 1
        ),
        15,
        what="failed notification metric",
    )
    assert sns_proxy.fail_next == 0
    # Not suppressed as a duplicate: Alertmanager's next repeat gets through.
    r = service.post(doc)
    assert r.status_code == 202 and r.json()["queued"] == 1
    inbox.wait_for("SnsDownTest")


# ------------------------------------------------------------------ HTTP surface
def test_auth_failures(service):
    before = service.metric("alert_analyzer_alerts_received_total")
    doc = firing("AuthTest", {"pod": "a"})
    cases = [
        service.post(doc, token=None),
        service.post(doc, token="wrong-token-wrong-token"),
        service.post(doc, token=WEBHOOK_TOKEN + "x"),
        service.post(doc, token=WEBHOOK_TOKEN[:-1]),
        service.post(doc, token=None, headers={"Authorization": f"Basic {WEBHOOK_TOKEN}"}),
        service.post(doc, token=None, headers={"Authorization": "Bearer "}),
    ]
    for r in cases:
        assert r.status_code == 401 and r.json() == {"error": "unauthorized"}
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert service.metric("alert_analyzer_alerts_received_total") == before
    assert service.metric("alert_analyzer_webhook_requests_total", code="401") >= 6


def test_bad_requests_answer_400_without_internals(service):
    r = service.post(b"{not json")
    assert r.status_code == 400 and r.json() == {"error": "invalid JSON"}
    r = service.post(b"[" * 100_000 + b"]" * 100_000)  # too large
    assert r.status_code == 413
    r = service.post(b"[" * 30_000 + b"]" * 30_000)  # deep nesting
    assert r.status_code == 400 and r.json() == {"error": "invalid JSON"}
    r = service.post(b"\xff\xfe")
    assert r.status_code == 400
    for doc in ({"alerts": {}}, {"alerts": [{"labels": {"alertname": "X"}}]}, [1, 2]):
        r = service.post(doc)
        assert r.status_code == 400
        text = r.text
        assert "Traceback" not in text and "File " not in text and ".py" not in text
        assert r.json()["error"].startswith("invalid payload")
    r = requests.get(service.url + "/webhook", timeout=5)
    assert r.status_code == 405
    r = requests.get(service.url + "/nope", timeout=5)
    assert r.status_code == 404


def test_body_size_limit_chunked(service):
    def gen():
        for _ in range(100):
            yield b"x" * 1024

    r = requests.post(
        service.url + "/webhook",
        data=gen(),
        headers={"Authorization": f"Bearer {WEBHOOK_TOKEN}"},
        timeout=10,
    )
    assert r.status_code == 413


def test_healthz_and_metrics(service):
    r = requests.get(service.url + "/healthz", timeout=5)
    assert r.status_code == 200 and r.json()["status"] == "ok"
    text = requests.get(service.url + "/metrics", timeout=5).text
    for name in (
        "alert_analyzer_webhook_requests_total",
        "alert_analyzer_queue_depth",
        "alert_analyzer_sns_publish_failures_total",
        "alert_analyzer_processing_seconds_bucket",
        "process_resident_memory_bytes",
    ):
        assert name in text


def test_webhook_answers_fast(service):
    # The work happens in the background: the webhook only validates and enqueues.
    durations = []
    for i in range(5):
        t = time.monotonic()
        r = service.post(firing(f"FastTest{i}", {"severity": "info"}))
        durations.append(time.monotonic() - t)
        assert r.status_code == 202
    assert max(durations) < 0.5, durations


# ------------------------------------------------------------------ secrets
PLANTED = {
    "db_password": "password=Sup3rS3cretDbPw",
    "aws": "creds AKIAIOSFODNN7EXAMPLE loaded",
    "bearer": "upstream call Authorization: Bearer abc.def-LEAKY-TOKEN-123456",
    "email": "reset mail sent to alice.owner@example.com",
    "own_key": f"echo of our own key {LLM_API_KEY}",
    "pem_begin": "-----BEGIN EC PRIVATE KEY-----",
    "pem_body": "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5TUUVfyh5ug47oAoGCCqGSM49",
    "pem_end": "-----END EC PRIVATE KEY-----",
}
SECRET_VALUES = [
    "Sup3rS3cretDbPw",
    "AKIAIOSFODNN7EXAMPLE",
    "LEAKY-TOKEN-123456",
    "alice.owner@example.com",
    "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5TUUVfyh5ug47oAoGCCqGSM49",
    LLM_API_KEY,
    WEBHOOK_TOKEN,
    LOKI_TOKEN,
]


def test_secrets_never_in_prompt_message_or_logs(service, fake_loki, fake_llm, inbox):
    lines = [(T0 * S + i, line) for i, line in enumerate(PLANTED.values())]
    lines.append((T0 * S + 100, "ordinary line: GET /api/v1/dogs 200"))
    fake_loki.set_streams('pod="leaky-0"', [stream({"pod": "leaky-0"}, lines)])
    doc = firing("SecretsTest", {"namespace": "sec", "pod": "leaky-0"})
    doc["alerts"][0]["annotations"]["description"] = "conn string postgres://u:Sup3rS3cretDbPw@db/x"
    assert service.post(doc).ok
    [msg] = inbox.wait_for("SecretsTest")
    [req] = fake_llm.requests_for("SecretsTest")
    prompt = req["body"]["messages"][1]["content"]
    assert "ordinary line: GET /api/v1/dogs 200" in prompt  # evidence survives
    assert "[REDACTED" in prompt
    for secret in SECRET_VALUES:
        assert secret not in prompt, secret
        assert secret not in msg["message"], secret
        assert secret not in msg["subject"], secret
    time.sleep(0.5)  # let the log line of this notification be flushed
    logs = service.logs()
    assert "notification published" in logs  # the log is really being written
    for secret in SECRET_VALUES:
        assert secret not in logs, secret


# ------------------------------------------------------------------ start-up validation
def test_invalid_configuration_fails_at_start(tmp_path, fake_loki, fake_llm, sns_proxy, inbox):
    port = free_port()
    env = service_env(fake_loki, fake_llm, sns_proxy, inbox, tmp_path, port)
    del env["ANALYZER_WEBHOOK_TOKEN_FILE"]  # fail closed: no token, no service
    env["LLM_MODEL"] = ""
    proc = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=SERVICE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "ANALYZER_WEBHOOK_TOKEN (or ANALYZER_WEBHOOK_TOKEN_FILE) is required" in out
    assert "LLM_MODEL is required" in out
    assert LLM_API_KEY not in out
