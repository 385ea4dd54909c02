"""Operations: JSON logs with a request id, Prometheus metrics, /healthz, /readyz and /metrics.

Every request gets an id: the client's X-Request-ID when it is a sane token, else a new one; it is echoed
in the response's X-Request-ID and in every log line written while the request runs. Metrics are labelled
by route template ("/api/v1/owners/{owner_id}"), never by raw path, so ids do not explode the series.
Under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR (the CLI does) so /metrics adds up the
numbers of every worker.
"""

from __future__ import annotations

import contextvars
import itertools
import json
import logging
import os
import re
import secrets
import sys
import time
from typing import Any, Dict, Optional

import pawnotes
from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import problems

__all__ = [
    "RequestContextMiddleware",
    "BodyLimitMiddleware",
    "configure_logging",
    "Metrics",
    "TimedDatabase",
    "router",
    "request_id_var",
]

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("pawnotes_request_id", default="")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class _RequestIds:
    """New request ids: 32 hex digits, a random per-process half and a counter (uuid4 costs a getrandom
    call per request). Reset in a forked child so two workers never share the random half."""

    def __init__(self) -> None:
        self.reset()
        os.register_at_fork(after_in_child=self.reset)

    def reset(self) -> None:
        self._prefix = secrets.token_hex(8)
        self._counter = itertools.count(secrets.randbits(32))

    def new(self) -> str:
        return f"{self._prefix}{next(self._counter) & 0xFFFFFFFFFFFFFFFF:016x}"


_request_ids = _RequestIds()


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and any `extra` fields."""

    _STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        out: Dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id_var.get()
        if rid:
            out["requestId"] = rid
        for key, value in record.__dict__.items():
            if key not in self._STANDARD and key not in ("request_id", "color_message") and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            # The trace goes to the log (for operators), never into a response.
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


JsonFormatter.converter = time.gmtime  # type: ignore[assignment]


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for the server's loggers and uvicorn's/gunicorn's own."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "gunicorn.error"):
        lg = logging.getLogger(name)
        lg.handlers[:] = []
        lg.propagate = True
    # Our access log replaces uvicorn's (it has the request id, route and duration).
    logging.getLogger("uvicorn.access").disabled = True


class Metrics:
    """The server's Prometheus metrics, in a registry of their own (one per app)."""

    def __init__(self) -> None:
        self.multiprocess = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
        # In multiprocess mode values are written to files and collected at scrape time, so the metrics
        # must live in the default registry.
        self.registry: Optional[CollectorRegistry] = None if self.multiprocess else CollectorRegistry()
        kw: Dict[str, Any] = {} if self.multiprocess else {"registry": self.registry}
        self.requests = Counter(
            "pawnotes_http_requests_total",
            "HTTP requests by route template, method and status",
            ["method", "route", "status"],
            **kw,
        )
        self.latency = Histogram(
            "pawnotes_http_request_duration_seconds",
            "HTTP request latency by route template and method",
            ["method", "route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
            **kw,
        )
        # Saturation: requests being handled right now (from the request's headers to its last byte),
        # summed over the live workers; compare with workers x PAWNOTES_THREADS.
        self.in_flight = Gauge(
            "pawnotes_http_requests_in_flight",
            "HTTP requests being handled now (all workers of the instance)",
            multiprocess_mode="livesum",
            **kw,
        )
        # Time of each call into the database (pawnotes.Database method, including the wait for the
        # write lock), by method name: a small fixed set, never ids.
        self.db_latency = Histogram(
            "pawnotes_db_operation_duration_seconds",
            "Duration of calls into the pawnotes database by Database method (writes include the write lock wait)",
            ["operation"],
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
            **kw,
        )
        self.core_errors = Counter(
            "pawnotes_core_errors_total", "Errors raised by the pawnotes core, by kind", ["kind"], **kw
        )
        self.basic_verifications = Counter(
            "pawnotes_basic_auth_verifications_total",
            "argon2 verifications of HTTP Basic credentials (cache misses; concurrent ones share one)",
            **kw,
        )

    _process: Optional["Metrics"] = None

    @classmethod
    def for_process(cls) -> "Metrics":
        """Multiprocess mode keeps its metrics in the process-wide default registry, so apps built twice in
        one process share one Metrics; otherwise every app gets its own."""
        if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            return cls()
        if cls._process is None:
            cls._process = cls()
        return cls._process

    def count_error(self, exc: BaseException) -> None:
        if isinstance(exc, pawnotes.Error):
            self.core_errors.labels(kind=exc.kind).inc()

    def render(self) -> bytes:
        if self.multiprocess:
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry)
        assert self.registry is not None
        return generate_latest(self.registry)


