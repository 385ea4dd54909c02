"""The application factory: create_app(settings) -> FastAPI.

Routes: the native API under /api/v1 (pawnotes_server.native), the Spring PetClinic API under
/petclinic/api (pawnotes_server.petclinic: its `router`, created with that prefix, is served as a
RouteGroup, and its optional `install(app)` is called first, e.g. to register its error formatter with
problems.register_prefix_formatter), /healthz, /readyz, /metrics, /openapi.json + Swagger UI at /docs,
and the web app's static files at / when settings.web_dir exists.
"""

from __future__ import annotations

import fcntl
import importlib
import logging
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator, Optional

import anyio
import pawnotes
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from starlette.responses import FileResponse, Response

from . import observability, problems
from .auth import AuthStore, hash_password
from .db import DatabaseProvider, open_database
from .routing import RouteGroup
from .settings import Settings

__all__ = ["create_app", "prepare_database", "DEMO_ORGANIZATION", "DEMO_USERNAME", "DEMO_PASSWORD"]

log = logging.getLogger("pawnotes_server")

DEMO_ORGANIZATION = "Demo Dog School"
DEMO_USERNAME = "admin"
DEMO_PASSWORD = "admin"


def _find_org(db: pawnotes.Database, name: str) -> Optional[pawnotes.Organization]:
    for org in db.organizations():
        if org.name == name:
            return org
    return None


def _ensure_admin(db: pawnotes.Database, org_name: str, username: str, password: str, roles: list) -> bool:
    """Creates the account (and its organization) unless the username exists; True if created."""
    if db.find_user_for_login(username) is not None:
        return False
    org = _find_org(db, org_name) or db.create_organization(org_name)
    db.create_user(org.id, username=username, password_hash=hash_password(password), roles=roles, display_name=username)
    return True


