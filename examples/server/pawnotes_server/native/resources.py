"""The native API's resources: every entity of the core, its queries, history and changes."""

from __future__ import annotations

from typing import Any, Optional

import pawnotes
from fastapi import APIRouter, Depends, Path, Query
from starlette.responses import JSONResponse, Response

from ..auth import require_scope
from ..db import get_db
from ..openapi_schemas import ENTITY_TITLES, array_response, list_response, problem_responses, spec
from .common import INT32_MAX, INT64_MAX, PageParams, json_response, page_params
from .crud import IdPath, add_crud

# Full paths (see pawnotes_server.routing): the app serves these routes in a RouteGroup under /api/v1.
router = APIRouter(prefix="/api/v1")

Scope = pawnotes.Scope
Db = pawnotes.Database


def _page(p: Any) -> Response:
    return json_response(p.to_dict())


def _json_text(body: bytes) -> Response:
    """The core's canonical JSON text as is (the *_json queries): no Python objects built, none encoded."""
    return Response(body, media_type="application/json")


def _opt_id(description: str) -> Any:
    return Query(None, ge=-INT64_MAX - 1, le=INT64_MAX, description=description)


def _int32(default: int, description: str) -> Any:
    return Query(default, ge=-INT32_MAX - 1, le=INT32_MAX, description=description)


def _simple_list(entity: str):  # type: ignore[no-untyped-def]
    def list_records(
        paging: PageParams = Depends(page_params), scope: Scope = Depends(require_scope), db: Db = Depends(get_db)
    ) -> Response:
        return _page(db.list(scope, entity, paging.page, paging.size, paging.sort))

    list_records.__name__ = f"list_{entity}"
    return list_records


# --- owners ---
def list_owners(
    lastName: str = Query("", description="Last-name prefix (case-insensitive); empty: every owner."),
    paging: PageParams = Depends(page_params),
    scope: Scope = Depends(require_scope),
    db: Db = Depends(get_db),
) -> Response:
    return _json_text(db.search_owners_json(scope, lastName, paging.page, paging.size, paging.sort))


add_crud(router, "owners", "owner", "Owners", list_route=list_owners)


# --- dogs ---
def list_dogs(
    name: Optional[str] = Query(None, description="Name prefix."),
    breed: Optional[str] = Query(None),
    ownerId: Optional[int] = _opt_id("Only this owner's dogs."),
    typeId: Optional[int] = _opt_id("Only dogs of this pet type."),
    status: Optional[str] = Query(None, description="active, inactive or archived."),
    paging: PageParams = Depends(page_params),
    scope: Scope = Depends(require_scope),
    db: Db = Depends(get_db),
) -> Response:
    return _json_text(
        db.list_dogs_json(scope, name, breed, ownerId, typeId, status, paging.page, paging.size, paging.sort)
    )


@router.get(
    "/dogs/{id}/timeline",
    tags=["Dogs"],
    operation_id="dog_timeline",
    summary="A dog's visits and notes, newest first, cursor-paged",
    openapi_extra=spec(list_response("Timeline"), problem_responses(404, 422)),
)
async def dog_timeline(
    id: int = IdPath("The dog's id."),
    limit: int = _int32(50, "Entries per page (1-500)."),
    cursor: Optional[str] = Query(None, description="nextCursor of the previous page."),
    includeDeleted: bool = Query(False, description="Include deleted notes."),
    scope: Scope = Depends(require_scope),
    db: Db = Depends(get_db),
) -> Response:
    # async: a short read runs on the event loop (no thread-pool hop); the core releases the GIL meanwhile.
    return _json_text(db.timeline_json(scope, id, limit, cursor, includeDeleted))


@router.get(
    "/dogs/{id}/care-flags",
    tags=["Dogs"],
    operation_id="dog_care_flags",
    summary="A dog's care flags",
    openapi_extra=spec(array_response("CareFlag"), problem_responses(404)),
)
def dog_care_flags(
    id: int = IdPath("The dog's id."),
    activeOnly: bool = Query(True, description="Only active flags."),
    scope: Scope = Depends(require_scope),
    db: Db = Depends(get_db),
) -> Response:
    return json_response([f.to_dict() for f in db.care_flags(scope, id, activeOnly)])


