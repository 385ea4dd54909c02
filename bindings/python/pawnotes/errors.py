"""The pawnotes exception tree.

Every error the core raises is an :class:`Error`; its subclasses mirror the C++ hierarchy
(``pawnotes::Error`` and its kinds) one to one. The native module translates core errors into these
classes in one place, so this module must not import the native module itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Dict, Iterable, List, Tuple

__all__ = [
    "FieldError",
    "Error",
    "ValidationError",
    "NotFound",
    "Conflict",
    "Forbidden",
    "StorageError",
    "UnavailableError",
]


@dataclass(frozen=True)
class FieldError:
    """One invalid field: ``field`` is the camelCase JSON path ("tags[2]", "[3].body"), ``code`` a stable
    word ("required", "too_long", "unique", ...), ``message`` a sentence that can be shown as is."""

    field: str
    code: str
    message: str

    def to_dict(self) -> Dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


class Error(Exception):
    """Base class of every pawnotes error. ``kind`` is the stable name used by problem+json."""

    kind: ClassVar[str] = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> Dict[str, object]:
        return {"kind": self.kind, "message": self.message}


class ValidationError(Error):
    """The request is invalid; ``errors`` lists every invalid field at once (never empty)."""

    kind: ClassVar[str] = "validation"

    def __init__(self, message: str, errors: Iterable[FieldError] = ()) -> None:
        super().__init__(message)
        self.errors: List[FieldError] = list(errors)

    def to_dict(self) -> Dict[str, object]:
        out = super().to_dict()
        out["errors"] = [e.to_dict() for e in self.errors]
        return out

    def __reduce__(self) -> Tuple[Any, ...]:  # keeps the field errors when pickled (multiprocessing, logging handlers)
        return (type(self), (self.message, self.errors))


class NotFound(Error):
    """The record does not exist in the caller's organization (other organizations' ids are missing too)."""

    kind: ClassVar[str] = "not_found"


class Conflict(Error):
    """A stale version, or a write that would break a rule involving other rows."""

    kind: ClassVar[str] = "conflict"


class Forbidden(Error):
    """The scope's roles do not allow the call."""

    kind: ClassVar[str] = "forbidden"


class StorageError(Error):
    """The storage engine failed (I/O, corrupt or too-new database, closed database); nothing was written."""

    kind: ClassVar[str] = "storage"


class UnavailableError(Error):
    """The database server cannot be reached right now (PostgreSQL down, restarting or shutting down, the
    connection lost); try again shortly: the next call reconnects by itself. The server answers 503."""

    kind: ClassVar[str] = "unavailable"
