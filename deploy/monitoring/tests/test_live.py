"""Live check on loopback: the real REST server -> Debian's Prometheus (scraping /metrics, evaluating
the REAL error-ratio rule of rules/pawnotes.rules.yaml) -> Debian's Alertmanager (configured with the
REAL `alertmanager.config` of kube-prometheus-stack.values.yaml) -> a webhook receiver in this test.

The fault is real: the server's SQLite database file is overwritten with random bytes while the server
runs, so its writes fail in the core (StorageError) and the API answers 503. Nothing is faked.

What the test changes, and only for time (stated here, done in code below):
- the rule's `for: 5m` becomes `for: 0s` and its group is evaluated every second (the expression,
  labels and annotations are the file's, byte for byte);
- Alertmanager's group_wait / group_interval become 1 s; its webhook URL and bearer credentials file
  point at this test's receiver and a temporary token file;
- Prometheus scrapes every second and adds the labels Kubernetes discovery would (namespace, pod).
Everything binds 127.0.0.1 and is stopped in `finally`; every wait shares one budget (BUDGET seconds
from the start of the test), so the check ends within it plus the processes' shutdown.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import yaml

HERE = Path(__file__).resolve().parents[1]
REPO = HERE.parents[1]
RULE = "PawnotesApiHighErrorRatio"
TOKEN = "live-check-token-0123456789abcdef"
BUDGET = 90.0  # seconds for the whole check, from the server's start to the delivered alert
_budget_end = 0.0

# The server tests' helpers (start a real server process on 127.0.0.1 with a prepared database).
_spec = importlib.util.spec_from_file_location("server_fixtures", REPO / "tests" / "server" / "conftest.py")
server_fixtures = importlib.util.module_from_spec(_spec)
sys.modules["server_fixtures"] = server_fixtures  # dataclasses look their module up there
_spec.loader.exec_module(server_fixtures)

PROMETHEUS = shutil.which("prometheus")
ALERTMANAGER = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")
PROMTOOL = shutil.which("promtool")
AMTOOL = shutil.which("amtool")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    """An Alertmanager webhook receiver: records every POST /webhook body with its Authorization."""

    def __init__(self) -> None:
        self.bodies: list = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                with outer.lock:
                    outer.bodies.append(
                        {
                            "path": self.path,
                            "authorization": self.headers.get("Authorization"),
                            "body": json.loads(body),
                        }
                    )
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def alerts(self) -> list:
        with self.lock:
            return [(b, a) for b in self.bodies for a in b["body"]["alerts"]]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _start(cmd: list, log: Path) -> subprocess.Popen:
    with open(log, "wb") as fh:
        return subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _wait(what: str, check, timeout: float, logs: dict):  # type: ignore[no-untyped-def]
    timeout = max(0.5, min(timeout, _budget_end - time.monotonic()))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    tails = "\n".join(
        f"--- {name}:\n{path.read_text(errors='replace')[-3000:]}" for name, path in logs.items() if path.exists()
    )
    raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{tails}")


def live_rules() -> dict:
    """The error-ratio rule of the rules file with `for: 0s`, plus an always-firing Watchdog (like
    kube-prometheus-stack's) that the Alertmanager configuration must null-route."""
    rules = yaml.safe_load((HERE / "rules" / "pawnotes.rules.yaml").read_text())
    [rule] = [copy.deepcopy(r) for g in rules["groups"] for r in g["rules"] if r.get("alert") == RULE]
    rule["for"] = "0s"
    watchdog = {"alert": "Watchdog", "expr": "vector(1)", "labels": {"severity": "none"}}
    return {"groups": [{"name": "live", "interval": "1s", "rules": [rule, watchdog]}]}


def live_alertmanager_config(receiver_url: str, token_file: Path) -> dict:
    values = yaml.safe_load((HERE / "kube-prometheus-stack.values.yaml").read_text())
    config = copy.deepcopy(values["alertmanager"]["config"])
    routes = [config["route"], *config["route"].get("routes", [])]
    for route in routes:
        if "group_wait" in route or route is config["route"]:
            route["group_wait"] = "1s"
            route["group_interval"] = "1s"
    [analyzer] = [r for r in config["receivers"] if r["name"] == "alert-analyzer"]
    [hook] = analyzer["webhook_configs"]
    assert hook["url"].endswith("/webhook")
    hook["url"] = receiver_url
    hook["http_config"]["authorization"]["credentials_file"] = str(token_file)
    return config


def test_storage_failure_burst_fires_error_ratio_alert_delivered_by_alertmanager(tmp_path):
    global _budget_end
    _budget_end = time.monotonic() + BUDGET
    missing = [n for n, p in (("prometheus", PROMETHEUS), ("alertmanager", ALERTMANAGER),
                              ("promtool", PROMTOOL), ("amtool", AMTOOL)) if not p]  # fmt: skip
    # Not a skip: deploy/monitoring/test.sh installs them; their absence is a broken environment.
    assert not missing, f"missing binaries {missing}: run deploy/monitoring/test.sh"

    token_file = tmp_path / "analyzer-token"
    token_file.write_text(TOKEN + "\n")
    token_file.chmod(0o600)
    am_port, prom_port = free_port(), free_port()
    logs = {"prometheus": tmp_path / "prometheus.log", "alertmanager": tmp_path / "alertmanager.log"}

    server = server_fixtures.start_server(tmp_path / "server")
    logs["server"] = server.log_path
    receiver = Receiver()
    procs: list = []
    try:
        host_port = server.base_url.removeprefix("http://")
        (tmp_path / "rules.yml").write_text(yaml.safe_dump(live_rules()))
        (tmp_path / "alertmanager.yml").write_text(yaml.safe_dump(live_alertmanager_config(receiver.url, token_file)))
        prom_cfg = {
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s", "scrape_timeout": "1s"},
            "alerting": {"alertmanagers": [{"static_configs": [{"targets": [f"127.0.0.1:{am_port}"]}]}]},
            "rule_files": [str(tmp_path / "rules.yml")],
            "scrape_configs": [
                {
                    "job_name": "pawnotes-api",  # what the ServiceMonitor's relabeling sets
                    "metrics_path": "/metrics",
                    "static_configs": [
                        {
                            "targets": [host_port],
                            "labels": {"namespace": "pawnotes-live", "pod": "clinic-pawnotes-api-0"},
                        }
                    ],
                }
            ],
        }
        (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(prom_cfg))
        for cmd in (
            [PROMTOOL, "check", "rules", str(tmp_path / "rules.yml")],
            [PROMTOOL, "check", "config", str(tmp_path / "prometheus.yml")],
            [AMTOOL, "check-config", str(tmp_path / "alertmanager.yml")],
        ):
            res = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
            assert res.returncode == 0, res.stdout + res.stderr

        procs.append(
            _start(
                [
                    ALERTMANAGER,
                    f"--config.file={tmp_path / 'alertmanager.yml'}",
                    f"--storage.path={tmp_path / 'am-data'}",
                    f"--web.listen-address=127.0.0.1:{am_port}",
                    "--cluster.listen-address=",  # no gossip port
                ],
                logs["alertmanager"],
            )
        )
        procs.append(
            _start(
                [
                    PROMETHEUS,
                    f"--config.file={tmp_path / 'prometheus.yml'}",
                    f"--storage.tsdb.path={tmp_path / 'prom-data'}",
                    f"--web.listen-address=127.0.0.1:{prom_port}",
                    f"--web.external-url=http://127.0.0.1:{prom_port}",  # the alerts' generatorURL
                    "--rules.alert.resend-delay=1s",
                ],
                logs["prometheus"],
            )
        )
        prom = f"http://127.0.0.1:{prom_port}"

        def query(expr: str) -> list:
            try:
                r = httpx.get(f"{prom}/api/v1/query", params={"query": expr}, timeout=2)
            except httpx.HTTPError:
                return []
            return r.json()["data"]["result"] if r.status_code == 200 else []

        # Healthy traffic first: the API answers, Prometheus scrapes it, the rule does not fire.
        with server.client("alice") as c:
            for _ in range(20):
                assert c.get("/api/v1/owners").status_code == 200
            _wait("Prometheus to scrape the API", lambda: query('up{job="pawnotes-api"} == 1'), 30, logs)
            _wait(
                "the healthy requests in Prometheus",
                lambda: query(
                    'pawnotes_http_requests_total{job="pawnotes-api", route="/api/v1/owners", status="200"} >= 20'
                ),
                30,
                logs,
            )
            assert not [a for _, a in receiver.alerts() if a["labels"]["alertname"] == RULE]

            # The fault: the database file is overwritten in place with random bytes.
            db_path = server.db_path
            size = db_path.stat().st_size
            with open(db_path, "r+b") as fh:
                fh.write(os.urandom(size))
                fh.flush()
                os.fsync(fh.fileno())
            # An outage, not one instant: failing writes keep coming (about 10/s) until the alert is
            # delivered. (A burst inside one scrape interval would be the first sample of a new 5xx series,
            # which rate() cannot see.)
            statuses: list = []
            stop = threading.Event()

            def failing_writes() -> None:
                with server.client("alice") as w:
                    i = 0
                    while not stop.is_set():
                        r = w.post(
                            "/api/v1/owners",
                            json={
                                "firstName": "Live",
                                "lastName": "Check",
                                "address": f"{i} Road",
                                "city": "Town",
                                "telephone": "5550100",
                            },
                        )
                        statuses.append((r.status_code, r.headers.get("content-type"), r.json().get("type")))
                        i += 1
                        stop.wait(0.1)

            writer = threading.Thread(target=failing_writes, daemon=True)
            writer.start()

        try:
            ratio = _wait(
                "the error ratio above 5% in Prometheus",
                lambda: query(
                    'sum(rate(pawnotes_http_requests_total{job="pawnotes-api", status=~"5..", route!~"/healthz|/readyz|/metrics"}[5m]))'
                    ' / sum(rate(pawnotes_http_requests_total{job="pawnotes-api", route!~"/healthz|/readyz|/metrics"}[5m])) > 0.05'
                ),
                BUDGET,
                logs,
            )
            assert float(ratio[0]["value"][1]) > 0.05
            # The core counted the failures as storage errors (what PawnotesDatabaseErrors reads), and the
            # failed database calls were timed too.
            _wait(
                "storage errors in Prometheus",
                lambda: query('pawnotes_core_errors_total{job="pawnotes-api", kind="storage"} > 0'),
                BUDGET,
                logs,
            )
            assert query('pawnotes_db_operation_duration_seconds_count{job="pawnotes-api", operation="create"} > 0')

            def delivered():
                return [
                    (b, a) for b, a in receiver.alerts() if a["labels"]["alertname"] == RULE and a["status"] == "firing"
                ]

            [(body, alert), *_] = _wait(f"{RULE} at the receiver", delivered, BUDGET, logs)

        finally:
            stop.set()
            writer.join(timeout=10)
        # Every write after the fault failed in the core and was answered 503 storage problem+json.
        assert statuses and all(
            st == (503, "application/problem+json", "https://pawnotes.dev/problems/storage") for st in statuses
        ), sorted(set(statuses), key=str)

        # The Alertmanager v4 webhook body, as the alert analyzer receives it.
        assert body["path"] == "/webhook"
        assert body["authorization"] == f"Bearer {TOKEN}"
        payload = body["body"]
        assert payload["version"] == "4"
        assert payload["receiver"] == "alert-analyzer"
        assert payload["status"] == "firing"
        assert payload["groupLabels"] == {"alertname": RULE, "namespace": "pawnotes-live"}
        assert payload["commonLabels"]["severity"] == "critical"
        assert alert["labels"] == {
            "alertname": RULE,
            "namespace": "pawnotes-live",
            "severity": "critical",
            "service": "pawnotes",
        }
        assert alert["annotations"]["summary"].startswith("pawnotes API answers ")
        assert alert["annotations"]["summary"].endswith("% of requests with 5xx")
        assert "namespace pawnotes-live" in alert["annotations"]["description"]
        assert alert["annotations"]["runbook"].startswith("Look at the API logs")
        assert alert["startsAt"] and alert["fingerprint"]
        assert alert["generatorURL"].startswith(prom + "/graph?g0.expr=")

        # The alert analyzer's own parser (stdlib only) accepts the body as Alertmanager v4.
        sys.path.insert(0, str(REPO / "deploy" / "alert-analyzer"))
        try:
            from analyzer.payload import parse_payload
        finally:
            sys.path.pop(0)
        parsed = [a for a in parse_payload(payload) if a.name == RULE]
        assert parsed and parsed[0].severity == "critical" and parsed[0].receiver == "alert-analyzer"
        assert parsed[0].labels["namespace"] == "pawnotes-live"

        # The always-firing Watchdog reached Alertmanager but was null-routed.
        am_alerts = httpx.get(f"http://127.0.0.1:{am_port}/api/v2/alerts", timeout=5).json()
        watchdog = [a for a in am_alerts if a["labels"]["alertname"] == "Watchdog"]
        assert watchdog and watchdog[0]["receivers"][0]["name"] == "null"
        assert not [a for _, a in receiver.alerts() if a["labels"]["alertname"] == "Watchdog"]
    finally:
        for proc in reversed(procs):
            _stop(proc)
        receiver.stop()
        server.stop()
