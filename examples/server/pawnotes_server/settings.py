"""Server configuration, read from the environment only (the command line maps its flags onto these
variables before the app is built, so every worker process sees the same configuration)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional, Tuple

__all__ = ["Settings", "ConfigError", "sqlite_path", "database_engine", "POSTGRES_SCHEMES"]

DEFAULT_DATABASE_URL = "sqlite:///./var/pawnotes.db"
# The built web app, when PAWNOTES_WEB_DIR is not set: next to this package in a source checkout
# (examples/server/pawnotes_server -> examples/web/...), else under the current directory when it is a
# checkout (an installed package lives in site-packages, far from the repository).
_WEB_BUILD = Path("web") / "dist" / "pawnotes-web" / "browser"
_DEFAULT_WEB_DIRS = (
    Path(__file__).resolve().parents[2] / _WEB_BUILD,
    Path("examples") / _WEB_BUILD,
)


class ConfigError(ValueError):
    """A configuration value is missing or invalid; the message says which variable to fix."""


#: URL schemes of the PostgreSQL engine (libpq accepts both spellings).
POSTGRES_SCHEMES = ("postgresql", "postgres")


def database_engine(url: str) -> str:
    """ "sqlite" or "postgresql" for a PAWNOTES_DATABASE_URL; ConfigError for anything else."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ConfigError(
            f"PAWNOTES_DATABASE_URL {url!r} is not a URL"
            " (expected sqlite:///path/to/file.db or postgresql://user:password@host:port/dbname)"
        )
    if scheme == "sqlite":
        sqlite_path(url)  # validates the path
        return "sqlite"
    if scheme in POSTGRES_SCHEMES:
        host_part = rest.split("/", 1)[0].rpartition("@")[2]
        if not host_part or "/" not in rest or not rest.split("/", 1)[1].split("?", 1)[0]:
            raise ConfigError(
                "PAWNOTES_DATABASE_URL must name a host and a database (postgresql://user:password@host:port/dbname)"
            )
        return "postgresql"
    raise ConfigError(
        f"PAWNOTES_DATABASE_URL uses {scheme!r}: the engines are sqlite (sqlite:///path/to/file.db)"
        " and postgresql (postgresql://user:password@host:port/dbname)"
    )


