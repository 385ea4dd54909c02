"""Errors of the PetClinic API in the document's ProblemDetail shape.

{type, title, status, detail, timestamp, schemaValidationErrors: [{message}]} as application/json, for
every error of a request under /petclinic/api (registered with problems.register_prefix_formatter). An
invalid body is a 400 with one schemaValidationErrors entry per core FieldError ("[Path '/lastName'] must
not be empty") and, as the reference server does, an `errors` header: a JSON array of
{objectName, fieldName, fieldValue, errorMessage} (plus our stable errorCode).

The core names fields its own way (a pet's "typeId", a visit's "dogId"); the endpoints translate them
back to the PetClinic names with `core_call(...)` before the error reaches the formatter.
"""

from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple
from urllib.parse import quote

import pawnotes
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from ..problems import RETRY_AFTER, UNAVAILABLE, HTTPError

__all__ = ["PetClinicInvalid", "core_call", "format_error", "json_path", "Oops"]

log = logging.getLogger("pawnotes_server.petclinic")

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class Oops(HTTPError):
    """GET /oops: the document's always-failing operation (answered 400, as the document says)."""

    status, title, kind = 400, "Bad Request", "oops"


class PetClinicInvalid(pawnotes.ValidationError):
    """Field errors already in PetClinic terms. A core ValidationError subclass, so the app's handler for
    core errors (inside the CORS middleware) routes it to format_error."""

    def __init__(self, object_name: str, errors: Sequence[Tuple[str, str, str, Any]]) -> None:
        super().__init__(
            "; ".join(f"{f}: {m}" for f, _, m, _ in errors) or "invalid request",
            [pawnotes.FieldError(f, c, m) for f, c, m, _ in errors],
        )
        self.object_name = object_name
        #: (PetClinic field path like "type.id", code, message, the rejected value)
        self.details = list(errors)


def json_path(field: str) -> str:
    """ "specialties[1].id" -> "/specialties/1/id"; "" -> "/"."""
    out = ""
    token = ""
    for ch in field:
        if ch in ".[]":
            if token:
                out += "/" + token
            token = ""
        else:
            token += ch
    if token:
        out += "/" + token
    return out or "/"


def _value_at(body: Any, field: str) -> Any:
    """The rejected value in the request body (None when absent)."""
    node = body
    for part in json_path(field).strip("/").split("/"):
        if not part:
            continue
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def rename_field(field: str, renames: Mapping[str, str]) -> str:
    """The PetClinic name of a core field: the longest matching prefix of `renames` is replaced
    ("typeId" with {"typeId": "type.id"} -> "type.id"; "[]" marks a list whose items PetClinic wraps in
    objects: "specialtyIds[2]" with {"specialtyIds": "specialties[].id"} -> "specialties[2].id")."""
    for core in sorted(renames, key=len, reverse=True):
        if field == core:
            return renames[core].split("[]", 1)[0]
        if field.startswith(core + "["):
            rest = field[len(core) :]
            target = renames[core]
            # an element of a list that the PetClinic shape wraps in objects ({id} / {name})
            if "[]" in target:
                head, tail = target.split("[]", 1)
                index_end = rest.index("]") + 1
                return head + rest[:index_end] + tail + rest[index_end:]
            return target + rest
        if field.startswith(core + "."):
            return renames[core] + field[len(core) :]
    return field


@contextmanager
def core_call(
    object_name: str,
    body: Any = None,
    renames: Optional[Mapping[str, str]] = None,
    path_fields: Sequence[str] = (),
    extra: Sequence[pawnotes.FieldError] = (),
) -> Iterator[None]:
    """Runs a core call, turning its ValidationError into a PetClinicInvalid in PetClinic field names.

    A "not_found" error on a field that came from the URL (`path_fields`, e.g. the owner of
    POST /owners/{ownerId}/pets) means the addressed resource is missing: 404, not 400."""
    renames = renames or {}
    try:
        yield
    except PetClinicInvalid:
        raise
    except pawnotes.ValidationError as exc:
        errors = list(extra) + list(exc.errors)
        for e in errors:
            if e.field in path_fields and e.code == "not_found":
                raise pawnotes.NotFound(f"{e.field} {e.message}") from None
        raise invalid(object_name, errors, body, renames) from None


def invalid(
    object_name: str, errors: Sequence[pawnotes.FieldError], body: Any, renames: Mapping[str, str]
) -> PetClinicInvalid:
    mapped = []
    for e in errors:
        name = rename_field(e.field, renames)
        mapped.append((name, e.code, e.message, _value_at(body, name)))
    return PetClinicInvalid(object_name, mapped)


