"""Typed results. Each class is a thin, read-only view over the canonical JSON dict the core returned:
snake_case attributes (``owner.first_name``), nested records typed (``owner.dogs[0].age_years``),
``to_dict()`` giving back the canonical camelCase dict exactly and ``to_json()`` its JSON text.

Dates and timestamps stay in their canonical text form ("YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS.mmmZ"), so a
value read from an attribute equals the one in ``to_dict()``.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, ClassVar, Dict, Generic, Iterator, List, Mapping, Optional, Tuple, Type, TypeVar

__all__ = [
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

_CAMEL_BOUNDARY = re.compile(r"(?<!^)(?=[A-Z])")


def _snake(name: str) -> str:
    return _CAMEL_BOUNDARY.sub("_", name).lower()


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _copy(value: Any) -> Any:
    """A deep copy of a JSON value (much faster than copy.deepcopy for plain dicts and lists)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


class Model:
    """Base of the typed results: a read-only view over one canonical JSON object."""

    __slots__ = ("_data", "_cache")

    #: The camelCase members, in the order repr() shows them.
    _fields: ClassVar[Tuple[str, ...]] = ()
    #: Members holding nested records: member -> converter from the JSON value.
    _nested: ClassVar[Dict[str, Callable[[Any], Any]]] = {}
    #: The entity name of record classes ("owner"); empty for other results.
    _entity: ClassVar[str] = ""
    #: snake_case attribute -> camelCase member (derived from _fields).
    _attrs: ClassVar[Dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._attrs = {_snake(f): f for f in cls._fields}

    def __init__(self, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            raise TypeError(f"{type(self).__name__} needs a dict, not {type(data).__name__}")
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_cache", {})

    @classmethod
    def from_dict(cls: Type[_M], data: Mapping[str, Any]) -> _M:
        """A typed view over a copy of `data` (a canonical camelCase dict)."""
        return cls(_copy(dict(data)))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        key = type(self)._attrs.get(name)
        if key is None:
            key = _camel(name)  # members added to the canonical JSON later stay reachable
            if key not in self._data:
                raise AttributeError(f"{type(self).__name__!s} has no attribute {name!r}")
        cache = self._cache
        if key in cache:
            return cache[key]
        value = self._data.get(key)
        converter = type(self)._nested.get(key)
        if converter is not None and value is not None:
            value = converter(value)
            cache[key] = value
            return value
        return _copy(value)  # lists and dicts are copies: the view stays read-only

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only; use to_dict() for a mutable copy")

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) | set(type(self)._attrs))

    def to_dict(self) -> Dict[str, Any]:
        """The canonical camelCase dict (a copy)."""
        return _copy(self._data)

    def to_json(self, indent: Optional[int] = None) -> str:
        """The canonical JSON text (compact unless `indent` is given; UTF-8 kept as is)."""
        separators = (",", ":") if indent is None else (",", ": ")
        return json.dumps(self._data, ensure_ascii=False, separators=separators, indent=indent)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._data == other._data  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = [f"{attr}={getattr(self, attr)!r}" for attr in type(self)._attrs]
        return f"{type(self).__name__}({', '.join(shown)})"

    def __reduce__(self) -> Any:
        return (type(self), (self._data,))


_M = TypeVar("_M", bound=Model)
_T = TypeVar("_T")


def _list_of(cls: Type[Model]) -> Callable[[Any], List[Any]]:
    return lambda values: [cls(v) for v in values]


class Organization(Model):
    __slots__ = ()
    _entity = "organization"
    _fields = ("id", "name", "createdAt", "version")


class User(Model):
    __slots__ = ()
    _entity = "user"
    _fields = ("id", "username", "displayName", "roles", "enabled", "version")


class PetType(Model):
    __slots__ = ()
    _entity = "petType"
    _fields = ("id", "name", "version")


class PetTypeRef(Model):
    """A dog's type as embedded in the dog: {id, name}."""

    __slots__ = ()
    _fields = ("id", "name")


