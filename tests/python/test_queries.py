"""The core's queries through the bindings: typed pages, cursors, filters and sort keys."""

from __future__ import annotations

import datetime as dt

import pytest

import pawnotes
from conftest import owner_input


@pytest.fixture
def clinic(world):
    """Two owners, three dogs, a trainer with past and upcoming visits, notes and a vaccination."""
    db, a = world.db, world.admin
    w = world
    w.ode = db.create(a, "owner", owner_input(lastName="Ødegård", city="Oslo"))
    w.oliver = db.create(a, "owner", owner_input(firstName="Jamie", lastName="Oliver"))
    w.smith = db.create(a, "owner", owner_input(lastName="Smith"))
    w.rex = db.create(a, "dog", {"ownerId": w.ode.id, "name": "Rex", "breed": "Border Collie", "birthDate": "2020-01-05"})
    w.bella = db.create(a, "dog", {"ownerId": w.ode.id, "name": "Bella", "status": "inactive"})
    w.max = db.create(a, "dog", {"ownerId": w.oliver.id, "name": "Max", "breed": "border collie"})
    w.tom = db.create(a, "trainer", {"firstName": "Tom", "lastName": "Hardy"})
    w.past = db.create(a, "visit", {"dogId": w.rex.id, "trainerId": w.tom.id, "date": "2026-11-20", "description": "Recall training"})
    w.next = db.create(a, "visit", {"dogId": w.rex.id, "trainerId": w.tom.id, "date": "2026-12-01", "description": "Agility"})
    w.note = db.create(
        a, "note", {"dogId": w.rex.id, "body": "Great recall at the <park>", "category": "progress", "tags": ["recall"]}
    )
    w.clock.advance(3_600_000)
    w.note2 = db.create(a, "note", {"dogId": w.max.id, "body": "Recall still patchy", "category": "behaviour", "visibility": "shared"})
    return w


def test_search_owners_by_unicode_prefix_with_their_dogs(clinic):
    page = clinic.db.search_owners(clinic.admin, "øde")
    assert page.total == 1
    owner = page.items[0]
    assert type(owner) is pawnotes.Owner and owner.last_name == "Ødegård"
    assert [d.name for d in owner.dogs] == ["Bella", "Rex"]  # dogs ordered by name
    assert all(type(d) is pawnotes.Dog for d in owner.dogs)
    everyone = clinic.db.search_owners(clinic.admin, sort="-lastName")
    assert [o.last_name for o in everyone] == ["Ødegård", "Smith", "Oliver"]
    assert clinic.db.search_owners(clinic.admin, "zz").to_dict() == {"items": [], "page": 0, "size": 20, "total": 0, "totalPages": 0}
    assert clinic.db.search_owners(clinic.other_admin, "").total == 0
    with pytest.raises(pawnotes.ValidationError):
        clinic.db.search_owners(clinic.admin, "", size=0)


def test_list_dogs_filters(clinic):
    db, a = clinic.db, clinic.admin
    assert [d.name for d in db.list_dogs(a)] == ["Bella", "Max", "Rex"]
    assert [d.name for d in db.list_dogs(a, status="active")] == ["Max", "Rex"]
    assert [d.name for d in db.list_dogs(a, breed="BORDER COLLIE")] == ["Max", "Rex"]
    assert [d.name for d in db.list_dogs(a, owner_id=clinic.ode.id)] == ["Bella", "Rex"]
    assert [d.name for d in db.list_dogs(a, name_prefix="r")] == ["Rex"]
    assert [d.name for d in db.list_dogs(a, sort="-name", size=2)] == ["Rex", "Max"]
    assert db.list_dogs(a, type_id=clinic.rex.type_id).total == 3