def prepare_database(settings: Settings) -> None:
    """Creates or migrates the database, then the bootstrap admin (PAWNOTES_ADMIN_USERNAME/PASSWORD) and,
    with --demo, the demo organization and its data. Idempotent, and serialized across processes (a file
    lock on SQLite, an advisory lock on PostgreSQL, which serialises the replicas too), so every worker
    may call it. On PostgreSQL an unavailable database is waited for (PAWNOTES_DATABASE_WAIT_SECONDS)."""
    if settings.is_postgres:
        _prepare_postgres(settings)
        return
    db_path = Path(settings.database_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = str(db_path) + ".prepare.lock"
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with open_database(settings, migrate=True) as db:
                _bootstrap(db, settings)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _prepare_postgres(settings: Settings) -> None:
    from .pgauth import PREPARE_LOCK, advisory_lock

    deadline = time.monotonic() + settings.database_wait_seconds
    while True:
        try:
            with advisory_lock(settings.database_url, PREPARE_LOCK):
                with open_database(settings, migrate=True) as db:
                    _bootstrap(db, settings)
            return
        except Exception as exc:
            if not problems.is_unavailable(exc) or time.monotonic() >= deadline:
                raise
            log.warning("the database is unavailable; retrying: %s", getattr(exc, "message", exc))
            time.sleep(1.0)


def _bootstrap(db: pawnotes.Database, settings: Settings) -> None:
    if settings.admin_username and settings.admin_password:
        if _ensure_admin(db, settings.admin_organization, settings.admin_username, settings.admin_password, ["admin"]):
            log.info("created the admin account %r", settings.admin_username)
    if settings.demo:
        _prepare_demo(db, settings)


def _prepare_demo(db: pawnotes.Database, settings: Settings) -> None:
    if _find_org(db, DEMO_ORGANIZATION) is not None:
        return
    org = db.create_organization(DEMO_ORGANIZATION)
    system = pawnotes.Scope(org.id, 0, ["admin"])
    summary = db.load_demo(system)
    log.info("loaded the demo data", extra={"summary": summary.to_dict()})
    if settings.petclinic_data:
        path = Path(settings.petclinic_data)
        if path.is_file():
            imported = db.import_petclinic_sql(system, path.read_text(encoding="utf-8"))
            log.info("imported the PetClinic sample data", extra={"summary": imported.to_dict()})
        else:
            log.warning("PAWNOTES_PETCLINIC_DATA %s does not exist; PetClinic sample data not loaded", path)
    if db.find_user_for_login(DEMO_USERNAME) is None:
        db.create_user(
            org.id,
            username=DEMO_USERNAME,
            password_hash=hash_password(DEMO_PASSWORD),
            roles=["admin", "trainer", "viewer"],
            display_name="Demo Admin",
        )


def _include_petclinic(app: FastAPI) -> None:
    try:
        module = importlib.import_module("pawnotes_server.petclinic")
    except ModuleNotFoundError as exc:
        if exc.name not in ("pawnotes_server.petclinic",):
            raise
        return
    install = getattr(module, "install", None)
    if install is not None:
        install(app)
    router = getattr(module, "router", None)
    if router is not None:
        # The router's routes carry their full paths (its prefix): served as one group.
        app.router.routes.append(RouteGroup(router.prefix, router.routes))


def _mount_web(app: FastAPI, web_dir: str) -> None:
    root = Path(web_dir).resolve()
    index = root / "index.html"
    reserved = ("api/", "petclinic/", "docs", "openapi.json", "metrics", "healthz", "readyz")

    @app.get("/{path:path}", include_in_schema=False)
    async def web_app(path: str, request: Request) -> Response:
        if path.startswith(reserved):
            raise problems.HTTPException(status_code=404)
        candidate = (root / path).resolve()
        if path and candidate.is_file() and (candidate == root or root in candidate.parents):
            return FileResponse(candidate)
        if index.is_file():
            return FileResponse(index)  # the single-page app routes the rest itself
        raise problems.HTTPException(status_code=404)


def create_app(settings: Optional[Settings] = None) -> FastAPI:
    """A configured app. `settings` default: Settings.from_env(). Prepares the database first."""
    settings = settings or Settings.from_env()
    observability.configure_logging(settings.log_level)
    prepare_database(settings)
    if settings.secret_key_generated:
        log.warning("PAWNOTES_SECRET_KEY is not set: generated one for this run (tokens end with it)")
    if settings.petclinic_open:
        log.warning(
            "the PetClinic API is OPEN: requests without credentials act as admin in organization %r",
            settings.petclinic_org,
        )

    databases = DatabaseProvider(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The sync endpoints' thread pool (anyio's default limiter, 40 otherwise): each thread holds a
        # database connection, so the pool size bounds the worker's memory.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        yield
        databases.close_all()
        app.state.auth.close()

    from . import docs, native  # late: they import this package's other modules

    app = FastAPI(
        title="pawnotes",
        version=pawnotes.__version__,
        description="Records for dog trainers and pet clinics: the native API (/api/v1).",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.databases = databases
    metrics = observability.Metrics.for_process()
    app.state.database_proxy = observability.TimedDatabase(databases.proxy, metrics)
    app.state.auth = AuthStore(settings, on_password_check=metrics.basic_verifications.inc)
    app.state.metrics = metrics
    app.state.count_error = metrics.count_error

    problems.install(app)
    # Routes are added to the app's own route list (observability) or as RouteGroups (the two APIs), not
    # with include_router: see pawnotes_server.routing for why.
    app.router.routes.extend(observability.router.routes)
    app.router.routes.append(RouteGroup(native.PREFIX, native.routes()))
    _include_petclinic(app)
    docs.install(app)
    if settings.web_dir and Path(settings.web_dir).is_dir():
        _mount_web(app, settings.web_dir)

    # Middleware: the last added runs first. Order (outside in): request context, CORS, body limit.
    app.add_middleware(observability.BodyLimitMiddleware, limit=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["*"],
            allow_headers=["*"],
            allow_credentials="*" not in settings.cors_origins,
            expose_headers=["errors", "content-type", "ETag", "Location", "X-Request-ID"],
        )
    app.add_middleware(observability.RequestContextMiddleware, metrics=metrics)
    return app


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory` / gunicorn: the app configured from the environment."""
    return create_app(Settings.from_env())