@router.get(
    "/dogs/{id}/progress",
    tags=["Dogs"],
    operation_id="dog_progress",
    summary="A dog's training progress: per goal, success ratio per session, rolling ratio, ready to raise",
    openapi_extra=spec(list_response("DogProgress"), problem_responses(404, 422)),
)
def dog_progress(
    id: int = IdPath("The dog's id."),
    window: int = _int32(5, "Sessions in the rolling ratio (1-100)."),
    readySessions: int = _int32(3, "Latest sessions at target that must all reach 80 % (1-100)."),
    scope: Scope = Depends(require_scope),
    db: Db = Depends(get_db),
) -> Response:
    return json_response(db.progress(scope, id, window, readySessions).to_dict())


@router.get(
    "/dogs/{id}/vaccinations",
    tags=["Dogs"],
    operation_id="dog_vaccinations",
    summary="A dog's vaccinations",
    openapi_extra=spec(array_response("Vaccination"), problem_responses(404)),
)
def dog_vaccinations(
    id: int = IdPath("The dog's id."), scope: Scope = Depends(require_scope), db: Db = Depends(get_db)
) -> Response:
    return json_response([v.to_dict() for v in db.vaccinations(scope, id)])


add_crud(router, "dogs", "dog", "Dogs", list_route=list_dogs)

# --- pet types, specialties, trainers ---
add_crud(router, "pet-types", "petType", "Pet types", list_route=_simple_list("petType"))
add_crud(router, "specialties", "specialty", "Specialties", list_route=_simple_list("specialty"))


@router.get(
    "/trainers/{id}/visits",
    tags=["Trainers"],
    operation_id="trainer_visits",
    summary="A trainer's upcoming (today on, soonest first) or recent (before today, latest first) visits",
    openapi_extra=spec(list_response("VisitPage"), problem_responses(404, 422)),
)
def trainer_visits(
    id: int = IdPath("The trainer's id."),
    when: str = Query("upcoming", description="upcoming or recent."),
    paging: PageParams = Depends(page_params),
    scope: Scope = Depends(require_scope),
    db: Db = Depends(get_db),
) -> Response:
    if when not in ("upcoming", "recent"):
        raise pawnotes.ValidationError(
            "when must be upcoming or recent",
            [pawnotes.FieldError("when", "invalid_value", "must be upcoming or recent")],
        )
    return _page(db.trainer_visits(scope, id, when == "upcoming", paging.page, paging.size, paging.sort))


add_crud(router, "trainers", "trainer", "Trainers", list_route=_simple_list("trainer"))

# --- visits ---
add_crud(router, "visits", "visit", "Visits", list_route=_simple_list("visit"))


# --- notes ---
@router.get(
    "/notes/search",
    tags=["Notes"],
    operation_id="search_notes",
    summary="Full-text search of notes, with filters",
    openapi_extra=spec(list_response("NoteHitPage"), problem_responses(422)),
)
def search_notes(
    q: str = Query("", description="Words to search for."),
    category: Optional[str] = Query(None),
    tag: Optional[str] = Query(None),
    dogId: Optional[int] = _opt_id("Only this dog's notes."),
    visibility: Optional[str] = Query(None),
    dateFrom: Optional[str] = Query(None, alias="from", description="Written on or after (YYYY-MM-DD)."),
    dateTo: Optional[str] = Query(None, alias="to", description="Written on or before (YYYY-MM-DD)."),
    paging: PageParams = Depends(page_params),
    scope: Scope = Depends(require_scope),
    db: Db = Depends(get_db),
) -> Response:
    return _json_text(
        db.search_notes_json(
            scope, q, category, tag, dogId, visibility, dateFrom, dateTo, paging.page, paging.size, paging.sort
        )
    )


