"""`pawnotes-server`: runs the REST server, or creates the first admin account.

    pawnotes-server [--host H] [--port P] [--database URL] [--workers N] [--demo] [--petclinic-data FILE]
    pawnotes-server create-admin --username U [--organization NAME] [--database URL]

Every flag maps onto an environment variable (PAWNOTES_HOST, PAWNOTES_PORT, PAWNOTES_DATABASE_URL,
PAWNOTES_WORKERS, PAWNOTES_DEMO, PAWNOTES_PETCLINIC_DATA, PAWNOTES_LOG_LEVEL) and the app reads only the
environment, so one worker or many see the same configuration. One worker runs uvicorn; more run gunicorn
with uvicorn workers (SIGTERM: in-flight requests finish, up to --graceful-timeout seconds).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
from typing import List, Optional

from .settings import ConfigError, Settings

__all__ = ["main"]


def _env_default(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def _serve_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pawnotes-server", description="The pawnotes REST server.")
    p.add_argument(
        "--host", default=_env_default("PAWNOTES_HOST", "127.0.0.1"), help="address to listen on (PAWNOTES_HOST)"
    )
    p.add_argument("--port", type=int, default=int(_env_default("PAWNOTES_PORT", "8080")), help="port (PAWNOTES_PORT)")
    p.add_argument(
        "--database",
        default=None,
        help="database URL, sqlite:///path or postgresql://user:pw@host:port/db (PAWNOTES_DATABASE_URL)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=int(_env_default("PAWNOTES_WORKERS", "1")),
        help="worker processes (PAWNOTES_WORKERS)",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        default=None,
        help="demo organization, data and login admin/admin (PAWNOTES_DEMO)",
    )
    p.add_argument(
        "--petclinic-data", default=None, help="PetClinic data.sql to import with --demo (PAWNOTES_PETCLINIC_DATA)"
    )
    p.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING, ERROR (PAWNOTES_LOG_LEVEL)")
    p.add_argument(
        "--graceful-timeout",
        type=int,
        default=int(_env_default("PAWNOTES_GRACEFUL_TIMEOUT", "30")),
        help="seconds in-flight requests get to finish on SIGTERM (PAWNOTES_GRACEFUL_TIMEOUT)",
    )
    return p


def _admin_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pawnotes-server create-admin",
        description="Creates an admin account (password from PAWNOTES_ADMIN_PASSWORD or a prompt).",
    )
    p.add_argument("--username", required=True)
    p.add_argument("--organization", default=None, help="organization name (created if missing; default: pawnotes)")
    p.add_argument("--database", default=None, help="database URL (PAWNOTES_DATABASE_URL)")
    return p


def _fail(message: str) -> int:
    print(f"pawnotes-server: {message}", file=sys.stderr)
    return 2


def create_admin(argv: List[str]) -> int:
    args = _admin_parser().parse_args(argv)
    if args.database:
        os.environ["PAWNOTES_DATABASE_URL"] = args.database
    password = os.environ.get("PAWNOTES_ADMIN_PASSWORD", "")
    if not password:
        if not sys.stdin.isatty():
            return _fail("set PAWNOTES_ADMIN_PASSWORD (no terminal to ask for the password)")
        password = getpass.getpass(f"Password for {args.username}: ")
        if password != getpass.getpass("Again: "):
            return _fail("the passwords differ")
    if not password:
        return _fail("the password must not be empty")
    import pawnotes

    from .app import _ensure_admin
    from .db import open_database

    try:
        # The secret key is not needed to create an account.
        settings = Settings.from_env(
            {**os.environ, "PAWNOTES_SECRET_KEY": os.environ.get("PAWNOTES_SECRET_KEY") or "x" * 32}
        )
        with open_database(settings) as db:
            org = args.organization or settings.admin_organization
            if not _ensure_admin(db, org, args.username, password, ["admin"]):
                return _fail(f"the username {args.username!r} is taken")
    except ConfigError as exc:
        return _fail(str(exc))
    except pawnotes.ValidationError as exc:
        return _fail("; ".join(f"{e.field}: {e.message}" for e in exc.errors) or exc.message)
    except pawnotes.Error as exc:
        return _fail(exc.message)
    print(f"created admin {args.username!r} in organization {org!r}")
    return 0


def serve(argv: List[str]) -> int:
    args = _serve_parser().parse_args(argv)
    if args.database:
        os.environ["PAWNOTES_DATABASE_URL"] = args.database
    if args.demo:
        os.environ["PAWNOTES_DEMO"] = "1"
    if args.petclinic_data:
        os.environ["PAWNOTES_PETCLINIC_DATA"] = args.petclinic_data
    if args.log_level:
        os.environ["PAWNOTES_LOG_LEVEL"] = args.log_level
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        return _fail(str(exc))
    if settings.secret_key_generated:
        # Every worker must sign tokens with the same key: fix the generated one for the child processes.
        os.environ["PAWNOTES_SECRET_KEY"] = settings.secret_key
    if args.workers < 1:
        return _fail("--workers must be at least 1")

    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Before anything imports prometheus_client: it picks its multiprocess mode at import time, and
        # the workers fork from this process.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="pawnotes-metrics-")

    import pawnotes

    from .app import DEMO_PASSWORD, DEMO_USERNAME, prepare_database
    from .problems import ServiceUnavailable

    try:
        prepare_database(settings)
    except pawnotes.Error as exc:
        return _fail(f"cannot open the database: {exc.message}")
    except ServiceUnavailable as exc:
        return _fail(f"cannot open the database: {exc.detail}")
    except OSError as exc:  # its directory cannot be created, a read-only filesystem, ...
        return _fail(f"cannot open the database: {exc.strerror}: {exc.filename}")

    url = f"http://{args.host}:{args.port}"
    print(f"pawnotes server: {url}  (API docs: {url}/docs, native API: {url}/api/v1)", flush=True)
    if settings.web_dir:
        print(f"web app: {url}/  (from {settings.web_dir})", flush=True)
    else:
        print("web app: not built (examples/web/build.sh builds it; PAWNOTES_WEB_DIR points at a build)", flush=True)
    if settings.demo:
        print(f'demo login: {DEMO_USERNAME} / {DEMO_PASSWORD}  (organization "Demo Dog School")', flush=True)

    if args.workers == 1:
        import uvicorn

        uvicorn.run(
            "pawnotes_server.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=args.graceful_timeout,
        )
        return 0
    return _gunicorn(args, settings)


def _gunicorn(args: argparse.Namespace, settings: Settings) -> int:
    from gunicorn.app.base import BaseApplication

    metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]

    def child_exit(server, worker):  # type: ignore[no-untyped-def]
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid, metrics_dir)

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            self.cfg.set("worker_class", "uvicorn.workers.UvicornWorker")
            self.cfg.set("graceful_timeout", args.graceful_timeout)
            self.cfg.set("timeout", 120)
            self.cfg.set("accesslog", None)
            self.cfg.set("loglevel", settings.log_level.lower())
            self.cfg.set("child_exit", child_exit)

        def load(self):  # type: ignore[no-untyped-def]
            from .app import app_from_env

            return app_from_env()

    Server().run()
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "create-admin":
        return create_admin(argv[1:])
    if argv and argv[0] == "serve":
        argv = argv[1:]
    return serve(argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
