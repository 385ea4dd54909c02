"""HTTP behaviour (413, 400, 404, 405, no stack traces), operations (healthz, readyz, metrics, request ids,
JSON logs, CORS, graceful shutdown) and the web app's static files."""

from __future__ import annotations

import json
import re
import signal
import socket
import threading
import time

import httpx
import pytest
from conftest import assert_problem, make_owner, sqlite_only, start_server

from pawnotes_server.app import create_app
from pawnotes_server.settings import Settings

API = "/api/v1"


@pytest.fixture(scope="module")
def small_body_server(tmp_path_factory):
    web = tmp_path_factory.mktemp("web")
    (web / "index.html").write_text("<html>pawnotes app</html>")
    (web / "main.js").write_text("console.log('hi')")
    s = start_server(
        tmp_path_factory.mktemp("small"),
        env={
            "PAWNOTES_MAX_BODY_BYTES": "2048",
            "PAWNOTES_CORS_ORIGINS": "http://localhost:4200, http://example.test",
            "PAWNOTES_WEB_DIR": str(web),
        },
    )
    yield s
    s.stop()


def test_body_over_the_limit_by_content_length_is_413(small_body_server):
    with small_body_server.client("alice") as c:
        r = c.post(
            f"{API}/owners", content=b'{"x":"' + b"a" * 4000 + b'"}', headers={"content-type": "application/json"}
        )
        body = assert_problem(r, 413)
        assert "2048" in body["detail"]


def test_body_over_the_limit_while_streaming_is_413(small_body_server):
    def chunks():
        yield b'{"firstName":"'
        for _ in range(10):
            yield b"a" * 500
        yield b'"}'

    with small_body_server.client("alice") as c:
        r = c.post(f"{API}/owners", content=chunks(), headers={"content-type": "application/json"})
        assert "content-length" not in r.request.headers  # really chunked
        assert_problem(r, 413)


def test_body_under_the_limit_is_fine(small_body_server):
    with small_body_server.client("alice") as c:
        make_owner(c)


def test_unknown_route_and_method(admin):
    body = assert_problem(admin.get(f"{API}/unicorns"), 404)
    assert body["instance"] == f"{API}/unicorns"
    assert_problem(admin.get("/nothing/here"), 404)
    r = admin.delete(f"{API}/owners")
    assert_problem(r, 405)


def test_unexpected_errors_are_a_bare_500_with_the_request_id(tmp_path):
    from fastapi.testclient import TestClient

    settings = Settings.from_env(
        {
            "PAWNOTES_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "PAWNOTES_SECRET_KEY": "k" * 32,
            "PAWNOTES_WEB_DIR": str(tmp_path / "none"),
        }
    )
    app = create_app(settings)

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("SELECT secret FROM table at /srv/app/module.py line 3")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/v1/boom", headers={"X-Request-ID": "req-500"})
    body = assert_problem(r, 500)
    assert "secret" not in r.text and "RuntimeError" not in r.text
    assert "req-500" in body["detail"] and r.headers["x-request-id"] == "req-500"


