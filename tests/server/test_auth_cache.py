"""The per-process token cache (revocation exact across processes, the bound for hand edits) and the
single flight of HTTP Basic verifications."""

from __future__ import annotations

import base64
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pawnotes
import pytest
from conftest import PASSWORD, sqlite_only, start_server

from pawnotes_server import auth
from pawnotes_server.auth import AuthStore, Principal
from pawnotes_server.settings import Settings

API = "/api/v1"


def _settings(tmp_path) -> Settings:
    return Settings.from_env(
        {
            "PAWNOTES_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "PAWNOTES_SECRET_KEY": "k" * 32,
            "PAWNOTES_WEB_DIR": str(tmp_path / "none"),
        }
    )


#: The token cache with its revocation file is SQLite's (on PostgreSQL every lookup reads the database).
_SQLITE_CACHE = sqlite_only("the token cache and its revocation file belong to the SQLite auth database")

ALICE = Principal(7, "alice", 1, ("admin",), 0.0, "Alice")


@_SQLITE_CACHE
def test_a_token_revoked_by_another_process_is_refused_at_once(tmp_path):
    settings = _settings(tmp_path)
    a, b = AuthStore(settings), AuthStore(settings)  # two workers: one auth database, two caches
    token, _ = a.issue(ALICE)
    assert a.lookup(token).username == "alice" and b.lookup(token).username == "alice"  # both cached now
    assert b.revoke(token)
    assert a.lookup(token) is None and b.lookup(token) is None
    # other tokens keep working (the cache is refilled from the database)
    other, _ = a.issue(ALICE)
    assert b.lookup(other).username == "alice" and a.lookup(other).username == "alice"


@_SQLITE_CACHE
def test_a_cached_token_still_expires_on_time(tmp_path):
    a = AuthStore(_settings(tmp_path))
    now = time.time()
    token, expires = a.issue(ALICE, now=now)
    assert a.lookup(token, now=now) is not None
    assert a.lookup(token, now=expires - 0.001) is not None
    assert a.lookup(token, now=expires) is None


@_SQLITE_CACHE
def test_a_change_made_by_hand_is_seen_within_the_cache_bound(tmp_path):
    settings = _settings(tmp_path)
    a = AuthStore(settings)
    now = time.time()
    token, _ = a.issue(ALICE, now=now)
    assert a.lookup(token, now=now) is not None
    with sqlite3.connect(settings.auth_database_path) as conn:  # not through revoke(): no generation bump
        conn.execute("UPDATE tokens SET revoked = 1")
    assert a.lookup(token, now=now + 1) is not None  # still cached: the documented bound
    assert a.lookup(token, now=now + AuthStore.TOKEN_CACHE_SECONDS + 0.01) is None


def test_logout_is_honoured_by_every_worker(tmp_path):
    s = start_server(tmp_path, args=["--workers", "2"])
    try:
        token = s.token("alice")
        auth_header = {"Authorization": f"Bearer {token}"}

        def get() -> int:
            # a new connection per request, so the requests spread over both workers
            with httpx.Client(base_url=s.base_url, headers=auth_header) as c:
                return c.get(f"{API}/owners").status_code

        assert [get() for _ in range(30)] == [200] * 30
        with httpx.Client(base_url=s.base_url, headers=auth_header) as c:
            assert c.post(f"{API}/auth/logout").status_code == 204
        assert [get() for _ in range(30)] == [401] * 30
    finally:
        s.stop()


def test_concurrent_first_basic_checks_share_one_verification(tmp_path, monkeypatch):
    settings = _settings(tmp_path)
    with pawnotes.Database(settings.database_path) as db:
        org = db.create_organization("Alpha")
        db.create_user(org.id, username="vet", password_hash=auth.hash_password("pw"), roles=["admin"])
    store = AuthStore(settings)
    release = threading.Event()
    checks = []

    def slow_verify(password_hash: str, password: str) -> bool:
        checks.append(password)
        assert release.wait(30)
        return password == "pw"

    monkeypatch.setattr(auth, "verify_password", slow_verify)
    n = 12
    with pawnotes.Database(settings.database_path) as shared, ThreadPoolExecutor(n) as pool:
        futures = [pool.submit(store.authenticate_basic, shared, "vet", "pw") for _ in range(n)]
        deadline = time.monotonic() + 30
        # every caller but the first is waiting on the first one's verification
        while time.monotonic() < deadline:
            flights = list(store._flights.values())
            if checks and flights and flights[0].waiters == n - 1:
                break
            time.sleep(0.01)
        assert len(checks) == 1 and store._flights and list(store._flights.values())[0].waiters == n - 1
        release.set()
        results = [f.result(30) for f in futures]
    assert {(p.username, p.organization_id) for p in results} == {("vet", org.id)}
    assert checks == ["pw"] and store.basic_verifications == 1
    assert not store._flights
    # cached now: no further verification; other credentials are verified on their own
    assert store.authenticate_basic(shared_db := pawnotes.Database(settings.database_path), "vet", "pw") is not None
    assert store.authenticate_basic(shared_db, "vet", "wrong") is None
    assert store.basic_verifications == 2
    shared_db.close()


def test_a_failed_verification_is_shared_by_its_waiters(tmp_path, monkeypatch):
    store = AuthStore(_settings(tmp_path))
    release = threading.Event()

    class Broken:
        def find_user_for_login(self, username):
            assert release.wait(30)
            raise pawnotes.StorageError("the database is not reachable")

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(store.authenticate_basic, Broken(), "vet", "pw") for _ in range(4)]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (store._flights and list(store._flights.values())[0].waiters == 3):
            time.sleep(0.01)
        release.set()
        for f in futures:
            with pytest.raises(pawnotes.StorageError):
                f.result(30)
    assert store.basic_verifications == 1 and not store._flights


def test_a_burst_of_new_basic_clients_costs_one_argon2_check(tmp_path):
    s = start_server(tmp_path)  # one process
    try:
        basic = "Basic " + base64.b64encode(f"tom:{PASSWORD}".encode()).decode()

        def get(_: int) -> int:
            with httpx.Client(base_url=s.base_url, headers={"Authorization": basic}, timeout=30) as c:
                return c.get("/petclinic/api/owners?lastName=x").status_code

        with ThreadPoolExecutor(16) as pool:
            assert list(pool.map(get, range(16))) == [200] * 16
        text = httpx.get(f"{s.base_url}/metrics").text
        values = [
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("pawnotes_basic_auth_verifications_total ")
        ]
        assert values == [1.0]
    finally:
        s.stop()