class Specialty(Model):
    __slots__ = ()
    _entity = "specialty"
    _fields = ("id", "name", "version")


class Dog(Model):
    __slots__ = ()
    _entity = "dog"
    _fields = (
        "id",
        "ownerId",
        "typeId",
        "type",
        "name",
        "birthDate",
        "breed",
        "sex",
        "weightKg",
        "microchip",
        "status",
        "ageYears",
        "version",
    )
    _nested = {"type": PetTypeRef}


class Owner(Model):
    __slots__ = ()
    _entity = "owner"
    _fields = ("id", "firstName", "lastName", "address", "city", "telephone", "email", "version", "dogs")
    _nested = {"dogs": _list_of(Dog)}


class Trainer(Model):
    __slots__ = ()
    _entity = "trainer"
    _fields = ("id", "firstName", "lastName", "email", "specialties", "specialtyIds", "version")
    _nested = {"specialties": _list_of(Specialty)}


class Visit(Model):
    __slots__ = ()
    _entity = "visit"
    _fields = ("id", "dogId", "trainerId", "date", "description", "durationMinutes", "version")


class Note(Model):
    __slots__ = ()
    _entity = "note"
    _fields = (
        "id",
        "dogId",
        "authorId",
        "body",
        "category",
        "tags",
        "visibility",
        "createdAt",
        "updatedAt",
        "revision",
        "deletedAt",
        "version",
    )


class NoteRevision(Model):
    __slots__ = ()
    _fields = ("noteId", "revision", "body", "category", "tags", "visibility", "editedBy", "editedAt")


class CareFlag(Model):
    __slots__ = ()
    _entity = "careFlag"
    _fields = ("id", "dogId", "kind", "severity", "text", "active", "createdAt", "version")


class Vaccination(Model):
    __slots__ = ()
    _entity = "vaccination"
    _fields = ("id", "dogId", "name", "givenOn", "expiresOn", "status", "daysLeft", "version")


class Skill(Model):
    __slots__ = ()
    _entity = "skill"
    _fields = ("id", "name", "description", "version")


class Goal(Model):
    """A dog's training goal; `baseline` and `target` are dicts of distanceMetres, durationSeconds, distractionLevel."""

    __slots__ = ()
    _entity = "goal"
    _fields = ("id", "dogId", "skillId", "baseline", "target", "status", "startDate", "targetDate", "version")


class TrainingSession(Model):
    """A session; `trials` is a list of dicts (goalId, attempts, successes and the three Ds of the day)."""

    __slots__ = ()
    _entity = "trainingSession"
    _fields = ("id", "dogId", "trainerId", "date", "note", "trials", "version")


class Homework(Model):
    __slots__ = ()
    _entity = "homework"
    _fields = (
        "id", "goalId", "dogId", "exercise", "assignedOn", "dueDate", "done", "ownerComment", "doneAt", "version",
    )


class ProgressPoint(Model):
    """One session of one goal: ratio (None with zero attempts), rolling ratio, the criteria of the day."""

    __slots__ = ()
    _fields = ("sessionId", "date", "attempts", "successes", "ratio", "rollingRatio", "criteria", "meetsTarget")


class GoalProgress(Model):
    __slots__ = ()
    _fields = ("goal", "points", "sessions", "attempts", "successes", "latestRatio", "rollingRatio", "readyToRaise")
    _nested = {"goal": Goal, "points": _list_of(ProgressPoint)}


class DogProgress(Model):
    """Database.progress: per goal of the dog, its sessions over time and whether it is ready to raise."""

    __slots__ = ()
    _fields = ("dogId", "window", "readySessions", "goals")
    _nested = {"goals": _list_of(GoalProgress)}


class ChangeRecord(Model):
    """One entry of the change log; `data` is the record after the change (before it, for a delete)."""

    __slots__ = ()
    _fields = ("seq", "entity", "entityId", "operation", "actorId", "at", "version", "data")


