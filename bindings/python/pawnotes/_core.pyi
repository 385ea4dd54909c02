"""Private native core of the pawnotes package (pybind11). Use ``import pawnotes`` instead.

The boundary is JSON-shaped: data goes in as dict/list/str/int/float/bool/None, results come back as
canonical camelCase dicts (the typed classes live in pawnotes.models). Every call releases the GIL while
the core works; calls on one Database object are serialized by a mutex.
"""

from typing import Any, Callable, Dict, List, Literal, Mapping, Optional, Protocol, Sequence, overload

from .errors import Conflict as Conflict
from .errors import Error as Error
from .errors import Forbidden as Forbidden
from .errors import NotFound as NotFound
from .errors import StorageError as StorageError
from .errors import UnavailableError as UnavailableError
from .errors import ValidationError as ValidationError

Json = Any
JsonObject = Dict[str, Any]

class _ScopeLike(Protocol):
    """Any object with these attributes (pawnotes.Scope)."""

    @property
    def organization_id(self) -> int: ...
    @property
    def actor_id(self) -> int: ...
    @property
    def roles(self) -> Sequence[str]: ...

class Clock:
    """Where the core's 'now' and 'today' come from."""

    def now(self) -> str:
        """Now as 'YYYY-MM-DDTHH:MM:SS.mmmZ'."""
    def today(self) -> str:
        """Today (UTC) as 'YYYY-MM-DD'."""

class SystemClock(Clock):
    """The real clock (UTC)."""

    def __init__(self) -> None: ...

class FixedClock(Clock):
    """A clock that says what it is told; safe to move while another thread's call reads it."""

    def __init__(self, now: str) -> None:
        """`now`: RFC 3339 text; ValueError otherwise."""
    def set(self, now: str) -> None: ...
    def advance(self, millis: int) -> None:
        """Moves the clock forward (or back, if negative)."""