def test_healthz_and_readyz(anonymous):
    assert anonymous.get("/healthz").json() == {"status": "ok"}
    r = anonymous.get("/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ready" and r.json()["schemaVersion"] >= 1


@sqlite_only("replaces the database file; tests/server/test_replicas.py covers PostgreSQL being down")
def test_readyz_is_503_when_the_database_is_gone(tmp_path):
    s = start_server(tmp_path)
    try:
        # Replace the database file by a directory: new connections cannot open it.
        for p in tmp_path.glob("pawnotes.db*"):
            p.unlink()
        (tmp_path / "pawnotes.db").mkdir()
        body = assert_problem(httpx.get(f"{s.base_url}/readyz"), 503)
        assert body["detail"] == "The database is not reachable."
        assert httpx.get(f"{s.base_url}/healthz").status_code == 200  # alive, just not ready
    finally:
        s.stop()


def test_request_id_is_echoed_or_generated_and_logged(server, admin):
    r = admin.get(f"{API}/owners", headers={"X-Request-ID": "trace-abc.123"})
    assert r.headers["x-request-id"] == "trace-abc.123"
    generated = admin.get(f"{API}/owners").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    bad = admin.get(f"{API}/owners", headers={"X-Request-ID": "bad id with spaces"}).headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", bad)
    time.sleep(0.3)
    lines = [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]
    access = [e for e in lines if e.get("requestId") == "trace-abc.123"]
    assert access, "no log line with the request id"
    entry = access[-1]
    assert entry["route"] == "/api/v1/owners" and entry["status"] == 200 and entry["user"] == "alice"
    assert entry["level"] == "INFO" and isinstance(entry["durationMs"], float)


def test_metrics_count_requests_by_route_template_and_core_errors(anonymous, admin):
    owner = make_owner(admin)
    admin.get(f"{API}/owners/{owner['id']}")
    admin.get(f"{API}/owners/987654321")
    text = anonymous.get("/metrics").text
    assert re.search(
        r'pawnotes_http_requests_total\{method="GET",route="/api/v1/owners/\{id\}",status="200"\} \d+', text
    )
    assert re.search(
        r'pawnotes_http_requests_total\{method="GET",route="/api/v1/owners/\{id\}",status="404"\} \d+', text
    )
    assert 'pawnotes_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/owners/{id}"}' in text
    assert re.search(r'pawnotes_core_errors_total\{kind="not_found"\} [1-9]', text)
    assert f"/api/v1/owners/{owner['id']}" not in text  # ids never become label values


def test_cors_exposes_the_headers_clients_need(small_body_server):
    origin = "http://localhost:4200"
    r = httpx.options(
        f"{small_body_server.base_url}{API}/owners",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == origin
    r = httpx.get(f"{small_body_server.base_url}/healthz", headers={"Origin": origin})
    exposed = {h.strip().lower() for h in r.headers["access-control-expose-headers"].split(",")}
    assert {"errors", "content-type", "etag", "location", "x-request-id"} <= exposed
    r = httpx.get(f"{small_body_server.base_url}/healthz", headers={"Origin": "http://evil.test"})
    assert "access-control-allow-origin" not in r.headers


def test_web_app_static_files_with_spa_fallback(small_body_server):
    base = small_body_server.base_url
    assert httpx.get(f"{base}/").text == "<html>pawnotes app</html>"
    assert httpx.get(f"{base}/main.js").text == "console.log('hi')"
    assert httpx.get(f"{base}/dogs/12").text == "<html>pawnotes app</html>"  # client-side route
    assert httpx.get(f"{base}/../../etc/passwd").text == "<html>pawnotes app</html>"
    assert_problem(httpx.get(f"{base}/api/v1/nothing"), 404)


def test_sigterm_lets_the_in_flight_request_finish(tmp_path):
    s = start_server(tmp_path)
    token = s.token("alice")
    sent_first = threading.Event()

    def slow_body():
        yield b'{"firstName": "Grace", "lastName": "Hopper", '
        sent_first.set()
        time.sleep(1.5)  # SIGTERM arrives while the request is in flight
        yield b'"address": "1 Navy Way", "city": "Arlington", "telephone": "123"}'

    result = {}

    def client():
        result["r"] = httpx.post(
            f"{s.base_url}{API}/owners",
            content=slow_body(),
            headers={"Authorization": f"Bearer {token}", "content-type": "application/json"},
            timeout=30,
        )

    t = threading.Thread(target=client)
    t.start()
    assert sent_first.wait(10)
    time.sleep(0.3)
    s.proc.send_signal(signal.SIGTERM)
    t.join(30)
    assert result["r"].status_code == 201, result["r"].text
    assert s.proc.wait(30) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal after a clean shutdown
    import pawnotes

    with s.database() as db:
        org = s.orgs["Alpha"]
        found = db.search_owners(pawnotes.Scope(org, 0, ["viewer"]), "Hopper")
        assert [o.first_name for o in found] == ["Grace"]


def _in_flight(client: httpx.Client) -> float:
    """pawnotes_http_requests_in_flight as the scrape sees it (the scrape counts itself)."""
    match = re.search(r"^pawnotes_http_requests_in_flight (\S+)$", client.get("/metrics").text, re.M)
    assert match, "no pawnotes_http_requests_in_flight sample"
    return float(match.group(1))


def test_metrics_in_flight_gauge_counts_requests_being_handled(server, anonymous):
    host, port = server.base_url.removeprefix("http://").split(":")
    assert _in_flight(anonymous) == 1.0  # only the scrape itself
    # Three requests whose bodies never finish arriving: each is being handled until its client goes away.
    stalled = []
    try:
        for _ in range(3):
            sock = socket.create_connection((host, int(port)), timeout=5)
            sock.sendall(
                f"POST {API}/owners HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                "Content-Length: 100\r\n\r\n{".encode()
            )
            stalled.append(sock)
        deadline = time.monotonic() + 10
        while _in_flight(anonymous) != 4.0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _in_flight(anonymous) == 4.0
    finally:
        for sock in stalled:
            sock.close()
    deadline = time.monotonic() + 10
    while _in_flight(anonymous) != 1.0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _in_flight(anonymous) == 1.0


def _db_calls(client: httpx.Client, operation: str) -> float:
    match = re.search(
        rf'^pawnotes_db_operation_duration_seconds_count\{{operation="{operation}"\}} (\S+)$',
        client.get("/metrics").text,
        re.M,
    )
    return float(match.group(1)) if match else 0.0


def test_metrics_time_every_database_call_by_operation(anonymous, admin):
    creates = _db_calls(anonymous, "create")
    owner = make_owner(admin)
    make_owner(admin)
    assert _db_calls(anonymous, "create") == creates + 2  # one create call per new owner
    gets = _db_calls(anonymous, "get")
    assert admin.get(f"{API}/owners/{owner['id']}").status_code == 200
    assert admin.get(f"{API}/owners/987654321").status_code == 404  # a failed call is timed too
    assert _db_calls(anonymous, "get") == gets + 2
    text = anonymous.get("/metrics").text
    assert 'pawnotes_db_operation_duration_seconds_bucket{le="0.0005",operation="create"}' in text
    assert re.search(r'^pawnotes_db_operation_duration_seconds_sum\{operation="get"\} (\S+)$', text, re.M)
