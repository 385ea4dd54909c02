"""Authentication: argon2id password hashes (accounts live in the core), bearer tokens for the native API,
HTTP Basic for PetClinic clients, and a login rate limit.

Tokens are 32 random bytes (urlsafe text) handed to the client once; the server keeps only their
HMAC-SHA256 under the secret key, in a small SQLite file next to the database (the "auth database"), with
the user, organization, roles, expiry and a revoked flag. Every worker process shares that file, so a
logout in one worker is seen by all, and so are the login attempts the rate limit counts. On PostgreSQL
the same two tables live in the PostgreSQL database (pgauth.py), so replicas on different machines share
them; there the token cache below is off (every lookup is one primary-key read), which keeps a logout
exact on every replica without a shared file.

Token cache: each process keeps the tokens it looked up recently (hash -> principal, at most
TOKEN_CACHE_SIZE, each for TOKEN_CACHE_SECONDS and never past the token's expiry), so a request does not
query the auth database. Revocation stays exact across processes: revoke() bumps a generation file next to
the auth database (`<auth db>.revocations`: one byte appended per logout) before the logout is answered,
and every lookup compares that file's stat with the one its cache was filled under (one stat call) and
drops the whole cache when it moved. So a token logged out in one worker is refused by every worker from
the moment the logout response is sent; only a change made to the auth database by hand (not through
revoke()) can go unseen, for at most TOKEN_CACHE_SECONDS.

HTTP Basic: a verified username + password is cached per process for BASIC_CACHE_SECONDS (argon2 costs
~0.1 s of CPU). Concurrent first requests with the same credentials are coalesced: one thread verifies,
the others wait for its answer (single flight), so a burst of new connections costs one argon2
verification per worker, not one per connection.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable, Dict, List, Optional, Sequence, Tuple

import pawnotes
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import Request
from starlette.concurrency import run_in_threadpool

from .problems import Unauthorized
from .settings import Settings

if TYPE_CHECKING:
    from .pgauth import PostgresAuthTables

__all__ = [
    "Principal",
    "AuthStore",
    "hash_password",
    "verify_password",
    "require_scope",
    "require_principal",
    "petclinic_scope",
    "petclinic_role_to_core",
    "core_roles_to_petclinic",
]

# argon2id with argon2-cffi's defaults (RFC 9106 "low memory" profile: t=3, m=64 MiB, p=4).
_hasher = PasswordHasher()
# Verified against when the username does not exist, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("pawnotes-no-such-user")


def hash_password(password: str) -> str:
    """The argon2id hash (PHC string) of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class Principal:
    """Who a request acts as."""

    user_id: int
    username: str
    organization_id: int
    roles: Tuple[str, ...]
    #: Expiry of the bearer token (epoch seconds); 0 for Basic credentials and the open PetClinic mode.
    expires_at: float = 0.0
    display_name: str = ""

    @property
    def scope(self) -> pawnotes.Scope:
        return pawnotes.Scope(self.organization_id, self.user_id, self.roles)

    def to_json(self) -> Dict[str, object]:
        return {
            "id": self.user_id,
            "username": self.username,
            "displayName": self.display_name,
            "organizationId": self.organization_id,
            "roles": list(self.roles),
        }


def iso_timestamp(epoch: float) -> str:
    t = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  organization_id INTEGER NOT NULL,
  roles TEXT NOT NULL,
  created_at REAL NOT NULL,
  expires_at REAL NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS tokens_expiry ON tokens(expires_at);
