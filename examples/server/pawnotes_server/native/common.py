"""Shared pieces of the native routers: JSON bodies, paging parameters, ETag / If-Match, Idempotency-Key,
and the canonical JSON responses."""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Dict, Optional, TypeVar

import orjson
import pawnotes
from fastapi import Query, Request
from starlette.responses import Response

from ..problems import MalformedJson, PreconditionFailed

__all__ = [
    "json_body",
    "PageParams",
    "page_params",
    "if_match_version",
    "idempotency_key",
    "record_response",
    "json_response",
    "json_bytes",
    "guarded_write",
    "etag_of",
]

T = TypeVar("T")


async def json_body(request: Request) -> Dict[str, Any]:
    """The request body as a JSON object: 400 when it is not JSON, a field error when it is JSON but not
    an object. Everything else about it is the core's business."""
    raw = await request.body()
    if not raw.strip():
        raise MalformedJson("The request needs a JSON body.")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise MalformedJson("The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise pawnotes.ValidationError(
            "the body must be a JSON object", [pawnotes.FieldError("", "type", "must be a JSON object")]
        )
    return data


class PageParams:
    """page / size / sort of a list request, handed to the core as they are (it checks them)."""

    __slots__ = ("page", "size", "sort")

    def __init__(self, page: int, size: int, sort: str) -> None:
        self.page, self.size, self.sort = page, size, sort


def page_params(
    page: int = Query(0, ge=-(2**31), le=2**31 - 1, description="Zero-based page number."),
    size: int = Query(20, ge=-(2**31), le=2**31 - 1, description="Items per page (1-1000)."),
    sort: str = Query("", description='Sort key; "-" in front for descending (e.g. "-lastName").'),
) -> PageParams:
    return PageParams(page, size, sort)


_ETAG = re.compile(r'^\s*(?:W/)?"(\d{1,18})"\s*$')


def if_match_version(request: Request) -> Optional[int]:
    """The version named by If-Match (W/"3" or "3"); None without the header. Several tags or "*" are
    not supported by a version check: a malformed If-Match is a 412 (it cannot match)."""
    raw = request.headers.get("if-match")
    if raw is None:
        return None
    m = _ETAG.match(raw)
    if m is None:
        raise PreconditionFailed('If-Match must be one entity tag of this API, e.g. W/"3".')
    return int(m.group(1))


def idempotency_key(request: Request) -> Optional[str]:
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > 200:
        raise pawnotes.ValidationError(
            "invalid Idempotency-Key", [pawnotes.FieldError("Idempotency-Key", "invalid", "must be 1-200 characters")]
        )
    return key


def etag_of(version: Any) -> str:
    return f'W/"{version}"'


def json_bytes(data: Any) -> bytes:
    """Compact UTF-8 JSON, byte for byte what JSONResponse renders (json.dumps with ensure_ascii=False and
    (",", ":") separators), by orjson: ~15x faster on a 21 KB timeline page."""
    return orjson.dumps(data)


def json_response(data: Any, status: int = 200, headers: Optional[Dict[str, str]] = None) -> Response:
    return Response(orjson.dumps(data), status_code=status, headers=headers, media_type="application/json")


def record_response(record: pawnotes.Model, status: int = 200, location: Optional[str] = None) -> Response:
    """A record as its canonical JSON, with its ETag (and Location for a create)."""
    data = record.to_dict()
    headers = {}
    if "version" in data and data["version"] is not None:
        headers["ETag"] = etag_of(data["version"])
    if location:
        headers["Location"] = location
    return json_response(data, status, headers)


def guarded_write(
    write: Callable[[], T],
    expected_version: Optional[int],
    current_version: Callable[[], Optional[int]],
) -> T:
    """Runs an update/delete; when it was conditional (If-Match) and the core reports a Conflict because
    the record's version moved on, answers 412 instead of 409 (other conflicts stay 409)."""
    try:
        return write()
    except pawnotes.Conflict:
        if expected_version is not None:
            try:
                now = current_version()
            except pawnotes.NotFound:
                raise
            if now != expected_version:
                raise PreconditionFailed(
                    f"The record is at version {now}, not {expected_version}: reload it and try again."
                ) from None
        raise


# Transport-level bounds only (an id must fit the core's int64, a page number its int): the core checks
# the meaning (NotFound, page >= 0, size 1-1000, ...).
INT64_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1
