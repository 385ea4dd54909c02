"""Fixtures of the REST server tests: real server processes on 127.0.0.1 with a real database.

The engine comes from the environment: by default every server gets a SQLite file in its work folder;
with PAWNOTES_TEST_DATABASE_URL set to a PostgreSQL admin URL (postgresql://postgres@127.0.0.1:PORT/postgres,
as scripts/pg_test_server.sh prints it) every server work folder gets a fresh database of its own on that
cluster (CREATE DATABASE), dropped at the end of the session. The same tests run on both; the few that
are about SQLite itself (its file, the write lock) carry `sqlite_only(reason)`.

A "world" database is prepared through the pawnotes core before the server starts: organization Alpha
with an admin, a trainer and a viewer account, and organization Bravo with an admin. Tests talk HTTP to
the process (httpx), sign in like any client and never reach into the server's memory.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional
from urllib.parse import urlsplit, urlunsplit

import httpx
import pawnotes
import pytest

from pawnotes_server.auth import hash_password

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
SECRET = "test-secret-key-0123456789abcdef"

ACCOUNTS = {
    # username: (organization, roles)
    "alice": ("Alpha", ["admin"]),
    "tom": ("Alpha", ["trainer"]),
    "vera": ("Alpha", ["viewer"]),
    "bob": ("Bravo", ["admin"]),
}


#: A PostgreSQL admin URL: the servers of this run use fresh databases on that cluster. Empty: SQLite.
PG_ADMIN_URL = os.environ.get("PAWNOTES_TEST_DATABASE_URL", "").strip()
ENGINE = "postgresql" if PG_ADMIN_URL else "sqlite"
_created_databases: List[str] = []
_database_names = itertools.count(1)


def sqlite_only(reason: str):
    """Marks a test that is about SQLite itself (skipped on PostgreSQL, with the reason)."""
    return pytest.mark.skipif(ENGINE != "sqlite", reason=f"SQLite only: {reason}")


def postgres_only(reason: str):
    """Marks a test that needs the PostgreSQL engine (skipped on SQLite, with the reason)."""
    return pytest.mark.skipif(
        ENGINE != "postgresql",
        reason=f"PostgreSQL only: {reason} (scripts/test_postgres.sh runs it with PAWNOTES_TEST_DATABASE_URL)",
    )


def with_database(admin_url: str, name: str) -> str:
    """`admin_url` pointing at database `name` instead."""
    parts = urlsplit(admin_url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def create_pg_database(admin_url: str = "") -> str:
    """A fresh, empty database on the test cluster; returns its URL (dropped at the end of the session)."""
    import psycopg

    admin_url = admin_url or PG_ADMIN_URL
    name = f"pawnotes_t{os.getpid()}_{next(_database_names)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    _created_databases.append(with_database(admin_url, name))
    return with_database(admin_url, name)


def drop_created_databases() -> None:
    import psycopg

    while _created_databases:
        url = _created_databases.pop()
        admin = with_database(url, "postgres")
        name = urlsplit(url).path.lstrip("/")
        try:
            with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except psycopg.Error:
            pass  # a cluster that is gone took its databases with it


def pytest_sessionfinish(session, exitstatus):
    if _created_databases:
        drop_created_databases()


def database_url_for(workdir: Path) -> str:
    """The database of a server work folder: the SQLite file in it, or (PostgreSQL) the database created
    for it the first time (remembered in the folder, so a second server on the folder finds its data)."""
    workdir.mkdir(parents=True, exist_ok=True)
    if ENGINE == "sqlite":
        return f"sqlite:///{workdir / 'pawnotes.db'}"
    marker = workdir / "postgres-database-url"
    if not marker.exists():
        marker.write_text(create_pg_database(), encoding="utf-8")
    return marker.read_text(encoding="utf-8").strip()


def database_is_new(workdir: Path) -> bool:
    if ENGINE == "sqlite":
        return not (workdir / "pawnotes.db").exists()
    return not (workdir / "postgres-database-url").exists()


def open_database(url: str) -> pawnotes.Database:
    """The core's Database on a test URL (either engine), migrated."""
    if url.startswith("sqlite:///"):
        return pawnotes.Database(url[len("sqlite:///") :])
    return pawnotes.Database.open_url(url)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_world(database_url: str) -> Dict[str, int]:
    """Creates the organizations and accounts; returns organization name -> id."""
    orgs: Dict[str, int] = {}
    with open_database(database_url) as db:
        for username, (org_name, roles) in ACCOUNTS.items():
            if org_name not in orgs:
                orgs[org_name] = db.create_organization(org_name).id
            db.create_user(
                orgs[org_name],
                username=username,
                password_hash=hash_password(PASSWORD),
                roles=roles,
                display_name=username,
            )
    return orgs


