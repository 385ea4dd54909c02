"""Errors as RFC 9457 problem documents (application/problem+json).

Every error the server answers with goes through one place: the exception handlers installed by
install(app). A problem is {type, title, status, detail, instance} plus, for invalid input, `errors`:
one {field, code, message} per invalid field, exactly as the core reported them. Nothing internal
(stack traces, SQL, file paths) ever reaches a response; unexpected errors are logged with the request id
and answered with a bare 500.

Other APIs served by the same app (the PetClinic API under /petclinic/api) format errors their own way:
register_prefix_formatter(prefix, fn) makes every error of a request whose path starts with `prefix`
go to fn(request, exc) -> Response. `exc` is one of: a pawnotes.Error subclass, an HTTPError of this
module (Unauthorized, PreconditionFailed, MalformedJson, BodyTooLarge, TooManyRequests), a Starlette
HTTPException (404 unknown route, 405), fastapi's RequestValidationError, or any other Exception
(the unexpected: answer 500 without details). If fn raises, the default problem is sent instead.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple

import pawnotes
from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

__all__ = [
    "PROBLEM_JSON",
    "HTTPError",
    "Unauthorized",
    "PreconditionFailed",
    "MalformedJson",
    "BodyTooLarge",
    "TooManyRequests",
    "ServiceUnavailable",
    "UNAVAILABLE",
    "RETRY_AFTER",
    "is_unavailable",
    "problem_response",
    "problem_body",
    "register_prefix_formatter",
    "render",
    "install",
    "status_for",
]

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://pawnotes.dev/problems/"

log = logging.getLogger("pawnotes_server.errors")

Formatter = Callable[[Request, Exception], Response]
_prefix_formatters: List[Tuple[str, Formatter]] = []


def register_prefix_formatter(prefix: str, fn: Formatter) -> None:
    """Errors of requests under `prefix` (e.g. "/petclinic/api") are formatted by fn(request, exc).
    Registering the same prefix again replaces the formatter (apps built twice in one process)."""
    for i, (p, _) in enumerate(_prefix_formatters):
        if p == prefix:
            _prefix_formatters[i] = (prefix, fn)
            break
    else:
        _prefix_formatters.append((prefix, fn))
    _prefix_formatters.sort(key=lambda item: len(item[0]), reverse=True)  # the longest prefix wins


class HTTPError(HTTPException):
    """An HTTP-level error raised by the server itself (not by the core). A subclass of FastAPI's
    HTTPException so FastAPI's body parsing lets it through unchanged."""

    status: int = 500
    title: str = "Error"
    kind: str = "error"

    def __init__(self, detail: str = "", headers: Optional[Mapping[str, str]] = None) -> None:
        super().__init__(status_code=self.status, detail=detail or self.title, headers=dict(headers or {}))


class Unauthorized(HTTPError):
    status, title, kind = 401, "Unauthorized", "unauthorized"


class PreconditionFailed(HTTPError):
    status, title, kind = 412, "Precondition Failed", "precondition_failed"


class MalformedJson(HTTPError):
    status, title, kind = 400, "Malformed JSON", "malformed_json"


class BodyTooLarge(HTTPError):
    status, title, kind = 413, "Payload Too Large", "body_too_large"


class TooManyRequests(HTTPError):
    status, title, kind = 429, "Too Many Requests", "rate_limited"


class ServiceUnavailable(HTTPError):
    """The database cannot be reached right now (PostgreSQL restarting, a failover): retry shortly."""

    status, title, kind = 503, "Service Unavailable", "unavailable"

    def __init__(self, detail: str = "", headers: Optional[Mapping[str, str]] = None) -> None:
        super().__init__(detail, {**RETRY_AFTER, **dict(headers or {})})


#: What every "the database is unavailable" answer carries: clients (and load balancers) retry after 1 s.
RETRY_AFTER = {"Retry-After": "1"}

#: The core's error for an engine that cannot be reached (PostgreSQL down or restarting); the connection
#: reconnects by itself on the next call, so the request may simply be retried.
UNAVAILABLE: Tuple[type, ...] = (pawnotes.UnavailableError,)


def is_unavailable(exc: BaseException) -> bool:
    """True for the errors answered 503 + Retry-After: the core's UnavailableError and ServiceUnavailable."""
    return isinstance(exc, UNAVAILABLE) or isinstance(exc, ServiceUnavailable)


_CORE_STATUS: Dict[type, Tuple[int, str]] = {
    pawnotes.ValidationError: (422, "Validation Failed"),
    pawnotes.NotFound: (404, "Not Found"),
    pawnotes.Conflict: (409, "Conflict"),
    pawnotes.Forbidden: (403, "Forbidden"),
    pawnotes.StorageError: (503, "Service Unavailable"),
}

_HTTP_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    422: "Validation Failed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def status_for(exc: BaseException) -> int:
    """The HTTP status the native API answers `exc` with."""
    if is_unavailable(exc):
        return 503
    for cls, (status, _) in _CORE_STATUS.items():
        if isinstance(exc, cls):
            return status
    if isinstance(exc, StarletteHTTPException):
        return exc.status_code
    if isinstance(exc, RequestValidationError):
        return 400 if _is_json_error(exc) else 422
    return 500