class Database:
    """A pawnotes database: a SQLite path (":memory:" for an in-memory one) or URL (sqlite:///abs/path), or a
    PostgreSQL URL (postgresql://user:pass@host:port/dbname)."""

    def __init__(
        self,
        path: str = ":memory:",
        clock: Optional[Clock] = None,
        migrate: bool = True,
        busy_timeout_ms: int = 5000,
        read_only: bool = False,
        cache_size_kib: int = 32768,
    ) -> None: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...
    def now(self) -> str: ...
    def today(self) -> str: ...
    # --- records ---
    def create(self, scope: _ScopeLike, entity: str, data: Mapping[str, Json], client_key: Optional[str] = None) -> JsonObject: ...
    def get(self, scope: _ScopeLike, entity: str, id: int) -> JsonObject: ...
    def update(
        self,
        scope: _ScopeLike,
        entity: str,
        id: int,
        data: Mapping[str, Json],
        expected_version: Optional[int] = None,
        patch: bool = False,
    ) -> JsonObject: ...
    def remove(
        self, scope: _ScopeLike, entity: str, id: int, expected_version: Optional[int] = None, cascade: bool = False
    ) -> None: ...
    def list(self, scope: _ScopeLike, entity: str, page: int = 0, size: int = 20, sort: str = "") -> JsonObject:
        """{items, page, size, total, totalPages}"""
    def create_many(self, scope: _ScopeLike, entity: str, items: Sequence[Mapping[str, Json]]) -> List[JsonObject]: ...
    # --- queries ---
    @overload
    def search_owners(
        self, scope: _ScopeLike, last_name_prefix: str = "", page: int = 0, size: int = 20, sort: str = "",
        *,
        json_text: Literal[False] = False,
    ) -> JsonObject: ...
    @overload
    def search_owners(
        self, scope: _ScopeLike, last_name_prefix: str = "", page: int = 0, size: int = 20, sort: str = "",
        *,
        json_text: Literal[True],
    ) -> bytes:
        """The canonical JSON text of the result (UTF-8), without building Python objects."""
    @overload
    def list_dogs(
        self,
        scope: _ScopeLike,
        name_prefix: Optional[str] = None,
        breed: Optional[str] = None,
        owner_id: Optional[int] = None,
        type_id: Optional[int] = None,
        status: Optional[str] = None,
        page: int = 0,
        size: int = 20,
        sort: str = "",
        *,
        json_text: Literal[False] = False,
    ) -> JsonObject: ...
    @overload
    def list_dogs(
        self,
        scope: _ScopeLike,
        name_prefix: Optional[str] = None,
        breed: Optional[str] = None,
        owner_id: Optional[int] = None,
        type_id: Optional[int] = None,
        status: Optional[str] = None,
        page: int = 0,
        size: int = 20,
        sort: str = "",
        *,
        json_text: Literal[True],
    ) -> bytes:
        """The canonical JSON text of the result (UTF-8), without building Python objects."""
    @overload
    def timeline(
        self,
        scope: _ScopeLike,
        dog_id: int,
        limit: int = 50,
        cursor: Optional[str] = None,
        include_deleted_notes: bool = False,
        *,
        json_text: Literal[False] = False,
    ) -> JsonObject:
        """{items, nextCursor}"""
    @overload
    def timeline(
        self,
        scope: _ScopeLike,
        dog_id: int,
        limit: int = 50,
        cursor: Optional[str] = None,
        include_deleted_notes: bool = False,
        *,
        json_text: Literal[True],
    ) -> bytes:
        """The canonical JSON text of the result (UTF-8), without building Python objects."""
    @overload
    def search_notes(
        self,
        scope: _ScopeLike,
        text: str = "",
        category: Optional[str] = None,
        tag: Optional[str] = None,
        dog_id: Optional[int] = None,
        visibility: Optional[str] = None,
        date_from: Optional[str] = None,
        date_to: Optional[str] = None,
        page: int = 0,
        size: int = 20,
        sort: str = "",
        *,
        json_text: Literal[False] = False,
    ) -> JsonObject: ...
    @overload
    def search_notes(
        self,
        scope: _ScopeLike,
        text: str = "",
        category: Optional[str] = None,
        tag: Optional[str] = None,
        dog_id: Optional[int] = None,
        visibility: Optional[str] = None,
        date_from: Optional[str] = None,
        date_to: Optional[str] = None,
        page: int = 0,
        size: int = 20,
        sort: str = "",
        *,
        json_text: Literal[True],
    ) -> bytes:
        """The canonical JSON text of the result (UTF-8), without building Python objects."""
    def vaccinations_due(
        self,
        scope: _ScopeLike,
        within_days: int = 30,
        include_expired: bool = True,
        page: int = 0,
        size: int = 20,
        sort: str = "",
    ) -> JsonObject: ...
    def trainer_visits(
        self, scope: _ScopeLike, trainer_id: int, upcoming: bool = True, page: int = 0, size: int = 20, sort: str = ""
    ) -> JsonObject: ...
    @overload
    def visits_of_dogs(
        self, scope: _ScopeLike, dog_ids: Sequence[int], *, json_text: Literal[False] = False
    ) -> List[JsonObject]: ...
    @overload
    def visits_of_dogs(self, scope: _ScopeLike, dog_ids: Sequence[int], *, json_text: Literal[True]) -> bytes: ...
    def note_revisions(self, scope: _ScopeLike, note_id: int) -> List[JsonObject]: ...
    def care_flags(self, scope: _ScopeLike, dog_id: int, active_only: bool = True) -> List[JsonObject]: ...
    def progress(self, scope: _ScopeLike, dog_id: int, window: int = 5, ready_sessions: int = 3) -> JsonObject: ...
    def vaccinations(self, scope: _ScopeLike, dog_id: int) -> List[JsonObject]: ...
    def history(
        self, scope: _ScopeLike, entity: str, id: int, page: int = 0, size: int = 20, sort: str = ""
    ) -> JsonObject: ...
    def changes_since(self, scope: _ScopeLike, after_seq: int = 0, limit: int = 100) -> List[JsonObject]: ...
    # --- organizations and accounts ---
    def create_organization(self, name: str) -> JsonObject: ...
    def organizations(self) -> List[JsonObject]: ...
    def create_user(
        self,
        organization_id: int,
        *,
        username: str,
        password_hash: str,
        roles: Sequence[str],
        display_name: str = "",
        enabled: bool = True,
    ) -> JsonObject: ...
    def update_user(
        self,
        organization_id: int,
        id: int,
        *,
        username: str,
        password_hash: str,
        roles: Sequence[str],
        display_name: str = "",
        enabled: bool = True,
        version: int,
    ) -> JsonObject: ...
    def find_user_for_login(self, username: str) -> Optional[JsonObject]:
        """{user, organizationId, passwordHash} or None."""
    def users(self, organization_id: int) -> List[JsonObject]: ...
    # --- administration ---
    def schema_version(self) -> int: ...
    def stats(self, scope: _ScopeLike) -> JsonObject: ...
    def backup(self, path: str) -> None: ...
    # --- data sets (summaries: {owners, dogs, petTypes, trainers, specialties, visits, notes, careFlags,
    # vaccinations, users}) ---
    def import_petclinic_sql(self, scope: _ScopeLike, sql_text: str) -> JsonObject: ...
    def load_demo(self, scope: _ScopeLike) -> JsonObject: ...
    def generate_synthetic(
        self,
        scope: _ScopeLike,
        *,
        owners: int = 1000,
        dogs_per_owner: int = 2,
        notes: int = 10000,
        seed: int = 42,
        batch_size: int = 5000,
        progress: Optional[Callable[[int, int], Any]] = None,
    ) -> JsonObject:
        """`progress(done, total)` runs with the GIL held and must not call this Database (ValueError)."""

def validate(entity: str, data: Mapping[str, Json], today: str, mode: str = "create") -> JsonObject: ...
def check(entity: str, data: Mapping[str, Json], today: str, mode: str = "create") -> List[Dict[str, str]]: ...
def decode_and_validate(entity: str, json_text: str, today: str, mode: str = "create") -> JsonObject: ...
def json_schema(entity: str) -> JsonObject: ...
def entities() -> List[str]: ...
def version() -> str: ...
def sqlite_schema_version() -> int: ...