@dataclass
class Server:
    """A running server process."""

    base_url: str
    proc: subprocess.Popen
    workdir: Path
    #: The SQLite file (SQLite runs only; on PostgreSQL a path that does not exist).
    db_path: Path
    log_path: Path
    orgs: Dict[str, int] = field(default_factory=dict)
    database_url: str = ""
    _tokens: Dict[str, str] = field(default_factory=dict)

    def client(self, username: Optional[str] = None, **kwargs) -> httpx.Client:
        headers = dict(kwargs.pop("headers", {}))
        if username is not None:
            headers["Authorization"] = f"Bearer {self.token(username)}"
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=kwargs.pop("timeout", 30.0), **kwargs)

    def token(self, username: str) -> str:
        if username not in self._tokens:
            r = httpx.post(f"{self.base_url}/api/v1/auth/login", json={"username": username, "password": PASSWORD})
            assert r.status_code == 200, r.text
            self._tokens[username] = r.json()["token"]
        return self._tokens[username]

    def database(self) -> pawnotes.Database:
        """The core's Database on this server's database (to check what the HTTP calls stored)."""
        return open_database(self.database_url)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 15.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        return self.proc.returncode


def wait_ready(base_url: str, proc: subprocess.Popen, log_path: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log_path.read_text()[-4000:]}")
        try:
            if httpx.get(f"{base_url}/readyz", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"server not ready within {timeout} s:\n{log_path.read_text()[-4000:]}")


def start_server(
    workdir: Path,
    *,
    env: Optional[Dict[str, str]] = None,
    args: Optional[List[str]] = None,
    world: bool = True,
    ready_timeout: float = 60.0,
    database_url: Optional[str] = None,
    orgs: Optional[Dict[str, int]] = None,
) -> Server:
    """Starts `python -m pawnotes_server` on a free port with its database in `workdir` (SQLite) or
    created for `workdir` (PostgreSQL), see database_url_for."""
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / "pawnotes.db"
    if database_url is None:  # the work folder's own database
        new = database_is_new(workdir)
        database_url = database_url_for(workdir)
        orgs = prepare_world(database_url) if world and new else {}
    else:  # a database shared with other servers (replicas), prepared by the caller
        orgs = dict(orgs or {})
    port = free_port()
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith("PAWNOTES_") and k != "PROMETHEUS_MULTIPROC_DIR"
    }
    full_env.update(
        {
            "PAWNOTES_DATABASE_URL": database_url,
            "PAWNOTES_SECRET_KEY": SECRET,
            "PAWNOTES_PORT": str(port),
            "PAWNOTES_HOST": "127.0.0.1",
            "PAWNOTES_WEB_DIR": str(workdir / "no-web-app"),
        }
    )
    full_env.update(env or {})
    log_path = workdir / f"server-{port}.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "pawnotes_server", *(args or [])],
        cwd=str(workdir),
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base_url, proc, log_path, ready_timeout)
    except Exception:
        if proc.poll() is None:
            proc.kill()
        raise
    return Server(base_url, proc, workdir, db_path, log_path, orgs, database_url=database_url)


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    """The shared server of the endpoint suites (default settings, one process)."""
    s = start_server(tmp_path_factory.mktemp("server"))
    yield s
    s.stop()


@pytest.fixture(scope="session")
def admin(server) -> Iterator[httpx.Client]:
    with server.client("alice") as c:
        yield c


@pytest.fixture(scope="session")
def trainer(server) -> Iterator[httpx.Client]:
    with server.client("tom") as c:
        yield c


@pytest.fixture(scope="session")
def viewer(server) -> Iterator[httpx.Client]:
    with server.client("vera") as c:
        yield c


@pytest.fixture(scope="session")
def other_admin(server) -> Iterator[httpx.Client]:
    with server.client("bob") as c:
        yield c


@pytest.fixture(scope="session")
def anonymous(server) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


_counter = [0]


def unique(prefix: str = "") -> str:
    """Letters only (names allow no digits): a, b, ..., z, ba, bb, ... per call."""
    _counter[0] += 1
    n, out = _counter[0], ""
    while n:
        n, r = divmod(n, 26)
        out = chr(ord("a") + r) + out
    return (prefix + out).capitalize()


def make_owner(client: httpx.Client, **changes) -> dict:
    data = {
        "firstName": "Ada",
        "lastName": unique("Lovelace"),
        "address": "1 Analytical Way",
        "city": "London",
        "telephone": "0123456789",
    }
    data.update(changes)
    r = client.post("/api/v1/owners", json=data)
    assert r.status_code == 201, r.text
    return r.json()


def make_dog(client: httpx.Client, owner_id: Optional[int] = None, **changes) -> dict:
    if owner_id is None:
        owner_id = make_owner(client)["id"]
    data = {"ownerId": owner_id, "name": unique("Rex"), "breed": "Border Collie", "birthDate": "2020-05-01"}
    data.update(changes)
    r = client.post("/api/v1/dogs", json=data)
    assert r.status_code == 201, r.text
    return r.json()


def assert_problem(r: httpx.Response, status: int, *fields: str) -> dict:
    """The response is an RFC 9457 problem with `status` and (when given) errors on exactly `fields`."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers
    body = r.json()
    assert body["status"] == status
    assert body["title"] and body["type"]
    text = r.text
    assert "Traceback" not in text and "SELECT" not in text and "INSERT" not in text and ".py" not in text
    if fields:
        assert sorted({e["field"] for e in body["errors"]}) == sorted(set(fields)), body
    return body
