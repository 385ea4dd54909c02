"""The Loki client against the fake Loki server (timeouts, 4xx not retried), and the
alert-selection switches of the webhook."""

from __future__ import annotations

import io
import json

import pytest

from analyzer.app import AnalyzerApp
from analyzer.config import load_config
from analyzer.loki import LokiClient, LokiError
from analyzer.metrics import Metrics
from analyzer.payload import parse_payload

TOKEN = "0123456789abcdef-token"


def _cfg(**extra):
    env = {
        "ANALYZER_WEBHOOK_TOKEN": TOKEN,
        "LOKI_URL": "http://127.0.0.1:1",
        "LLM_BASE_URL": "http://127.0.0.1:2/v1",
        "LLM_MODEL": "m",
        "SNS_TOPIC_ARN": "arn:aws:sns:eu-west-1:123456789012:alerts",
        "LOKI_RETRY_BACKOFF_SECONDS": "0",
    }
    env.update(extra)
    return load_config(env)


def _alert(pod: str):
    return parse_payload(
        {"alerts": [{"labels": {"alertname": "C", "pod": pod}, "startsAt": "2026-01-15T10:00:00Z"}]}
    )[0]


def test_loki_timeout(fake_loki):
    fake_loki.delay_for['pod="slowloki"'] = 1.5
    metrics = Metrics()
    client = LokiClient(_cfg(LOKI_URL=fake_loki.url, LOKI_TIMEOUT_SECONDS="0.3"), metrics)
    with pytest.raises(LokiError, match="timed out"):
        client.fetch(_alert("slowloki"))
    assert len(fake_loki.requests_matching('pod="slowloki"')) == 1  # timeouts are not retried
    assert metrics.loki_requests.labels(result="timeout")._value.get() == 1


def test_loki_4xx_not_retried(fake_loki):
    fake_loki.status_for['pod="badquery"'] = 400
    metrics = Metrics()
    client = LokiClient(_cfg(LOKI_URL=fake_loki.url, LOKI_RETRIES="3"), metrics)
    with pytest.raises(LokiError, match="HTTP 400"):
        client.fetch(_alert("badquery"))
    assert len(fake_loki.requests_matching('pod="badquery"')) == 1


def test_loki_unreachable():
    metrics = Metrics()
    client = LokiClient(_cfg(LOKI_URL="http://127.0.0.1:9"), metrics)  # discard port: refused
    with pytest.raises(LokiError, match="unreachable"):
        client.fetch(_alert("x"))


class _NoProcessor:
    """Workers are not started: nothing is processed."""


def _post(app, doc):
    body = json.dumps(doc).encode()
    env = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/webhook",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "HTTP_AUTHORIZATION": f"Bearer {TOKEN}",
    }
    out = {}
    data = b"".join(app(env, lambda s, h: out.update(status=int(s.split()[0]))))
    return out["status"], json.loads(data)


def _doc(name, status):
    return {"version": "4", "alerts": [{"labels": {"alertname": name}, "status": status,
            "startsAt": "2026-01-15T10:00:00Z", "fingerprint": f"fp-{name}"}]}  # fmt: skip


def test_skip_switches_are_configurable():
    default = AnalyzerApp(_cfg(), processor=_NoProcessor(), start=False)
    assert _post(default, _doc("R", "resolved"))[1]["skipped"] == 1
    assert _post(default, _doc("Watchdog", "firing"))[1]["skipped"] == 1

    app = AnalyzerApp(
        _cfg(SKIP_RESOLVED="false", SKIP_ALERTNAMES="Heartbeat"),
        processor=_NoProcessor(),
        start=False,
    )
    assert _post(app, _doc("R", "resolved")) == (202, {"queued": 1, "skipped": 0, "duplicates": 0})
    assert _post(app, _doc("Watchdog", "firing"))[0] == 202
    assert _post(app, _doc("Heartbeat", "firing"))[1]["skipped"] == 1
    assert [a.name for a in list(app.queue.queue)] == ["R", "Watchdog"]


def test_concurrent_deliveries_of_one_alert_queue_it_once():
    import threading

    app = AnalyzerApp(_cfg(), processor=_NoProcessor(), start=False)
    barrier = threading.Barrier(16)
    results = []

    def deliver():
        barrier.wait()
        results.append(_post(app, _doc("Race", "firing")))

    threads = [threading.Thread(target=deliver) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert len(results) == 16
    assert sum(body["queued"] for _, body in results) == 1
    assert sum(body["duplicates"] for _, body in results) == 15
    assert app.queue.qsize() == 1
