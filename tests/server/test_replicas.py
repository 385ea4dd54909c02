"""Two server processes (replicas) on one PostgreSQL database, over real HTTP on 127.0.0.1.

The replicas share nothing but the database: no write lock, no files. Under concurrent writes through
both of them: a stale version never overwrites (exactly one of the racing PUTs with the same If-Match
wins, the others get 412/409), an idempotency key sent to both at once makes one record, every write
answered 2xx is there afterwards, and a restart of PostgreSQL in the middle of the load is answered with
503 + Retry-After (never a 500, never a hang) and both replicas write again within seconds, by themselves.

The cluster is this module's own (scripts/pg_test_server.sh in a temporary folder), so stopping and
restarting it disturbs no other test. Every load is bounded in time.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Tuple

import httpx
import pytest
from conftest import REPO, Server, create_pg_database, postgres_only, prepare_world, start_server, unique

pytestmark = postgres_only("two server replicas share one PostgreSQL database")

API = "/api/v1"
PG_SCRIPT = str(REPO / "scripts" / "pg_test_server.sh")
#: A request that takes longer than this is a hang (the server must answer 503 instead).
REQUEST_TIMEOUT = 15.0


@dataclass
class Cluster:
    dir: str
    admin_url: str

    def run(self, command: str) -> str:
        r = subprocess.run([PG_SCRIPT, command, self.dir], capture_output=True, text=True, timeout=120, check=False)
        assert r.returncode == 0, f"pg_test_server.sh {command}: {r.stderr}"
        return r.stdout.strip()


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    # Under /tmp itself (not pytest's 0700 folder): as root the cluster runs as the postgres user.
    folder = tempfile.mkdtemp(prefix="pawnotes-replicas-pg-")
    c = Cluster(folder, "")
    try:
        c.admin_url = c.run("start")
        yield c
    finally:
        subprocess.run([PG_SCRIPT, "stop", folder], capture_output=True, timeout=120, check=False)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def replicas(cluster, tmp_path_factory) -> Iterator[Tuple[Server, Server]]:
    url = create_pg_database(cluster.admin_url)
    orgs = prepare_world(url)
    servers: List[Server] = []
    try:
        for name in ("replica-a", "replica-b"):
            servers.append(start_server(tmp_path_factory.mktemp(name), database_url=url, orgs=orgs))
        yield servers[0], servers[1]
    finally:
        for s in servers:
            s.stop()


def _client(server: Server, token: str) -> httpx.Client:
    return httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=REQUEST_TIMEOUT)


def _owner_body(**changes) -> dict:
    body = {
        "firstName": "Ada",
        "lastName": unique("Replica"),
        "address": "1 Shared Way",
        "city": "London",
        "telephone": "0123456789",
    }
    body.update(changes)
    return body


def test_a_token_from_one_replica_works_on_the_other_and_logout_is_seen_by_both(replicas):
    a, b = replicas
    token = a.token("alice")
    with _client(a, token) as ca, _client(b, token) as cb:
        assert ca.get(f"{API}/auth/me").status_code == 200
        assert cb.get(f"{API}/auth/me").json()["username"] == "alice"
        assert cb.post(f"{API}/auth/logout").status_code == 204
        assert ca.get(f"{API}/auth/me").status_code == 401
        assert cb.get(f"{API}/auth/me").status_code == 401
    a._tokens.clear()
    b._tokens.clear()


def test_racing_updates_with_the_same_version_exactly_one_wins(replicas):
    a, b = replicas
    token = a.token("alice")
    clients = [_client(s, token) for s in (a, b, a, b, a, b, a, b)]
    try:
        created = clients[0].post(f"{API}/owners", json=_owner_body())
        assert created.status_code == 201, created.text
        owner = created.json()
        for round_ in range(10):
            version = owner["version"]
            barrier = threading.Barrier(len(clients))

            def put(i: int, barrier=barrier, owner=owner, version=version, round_=round_) -> httpx.Response:
                barrier.wait(10)
                return clients[i].put(
                    f"{API}/owners/{owner['id']}",
                    json={**_owner_body(lastName=owner["lastName"]), "city": f"City {chr(97 + i)} {round_}"},
                    headers={"If-Match": f'W/"{version}"'},
                )

            with ThreadPoolExecutor(len(clients)) as pool:
                answers = list(pool.map(put, range(len(clients))))
            statuses = sorted(r.status_code for r in answers)
            assert statuses.count(200) == 1, [(r.status_code, r.text[:200]) for r in answers]
            assert set(statuses) <= {200, 409, 412}, statuses
            winner = next(i for i, r in enumerate(answers) if r.status_code == 200)
            # Both replicas read what the winner wrote, at the next version.
            for c in clients[:2]:
                now = c.get(f"{API}/owners/{owner['id']}").json()
                assert now["version"] == version + 1
                assert now["city"] == f"City {chr(97 + winner)} {round_}"
            owner = now
    finally:
        for c in clients:
            c.close()


def test_an_idempotency_key_sent_to_both_replicas_at_once_makes_one_record(replicas):
    a, b = replicas
    token = a.token("alice")
    clients = [_client(s, token) for s in (a, b, a, b)]
    try:
        for _ in range(15):
            key = str(uuid.uuid4())
            body = _owner_body()
            barrier = threading.Barrier(len(clients))

            def post(i: int, barrier=barrier, body=body, key=key) -> httpx.Response:
                barrier.wait(10)
                return clients[i].post(f"{API}/owners", json=body, headers={"Idempotency-Key": key})

            with ThreadPoolExecutor(len(clients)) as pool:
                answers = list(pool.map(post, range(len(clients))))
            assert all(200 <= r.status_code < 300 for r in answers), [(r.status_code, r.text[:200]) for r in answers]
            assert len({r.json()["id"] for r in answers}) == 1
            assert len({r.json()["version"] for r in answers}) == 1
            found = clients[1].get(f"{API}/owners", params={"lastName": body["lastName"]}).json()
            assert found["total"] == 1, found
    finally:
        for c in clients:
            c.close()


@dataclass
class Attempt:
    key: str
    replica: int
    started: float
    status: int  # 0: no HTTP answer (a transport error or a timeout)
    note_id: Optional[int] = None
    retry_after: Optional[str] = None
    error: str = ""


def test_writes_under_load_survive_a_postgresql_restart(replicas, cluster):
    a, b = replicas
    token = a.token("tom")
    with _client(a, token) as c:
        owner = c.post(f"{API}/owners", json=_owner_body())
        assert owner.status_code == 201, owner.text
        dog = c.post(f"{API}/dogs", json={"ownerId": owner.json()["id"], "name": "Loadtest", "breed": "Beagle"})
        assert dog.status_code == 201, dog.text
    dog_id = dog.json()["id"]

    attempts: List[Attempt] = []
    lock = threading.Lock()
    stop = threading.Event()
    load_seconds = 12.0
    t0 = time.monotonic()

    def writer(n: int) -> None:
        replica = n % 2
        with _client((a, b)[replica], token) as c:
            i = 0
            while not stop.is_set() and time.monotonic() - t0 < load_seconds:
                i += 1
                key = f"load-{n}-{i}-{uuid.uuid4()}"
                started = time.monotonic()
                try:
                    r = c.post(
                        f"{API}/notes",
                        json={"dogId": dog_id, "body": f"load note {n} {i}", "tags": ["load"]},
                        headers={"Idempotency-Key": key},
                    )
                    at = Attempt(key, replica, started, r.status_code, retry_after=r.headers.get("retry-after"))
                    if r.status_code == 201:
                        at.note_id = r.json()["id"]
                    elif r.status_code != 503:
                        at.error = r.text[:300]
                except httpx.HTTPError as exc:
                    at = Attempt(key, replica, started, 0, error=f"{type(exc).__name__}: {exc}")
                with lock:
                    attempts.append(at)
                if at.status == 503:
                    time.sleep(0.05)  # a client would wait Retry-After; the test keeps probing instead

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    try:
        time.sleep(3.0)
        restart_started = time.monotonic()
        cluster.run("restart")
        restart_done = time.monotonic()
    finally:
        for t in threads:
            t.join(load_seconds + REQUEST_TIMEOUT + 10)
        stop.set()
    assert not any(t.is_alive() for t in threads), "a writer hung"

    statuses: Dict[int, int] = {}
    for at in attempts:
        statuses[at.status] = statuses.get(at.status, 0) + 1
    # Only created or "unavailable, retry": no 500, no other error, no request without an answer.
    odd = [at for at in attempts if at.status not in (201, 503)]
    assert not odd, odd[:5]
    unavailable = [at for at in attempts if at.status == 503]
    assert unavailable, f"no 503 during the restart: {statuses}"
    assert all(at.retry_after == "1" for at in unavailable)
    assert all(at.started >= restart_started - REQUEST_TIMEOUT for at in unavailable)
    # Both replicas wrote again within seconds of PostgreSQL being back.
    for replica in (0, 1):
        after = [
            at.started for at in attempts if at.replica == replica and at.status == 201 and at.started > restart_done
        ]
        assert after, f"replica {replica} never wrote again after the restart ({statuses})"
        assert min(after) - restart_done < 5.0, f"replica {replica} needed {min(after) - restart_done:.1f} s"
    assert statuses.get(201, 0) > 50, statuses
    print(
        f"load: {statuses} over {time.monotonic() - t0:.1f} s;"
        f" PostgreSQL restart took {restart_done - restart_started:.2f} s"
    )

    with _client(a, token) as ca, _client(b, token) as cb:
        # Every acknowledged write is there, on both replicas.
        acknowledged = {at.key: at.note_id for at in attempts if at.status == 201}
        for i, (key, note_id) in enumerate(acknowledged.items()):
            r = (ca, cb)[i % 2].get(f"{API}/notes/{note_id}")
            assert r.status_code == 200, (key, r.text)
        # The 503s may or may not have been written: replaying them with their keys settles each one
        # exactly once, so afterwards the dog has one note per key.
        for at in unavailable:
            r = cb.post(
                f"{API}/notes",
                json={"dogId": dog_id, "body": "replayed", "tags": ["load"]},
                headers={"Idempotency-Key": at.key},
            )
            assert r.status_code == 201, r.text
        total = ca.get(f"{API}/notes", params={"size": 1}).json()["total"]
        assert total == len(attempts), (total, len(attempts), statuses)
        assert len(set(acknowledged.values())) == len(acknowledged)


def test_readyz_and_writes_answer_503_while_postgresql_is_down_then_recover(replicas, cluster):
    a, b = replicas
    token = a.token("alice")
    cluster.run("stop")
    try:
        for s in (a, b):
            r = httpx.get(f"{s.base_url}/readyz", timeout=REQUEST_TIMEOUT)
            assert r.status_code == 503 and r.headers["content-type"].startswith("application/problem+json")
            assert r.headers["retry-after"] == "1"
            assert httpx.get(f"{s.base_url}/healthz", timeout=REQUEST_TIMEOUT).status_code == 200
            with _client(s, token) as c:
                r = c.post(f"{API}/owners", json=_owner_body())
                assert r.status_code == 503, r.text
                assert r.headers["retry-after"] == "1"
                body = r.json()
                assert body["status"] == 503 and body["type"].endswith("/unavailable")
                r = httpx.get(
                    f"{s.base_url}/petclinic/api/owners",
                    headers={"Authorization": "Basic " + _basic("alice")},
                    timeout=REQUEST_TIMEOUT,
                )
                assert r.status_code == 503 and r.headers["retry-after"] == "1", r.text
    finally:
        cluster.run("start")
    deadline = time.monotonic() + 10
    ready = {0: False, 1: False}
    while time.monotonic() < deadline and not all(ready.values()):
        for i, s in enumerate((a, b)):
            if not ready[i]:
                ready[i] = httpx.get(f"{s.base_url}/readyz", timeout=REQUEST_TIMEOUT).status_code == 200
        time.sleep(0.2)
    assert all(ready.values()), ready
    for s in (a, b):
        with _client(s, token) as c:
            ok = False
            for _ in range(20):  # each endpoint thread reconnects on its first call after the restart
                r = c.post(f"{API}/owners", json=_owner_body())
                assert r.status_code in (201, 503), r.text
                if r.status_code == 201:
                    ok = True
                    break
                time.sleep(0.1)
            assert ok


def _basic(user: str) -> str:
    import base64

    from conftest import PASSWORD

    return base64.b64encode(f"{user}:{PASSWORD}".encode()).decode()
