"""The pawnotes-server command: the first admin (create-admin, or env at start), --demo, configuration
errors, and several gunicorn workers, including a worker killed with SIGKILL under write load: every
write the server acknowledged (201) must still be there afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import REPO, SECRET, database_url_for, start_server

API = "/api/v1"


def run_cli(args, env=None, cwd=None, timeout=60):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PAWNOTES_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "pawnotes_server", *args],
        env=full_env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def login(base_url, username, password):
    return httpx.post(f"{base_url}{API}/auth/login", json={"username": username, "password": password})


def test_create_admin_then_sign_in(tmp_path):
    url = database_url_for(tmp_path)
    r = run_cli(
        ["create-admin", "--username", "root", "--organization", "Paw Clinic", "--database", url],
        env={"PAWNOTES_ADMIN_PASSWORD": "s3cret-passphrase"},
    )
    assert r.returncode == 0, r.stderr
    assert "created admin 'root' in organization 'Paw Clinic'" in r.stdout
    again = run_cli(
        ["create-admin", "--username", "ROOT", "--database", url], env={"PAWNOTES_ADMIN_PASSWORD": "other-password"}
    )
    assert again.returncode == 2 and "taken" in again.stderr
    no_password = run_cli(["create-admin", "--username", "x", "--database", url])
    assert no_password.returncode == 2 and "PAWNOTES_ADMIN_PASSWORD" in no_password.stderr
    bad_name = run_cli(
        ["create-admin", "--username", "has space", "--database", url], env={"PAWNOTES_ADMIN_PASSWORD": "pw"}
    )
    assert bad_name.returncode == 2 and "username" in bad_name.stderr
    s = start_server(tmp_path, world=False)
    try:
        r = login(s.base_url, "root", "s3cret-passphrase")
        assert r.status_code == 200 and r.json()["user"]["roles"] == ["admin"]
        assert login(s.base_url, "root", "admin").status_code == 401
    finally:
        s.stop()


def test_admin_from_environment_at_start(tmp_path):
    s = start_server(
        tmp_path,
        world=False,
        env={"PAWNOTES_ADMIN_USERNAME": "boss", "PAWNOTES_ADMIN_PASSWORD": "from-the-env-123"},
    )
    try:
        assert login(s.base_url, "boss", "from-the-env-123").status_code == 200
        assert login(s.base_url, "admin", "admin").status_code == 401  # no default password outside --demo
    finally:
        s.stop()


def test_configuration_errors_are_clear(tmp_path):
    r = run_cli(["--database", f"sqlite:///{tmp_path / 'x.db'}"], cwd=tmp_path)
    assert r.returncode == 2 and "PAWNOTES_SECRET_KEY is required" in r.stderr
    r = run_cli(["--database", "mysql://db/pawnotes"], env={"PAWNOTES_SECRET_KEY": SECRET}, cwd=tmp_path)
    assert r.returncode == 2
    assert "'mysql'" in r.stderr and "postgresql://user:password@host:port/dbname" in r.stderr
    r = run_cli(["--database", "postgresql://127.0.0.1:5432"], env={"PAWNOTES_SECRET_KEY": SECRET}, cwd=tmp_path)
    assert r.returncode == 2 and "must name a host and a database" in r.stderr
    # PostgreSQL keeps tokens in the database: a separate auth file would split the replicas.
    r = run_cli(
        ["--database", "postgresql://127.0.0.1:5432/pawnotes"],
        env={"PAWNOTES_SECRET_KEY": SECRET, "PAWNOTES_AUTH_DATABASE": str(tmp_path / "auth.db")},
        cwd=tmp_path,
    )
    assert r.returncode == 2 and "PAWNOTES_AUTH_DATABASE is for SQLite only" in r.stderr
    r = run_cli([], env={"PAWNOTES_SECRET_KEY": SECRET, "PAWNOTES_TOKEN_TTL_SECONDS": "soon"}, cwd=tmp_path)
    assert r.returncode == 2 and "PAWNOTES_TOKEN_TTL_SECONDS" in r.stderr
    assert "Traceback" not in r.stderr
    # A database file the system will not create (here: below a regular file): one line, not a traceback.
    (tmp_path / "plain-file").write_text("")
    below_a_file = f"sqlite:///{tmp_path / 'plain-file' / 'x.db'}"
    r = run_cli(["--database", below_a_file], env={"PAWNOTES_SECRET_KEY": SECRET}, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert "cannot open the database" in r.stderr and "plain-file" in r.stderr
    assert "Traceback" not in r.stderr


PETCLINIC_DATA = REPO / "data" / "petclinic" / "data.sql"  # shipped in the repository (Apache-2.0)


def test_demo_mode(tmp_path):
    args = ["--demo", "--petclinic-data", str(PETCLINIC_DATA)]
    env = {"PAWNOTES_SECRET_KEY": ""}  # --demo generates one
    s = start_server(tmp_path, world=False, args=args, env=env)
    try:
        out = s.log()
        assert "demo login: admin / admin" in out
        assert f"pawnotes server: {s.base_url}" in out
        assert "web app: " in out  # where the web app is served, or how to build it
        r = login(s.base_url, "admin", "admin")
        assert r.status_code == 200
        assert sorted(r.json()["user"]["roles"]) == ["admin", "trainer", "viewer"]
        token = r.json()["token"]
        stats = httpx.get(f"{s.base_url}{API}/stats", headers={"Authorization": f"Bearer {token}"}).json()
        assert stats["owners"] >= 25 and stats["notes"] > 100
        assert stats["owners"] >= 35  # the demo's 25 + PetClinic's 10
    finally:
        s.stop()
    # A second start does not load the demo twice.
    s = start_server(tmp_path, world=False, args=args, env=env)
    try:
        token = login(s.base_url, "admin", "admin").json()["token"]
        again = httpx.get(f"{s.base_url}{API}/stats", headers={"Authorization": f"Bearer {token}"}).json()
        assert again["owners"] == stats["owners"]
    finally:
        s.stop()


def _children(pid: int):
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _wait_workers(pid: int, n: int, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kids = _children(pid)
        if len(kids) >= n:
            return kids
        time.sleep(0.1)
    raise AssertionError(f"expected {n} workers, found {_children(pid)}")


@pytest.fixture
def two_workers(tmp_path):
    s = start_server(tmp_path, args=["--workers", "2"])
    _wait_workers(s.proc.pid, 2)
    yield s
    s.stop()


def test_two_workers_share_tokens_and_metrics(two_workers):
    s = two_workers
    token = s.token("alice")
    with httpx.Client(base_url=s.base_url, headers={"Authorization": f"Bearer {token}"}) as c:
        for _ in range(20):  # the requests spread over both workers; every one knows the token
            assert c.get(f"{API}/owners").status_code == 200
        assert c.post(f"{API}/auth/logout").status_code == 204
        for _ in range(10):
            assert c.get(f"{API}/owners").status_code == 401
    text = httpx.get(f"{s.base_url}/metrics").text
    counts = [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith('pawnotes_http_requests_total{method="GET",route="/api/v1/owners",status="200"}')
    ]
    assert counts == [20.0]  # summed over the workers
    # The in-flight gauge is one number for the instance (livesum over the live workers): the scrape itself.
    assert [line for line in text.splitlines() if line.startswith("pawnotes_http_requests_in_flight")] == [
        "pawnotes_http_requests_in_flight 1.0"
    ]


def test_kill_9_of_a_worker_loses_no_acknowledged_write(two_workers):
    s = two_workers
    token = s.token("tom")
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=s.base_url, headers=headers) as c:
        owner = c.post(
            f"{API}/owners",
            json={"firstName": "Kill", "lastName": "Nine", "address": "x", "city": "y", "telephone": "9"},
        ).json()
        dog = c.post(f"{API}/dogs", json={"ownerId": owner["id"], "name": "Crashy"}).json()

    acknowledged: list = []
    failures: list = []
    stop = threading.Event()

    def writer(n: int):
        with httpx.Client(base_url=s.base_url, headers=headers, timeout=10) as c:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    r = c.post(f"{API}/notes", json={"dogId": dog["id"], "body": f"writer {n} note {i}"})
                except httpx.HTTPError as exc:  # the connection to the killed worker: not acknowledged
                    failures.append(repr(exc))
                    continue
                if r.status_code == 201:
                    acknowledged.append((r.json()["id"], r.json()["body"]))
                else:
                    failures.append(r.status_code)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    before_kill = len(acknowledged)
    victim = _children(s.proc.pid)[0]
    os.kill(victim, signal.SIGKILL)
    time.sleep(2.5)
    stop.set()
    for t in threads:
        t.join(30)
    assert before_kill > 10, "the load did not run before the kill"
    assert len(acknowledged) > before_kill, "no writes after the kill"
    _wait_workers(s.proc.pid, 2)  # gunicorn replaced the killed worker
    assert victim not in _children(s.proc.pid)
    with httpx.Client(base_url=s.base_url, headers=headers) as c:
        for note_id, body in acknowledged:
            r = c.get(f"{API}/notes/{note_id}")
            assert r.status_code == 200, (note_id, r.text)
            assert r.json()["body"] == body
    # And nothing was written twice under one id.
    assert len({i for i, _ in acknowledged}) == len(acknowledged)
