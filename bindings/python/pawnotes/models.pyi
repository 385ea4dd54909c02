# Curated types of pawnotes.models: each result class's attributes as the canonical JSON gives them
# (dates and timestamps are the core's text forms; absent optional values are None).
from typing import Any, Callable, ClassVar, Dict, Generic, Iterator, List, Mapping, Optional, Type, TypeVar

_M = TypeVar("_M", bound=Model)
_T = TypeVar("_T")

class Model:
    """A read-only view over one canonical JSON object."""

    _entity: ClassVar[str]
    def __init__(self, data: Mapping[str, Any]) -> None: ...
    @classmethod
    def from_dict(cls: Type[_M], data: Mapping[str, Any]) -> _M: ...
    def to_dict(self) -> Dict[str, Any]:
        """The canonical camelCase dict (a copy)."""
    def to_json(self, indent: Optional[int] = ...) -> str:
        """The canonical JSON text (compact unless `indent` is given)."""
    def __eq__(self, other: object) -> bool: ...

class Organization(Model):
    id: int
    name: str
    created_at: str
    version: int

class User(Model):
    id: int
    username: str
    display_name: str
    roles: List[str]
    enabled: bool
    version: int

class PetType(Model):
    id: int
    name: str
    version: int

class PetTypeRef(Model):
    id: int
    name: str

class Specialty(Model):
    id: int
    name: str
    version: int

class Dog(Model):
    id: int
    owner_id: int
    type_id: int
    type: PetTypeRef
    name: str
    birth_date: Optional[str]
    breed: Optional[str]
    sex: str
    weight_kg: Optional[float]
    microchip: Optional[str]
    status: str
    age_years: Optional[int]
    version: int

class Owner(Model):
    id: int
    first_name: str
    last_name: str
    address: str
    city: str
    telephone: str
    email: Optional[str]
    version: int
    dogs: List[Dog]

class Trainer(Model):
    id: int
    first_name: str
    last_name: str
    email: Optional[str]
    specialties: List[Specialty]
    specialty_ids: List[int]
    version: int

class Visit(Model):
    id: int
    dog_id: int
    trainer_id: Optional[int]
    date: str
    description: str
    duration_minutes: Optional[int]
    version: int

class Note(Model):
    id: int
    dog_id: int
    author_id: int
    body: str
    category: str
    tags: List[str]
    visibility: str
    created_at: str
    updated_at: str
    revision: int
    deleted_at: Optional[str]
    version: int

class NoteRevision(Model):
    note_id: int
    revision: int
    body: str
    category: str
    tags: List[str]
    visibility: str
    edited_by: int
    edited_at: str

class CareFlag(Model):
    id: int
    dog_id: int
    kind: str
    severity: str
    text: str
    active: bool
    created_at: str
    version: int

class Skill(Model):
    id: int
    name: str
    description: Optional[str]
    version: int

class Goal(Model):
    id: int
    dog_id: int
    skill_id: int
    baseline: Optional[Dict[str, Any]]
    target: Dict[str, Any]
    status: str
    start_date: str
    target_date: Optional[str]
    version: int

class TrainingSession(Model):
    id: int
    dog_id: int
    trainer_id: int
    date: str
    note: Optional[str]
    trials: List[Dict[str, Any]]
    version: int

class Homework(Model):
    id: int
    goal_id: int
    dog_id: int
    exercise: str
    assigned_on: str
    due_date: str
    done: bool
    owner_comment: Optional[str]
    done_at: Optional[str]
    version: int

class ProgressPoint(Model):
    session_id: int
    date: str
    attempts: int
    successes: int
    ratio: Optional[float]
    rolling_ratio: Optional[float]
    criteria: Dict[str, Any]
    meets_target: bool

class GoalProgress(Model):
    goal: Goal
    points: List[ProgressPoint]
    sessions: int
    attempts: int
    successes: int
    latest_ratio: Optional[float]
    rolling_ratio: Optional[float]
    ready_to_raise: bool

class DogProgress(Model):
    dog_id: int
    window: int
    ready_sessions: int
    goals: List[GoalProgress]

class Vaccination(Model):
    id: int
    dog_id: int
    name: str
    given_on: str
    expires_on: str
    status: str
    days_left: Optional[int]
    version: int

class ChangeRecord(Model):
    seq: int
    entity: str
    entity_id: int
    operation: str
    actor_id: int
    at: str
    version: int
    data: Dict[str, Any]

class TimelineEntry(Model):
    kind: str
    at: str
    visit: Optional[Visit]
    note: Optional[Note]

class NoteHit(Model):
    note: Note
    dog_name: str
    snippet: str
    rank: float

class VaccinationDue(Model):
    vaccination: Vaccination
    dog_name: str
    owner_id: int

class Stats(Model):
    owners: int
    dogs: int
    trainers: int
    visits: int
    notes: int
    care_flags: int
    vaccinations: int
    changes: int
    schema_version: int

class ImportSummary(Model):
    owners: int
    dogs: int
    pet_types: int
    trainers: int
    specialties: int
    visits: int
    notes: int
    care_flags: int
    vaccinations: int
    users: int

class LoginUser(Model):
    user: User
    organization_id: int
    password_hash: str

class Page(Model, Generic[_T]):
    page: int
    size: int
    total: int
    total_pages: int
    def __init__(self, data: Mapping[str, Any], item: Optional[Callable[[Any], _T]] = ...) -> None: ...
    @property
    def items(self) -> List[_T]: ...
    def __iter__(self) -> Iterator[_T]: ...
    def __len__(self) -> int: ...

class NoteHitPage(Page[_T]):
    order: str
    total_exact: bool

class CursorPage(Model, Generic[_T]):
    next_cursor: Optional[str]
    def __init__(self, data: Mapping[str, Any], item: Optional[Callable[[Any], _T]] = ...) -> None: ...
    @property
    def items(self) -> List[_T]: ...
    def __iter__(self) -> Iterator[_T]: ...
    def __len__(self) -> int: ...

def record_class(entity: str) -> Type[Model]: ...