def problem_body(
    status: int,
    title: Optional[str] = None,
    detail: Optional[str] = None,
    *,
    kind: Optional[str] = None,
    instance: Optional[str] = None,
    errors: Optional[Iterable[Mapping[str, str]]] = None,
) -> Dict[str, Any]:
    body: Dict[str, Any] = {
        "type": TYPE_BASE + kind if kind else "about:blank",
        "title": title or _HTTP_TITLES.get(status, "Error"),
        "status": status,
        "detail": detail or title or _HTTP_TITLES.get(status, "Error"),
    }
    if instance is not None:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = [dict(e) for e in errors]
    return body


def problem_response(
    status: int,
    title: Optional[str] = None,
    detail: Optional[str] = None,
    *,
    kind: Optional[str] = None,
    instance: Optional[str] = None,
    errors: Optional[Iterable[Mapping[str, str]]] = None,
    headers: Optional[Mapping[str, str]] = None,
) -> JSONResponse:
    body = problem_body(status, title, detail, kind=kind, instance=instance, errors=errors)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=dict(headers or {}))


def _is_json_error(exc: RequestValidationError) -> bool:
    return any(e.get("type") == "json_invalid" for e in exc.errors())


def _validation_field(loc: Iterable[Any]) -> str:
    parts = list(loc)
    if parts and parts[0] in ("query", "path", "header", "body", "cookie"):
        parts = parts[1:]
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out


_PYDANTIC_CODES = {
    "int_parsing": ("type", "must be an integer"),
    "int_type": ("type", "must be an integer"),
    "bool_parsing": ("type", "must be true or false"),
    "bool_type": ("type", "must be true or false"),
    "missing": ("required", "is required"),
    "greater_than_equal": ("out_of_range", "is out of range"),
    "less_than_equal": ("out_of_range", "is out of range"),
    "float_parsing": ("type", "must be a number"),
    "string_type": ("type", "must be a string"),
    "enum": ("invalid_value", "is not one of the allowed values"),
    "literal_error": ("invalid_value", "is not one of the allowed values"),
}


def _request_validation_errors(exc: RequestValidationError) -> List[Dict[str, str]]:
    out = []
    for e in exc.errors():
        code, message = _PYDANTIC_CODES.get(e.get("type", ""), ("invalid", "is invalid"))
        out.append({"field": _validation_field(e.get("loc", ())), "code": code, "message": message})
    return out


def _native(request: Request, exc: Exception) -> Response:
    instance = request.url.path
    if isinstance(exc, pawnotes.ValidationError):
        return problem_response(
            422,
            "Validation Failed",
            exc.message,
            kind="validation",
            instance=instance,
            errors=[e.to_dict() for e in exc.errors],
        )
    if isinstance(exc, UNAVAILABLE):
        log.warning("database unavailable: %s", exc.message)  # type: ignore[attr-defined]
        return problem_response(
            503,
            "Service Unavailable",
            "The database is unavailable; try again in a moment.",
            kind="unavailable",
            instance=instance,
            headers=RETRY_AFTER,
        )
    if isinstance(exc, pawnotes.StorageError):
        log.error("storage error: %s", exc.message)
        return problem_response(
            503,
            "Service Unavailable",
            "The database is unavailable; try again later.",
            kind="storage",
            instance=instance,
        )
    for cls, (status, title) in _CORE_STATUS.items():
        if isinstance(exc, cls):
            return problem_response(status, title, exc.message, kind=exc.kind, instance=instance)  # type: ignore[attr-defined]
    if isinstance(exc, HTTPError):
        return problem_response(
            exc.status, exc.title, str(exc.detail), kind=exc.kind, instance=instance, headers=exc.headers
        )
    if isinstance(exc, StarletteHTTPException):
        status = exc.status_code
        detail = exc.detail if isinstance(exc.detail, str) else None
        if status == 404 and detail in (None, "Not Found"):
            detail = f"No resource at {instance}"
        if status == 405 and detail in (None, "Method Not Allowed"):
            detail = f"{request.method} is not allowed on {instance}"
        return problem_response(status, None, detail, instance=instance, headers=exc.headers)
    if isinstance(exc, RequestValidationError):
        if _is_json_error(exc):
            return problem_response(
                400, "Malformed JSON", "The request body is not valid JSON.", kind="malformed_json", instance=instance
            )
        errors = _request_validation_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "The request is invalid."
        return problem_response(422, "Validation Failed", detail, kind="validation", instance=instance, errors=errors)
    request_id = getattr(request.state, "request_id", "")
    log.error("unhandled error (request id %s)", request_id, exc_info=(type(exc), exc, exc.__traceback__))
    return problem_response(
        500,
        "Internal Server Error",
        f"An unexpected error occurred (request id {request_id})." if request_id else "An unexpected error occurred.",
        instance=instance,
    )


def render(request: Request, exc: Exception) -> Response:
    """The error response for `exc`: the prefix formatter of the request's path, else the native problem."""
    path = request.url.path
    for prefix, fn in _prefix_formatters:
        if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
            try:
                return fn(request, exc)
            except Exception:  # a broken formatter must not turn an error into a crash
                log.exception("error formatter for %s failed", prefix)
            break
    return _native(request, exc)


async def _handler(request: Request, exc: Exception) -> Response:
    count_error = getattr(request.app.state, "count_error", None)
    if count_error is not None:
        count_error(exc)
    return render(request, exc)


def install(app: FastAPI) -> None:
    """Routes every error of `app` through render()."""
    for cls in (pawnotes.Error, StarletteHTTPException, RequestValidationError, Exception):
        app.add_exception_handler(cls, _handler)