def test_timeline_is_cursor_paged_newest_first(clinic):
    db, a = clinic.db, clinic.admin
    first = db.timeline(a, clinic.rex.id, limit=2)
    assert type(first) is pawnotes.CursorPage
    assert [(e.kind, e.at) for e in first] == [("visit", "2026-12-01"), ("note", "2026-11-24T12:00:00.000Z")]
    assert type(first.items[0]) is pawnotes.TimelineEntry
    assert first.items[0].visit == clinic.next and first.items[0].note is None
    assert first.items[1].note == clinic.note and first.items[1].visit is None
    assert "note" not in first.to_dict()["items"][0]  # only the member that applies
    assert first.next_cursor
    rest = db.timeline(a, clinic.rex.id, limit=2, cursor=first.next_cursor)
    assert [e.visit for e in rest] == [clinic.past]
    assert rest.next_cursor is None
    db.remove(a, "note", clinic.note.id)
    assert [e.kind for e in db.timeline(a, clinic.rex.id)] == ["visit", "visit"]
    assert [e.kind for e in db.timeline(a, clinic.rex.id, include_deleted_notes=True)] == ["visit", "note", "visit"]


def test_search_notes_full_text_with_filters(clinic):
    db, a = clinic.db, clinic.admin
    hits = db.search_notes(a, "recall")
    assert hits.total == 2
    assert all(type(h) is pawnotes.NoteHit and type(h.note) is pawnotes.Note for h in hits)
    by_dog = {h.dog_name: h for h in hits}
    assert by_dog["Rex"].snippet == "Great <mark>recall</mark> at the &lt;park&gt;"
    assert by_dog["Rex"].note == clinic.note
    assert isinstance(by_dog["Rex"].rank, float)
    assert [h.dog_name for h in db.search_notes(a, "recall", category="behaviour")] == ["Max"]
    assert [h.dog_name for h in db.search_notes(a, "recall", tag="recall")] == ["Rex"]
    assert [h.dog_name for h in db.search_notes(a, "recall", dog_id=clinic.max.id)] == ["Max"]
    assert [h.dog_name for h in db.search_notes(a, "recall", visibility="shared")] == ["Max"]
    assert [h.dog_name for h in db.search_notes(a, "recall", sort="-createdAt")] == ["Max", "Rex"]
    assert db.search_notes(a, "recall", date_from=dt.date(2026, 11, 25)).total == 0
    assert db.search_notes(a, "recall", date_from="2026-11-24", date_to="2026-11-24").total == 2
    assert db.search_notes(clinic.other_admin, "recall").total == 0
    # The search rule's labels (lib/include/pawnotes/search_rule.hpp): few matches, so ranked and exact.
    assert type(hits) is pawnotes.NoteHitPage
    assert (hits.order, hits.total_exact) == ("relevance", True)
    assert hits.to_dict()["totalExact"] is True and hits.to_dict()["order"] == "relevance"
    assert db.search_notes(a, "recall", sort="-createdAt").order == "-createdAt"


def test_trainer_visits_upcoming_and_recent(clinic):
    db, a = clinic.db, clinic.admin
    upcoming = db.trainer_visits(a, clinic.tom.id)
    assert upcoming.items == [clinic.next] and type(upcoming.items[0]) is pawnotes.Visit
    assert db.trainer_visits(a, clinic.tom.id, upcoming=False).items == [clinic.past]


def test_vaccinations_due_and_expired(clinic):
    db, a = clinic.db, clinic.admin
    db.create(a, "vaccination", {"dogId": clinic.rex.id, "name": "Rabies", "givenOn": "2025-12-01", "expiresOn": "2026-12-10"})
    db.create(a, "vaccination", {"dogId": clinic.max.id, "name": "Lepto", "givenOn": "2025-01-01", "expiresOn": "2026-11-01"})
    db.create(a, "vaccination", {"dogId": clinic.max.id, "name": "Parvo", "givenOn": "2026-01-01", "expiresOn": "2027-06-01"})
    due = db.vaccinations_due(a)
    assert [(d.dog_name, d.vaccination.name, d.vaccination.status) for d in due] == [
        ("Max", "Lepto", "expired"),
        ("Rex", "Rabies", "due"),
    ]
    assert type(due.items[0]) is pawnotes.VaccinationDue and type(due.items[0].vaccination) is pawnotes.Vaccination
    assert due.items[0].owner_id == clinic.oliver.id
    assert [d.vaccination.name for d in db.vaccinations_due(a, include_expired=False)] == ["Rabies"]
    assert [d.vaccination.name for d in db.vaccinations_due(a, within_days=365, include_expired=False)] == ["Rabies", "Parvo"]