def _request_uri(request: Request) -> str:
    """The request's URL without its query, percent-encoded so it is a valid URI whatever the path held."""
    base = f"{request.url.scheme}://{request.url.netloc}"
    return base + quote(request.url.path, safe="/:@!$&'()*+,;=-._~")


def _timestamp() -> str:
    t = datetime.now(timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def _field_value(value: Any) -> str:
    if value is None:
        return "null"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 100 else text[:100] + "..."


def problem(
    request: Request,
    status: int,
    detail: str,
    messages: Sequence[str] = (),
    headers: Optional[Mapping[str, str]] = None,
    title: Optional[str] = None,
) -> Response:
    body: Dict[str, Any] = {
        "type": _request_uri(request),
        "title": title or _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "timestamp": _timestamp(),
        "schemaValidationErrors": [{"message": m} for m in messages],
    }
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


def _invalid_response(request: Request, exc: PetClinicInvalid) -> Response:
    messages = [f"[Path '{json_path(f)}'] {m}" for f, _, m, _ in exc.details]
    header: List[Dict[str, str]] = [
        {
            "objectName": exc.object_name,
            "fieldName": f,
            "fieldValue": _field_value(v),
            "errorMessage": m,
            "errorCode": c,
        }
        for f, c, m, v in exc.details
    ]
    # ASCII only: header values are latin-1 on the wire.
    errors_header = json.dumps(header, ensure_ascii=True, separators=(",", ":"))
    if len(errors_header) > 7000:  # stay well under common header size limits
        errors_header = json.dumps(header[:20], ensure_ascii=True, separators=(",", ":"))
    detail = "Validation failed: " + "; ".join(f"{f or 'body'} {m}" for f, _, m, _ in exc.details)
    return problem(request, 400, detail, messages, {"errors": errors_header}, title="Validation Failed")


def _parameter_name(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "header", "body", "cookie"):
        parts = parts[1:]
    return ".".join(parts)


_PYDANTIC_MESSAGES = {
    "int_parsing": "must be an integer",
    "int_type": "must be an integer",
    "greater_than_equal": "is out of range",
    "less_than_equal": "is out of range",
    "missing": "is required",
}


def format_error(request: Request, exc: Exception) -> Response:
    """The problems.register_prefix_formatter hook for /petclinic/api."""
    if isinstance(exc, PetClinicInvalid):
        return _invalid_response(request, exc)
    if isinstance(exc, pawnotes.ValidationError):  # a core call outside core_call(): names as the core gives
        return _invalid_response(request, invalid("body", exc.errors, None, {}))
    if isinstance(exc, pawnotes.NotFound):
        return problem(request, 404, exc.message)
    if isinstance(exc, pawnotes.Forbidden):
        return problem(request, 403, exc.message)
    if isinstance(exc, pawnotes.Conflict):
        return problem(request, 409, exc.message)
    if isinstance(exc, UNAVAILABLE):
        log.warning("database unavailable: %s", exc.message)  # type: ignore[attr-defined]
        return problem(request, 503, "The database is unavailable; try again in a moment.", headers=RETRY_AFTER)
    if isinstance(exc, pawnotes.StorageError):
        log.error("storage error: %s", exc.message)
        return problem(request, 503, "The database is unavailable; try again later.")
    if isinstance(exc, HTTPError):
        return problem(request, exc.status, str(exc.detail), headers=exc.headers, title=exc.title)
    if isinstance(exc, StarletteHTTPException):
        status = exc.status_code
        detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(status, "Error")
        if status == 404 and detail == "Not Found":
            detail = f"No resource at {request.url.path}"
        if status == 405 and detail == "Method Not Allowed":
            detail = f"{request.method} is not allowed on {request.url.path}"
        return problem(request, status, detail, headers=getattr(exc, "headers", None))
    if isinstance(exc, RequestValidationError):
        messages = []
        for e in exc.errors():
            name = _parameter_name(e.get("loc", ()))
            messages.append(f"[Parameter '{name}'] {_PYDANTIC_MESSAGES.get(e.get('type', ''), 'is invalid')}")
        return problem(request, 400, "; ".join(messages) or "The request is invalid.", messages)
    request_id = getattr(request.state, "request_id", "")
    log.error("unhandled error (request id %s)", request_id, exc_info=(type(exc), exc, exc.__traceback__))
    return problem(
        request,
        500,
        f"An unexpected error occurred (request id {request_id})." if request_id else "An unexpected error occurred.",
    )