class TimedDatabase:
    """Stands in for the database proxy the endpoints use and times every method call into it
    (pawnotes_db_operation_duration_seconds{operation=<method>}), failed calls included."""

    __slots__ = ("_db", "_metrics")

    def __init__(self, db: Any, metrics: Metrics) -> None:
        self._db = db
        self._metrics = metrics

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._db, name)
        if not callable(attribute):
            return attribute
        histogram = self._metrics.db_latency.labels(operation=name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return attribute(*args, **kwargs)
            finally:
                histogram.observe(time.perf_counter() - start)

        return timed


def _route_template(scope: Scope) -> str:
    """The matched route's template ("/api/v1/owners/{owner_id}"), or "unmatched".

    A route of a router included with a prefix may know only its own part of the template
    ("/owners/{owner_id}"), so the template is the request path's leading segments (the prefix, which
    has no parameters) followed by the route's own template segments. Substituting parameter values back
    into the path instead would mislabel routes whose parameters have equal values."""
    route = scope.get("route")
    template = getattr(route, "path", None)
    if route is None or not isinstance(template, str):
        return "unmatched"
    path: str = scope.get("path", "") or "/"
    if template.endswith("{path:path}"):
        return template  # the web app's catch-all: one series, not one per file
    path_segments = path.rstrip("/").split("/")
    template_segments = template.strip("/").split("/")
    prefix_length = max(0, len(path_segments) - len(template_segments))
    full = "/".join(path_segments[:prefix_length] + template_segments)
    return full or "/"


class RequestContextMiddleware:
    """Request id, access log, metrics, and the last line of defence: an exception that escaped every
    handler becomes a bare 500 problem (with the request id) instead of a stack trace."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self.log = logging.getLogger("pawnotes_server.access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = ""
        for name, value in scope.get("headers", ()):
            if name == b"x-request-id":
                incoming = value.decode("latin-1")
                break
        rid = incoming if _REQUEST_ID.match(incoming) else _request_ids.new()
        scope.setdefault("state", {})["request_id"] = rid
        token = request_id_var.set(rid)
        start = time.perf_counter()
        status = 500
        started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", rid.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:
            if started:
                raise
            request = Request(scope)
            response = problems.render(request, exc)
            await response(scope, receive, send_wrapper)
        finally:
            self.metrics.in_flight.dec()
            elapsed = time.perf_counter() - start
            route = _route_template(scope)
            method = scope.get("method", "")
            self.metrics.requests.labels(method=method, route=route, status=str(status)).inc()
            self.metrics.latency.labels(method=method, route=route).observe(elapsed)
            principal = scope.get("state", {}).get("principal")
            self.log.info(
                "%s %s %s",
                method,
                scope.get("path", ""),
                status,
                extra={
                    "method": method,
                    "path": scope.get("path", ""),
                    "route": route,
                    "status": status,
                    "durationMs": round(elapsed * 1000, 3),
                    "client": (scope.get("client") or ("", 0))[0],
                    "user": getattr(principal, "username", None),
                    "organizationId": getattr(principal, "organization_id", None),
                },
            )
            request_id_var.reset(token)


class BodyLimitMiddleware:
    """413 for a body over `limit` bytes: at once when Content-Length says so, else as soon as the
    streamed body passes the limit (chunked uploads have no Content-Length)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    length = -1
                if length > self.limit:
                    exc = problems.BodyTooLarge(f"The request body is larger than {self.limit} bytes.")
                    await problems.render(Request(scope), exc)(scope, receive, send)
                    return
                break
        received = 0
        limit = self.limit

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise problems.BodyTooLarge(f"The request body is larger than {limit} bytes.")
            return message

        await self.app(scope, limited_receive, send)


router = APIRouter(include_in_schema=False)


@router.get("/healthz")
async def healthz() -> Dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> Response:
    """Readiness: the database answers a query."""
    provider = request.app.state.databases
    settings = request.app.state.settings
    path = None if settings.is_postgres else settings.database_path

    def check() -> int:
        # An open connection keeps answering from a file that was deleted or whose volume went away:
        # check that the file is still there, then that a query works (on PostgreSQL: that the server
        # answers; a connection lost to a restart reconnects here).
        if path is not None and not os.path.isfile(path):
            raise pawnotes.StorageError("the database file is missing")
        return provider.get().schema_version()

    try:
        version = await run_in_threadpool(check)
    except Exception as exc:  # any failure means "not ready"; the reason goes to the log only
        logging.getLogger("pawnotes_server").warning("readiness check failed: %s", exc)
        return problems.problem_response(
            503, "Service Unavailable", "The database is not reachable.", kind="not_ready", headers=problems.RETRY_AFTER
        )
    return JSONResponse({"status": "ready", "schemaVersion": version})


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    body = await run_in_threadpool(request.app.state.metrics.render)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
