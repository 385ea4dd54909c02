"""The auth tables (tokens, login attempts) and the start-up lock on PostgreSQL, through psycopg 3.

On SQLite the server keeps tokens in a small file next to the database (auth.py); replicas on
PostgreSQL may run on different machines, so there the same two tables live in the PostgreSQL database,
beside the core's tables (named server_* so they never meet the core's migrations). One autocommit
connection per thread; a connection that failed is dropped and the next call opens a new one, so a
restart of PostgreSQL costs the requests that were in flight (503, see problems.Unavailable) and nothing
after it.
"""

from __future__ import annotations

import threading
import weakref
from contextlib import contextmanager
from typing import Any, Iterator, List, Optional, Sequence

import psycopg

from .problems import ServiceUnavailable

__all__ = ["PostgresAuthTables", "advisory_lock", "PREPARE_LOCK"]

#: pg_advisory_lock key of the start-up (migrate, bootstrap admin, demo data): one replica at a time.
PREPARE_LOCK = 0x70617764  # "pawd"
_TABLES_LOCK = 0x70617761  # "pawa"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS server_auth_tokens (
  hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  username TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  organization_id BIGINT NOT NULL,
  roles TEXT NOT NULL,
  created_at DOUBLE PRECISION NOT NULL,
  expires_at DOUBLE PRECISION NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX IF NOT EXISTS server_auth_tokens_expiry ON server_auth_tokens(expires_at);
CREATE TABLE IF NOT EXISTS server_login_attempts (
  key TEXT NOT NULL,
  at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS server_login_attempts_key ON server_login_attempts(key, at);
"""

#: Seconds to wait for a connection, and for any statement (a hung database must not hang requests).
CONNECT_TIMEOUT = 3
STATEMENT_TIMEOUT_MS = 10000


def connect(url: str) -> psycopg.Connection:
    try:
        return psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT,
            options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
        )
    except psycopg.OperationalError as exc:
        raise ServiceUnavailable("The database is unavailable; try again later.") from exc


@contextmanager
def advisory_lock(url: str, key: int) -> Iterator[None]:
    """Holds a session advisory lock on its own connection (released when the block ends or the
    connection dies)."""
    conn = connect(url)
    try:
        conn.execute("SELECT pg_advisory_lock(%s)", (key,))
        yield
    finally:
        conn.close()


class PostgresAuthTables:
    def __init__(self, url: str) -> None:
        self._url = url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: List["weakref.ref[psycopg.Connection]"] = []

    def _conn(self) -> psycopg.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = connect(self._url)
            self._local.conn = conn
            with self._lock:
                self._all.append(weakref.ref(conn))
        return conn

    def _run(self, work: Any) -> Any:
        """work(conn); a failed connection is dropped (the next call reconnects) and the failure is a 503."""
        conn = self._conn()
        try:
            return work(conn)
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            self._local.conn = None
            try:
                conn.close()
            except psycopg.Error:
                pass
            raise ServiceUnavailable("The database is unavailable; try again later.") from exc

    def close(self) -> None:
        with self._lock:
            refs, self._all = self._all, []
        for ref in refs:
            conn = ref()
            if conn is not None:
                try:
                    conn.close()
                except psycopg.Error:
                    pass

    def create_tables(self) -> None:
        def work(conn: psycopg.Connection) -> None:
            with conn.transaction():
                # CREATE ... IF NOT EXISTS races with itself in PostgreSQL: replicas take turns.
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_TABLES_LOCK,))
                conn.execute(_SCHEMA)

        self._run(work)

    def insert_token(self, row: Sequence[object], drop_expired_before: float) -> None:
        def work(conn: psycopg.Connection) -> None:
            conn.execute(
                "INSERT INTO server_auth_tokens(hash, user_id, username, display_name, organization_id, roles,"
                " created_at, expires_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                tuple(row),
            )
            conn.execute("DELETE FROM server_auth_tokens WHERE expires_at < %s", (drop_expired_before,))

        self._run(work)

    def find_token(self, key: str, now: float) -> Optional[Sequence[object]]:
        def work(conn: psycopg.Connection) -> Optional[Sequence[object]]:
            return conn.execute(
                "SELECT user_id, username, display_name, organization_id, roles, expires_at FROM server_auth_tokens"
                " WHERE hash = %s AND NOT revoked AND expires_at > %s",
                (key, now),
            ).fetchone()

        return self._run(work)  # type: ignore[no-any-return]

    def revoke_token(self, key: str) -> bool:
        def work(conn: psycopg.Connection) -> bool:
            cur = conn.execute("UPDATE server_auth_tokens SET revoked = TRUE WHERE hash = %s AND NOT revoked", (key,))
            return cur.rowcount > 0

        return self._run(work)  # type: ignore[no-any-return]

    def note_attempt(self, key: str, now: float, window: int, limit: int) -> Optional[float]:
        """Records an attempt unless `limit` were made within `window` s; then returns the time of the
        attempt whose expiry frees the next one (and records nothing)."""

        def work(conn: psycopg.Connection) -> Optional[float]:
            with conn.transaction():
                # One key at a time across replicas (hashtext: the lock space is int4 per key).
                conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (key,))
                conn.execute("DELETE FROM server_login_attempts WHERE at < %s", (now - window,))
                rows = conn.execute(
                    "SELECT at FROM server_login_attempts WHERE key = %s ORDER BY at", (key,)
                ).fetchall()
                if len(rows) >= limit:
                    return float(rows[len(rows) - limit][0])
                conn.execute("INSERT INTO server_login_attempts(key, at) VALUES (%s, %s)", (key, now))
                return None

        return self._run(work)  # type: ignore[no-any-return]
