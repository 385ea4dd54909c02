"""Checks of the Containerfile and of graceful shutdown (no image build: no registry here)."""

from __future__ import annotations

import re
import time

from conftest import SERVICE_DIR

from analyzer.app import AnalyzerApp
from analyzer.config import load_config
from analyzer.payload import parse_payload


def test_containerfile_structure():
    text = (SERVICE_DIR / "Containerfile").read_text()
    assert "ARG BASE_IMAGE=docker.io/library/python:3.11-slim" in text
    froms = re.findall(r"^FROM (.+)$", text, re.M)
    assert froms == ["${BASE_IMAGE} AS builder", "${BASE_IMAGE}"]
    final = text.split("\nFROM ${BASE_IMAGE}\n", 1)[1]
    assert re.search(r"^USER 10001:10001$", final, re.M)
    assert not re.search(r"apt-get install[^\n]*\b(gcc|build-essential|g\+\+)\b", text)
    assert "pip wheel" in text.split("\nFROM ${BASE_IMAGE}\n", 1)[0]
    # Everything the image copies exists, and the runtime files are not ignored.
    for src in ("requirements.txt", "analyzer/", "wsgi.py", "gunicorn.conf.py"):
        assert (SERVICE_DIR / src).exists(), src
    ignored = (SERVICE_DIR / ".containerignore").read_text().split()
    assert not {"analyzer", "wsgi.py", "gunicorn.conf.py", "requirements.txt"} & set(ignored)


class _SlowProcessor:
    def __init__(self):
        self.done = []

    def process(self, alert):
        time.sleep(0.2)
        self.done.append(alert.fingerprint)


def test_shutdown_drains_queue_and_refuses_new_work():
    cfg = load_config(
        {
            "ANALYZER_WEBHOOK_TOKEN": "0123456789abcdef-token",
            "LOKI_URL": "http://127.0.0.1:1",
            "LLM_BASE_URL": "http://127.0.0.1:2/v1",
            "LLM_MODEL": "m",
            "SNS_TOPIC_ARN": "arn:aws:sns:eu-west-1:123456789012:alerts",
            "WORKER_THREADS": "1",
        }
    )
    proc = _SlowProcessor()
    app = AnalyzerApp(cfg, processor=proc)
    alerts = parse_payload({"alerts": [
        {"labels": {"alertname": "S", "i": str(i)}, "startsAt": "2026-01-15T10:00:00Z",
         "fingerprint": f"s{i}"} for i in range(3)]})  # fmt: skip
    for a in alerts:
        app.queue.put(a)
    assert app.shutdown(timeout=5) is True
    assert proc.done == ["s0", "s1", "s2"]
    assert app._webhook({"HTTP_AUTHORIZATION": "Bearer 0123456789abcdef-token"})[0] == 503
    time.sleep(0.1)
    assert not any(t.is_alive() for t in app._workers)
