"""pawnotes.Database: the typed Python face of the core's Database.

Every method converts its arguments, lets the native core do the work with the GIL released, and wraps
the canonical JSON it returns in the typed classes of :mod:`pawnotes.models`. One Database object may be
shared by several threads: the native layer serializes the calls on it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, List, Mapping, Optional, Sequence, Tuple, Type, TypeVar, Union, overload

from . import _core
from .entity import EntityLike, entity_name
from .models import (
    CareFlag,
    DogProgress,
    ChangeRecord,
    CursorPage,
    Dog,
    ImportSummary,
    LoginUser,
    Model,
    NoteHit,
    NoteHitPage,
    NoteRevision,
    Organization,
    Owner,
    Page,
    Stats,
    TimelineEntry,
    User,
    Vaccination,
    VaccinationDue,
    Visit,
    record_class,
)
from .scope import Role, Scope

__all__ = ["Database", "Clock", "FixedClock", "SystemClock", "timestamp_text", "date_text"]

Clock = _core.Clock
SystemClock = _core.SystemClock

DateLike = Union[_dt.date, str]
TimestampLike = Union[_dt.datetime, str]
Progress = Callable[[int, int], Any]


def timestamp_text(value: TimestampLike) -> str:
    """An aware datetime (any zone) or RFC 3339 text, as the core's timestamp text."""
    if isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            raise ValueError("a naive datetime is ambiguous: give it a tzinfo (e.g. datetime.timezone.utc)")
        utc = value.astimezone(_dt.timezone.utc)
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
    raise TypeError(f"expected a datetime or str, not {type(value).__name__}")


def date_text(value: DateLike) -> str:
    """A date (not a datetime) or "YYYY-MM-DD" text."""
    if isinstance(value, str):
        return value
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    raise TypeError(f"expected a date or str, not {type(value).__name__}")


def _optional_date(value: Optional[DateLike]) -> Optional[str]:
    return None if value is None else date_text(value)


class FixedClock(_core.FixedClock):
    """A clock that says what it is told (tests, or callers that bring their own time)."""

    def __init__(self, now: TimestampLike) -> None:
        super().__init__(timestamp_text(now))

    def set(self, now: TimestampLike) -> None:
        super().set(timestamp_text(now))


M = TypeVar("M", bound=Model)
#: An entity by name or Entity member, or a record class (pawnotes.Owner) for a precisely typed result.
EntityArg = Union[EntityLike, Type[Model]]


def _entity(entity: EntityArg) -> Tuple[str, Type[Model]]:
    if isinstance(entity, type) and issubclass(entity, Model):
        if not entity._entity:
            raise ValueError(f"{entity.__name__} is not a record class")
        return entity._entity, entity
    name = entity_name(entity)
    return name, record_class(name)


def _roles(roles: Sequence[Union[Role, str]]) -> List[str]:
    if isinstance(roles, (str, Role)):
        roles = [roles]
    return [Role(r).value for r in roles]


