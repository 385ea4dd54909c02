"""A second gunicorn instance with a tiny queue and one worker thread: the webhook answers 503
when the queue is full, and SIGTERM lets the queued alerts be published before exiting."""

from __future__ import annotations

import signal

import pytest
from conftest import free_port, service_env, start_gunicorn, stop_process, wait_until


def _alert(name: str, fp: str) -> dict:
    return {
        "version": "4",
        "status": "firing",
        "alerts": [
            {
                "status": "firing",
                "labels": {"alertname": name, "namespace": "q", "pod": fp},
                "annotations": {},
                "startsAt": "2026-01-15T10:00:00Z",
                "fingerprint": fp,
            }
        ],
    }


@pytest.fixture
def small_service(fake_loki, fake_llm, sns_proxy, inbox, tmp_path):
    port = free_port()
    env = service_env(
        fake_loki, fake_llm, sns_proxy, inbox, tmp_path, port,
        QUEUE_MAX_SIZE="2", WORKER_THREADS="1", LLM_TIMEOUT_SECONDS="10",
        ANALYZER_GRACEFUL_TIMEOUT="20",
    )  # fmt: skip
    svc = start_gunicorn(env, tmp_path / "small.log", port)
    yield svc
    stop_process(svc.proc)


def test_queue_full_503_and_drain_on_sigterm(small_service, fake_llm, inbox):
    name = "QueueFullTest"
    fake_llm.delay_for[name] = 1.5  # each analysis holds the only worker for 1.5 s
    svc = small_service
    assert svc.post(_alert(name, "q0")).status_code == 202
    # q0 is being analysed (the worker took it from the queue) ...
    wait_until(lambda: fake_llm.requests_for(name), 10, what="first LLM request")
    assert svc.post(_alert(name, "q1")).status_code == 202
    assert svc.post(_alert(name, "q2")).status_code == 202
    # ... and q1, q2 fill the queue: the next alert is refused, nothing of it is queued.
    r = svc.post(_alert(name, "q3"))
    assert r.status_code == 503 and r.headers["Retry-After"] == "30"
    assert svc.metric("alert_analyzer_queue_rejected_total") == 1
    assert svc.metric("alert_analyzer_queue_depth") == 2

    # SIGTERM: gunicorn's worker_exit hook lets the queue drain before the process exits.
    svc.proc.send_signal(signal.SIGTERM)
    svc.proc.wait(timeout=30)
    msgs = inbox.wait_for(name, count=3, timeout=5)
    assert sorted(m["attributes"]["fingerprint"] for m in msgs) == ["q0", "q1", "q2"]