CREATE TABLE IF NOT EXISTS login_attempts (
  key TEXT NOT NULL,
  at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS login_attempts_key ON login_attempts(key, at);
"""


class _Flight:
    """One password verification in progress; requests with the same credentials wait for it."""

    __slots__ = ("done", "result", "error", "waiters")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.result: Optional[Principal] = None
        self.error: Optional[BaseException] = None
        self.waiters = 0


class AuthStore:
    """Tokens and login attempts in the auth database (one sqlite3 connection per thread)."""

    #: How long a looked-up token stays in the process's cache (revocations are seen at once anyway).
    TOKEN_CACHE_SECONDS = 10.0
    TOKEN_CACHE_SIZE = 10000
    #: How long verified Basic credentials stay cached.
    BASIC_CACHE_SECONDS = 60.0

    def __init__(self, settings: Settings, on_password_check: Optional[Callable[[], None]] = None) -> None:
        self._settings = settings
        self._key = settings.secret_key.encode("utf-8")
        self._path = settings.auth_database_path
        self._local = threading.local()
        self._postgres: Optional["PostgresAuthTables"] = None
        if settings.is_postgres:
            from .pgauth import PostgresAuthTables

            self._postgres = PostgresAuthTables(settings.database_url)
            self._postgres.create_tables()
            self._revocations_path = ""
        else:
            folder = os.path.dirname(os.path.abspath(self._path))
            os.makedirs(folder, exist_ok=True)
            conn = self._conn()
            conn.executescript(_SCHEMA)
            self._revocations_path = self._path + ".revocations"
            with open(self._revocations_path, "ab"):
                pass
        # token hash -> (principal, cached until (time.time())); filled under self._token_generation
        self._tokens: Dict[str, Tuple[Principal, float]] = {}
        self._token_generation: Optional[Tuple[int, int, int]] = None
        # Basic credentials verified recently: hmac(user:password) -> (principal, valid until). Saves an
        # argon2 verification (~0.1 s) on every PetClinic request.
        self._basic_cache: Dict[str, Tuple[Principal, float]] = {}
        self._basic_lock = threading.Lock()
        self._flights: Dict[str, _Flight] = {}
        #: argon2 verifications made by authenticate_basic (the single flight's effect is visible here).
        self.basic_verifications = 0
        self._on_password_check = on_password_check

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._path, timeout=10.0, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=10000")
            self._local.conn = conn
        return conn

    @property
    def reads_over_network(self) -> bool:
        """True on PostgreSQL: lookup() is a network round trip (call it from a worker thread)."""
        return self._postgres is not None

    def token_hash(self, token: str) -> str:
        return hmac.new(self._key, token.encode("utf-8"), hashlib.sha256).hexdigest()

    def close(self) -> None:
        """Closes the PostgreSQL connections (SQLite's close with their threads)."""
        if self._postgres is not None:
            self._postgres.close()

    # --- tokens ---
    def issue(self, principal: Principal, now: Optional[float] = None) -> Tuple[str, float]:
        now = time.time() if now is None else now
        token = secrets.token_urlsafe(32)
        expires = now + self._settings.token_ttl_seconds
        row = (
            self.token_hash(token),
            principal.user_id,
            principal.username,
            principal.display_name,
            principal.organization_id,
            ",".join(principal.roles),
            now,
            expires,
        )
        if self._postgres is not None:
            self._postgres.insert_token(row, now - 86400)
            return token, expires
        conn = self._conn()
        conn.execute(
            "INSERT INTO tokens(hash, user_id, username, display_name, organization_id, roles, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        # Expired tokens are of no use to anyone: drop those older than a day past their expiry.
        conn.execute("DELETE FROM tokens WHERE expires_at < ?", (now - 86400,))
        return token, expires

    def _revocation_generation(self) -> Tuple[int, int, int]:
        try:
            st = os.stat(self._revocations_path)
        except FileNotFoundError:
            return (0, 0, 0)
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def lookup(self, token: str, now: Optional[float] = None) -> Optional[Principal]:
        now = time.time() if now is None else now
        key = self.token_hash(token)
        if self._postgres is not None:
            # Replicas on other machines share no file to announce a logout: every lookup asks the
            # database (one primary-key read), so a revocation is exact on every replica at once.
            row = self._postgres.find_token(key, now)
            return None if row is None else _principal(row)
        # The generation is read before the database: a revocation committed after it moves the
        # generation again, so what is cached below cannot outlive it.
        generation = self._revocation_generation()
        if generation != self._token_generation:
            self._tokens = {}
            self._token_generation = generation
        hit = self._tokens.get(key)
        if hit is not None:
            principal, until = hit
            if now < until and now < principal.expires_at:
                return principal
        row = (
            self._conn()
            .execute(
                "SELECT user_id, username, display_name, organization_id, roles, expires_at FROM tokens"
                " WHERE hash = ? AND revoked = 0 AND expires_at > ?",
                (key, now),
            )
            .fetchone()
        )
        if row is None:
            self._tokens.pop(key, None)
            return None
        principal = _principal(row)
        tokens = self._tokens
        if len(tokens) >= self.TOKEN_CACHE_SIZE:
            tokens.clear()
        tokens[key] = (principal, now + self.TOKEN_CACHE_SECONDS)
        return principal

    def revoke(self, token: str) -> bool:
        key = self.token_hash(token)
        if self._postgres is not None:
            return self._postgres.revoke_token(key)
        cur = self._conn().execute("UPDATE tokens SET revoked = 1 WHERE hash = ? AND revoked = 0", (key,))
        # Committed (autocommit): now tell every process's token cache.
        with open(self._revocations_path, "ab") as f:
            f.write(b"r")
        self._tokens.pop(key, None)
        return cur.rowcount > 0

    # --- login rate limit (sliding window per username + client address) ---
    def note_attempt(self, username: str, client: str, now: Optional[float] = None) -> Optional[int]:
        """Records one login attempt; returns None when allowed, else the seconds until the next one is."""
        now = time.time() if now is None else now
        window = self._settings.login_window_seconds
        key = f"{username.strip().lower()}|{client}"
        limit = self._settings.login_max_attempts
        if self._postgres is not None:
            oldest = self._postgres.note_attempt(key, now, window, limit)
            return None if oldest is None else max(1, int(oldest + window - now + 0.999))
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM login_attempts WHERE at < ?", (now - window,))
            rows = conn.execute("SELECT at FROM login_attempts WHERE key = ? ORDER BY at", (key,)).fetchall()
            if len(rows) >= limit:
                conn.execute("COMMIT")
                oldest = rows[len(rows) - limit][0]
                return max(1, int(oldest + window - now + 0.999))
            conn.execute("INSERT INTO login_attempts(key, at) VALUES (?, ?)", (key, now))
            conn.execute("COMMIT")
            return None
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # --- credentials ---
    def authenticate(self, db: pawnotes.Database, username: str, password: str) -> Optional[Principal]:
        """The principal for a username and password, or None (unknown user, wrong password, disabled)."""
        found = db.find_user_for_login(username) if username else None
        if found is None:
            verify_password(_DUMMY_HASH, password)
            return None
        if not verify_password(found.password_hash, password):
            return None
        user = found.user
        if not user.enabled:
            return None
        return Principal(user.id, user.username, found.organization_id, tuple(user.roles), 0.0, user.display_name or "")

    def _basic_key(self, username: str, password: str) -> str:
        return hmac.new(self._key, f"{username}\0{password}".encode("utf-8"), hashlib.sha256).hexdigest()

    def cached_basic(self, username: str, password: str) -> Optional[Principal]:
        """The principal of credentials verified recently, or None (then call authenticate_basic)."""
        hit = self._basic_cache.get(self._basic_key(username, password))
        if hit is not None and hit[1] > time.monotonic():
            return hit[0]
        return None

    def authenticate_basic(self, db: pawnotes.Database, username: str, password: str) -> Optional[Principal]:
        """Basic credentials -> principal, cached; concurrent calls with the same credentials share one
        argon2 verification (the first caller verifies, the others wait for its answer). Blocking: call it
        from a worker thread."""
        key = self._basic_key(username, password)
        with self._basic_lock:
            hit = self._basic_cache.get(key)
            if hit is not None and hit[1] > time.monotonic():
                return hit[0]
            flight = self._flights.get(key)
            leader = flight is None
            if flight is None:
                flight = self._flights[key] = _Flight()
            else:
                flight.waiters += 1
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.result
        try:
            self.basic_verifications += 1
            if self._on_password_check is not None:
                self._on_password_check()
            principal = self.authenticate(db, username, password)
            flight.result = principal
            if principal is not None:
                with self._basic_lock:
                    if len(self._basic_cache) > 1000:
                        self._basic_cache.clear()
                    self._basic_cache[key] = (principal, time.monotonic() + self.BASIC_CACHE_SECONDS)
            return principal
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            with self._basic_lock:
                del self._flights[key]
            flight.done.set()


def _principal(row: Sequence[object]) -> Principal:
    """A principal from (user_id, username, display_name, organization_id, roles, expires_at)."""
    user_id, username, display_name, org_id, roles, expires = row
    return Principal(
        int(user_id),  # type: ignore[call-overload]
        str(username),
        int(org_id),  # type: ignore[call-overload]
        tuple(r for r in str(roles).split(",") if r),
        float(expires),  # type: ignore[arg-type]
        str(display_name),
    )


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


_BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="pawnotes"'}
_BASIC_CHALLENGE = {"WWW-Authenticate": 'Basic realm="pawnotes"'}


def bearer_token(request: Request) -> Optional[str]:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


async def require_principal(request: Request) -> Principal:
    """FastAPI dependency: the principal of the request's bearer token (401 when missing, unknown,
    expired or revoked)."""
    token = bearer_token(request)
    if token is None:
        raise Unauthorized(
            "Sign in first: send Authorization: Bearer <token> (POST /api/v1/auth/login).", _BEARER_CHALLENGE
        )
    store = request.app.state.auth
    if store.reads_over_network:
        # A PostgreSQL round trip (or, while it is down, a connect timeout) must not stall the event loop.
        principal = await run_in_threadpool(store.lookup, token)
    else:
        principal = store.lookup(token)  # SQLite: a cached or local read
    if principal is None:
        raise Unauthorized("The token is unknown, expired or revoked; sign in again.", _BEARER_CHALLENGE)
    request.state.principal = principal
    return principal


async def require_scope(request: Request) -> pawnotes.Scope:
    """FastAPI dependency for the native API: the pawnotes.Scope of the request's bearer token."""
    return (await require_principal(request)).scope


def _basic_credentials(request: Request) -> Optional[Tuple[str, str]]:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthorized("Malformed Basic credentials.", _BASIC_CHALLENGE) from None
    username, sep, password = decoded.partition(":")
    if not sep:
        raise Unauthorized("Malformed Basic credentials.", _BASIC_CHALLENGE)
    return username, password


def _open_organization_id(request: Request) -> int:
    state = request.app.state
    cached = getattr(state, "petclinic_open_org_id", None)
    if cached is not None:
        return cached
    wanted = state.settings.petclinic_org
    db = state.databases.get()
    org_id: Optional[int] = None
    for org in db.organizations():
        if wanted.isdigit() and org.id == int(wanted) or org.name == wanted:
            org_id = org.id
            break
    if org_id is None:
        raise pawnotes.StorageError(f"PAWNOTES_PETCLINIC_ORG {wanted!r} names no organization")
    state.petclinic_open_org_id = org_id
    return org_id


async def petclinic_scope(request: Request) -> pawnotes.Scope:
    """FastAPI dependency for the PetClinic API: the scope of the HTTP Basic credentials; in open mode
    (PAWNOTES_PETCLINIC_OPEN) requests without credentials act in the configured organization as the
    system (actor 0) with the admin role. Cached credentials are answered on the event loop; a first Basic
    login (an argon2 check) and the open mode's first organization lookup run in the thread pool."""
    state = request.app.state
    creds = _basic_credentials(request)
    if creds is None:
        if state.settings.petclinic_open:
            org_id = getattr(state, "petclinic_open_org_id", None)
            if org_id is None:
                org_id = await run_in_threadpool(_open_organization_id, request)
            return pawnotes.Scope(org_id, 0, ["admin"])
        raise Unauthorized("Authentication required (HTTP Basic).", _BASIC_CHALLENGE)
    principal = state.auth.cached_basic(creds[0], creds[1])
    if principal is None:
        principal = await run_in_threadpool(state.auth.authenticate_basic, state.database_proxy, creds[0], creds[1])
    if principal is None:
        raise Unauthorized("Bad credentials.", _BASIC_CHALLENGE)
    request.state.principal = principal
    return principal.scope


# PetClinic's role names <-> the core's roles. PetClinic's vets are admin-only writes in the core, so
# VET_ADMIN maps to admin; OWNER_ADMIN (owners, pets, visits) to trainer.
_PETCLINIC_TO_CORE = {"ADMIN": "admin", "ROLE_ADMIN": "admin", "VET_ADMIN": "admin", "OWNER_ADMIN": "trainer"}


def petclinic_role_to_core(name: str) -> Optional[str]:
    """The core role for a PetClinic role name (with or without "ROLE_"), or None if unknown."""
    key = name.strip().upper()
    if key in _PETCLINIC_TO_CORE:
        return _PETCLINIC_TO_CORE[key]
    if key.startswith("ROLE_"):
        return _PETCLINIC_TO_CORE.get(key[5:])
    return None


def core_roles_to_petclinic(roles: Sequence[str]) -> List[str]:
    out: List[str] = []
    if "admin" in roles:
        out += ["ROLE_ADMIN", "ROLE_VET_ADMIN", "ROLE_OWNER_ADMIN"]
    elif "trainer" in roles:
        out.append("ROLE_OWNER_ADMIN")
    return out