class Database:
    """A pawnotes database: SQLite at `path` (":memory:" for an in-memory one, or a sqlite:///abs/path URL),
    or PostgreSQL at a postgresql:// (postgres://) URL. On PostgreSQL a server that cannot be reached
    raises UnavailableError; the next call reconnects by itself. `read_only`, `busy_timeout_ms` and
    `cache_size_kib` are SQLite's; `migrate` applies to both engines.

    The clock is the system clock unless `clock` (a Clock) or `now` (a fixed time, for tests) is given.
    Usable as a context manager; close() releases the file.
    """

    def __init__(
        self,
        path: str = ":memory:",
        *,
        clock: Optional[Clock] = None,
        now: Optional[TimestampLike] = None,
        migrate: bool = True,
        read_only: bool = False,
        busy_timeout_ms: int = 5000,
        cache_size_kib: int = 32768,
    ) -> None:
        if clock is not None and now is not None:
            raise ValueError("give either clock or now, not both")
        if now is not None:
            clock = FixedClock(now)
        self._clock = clock
        self._db = _core.Database(
            str(path),
            clock,
            migrate=migrate,
            busy_timeout_ms=busy_timeout_ms,
            read_only=read_only,
            cache_size_kib=cache_size_kib,
        )

    @classmethod
    def open(cls, path: str = ":memory:", clock: Optional[Clock] = None, **options: Any) -> "Database":
        """Same as the constructor (mirrors the C++ Database::open)."""
        return cls(path, clock=clock, **options)

    @classmethod
    def open_url(cls, url: str, clock: Optional[Clock] = None, **options: Any) -> "Database":
        """The database a URL names (mirrors the C++ Database::open_url): ``sqlite:///abs/path``,
        ``sqlite:///:memory:``, a plain path, or ``postgresql://user:pass@host:port/dbname``."""
        return cls(url, clock=clock, **options)

    # --- lifetime ---
    def close(self) -> None:
        """Closes the database; later calls raise StorageError. Safe to call twice."""
        self._db.close()

    @property
    def closed(self) -> bool:
        return self._db.closed

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def clock(self) -> Optional[Clock]:
        """The clock given at open (None: the system clock)."""
        return self._clock

    def now(self) -> str:
        """The clock's now, as the core's timestamp text."""
        return self._db.now()

    def today(self) -> str:
        """The clock's today, "YYYY-MM-DD"."""
        return self._db.today()

    # --- records ---
    # `entity` is a name ("owner"), an Entity member or a record class (pawnotes.Owner); with a class the
    # result is typed as that class for type checkers too.
    @overload
    def create(self, scope: Scope, entity: Type[M], data: Mapping[str, Any], client_key: Optional[str] = None) -> M: ...
    @overload
    def create(
        self, scope: Scope, entity: EntityLike, data: Mapping[str, Any], client_key: Optional[str] = None
    ) -> Any: ...
    def create(self, scope: Scope, entity: EntityArg, data: Mapping[str, Any], client_key: Optional[str] = None) -> Any:
        """Validates and inserts one record; a replay with the same client_key returns the first result."""
        name, cls = _entity(entity)
        return cls(self._db.create(scope, name, data, client_key))

    @overload
    def get(self, scope: Scope, entity: Type[M], id: int) -> M: ...
    @overload
    def get(self, scope: Scope, entity: EntityLike, id: int) -> Any: ...
    def get(self, scope: Scope, entity: EntityArg, id: int) -> Any:
        """The record; NotFound if absent or in another organization."""
        name, cls = _entity(entity)
        return cls(self._db.get(scope, name, id))

    @overload
    def update(
        self,
        scope: Scope,
        entity: Type[M],
        id: int,
        data: Mapping[str, Any],
        expected_version: Optional[int] = None,
        patch: bool = False,
    ) -> M: ...
    @overload
    def update(
        self,
        scope: Scope,
        entity: EntityLike,
        id: int,
        data: Mapping[str, Any],
        expected_version: Optional[int] = None,
        patch: bool = False,
    ) -> Any: ...
    def update(
        self,
        scope: Scope,
        entity: EntityArg,
        id: int,
        data: Mapping[str, Any],
        expected_version: Optional[int] = None,
        patch: bool = False,
    ) -> Any:
        """Replaces the editable members (patch=True: only the given ones). A stale expected_version is a
        Conflict."""
        name, cls = _entity(entity)
        return cls(self._db.update(scope, name, id, data, expected_version, patch))

    def remove(
        self,
        scope: Scope,
        entity: EntityArg,
        id: int,
        expected_version: Optional[int] = None,
        cascade: bool = False,
    ) -> None:
        """Deletes (notes: soft-deletes). Conflict when stale or when dependants exist without cascade."""
        self._db.remove(scope, _entity(entity)[0], id, expected_version, cascade)

    @overload
    def list(self, scope: Scope, entity: Type[M], page: int = 0, size: int = 20, sort: str = "") -> Page[M]: ...
    @overload
    def list(self, scope: Scope, entity: EntityLike, page: int = 0, size: int = 20, sort: str = "") -> Page[Any]: ...
    def list(self, scope: Scope, entity: EntityArg, page: int = 0, size: int = 20, sort: str = "") -> Page[Any]:
        name, cls = _entity(entity)
        return Page(self._db.list(scope, name, page, size, sort), cls)

    @overload
    def create_many(self, scope: Scope, entity: Type[M], items: Sequence[Mapping[str, Any]]) -> List[M]: ...
    @overload
    def create_many(self, scope: Scope, entity: EntityLike, items: Sequence[Mapping[str, Any]]) -> List[Any]: ...
    def create_many(self, scope: Scope, entity: EntityArg, items: Sequence[Mapping[str, Any]]) -> List[Any]:
        """Validates every item first (errors name the item: "[3].body"), then inserts all in one transaction."""
        name, cls = _entity(entity)
        return [cls(r) for r in self._db.create_many(scope, name, items if isinstance(items, list) else list(items))]

    # --- queries ---
    def search_owners(
        self, scope: Scope, last_name_prefix: str = "", page: int = 0, size: int = 20, sort: str = ""
    ) -> Page[Owner]:
        return Page(self._db.search_owners(scope, last_name_prefix, page, size, sort), Owner)

    def list_dogs(
        self,
        scope: Scope,
        name_prefix: Optional[str] = None,
        breed: Optional[str] = None,
        owner_id: Optional[int] = None,
        type_id: Optional[int] = None,
        status: Optional[str] = None,
        page: int = 0,
        size: int = 20,
        sort: str = "",
    ) -> Page[Dog]:
        raw = self._db.list_dogs(scope, name_prefix, breed, owner_id, type_id, status, page, size, sort)
        return Page(raw, Dog)

    def timeline(
        self,
        scope: Scope,
        dog_id: int,
        limit: int = 50,
        cursor: Optional[str] = None,
        include_deleted_notes: bool = False,
    ) -> CursorPage[TimelineEntry]:
        return CursorPage(self._db.timeline(scope, dog_id, limit, cursor, include_deleted_notes), TimelineEntry)

    def search_notes(
        self,
        scope: Scope,
        text: str = "",
        category: Optional[str] = None,
        tag: Optional[str] = None,
        dog_id: Optional[int] = None,
        visibility: Optional[str] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
        page: int = 0,
        size: int = 20,
        sort: str = "",
    ) -> Page[NoteHit]:
        raw = self._db.search_notes(
            scope,
            text,
            category,
            tag,
            dog_id,
            visibility,
            _optional_date(date_from),
            _optional_date(date_to),
            page,
            size,
            sort,
        )
        return NoteHitPage(raw, NoteHit)

    # The same four queries as canonical JSON text (UTF-8 bytes), written by the core straight from its
    # typed results: for callers that pass the result on unchanged (an HTTP response) and would otherwise
    # pay for Python objects they never look at. json.loads(x_json(...)) == x(...).to_dict().

    def search_owners_json(
        self,
        scope: Scope,
        last_name_prefix: str = "",
        page: int = 0,
        size: int = 20,
        sort: str = "",
    ) -> bytes:
        return self._db.search_owners(scope, last_name_prefix, page, size, sort, json_text=True)

    def list_dogs_json(
        self,
        scope: Scope,
        name_prefix: Optional[str] = None,
        breed: Optional[str] = None,
        owner_id: Optional[int] = None,
        type_id: Optional[int] = None,
        status: Optional[str] = None,
        page: int = 0,
        size: int = 20,
        sort: str = "",
    ) -> bytes:
        return self._db.list_dogs(
            scope,
            name_prefix,
            breed,
            owner_id,
            type_id,
            status,
            page,
            size,
            sort,
            json_text=True,
        )

    def timeline_json(
        self,
        scope: Scope,
        dog_id: int,
        limit: int = 50,
        cursor: Optional[str] = None,
        include_deleted_notes: bool = False,
    ) -> bytes:
        return self._db.timeline(scope, dog_id, limit, cursor, include_deleted_notes, json_text=True)

    def search_notes_json(
        self,
        scope: Scope,
        text: str = "",
        category: Optional[str] = None,
        tag: Optional[str] = None,
        dog_id: Optional[int] = None,
        visibility: Optional[str] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
        page: int = 0,
        size: int = 20,
        sort: str = "",
    ) -> bytes:
        return self._db.search_notes(
            scope,
            text,
            category,
            tag,
            dog_id,
            visibility,
            _optional_date(date_from),
            _optional_date(date_to),
            page,
            size,
            sort,
            json_text=True,
        )

    def vaccinations_due(
        self,
        scope: Scope,
        within_days: int = 30,
        include_expired: bool = True,
        page: int = 0,
        size: int = 20,
        sort: str = "",
    ) -> Page[VaccinationDue]:
        return Page(self._db.vaccinations_due(scope, within_days, include_expired, page, size, sort), VaccinationDue)

    def trainer_visits(
        self, scope: Scope, trainer_id: int, upcoming: bool = True, page: int = 0, size: int = 20, sort: str = ""
    ) -> Page[Visit]:
        return Page(self._db.trainer_visits(scope, trainer_id, upcoming, page, size, sort), Visit)

    def visits_of_dogs(self, scope: Scope, dog_ids: Sequence[int]) -> List[Visit]:
        """Every visit of these dogs (at most 1000 ids) in one call, ordered by dog id, then date, then id;
        ids unknown or of another organization contribute nothing."""
        return [Visit(r) for r in self._db.visits_of_dogs(scope, list(dog_ids))]

    def visits_of_dogs_json(self, scope: Scope, dog_ids: Sequence[int]) -> bytes:
        """visits_of_dogs as the core's canonical JSON text (a list), without Python objects."""
        return self._db.visits_of_dogs(scope, list(dog_ids), json_text=True)

    def note_revisions(self, scope: Scope, note_id: int) -> List[NoteRevision]:
        return [NoteRevision(r) for r in self._db.note_revisions(scope, note_id)]

    def care_flags(self, scope: Scope, dog_id: int, active_only: bool = True) -> List[CareFlag]:
        return [CareFlag(r) for r in self._db.care_flags(scope, dog_id, active_only)]

    def progress(self, scope: Scope, dog_id: int, window: int = 5, ready_sessions: int = 3) -> DogProgress:
        """A dog's training progress per goal (the rule: lib/README.md, "Training plans and progress")."""
        return DogProgress(self._db.progress(scope, dog_id, window, ready_sessions))

    def vaccinations(self, scope: Scope, dog_id: int) -> List[Vaccination]:
        return [Vaccination(r) for r in self._db.vaccinations(scope, dog_id)]

    def history(
        self, scope: Scope, entity: EntityArg, id: int, page: int = 0, size: int = 20, sort: str = ""
    ) -> Page[ChangeRecord]:
        return Page(self._db.history(scope, _entity(entity)[0], id, page, size, sort), ChangeRecord)

    def changes_since(self, scope: Scope, after_seq: int = 0, limit: int = 100) -> List[ChangeRecord]:
        return [ChangeRecord(r) for r in self._db.changes_since(scope, after_seq, limit)]

    # --- organizations and accounts ---
    def create_organization(self, name: str) -> Organization:
        return Organization(self._db.create_organization(name))

    def organizations(self) -> List[Organization]:
        return [Organization(r) for r in self._db.organizations()]

    def create_user(
        self,
        organization_id: int,
        *,
        username: str,
        password_hash: str,
        roles: Sequence[Union[Role, str]],
        display_name: str = "",
        enabled: bool = True,
    ) -> User:
        """`password_hash` must already be a hash (argon2id is the server's job)."""
        raw = self._db.create_user(
            organization_id,
            username=username,
            password_hash=password_hash,
            roles=_roles(roles),
            display_name=display_name,
            enabled=enabled,
        )
        return User(raw)

    def update_user(
        self,
        organization_id: int,
        id: int,
        *,
        username: str,
        password_hash: str,
        roles: Sequence[Union[Role, str]],
        display_name: str = "",
        enabled: bool = True,
        version: int,
    ) -> User:
        raw = self._db.update_user(
            organization_id,
            id,
            username=username,
            password_hash=password_hash,
            roles=_roles(roles),
            display_name=display_name,
            enabled=enabled,
            version=version,
        )
        return User(raw)

    def find_user_for_login(self, username: str) -> Optional[LoginUser]:
        """The account (with its password hash and organization id), or None."""
        raw = self._db.find_user_for_login(username)
        return None if raw is None else LoginUser(raw)

    def users(self, organization_id: int) -> List[User]:
        return [User(r) for r in self._db.users(organization_id)]

    # --- administration ---
    def schema_version(self) -> int:
        return self._db.schema_version()

    def stats(self, scope: Scope) -> Stats:
        return Stats(self._db.stats(scope))

    def backup(self, path: str) -> None:
        """A consistent online copy to `path` (which must not exist)."""
        self._db.backup(str(path))

    # --- data sets ---
    def import_petclinic_sql(self, scope: Scope, sql_text: str) -> ImportSummary:
        """Imports Spring PetClinic's data.sql INSERTs (ids remapped); writes nothing if a line is invalid."""
        return ImportSummary(self._db.import_petclinic_sql(scope, sql_text))

    def load_demo(self, scope: Scope) -> ImportSummary:
        """The deterministic dog-training demo data set."""
        return ImportSummary(self._db.load_demo(scope))

    def generate_synthetic(
        self,
        scope: Scope,
        owners: int = 1000,
        notes: int = 10000,
        seed: int = 42,
        *,
        dogs_per_owner: int = 2,
        batch_size: int = 5000,
        progress: Optional[Progress] = None,
    ) -> ImportSummary:
        """Seeded synthetic owners, dogs and notes (same seed, same data). `progress(done, total)` is called
        with the GIL held; it must not call this Database. An exception it raises stops the generation and
        propagates."""
        raw = self._db.generate_synthetic(
            scope,
            owners=owners,
            dogs_per_owner=dogs_per_owner,
            notes=notes,
            seed=seed,
            batch_size=batch_size,
            progress=progress,
        )
        return ImportSummary(raw)

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<pawnotes.Database {state}>"