@router.get(
    "/notes/{id}/revisions",
    tags=["Notes"],
    operation_id="note_revisions",
    summary="Every revision of a note, oldest first",
    openapi_extra=spec(array_response("NoteRevision"), problem_responses(404)),
)
def note_revisions(
    id: int = IdPath("The note's id."), scope: Scope = Depends(require_scope), db: Db = Depends(get_db)
) -> Response:
    return json_response([r.to_dict() for r in db.note_revisions(scope, id)])


add_crud(router, "notes", "note", "Notes", list_route=_simple_list("note"))

# --- care flags ---
add_crud(router, "care-flags", "careFlag", "Care flags", list_route=_simple_list("careFlag"))


# --- vaccinations ---
@router.get(
    "/vaccinations/due",
    tags=["Vaccinations"],
    operation_id="vaccinations_due",
    summary="Vaccinations expiring within N days (and, unless excluded, already expired)",
    openapi_extra=spec(list_response("VaccinationDuePage"), problem_responses(422)),
)
def vaccinations_due(
    withinDays: int = _int32(30, "Days ahead."),
    includeExpired: bool = Query(True),
    paging: PageParams = Depends(page_params),
    scope: Scope = Depends(require_scope),
    db: Db = Depends(get_db),
) -> Response:
    return _page(db.vaccinations_due(scope, withinDays, includeExpired, paging.page, paging.size, paging.sort))


add_crud(router, "vaccinations", "vaccination", "Vaccinations", list_route=_simple_list("vaccination"))

# --- training plans: the skill catalogue (admin), goals, training sessions, homework ---
add_crud(router, "skills", "skill", "Skills", list_route=_simple_list("skill"))
add_crud(router, "goals", "goal", "Goals", list_route=_simple_list("goal"))
add_crud(router, "training-sessions", "trainingSession", "Training sessions", list_route=_simple_list("trainingSession"))
add_crud(router, "homework", "homework", "Homework", list_route=_simple_list("homework"))

# --- history and changes ---
_ENTITY_BY_NAME = {name: name for name in ENTITY_TITLES}
_ENTITY_BY_NAME.update(
    {
        "owners": "owner",
        "dogs": "dog",
        "pet-types": "petType",
        "trainers": "trainer",
        "specialties": "specialty",
        "visits": "visit",
        "notes": "note",
        "care-flags": "careFlag",
        "vaccinations": "vaccination",
        "skills": "skill",
        "goals": "goal",
        "training-sessions": "trainingSession",
    }
)


@router.get(
    "/history/{entity}/{id}",
    tags=["History"],
    operation_id="history",
    summary="The change log of one record (who changed what, when)",
    openapi_extra=spec(list_response("ChangeRecordPage"), problem_responses(404, 422)),
)
def history(
    entity: str = Path(
        ..., description="An entity name (owner, careFlag, ...) or collection (owners, care-flags, ...)."
    ),
    id: int = IdPath(),
    paging: PageParams = Depends(page_params),
    scope: Scope = Depends(require_scope),
    db: Db = Depends(get_db),
) -> Response:
    name = _ENTITY_BY_NAME.get(entity)
    if name is None:
        raise pawnotes.NotFound(f"there is no entity {entity!r}")
    return _page(db.history(scope, name, id, paging.page, paging.size, paging.sort))


@router.get(
    "/changes",
    tags=["History"],
    operation_id="changes",
    summary="The organization's changes after a sequence number (sync cursor)",
    openapi_extra=spec(list_response("Changes"), problem_responses(422)),
)
def changes(
    after: int = Query(0, ge=-INT64_MAX - 1, le=INT64_MAX, description="Last seq already seen (0: from the start)."),
    limit: int = _int32(100, "At most this many (1-1000)."),
    scope: Scope = Depends(require_scope),
    db: Db = Depends(get_db),
) -> Response:
    items = [c.to_dict() for c in db.changes_since(scope, after, limit)]
    return JSONResponse({"items": items, "lastSeq": items[-1]["seq"] if items else after})


@router.get(
    "/stats",
    tags=["History"],
    operation_id="stats",
    summary="Record counts of the organization",
    openapi_extra=spec(list_response("Stats")),
)
def stats(scope: Scope = Depends(require_scope), db: Db = Depends(get_db)) -> Response:
    return json_response(db.stats(scope).to_dict())