def sqlite_path(url: str) -> str:
    """The file path of a sqlite:/// URL ("sqlite:///./var/x.db" -> "./var/x.db",
    "sqlite:////abs/x.db" -> "/abs/x.db")."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ConfigError(f"PAWNOTES_DATABASE_URL {url!r} is not a URL (expected sqlite:///path/to/file.db)")
    if scheme != "sqlite":
        raise ConfigError(f"PAWNOTES_DATABASE_URL uses {scheme!r}, not a sqlite:/// file")
    if not rest.startswith("/") or rest == "/":
        raise ConfigError(f"PAWNOTES_DATABASE_URL {url!r} names no file (expected sqlite:///path/to/file.db)")
    path = rest[1:]
    if path in (":memory:", "") or path.startswith("file:"):
        raise ConfigError("PAWNOTES_DATABASE_URL must name a database file (workers and threads share it)")
    return path


def _bool(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use 1/0, true/false)")


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None
    if value < minimum:
        raise ConfigError(f"{name}={raw!r} must be at least {minimum}")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to know; build it with Settings.from_env()."""

    database_url: str = DEFAULT_DATABASE_URL
    #: Keys the stored token hashes (HMAC-SHA256): a leaked auth database alone cannot be replayed.
    secret_key: str = ""
    #: True when the key was generated for this run (--demo): tokens do not survive a restart.
    secret_key_generated: bool = False
    cors_origins: Tuple[str, ...] = ()
    log_level: str = "INFO"
    token_ttl_seconds: int = 12 * 3600
    #: The unauthenticated PetClinic API, bound to one organization (PAWNOTES_PETCLINIC_ORG: id or name).
    petclinic_open: bool = False
    petclinic_org: str = ""
    max_body_bytes: int = 1024 * 1024
    #: Threads that run the (sync) endpoints in each worker; each keeps its own database connection.
    threads: int = 8
    #: Page-cache ceiling of each of those connections, in KiB (the OS caches the file as well).
    sqlite_cache_kib: int = 1024
    web_dir: Optional[str] = None
    demo: bool = False
    petclinic_data: Optional[str] = None
    #: The auth database (accounts live in the core; tokens and login attempts here). Default: next to the
    #: database, "<stem>-auth.db". Empty on PostgreSQL: there they live in tables of the database itself.
    auth_database_path: str = ""
    #: Login attempts allowed per username+client address within login_window_seconds.
    login_max_attempts: int = 10
    login_window_seconds: int = 60
    #: Bootstrap admin created at start when both are set and the username does not exist yet.
    admin_username: str = ""
    admin_password: str = field(default="", repr=False)
    admin_organization: str = "pawnotes"
    #: How long the start waits for an unavailable database (PostgreSQL starting beside the server).
    database_wait_seconds: int = 30

    @property
    def engine(self) -> str:
        """ "sqlite" or "postgresql"."""
        return database_engine(self.database_url)

    @property
    def is_postgres(self) -> bool:
        return self.engine == "postgresql"

    @property
    def database_path(self) -> str:
        """The SQLite file (ConfigError on PostgreSQL: there is no file)."""
        return sqlite_path(self.database_url)

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if env is None else env
        database_url = env.get("PAWNOTES_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
        engine = database_engine(database_url)
        demo = _bool(env, "PAWNOTES_DEMO")

        secret = env.get("PAWNOTES_SECRET_KEY", "")
        generated = False
        if not secret:
            if not demo:
                raise ConfigError(
                    "PAWNOTES_SECRET_KEY is required (make one with"
                    " `python -c 'import secrets; print(secrets.token_urlsafe(32))'`); only --demo generates one"
                )
            secret = secrets.token_urlsafe(32)
            generated = True
        elif len(secret) < 16:
            raise ConfigError("PAWNOTES_SECRET_KEY must be at least 16 characters")

        origins = tuple(o.strip() for o in env.get("PAWNOTES_CORS_ORIGINS", "").split(",") if o.strip())

        web_dir = env.get("PAWNOTES_WEB_DIR", "").strip() or None
        if web_dir is None:
            web_dir = next((str(d.resolve()) for d in _DEFAULT_WEB_DIRS if d.is_dir()), None)

        auth_path = env.get("PAWNOTES_AUTH_DATABASE", "").strip()
        if engine == "postgresql":
            # Every replica must see every token and login attempt: they live in the PostgreSQL database.
            if auth_path:
                raise ConfigError(
                    "PAWNOTES_AUTH_DATABASE is for SQLite only: on PostgreSQL the tokens and login attempts"
                    " live in the database itself (unset it)"
                )
        elif not auth_path:
            p = Path(sqlite_path(database_url))
            auth_path = str(p.with_name(p.stem + "-auth.db"))

        log_level = env.get("PAWNOTES_LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ConfigError(f"PAWNOTES_LOG_LEVEL={log_level!r} is not a log level")

        return cls(
            database_url=database_url,
            secret_key=secret,
            secret_key_generated=generated,
            cors_origins=origins,
            log_level=log_level,
            token_ttl_seconds=_int(env, "PAWNOTES_TOKEN_TTL_SECONDS", 12 * 3600, minimum=1),
            petclinic_open=_bool(env, "PAWNOTES_PETCLINIC_OPEN", default=demo),
            petclinic_org=env.get("PAWNOTES_PETCLINIC_ORG", "").strip() or ("Demo Dog School" if demo else ""),
            max_body_bytes=_int(env, "PAWNOTES_MAX_BODY_BYTES", 1024 * 1024, minimum=1024),
            threads=_int(env, "PAWNOTES_THREADS", 8, minimum=1),
            sqlite_cache_kib=_int(env, "PAWNOTES_SQLITE_CACHE_KIB", 1024, minimum=64),
            web_dir=web_dir,
            demo=demo,
            petclinic_data=env.get("PAWNOTES_PETCLINIC_DATA", "").strip() or None,
            auth_database_path=auth_path,
            login_max_attempts=_int(env, "PAWNOTES_LOGIN_MAX_ATTEMPTS", 10, minimum=1),
            login_window_seconds=_int(env, "PAWNOTES_LOGIN_WINDOW_SECONDS", 60, minimum=1),
            admin_username=env.get("PAWNOTES_ADMIN_USERNAME", "").strip(),
            admin_password=env.get("PAWNOTES_ADMIN_PASSWORD", ""),
            admin_organization=env.get("PAWNOTES_ADMIN_ORGANIZATION", "").strip() or "pawnotes",
            database_wait_seconds=_int(env, "PAWNOTES_DATABASE_WAIT_SECONDS", 30, minimum=0),
        )