class TimelineEntry(Model):
    """A visit or a note of a dog's timeline; only the member named by `kind` is set."""

    __slots__ = ()
    _fields = ("kind", "at", "visit", "note")
    _nested = {"visit": Visit, "note": Note}


class NoteHit(Model):
    __slots__ = ()
    _fields = ("note", "dogName", "snippet", "rank")
    _nested = {"note": Note}


class VaccinationDue(Model):
    __slots__ = ()
    _fields = ("vaccination", "dogName", "ownerId")
    _nested = {"vaccination": Vaccination}


class Stats(Model):
    __slots__ = ()
    _fields = ("owners", "dogs", "trainers", "visits", "notes", "careFlags", "vaccinations", "changes", "schemaVersion")


class ImportSummary(Model):
    """What a data-set import or generator wrote, per kind of record."""

    __slots__ = ()
    _fields = (
        "owners",
        "dogs",
        "petTypes",
        "trainers",
        "specialties",
        "visits",
        "notes",
        "careFlags",
        "vaccinations",
        "users",
        "skills",
        "goals",
        "trainingSessions",
        "homework",
    )


class LoginUser(Model):
    """The result of Database.find_user_for_login: the account, its organization and its password hash."""

    __slots__ = ()
    _fields = ("user", "organizationId", "passwordHash")
    _nested = {"user": User}


class Page(Model, Generic[_T]):
    """One page of an offset-paged list: `items` of this page, `total` matching items in all pages."""

    __slots__ = ("_item",)
    _fields = ("items", "page", "size", "total", "totalPages")

    def __init__(self, data: Mapping[str, Any], item: Optional[Callable[[Any], _T]] = None) -> None:
        super().__init__(data)
        object.__setattr__(self, "_item", item)

    @property
    def items(self) -> List[_T]:
        cache = self._cache
        if "items" not in cache:
            convert = self._item
            raw = self._data.get("items", [])
            cache["items"] = [convert(v) for v in raw] if convert else _copy(raw)
        return cache["items"]

    def __iter__(self) -> Iterator[_T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self._data.get("items", []))

    def __reduce__(self) -> Any:
        return (type(self), (self._data, self._item))


class NoteHitPage(Page[_T]):
    """A page of note-search hits: also `order` ("relevance", "newest", "createdAt", "-createdAt") and
    `total_exact` (False when `total` is a lower bound; see lib/include/pawnotes/search_rule.hpp)."""

    __slots__ = ()
    _fields = Page._fields + ("order", "totalExact")


class CursorPage(Model, Generic[_T]):
    """One page of a cursor-paged list; pass `next_cursor` back for the next one (None on the last)."""

    __slots__ = ("_item",)
    _fields = ("items", "nextCursor")

    def __init__(self, data: Mapping[str, Any], item: Optional[Callable[[Any], _T]] = None) -> None:
        super().__init__(data)
        object.__setattr__(self, "_item", item)

    @property
    def items(self) -> List[_T]:
        cache = self._cache
        if "items" not in cache:
            convert = self._item
            raw = self._data.get("items", [])
            cache["items"] = [convert(v) for v in raw] if convert else _copy(raw)
        return cache["items"]

    def __iter__(self) -> Iterator[_T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self._data.get("items", []))

    def __reduce__(self) -> Any:
        return (type(self), (self._data, self._item))


_RECORD_CLASSES: Dict[str, Type[Model]] = {
    "organization": Organization,
    "user": User,
    "owner": Owner,
    "petType": PetType,
    "dog": Dog,
    "trainer": Trainer,
    "specialty": Specialty,
    "visit": Visit,
    "note": Note,
    "careFlag": CareFlag,
    "vaccination": Vaccination,
    "skill": Skill,
    "goal": Goal,
    "trainingSession": TrainingSession,
    "homework": Homework,
}


def record_class(entity: str) -> Type[Model]:
    """The typed class of an entity's records ("owner" -> Owner)."""
    return _RECORD_CLASSES[str(entity)]
