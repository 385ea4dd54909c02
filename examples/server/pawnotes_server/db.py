"""One pawnotes.Database per thread: FastAPI runs the sync endpoints in a thread pool (settings.threads
threads), and a Database object serializes the calls made on it, so each thread opens its own connection
to the same SQLite file (WAL mode lets readers work beside the writer), with a small page cache each.

Writes take a write lock first (WriteLock): SQLite has one write lock per file and its busy handler
retries with sleeps (1, 2, 5, ... 100 ms) instead of queueing, so writers racing for it produce long tails,
idle cores and, past busy_timeout, failures. The threads of a worker queue on a thread lock, and the
workers on an flock() of a file next to the database, which the kernel hands to the next waiter at once
(and releases if a worker dies holding it). SQLite then never finds its own write lock taken.

On PostgreSQL there is no write lock: writers of every thread, worker and replica run at once, and the
engine keeps them apart (row versions, unique constraints, its own transactions). Each thread still has
its own Database (its own connection); one that lost its connection reconnects on its next call."""

from __future__ import annotations

import fcntl
import os
import threading
import weakref
from typing import List, Optional

import pawnotes
from fastapi import Request

from .settings import Settings

__all__ = ["DatabaseProvider", "WriteLock", "get_db", "open_database"]


def open_database(settings: Settings, migrate: bool = True) -> pawnotes.Database:
    """Opens (and with `migrate`, creates or upgrades) the database: on SQLite the file, creating its
    folder; on PostgreSQL the database of the URL (which must exist)."""
    if settings.is_postgres:
        return pawnotes.Database.open_url(settings.database_url, migrate=migrate)
    path = settings.database_path
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    return pawnotes.Database(path, migrate=migrate, cache_size_kib=settings.sqlite_cache_kib)


#: The Database methods that write (they take the process's write lock).
WRITE_METHODS = frozenset(
    {
        "create",
        "create_many",
        "update",
        "remove",
        "create_organization",
        "create_user",
        "update_user",
        "import_petclinic_sql",
        "load_demo",
        "generate_synthetic",
    }
)


class WriteLock:
    """One writer at a time across the threads of this process and the other worker processes."""

    def __init__(self, database_path: str) -> None:
        self._threads = threading.Lock()
        self._path = os.path.abspath(database_path) + ".write-lock"
        self._fd = -1

    def __enter__(self) -> "WriteLock":
        self._threads.acquire()  # waiting releases the GIL
        try:
            if self._fd < 0:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            fcntl.flock(self._fd, fcntl.LOCK_EX)  # blocks without the GIL
        except BaseException:
            self._threads.release()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def close(self) -> None:
        with self._threads:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1


class DatabaseProvider:
    """Hands each thread its own open Database; close_all() closes every one (app shutdown)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: List["weakref.ref[pawnotes.Database]"] = []
        self._closed = False
        #: SQLite only: PostgreSQL serialises nothing in the server (see the module's text).
        self.write_lock: Optional[WriteLock] = None if settings.is_postgres else WriteLock(settings.database_path)
        self.proxy = _ThreadDatabase(self)

    def get(self) -> pawnotes.Database:
        db = getattr(self._local, "db", None)
        if db is None or db.closed:
            if self._closed:
                raise pawnotes.StorageError("the server is shutting down")
            # The schema was migrated at startup; threads only open.
            db = open_database(self._settings, migrate=False)
            self._local.db = db
            with self._lock:
                self._all.append(weakref.ref(db))
        return db

    def close_all(self) -> None:
        with self._lock:
            self._closed = True
            refs, self._all = self._all, []
        for ref in refs:
            db = ref()
            if db is not None:
                try:
                    db.close()
                except pawnotes.Error:
                    pass
        if self.write_lock is not None:
            self.write_lock.close()


class _ThreadDatabase:
    """Stands in for a pawnotes.Database and forwards each call to the calling thread's own Database.

    FastAPI may resolve a dependency in one pool thread and run the endpoint in another; resolving at
    call time keeps every call on the connection of the thread that makes it."""

    __slots__ = ("_provider",)

    def __init__(self, provider: DatabaseProvider) -> None:
        self._provider = provider

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        attribute = getattr(self._provider.get(), name)
        lock = self._provider.write_lock
        if lock is None or name not in WRITE_METHODS:
            return attribute

        def locked_write(*args, **kwargs):  # type: ignore[no-untyped-def]
            with lock:  # waiting releases the GIL; the core releases it while it writes
                return attribute(*args, **kwargs)

        return locked_write


async def get_db(request: Request) -> pawnotes.Database:
    """FastAPI dependency: the Database of the thread that uses it (see _ThreadDatabase)."""
    return request.app.state.database_proxy  # type: ignore[no-any-return]
