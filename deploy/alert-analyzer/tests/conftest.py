"""Fixtures: fake Loki, fake LLM, moto SNS (+SQS to read messages back), the service under
gunicorn on 127.0.0.1. Every process and server started here is stopped at teardown."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests
from fakes import FailingProxy, FakeLLM, FakeLoki
from prometheus_client.parser import text_string_to_metric_families

HERE = Path(__file__).resolve().parent
SERVICE_DIR = HERE.parent
GOLDEN = HERE / "golden"

WEBHOOK_TOKEN = "whk-test-token-7f3a9c2e5b1d4e6f8a0b"
LLM_API_KEY = "sk-test-llmkey-Q9w8E7r6T5y4U3i2O1p0"
LOKI_TOKEN = "loki-test-token-Zx81Yw72Vu63"
REGION = "us-east-1"

logging.getLogger("werkzeug").setLevel(logging.WARNING)
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", REGION)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def load_golden(name: str) -> dict:
    return json.loads((GOLDEN / name).read_text())


@pytest.fixture(scope="session")
def fake_loki():
    srv = FakeLoki().start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def fake_llm():
    srv = FakeLLM().start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def moto_server():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    wait_until(lambda: _reachable(url + "/moto-api/"), 20, what="moto server")
    yield url
    server.stop()


def _reachable(url: str) -> bool:
    try:
        requests.get(url, timeout=1)
        return True
    except requests.RequestException:
        return False


class SnsInbox:
    """An SQS queue subscribed to the SNS topic; collects published notifications."""

    def __init__(self, endpoint: str):
        self.sns = boto3.client("sns", region_name=REGION, endpoint_url=endpoint)
        self.sqs = boto3.client("sqs", region_name=REGION, endpoint_url=endpoint)
        self.topic_arn = self.sns.create_topic(Name="alert-analysis")["TopicArn"]
        self.queue_url = self.sqs.create_queue(QueueName="alert-analysis-inbox")["QueueUrl"]
        qarn = self.sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        self.sns.subscribe(TopicArn=self.topic_arn, Protocol="sqs", Endpoint=qarn)
        self.messages: list[dict] = []

    def _drain(self):
        resp = self.sqs.receive_message(
            QueueUrl=self.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0
        )
        for m in resp.get("Messages", []):
            envelope = json.loads(m["Body"])
            self.messages.append(
                {
                    "subject": envelope.get("Subject", ""),
                    "message": envelope["Message"],
                    "attributes": {
                        k: v.get("Value") for k, v in envelope.get("MessageAttributes", {}).items()
                    },
                }
            )
            self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=m["ReceiptHandle"])

    def for_alert(self, alertname: str) -> list[dict]:
        return [m for m in self.messages if m["attributes"].get("alertname") == alertname]

    def wait_for(self, alertname: str, count: int = 1, timeout: float = 20.0) -> list[dict]:
        def ready():
            self._drain()
            found = self.for_alert(alertname)
            return found if len(found) >= count else None

        return wait_until(ready, timeout, 0.2, f"{count} SNS message(s) for {alertname}")

    def assert_none_for(self, alertname: str, seconds: float, expected: int = 0):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._drain()
            time.sleep(0.2)
        got = self.for_alert(alertname)
        assert len(got) == expected, f"expected {expected} message(s) for {alertname}, got {got}"


@pytest.fixture(scope="session")
def inbox(moto_server):
    return SnsInbox(moto_server)


@pytest.fixture(scope="session")
def sns_proxy(moto_server):
    srv = FailingProxy(moto_server).start()
    yield srv
    srv.stop()


class Service:
    def __init__(self, proc, url, log_path):
        self.proc, self.url, self.log_path = proc, url, log_path
        self.token = WEBHOOK_TOKEN

    def post(self, payload, token=WEBHOOK_TOKEN, **kw):
        headers = kw.pop("headers", {})
        if token is not None:
            headers.setdefault("Authorization", f"Bearer {token}")
        data = payload if isinstance(payload, bytes | str) else json.dumps(payload)
        headers.setdefault("Content-Type", "application/json")
        return requests.post(self.url + "/webhook", data=data, headers=headers, timeout=10, **kw)

    def metric(self, name: str, **labels) -> float:
        text = requests.get(self.url + "/metrics", timeout=5).text
        total = 0.0
        for fam in text_string_to_metric_families(text):
            for s in fam.samples:
                if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                    total += s.value
        return total

    def logs(self) -> str:
        return Path(self.log_path).read_text(errors="replace")


def service_env(fake_loki, fake_llm, sns_proxy, inbox, tmp_dir: Path, port: int, **extra) -> dict:
    token_file = tmp_dir / "webhook-token"
    token_file.write_text(WEBHOOK_TOKEN + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOKI_", "LLM_", "SNS_"))}
    env.update(
        {
            "ANALYZER_BIND": f"127.0.0.1:{port}",
            "ANALYZER_WEBHOOK_TOKEN_FILE": str(token_file),
            "LOKI_URL": fake_loki.url,
            "LOKI_TOKEN": LOKI_TOKEN,
            "LOKI_RETRIES": "2",
            "LOKI_RETRY_BACKOFF_SECONDS": "0.05",
            "LOKI_TIMEOUT_SECONDS": "3",
            "LLM_BASE_URL": fake_llm.url + "/v1",
            "LLM_API_KEY": LLM_API_KEY,
            "LLM_MODEL": "fake-model",
            "LLM_TIMEOUT_SECONDS": "1",
            "LLM_MAX_TOKENS": "500",
            "SNS_TOPIC_ARN": inbox.topic_arn,
            "SNS_ENDPOINT_URL": sns_proxy.url,
            "SNS_REGION": REGION,
            "SNS_MAX_ATTEMPTS": "3",
            "SNS_BACKOFF_SECONDS": "0.05",
            "DEDUP_COOLDOWN_SECONDS": "300",
            "MAX_BODY_BYTES": "65536",
            "WORKER_THREADS": "2",
            "LOG_LEVEL": "DEBUG",  # prove that even DEBUG logging leaks no secrets
        }
    )
    env.update(extra)
    return env


def start_gunicorn(env: dict, log_path: Path, port: int, timeout: float = 20.0) -> Service:
    logf = open(log_path, "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=SERVICE_DIR,
        env=env,
        stdout=logf,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    logf.close()
    url = f"http://127.0.0.1:{port}"

    def up():
        if proc.poll() is not None:
            raise AssertionError(f"gunicorn exited with {proc.returncode}: {log_path.read_text()}")
        try:
            return requests.get(url + "/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_until(up, timeout, 0.1, "gunicorn /healthz")
    except BaseException:
        stop_process(proc)
        raise
    return Service(proc, url, log_path)


def stop_process(proc: subprocess.Popen, timeout: float = 15.0):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def service(fake_loki, fake_llm, sns_proxy, inbox, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("service")
    port = free_port()
    env = service_env(fake_loki, fake_llm, sns_proxy, inbox, tmp, port)
    svc = start_gunicorn(env, tmp / "service.log", port)
    yield svc
    stop_process(svc.proc)
