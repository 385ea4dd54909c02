"""The worker's thread pool, its connections' page cache and the process-wide write lock."""

import threading
import time

import anyio
import pawnotes
import pytest
from conftest import create_pg_database, postgres_only, sqlite_only

from pawnotes_server.app import create_app, prepare_database
from pawnotes_server.db import DatabaseProvider
from pawnotes_server.settings import ConfigError, Settings


def settings_for(tmp_path, **extra):
    env = {
        "PAWNOTES_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "PAWNOTES_SECRET_KEY": "k" * 32,
        "PAWNOTES_WEB_DIR": str(tmp_path / "none"),
    }
    env.update(extra)
    return Settings.from_env(env)


def test_threads_and_cache_default_small_and_read_from_the_environment(tmp_path):
    defaults = settings_for(tmp_path)
    assert (defaults.threads, defaults.sqlite_cache_kib) == (8, 1024)
    custom = settings_for(tmp_path, PAWNOTES_THREADS="3", PAWNOTES_SQLITE_CACHE_KIB="512")
    assert (custom.threads, custom.sqlite_cache_kib) == (3, 512)
    with pytest.raises(ConfigError, match="PAWNOTES_THREADS"):
        settings_for(tmp_path, PAWNOTES_THREADS="0")
    with pytest.raises(ConfigError, match="PAWNOTES_SQLITE_CACHE_KIB"):
        settings_for(tmp_path, PAWNOTES_SQLITE_CACHE_KIB="10")


def test_the_app_sizes_the_endpoint_thread_pool(tmp_path):
    from fastapi.testclient import TestClient

    app = create_app(settings_for(tmp_path, PAWNOTES_THREADS="3"))

    @app.get("/api/v1/pool-size")
    async def pool_size():
        return {"tokens": anyio.to_thread.current_default_thread_limiter().total_tokens}

    with TestClient(app) as client:
        assert client.get("/api/v1/pool-size").json() == {"tokens": 3}


@sqlite_only("the write lock serialises SQLite writers")
def test_writes_of_a_process_queue_on_one_lock_and_reads_do_not(tmp_path):
    settings = settings_for(tmp_path)
    pawnotes.Database(settings.database_path).close()  # create and migrate, as the server's start does
    provider = DatabaseProvider(settings)
    db = provider.proxy
    org = db.create_organization("Lock Org")
    scope = pawnotes.Scope(org.id, 1, ["admin"])
    done = threading.Event()

    def write():
        db.create(scope, "petType", {"name": "ferret"})
        done.set()

    with provider.write_lock:
        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(0.3)
        assert not done.is_set(), "a write went ahead while another write held the lock"
        assert db.list(scope, "petType").total == 0  # reads never wait for the lock
    writer.join(timeout=10)
    assert done.is_set()
    assert db.list(scope, "petType").total == 1
    provider.close_all()


@postgres_only("PostgreSQL writers run without the server's write lock")
def test_on_postgresql_writes_take_no_lock_and_run_side_by_side(tmp_path):
    settings = settings_for(tmp_path, PAWNOTES_DATABASE_URL=create_pg_database())
    prepare_database(settings)
    provider = DatabaseProvider(settings)
    assert provider.write_lock is None
    db = provider.proxy
    org = db.create_organization("No Lock Org")
    scope = pawnotes.Scope(org.id, 1, ["admin"])
    errors = []

    def write(i: int) -> None:
        try:
            for j in range(10):
                db.create(scope, "petType", {"name": f"kind {chr(97 + i)}{chr(97 + j)}"})
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert db.list(scope, "petType", size=100).total == 60
    assert not list(tmp_path.glob("*.write-lock"))
    provider.close_all()