def test_query_results_are_the_core_json_exactly(clinic):
    raw = clinic.db._db.search_notes(clinic.admin, "recall", None, None, None, None, None, None, 0, 20, "")
    typed = clinic.db.search_notes(clinic.admin, "recall")
    assert typed.to_dict() == raw
    assert [h.to_dict() for h in typed.items] == raw["items"]


def test_queries_as_json_text_equal_their_objects(world):
    """x_json() is the core's canonical JSON text of exactly what x() returns (over the demo data)."""
    import json

    db, a = world.db, world.admin
    db.load_demo(a)
    owners = db.search_owners(a, "", size=200)
    text = db.search_owners_json(a, "", size=200)
    assert isinstance(text, bytes)
    assert json.loads(text) == owners.to_dict()
    # The text is compact, with the members in sorted order (as json.dumps(sort_keys=True) writes them).
    assert text.decode() == json.dumps(owners.to_dict(), separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    assert (
        json.loads(db.search_owners_json(a, "m", 0, 5, "-lastName"))
        == db.search_owners(a, "m", 0, 5, "-lastName").to_dict()
    )
    assert (
        json.loads(db.list_dogs_json(a, status="active", size=100))
        == db.list_dogs(a, status="active", size=100).to_dict()
    )
    timelines = 0
    for dog in db.list_dogs(a, size=100).items:
        page = db.timeline(a, dog.id, limit=7)
        assert json.loads(db.timeline_json(a, dog.id, limit=7)) == page.to_dict()
        if page.next_cursor:
            after = db.timeline_json(a, dog.id, limit=7, cursor=page.next_cursor, include_deleted_notes=True)
            assert json.loads(after) == db.timeline(a, dog.id, 7, page.next_cursor, True).to_dict()
            timelines += 1
    assert timelines > 0
    hits = db.search_notes_json(a, "recall", date_from="2020-01-01", size=50)
    assert json.loads(hits) == db.search_notes(a, "recall", date_from="2020-01-01", size=50).to_dict()
    assert json.loads(hits)["total"] > 0


def test_queries_as_json_text_raise_the_same_errors(world):
    db, a = world.db, world.admin
    with pytest.raises(pawnotes.NotFound):
        db.timeline_json(a, 999_999)
    with pytest.raises(pawnotes.ValidationError) as bad_date:
        db.search_notes_json(a, "x", date_from="2026-02-30")
    assert [e.field for e in bad_date.value.errors] == ["dateFrom"]
    with pytest.raises(pawnotes.Forbidden):
        db.search_owners_json(pawnotes.Scope(world.org.id, 9, []), "")


def test_visits_of_dogs_in_one_call(clinic):
    db, v = clinic.db, clinic.viewer
    extra = db.create(clinic.admin, "visit", {"dogId": clinic.max.id, "date": "2026-11-01", "description": "Heelwork"})
    visits = db.visits_of_dogs(v, [clinic.max.id, clinic.rex.id, clinic.bella.id, 424242])
    by_dog = sorted([clinic.rex.id, clinic.max.id])
    expected = {clinic.rex.id: [clinic.past.id, clinic.next.id], clinic.max.id: [extra.id]}
    assert [x.id for x in visits] == expected[by_dog[0]] + expected[by_dog[1]]
    assert all(isinstance(x, pawnotes.Visit) for x in visits)
    assert visits[-1].to_dict() == db.get(v, "visit", visits[-1].id).to_dict()
    assert db.visits_of_dogs(v, []) == []
    import json

    text = db.visits_of_dogs_json(v, [clinic.max.id, clinic.rex.id])
    assert isinstance(text, bytes) and json.loads(text) == [x.to_dict() for x in visits]
    assert db.visits_of_dogs_json(v, []) == b"[]"
    assert db.visits_of_dogs(clinic.other_admin, [clinic.rex.id]) == []
    with pytest.raises(pawnotes.ValidationError) as too_many:
        db.visits_of_dogs(v, [clinic.rex.id] * 1001)
    assert [(e.field, e.code) for e in too_many.value.errors] == [("dogIds", "too_many")]
    with pytest.raises(TypeError):
        db.visits_of_dogs(v, ["x"])  # type: ignore[list-item]
