"""pawnotes: records for dog trainers and pet clinics, on the pawnotes C++ core.

    >>> import pawnotes
    >>> db = pawnotes.Database(":memory:", now="2026-11-24T12:00:00Z")
    >>> org = db.create_organization("Happy Paws")
    >>> scope = pawnotes.Scope(org.id, actor_id=1, roles=["admin"])
    >>> owner = db.create(scope, "owner", {"firstName": "Ada", "lastName": "Lovelace",
    ...                   "address": "1 Analytical Way", "city": "London", "telephone": "0123456789"})
    >>> owner.last_name
    'Lovelace'

Errors are one tree (:class:`Error` and its subclasses); results are typed read-only views with
``to_dict()`` / ``to_json()`` giving the canonical JSON.
"""

from __future__ import annotations

from typing import List

# errors first: the native module looks its exception classes up there when it loads.
from .errors import (
    Conflict,
    Error,
    FieldError,
    Forbidden,
    NotFound,
    StorageError,
    UnavailableError,
    ValidationError,
)
from . import _core
from .database import Clock, Database, FixedClock, SystemClock
from .entity import Entity
from .models import (
    CareFlag,
    ChangeRecord,
    CursorPage,
    Dog,
    DogProgress,
    Goal,
    GoalProgress,
    Homework,
    ImportSummary,
    LoginUser,
    Model,
    Note,
    NoteHit,
    NoteHitPage,
    NoteRevision,
    Organization,
    Owner,
    Page,
    PetType,
    PetTypeRef,
    ProgressPoint,
    Skill,
    Specialty,
    Stats,
    TimelineEntry,
    Trainer,
    TrainingSession,
    User,
    Vaccination,
    VaccinationDue,
    Visit,
    record_class,
)
from .scope import Role, Scope
from .validation import check, decode_and_validate, json_schema, validate

__version__ = "0.1.0"


def version() -> str:
    """The core library's version ("0.1.0")."""
    return _core.version()


def entities() -> List[Entity]:
    """Every entity the core knows, in the core's order."""
    return [Entity(name) for name in _core.entities()]


def sqlite_schema_version() -> int:
    """The schema version this build of the core writes."""
    return _core.sqlite_schema_version()


__all__ = [
    "__version__",
    "version",
    "entities",
    "sqlite_schema_version",
    # errors
    "Error",
    "ValidationError",
    "NotFound",
    "Conflict",
    "Forbidden",
    "StorageError",
    "UnavailableError",
    "FieldError",
    # database
    "Database",
    "Clock",
    "FixedClock",
    "SystemClock",
    "Scope",
    "Role",
    "Entity",
    # validation
    "validate",
    "check",
    "decode_and_validate",
    "json_schema",
    # results
    "Model",
    "Organization",
    "User",
    "Owner",
    "PetType",
    "PetTypeRef",
    "Specialty",
    "Dog",
    "Trainer",
    "Visit",
    "Note",
    "NoteRevision",
    "CareFlag",
    "Vaccination",
    "Skill",
    "Goal",
    "TrainingSession",
    "Homework",
    "ProgressPoint",
    "GoalProgress",
    "DogProgress",
    "ChangeRecord",
    "TimelineEntry",
    "NoteHit",
    "NoteHitPage",
    "VaccinationDue",
    "Stats",
    "ImportSummary",
    "LoginUser",
    "Page",
    "CursorPage",
    "record_class",
]
