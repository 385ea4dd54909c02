"""Data sets through the bindings: the dog-training demo, the PetClinic import and the synthetic generator."""

from __future__ import annotations

import pytest

import pawnotes
from conftest import NOW, make_world


def test_demo_summary_matches_what_is_stored(world):
    summary = world.db.load_demo(world.admin)
    assert type(summary) is pawnotes.ImportSummary
    stats = world.db.stats(world.admin)
    for member in ("owners", "dogs", "trainers", "visits", "notes", "care_flags", "vaccinations"):
        assert getattr(summary, member) == getattr(stats, member), member
    assert summary.owners > 0 and summary.notes > 0 and summary.vaccinations > 0
    # A realistic demo: some vaccinations already expired or due, notes to search.
    due = world.db.vaccinations_due(world.admin, size=1000)
    assert {d.vaccination.status for d in due} == {"expired", "due"}
    assert world.db.search_notes(world.admin, "recall").total > 0
    assert world.db.stats(world.other_admin).owners == 0  # only the scope's organization


def test_demo_is_deterministic(world):
    other = make_world()
    try:
        assert world.db.load_demo(world.admin) == other.db.load_demo(other.admin)
        mine = world.db.search_owners(world.admin, size=100).to_dict()
        theirs = other.db.search_owners(other.admin, size=100).to_dict()
        assert mine == theirs
    finally:
        other.db.close()


def test_demo_needs_a_writer(world):
    with pytest.raises(pawnotes.Forbidden):
        world.db.load_demo(world.viewer)


def test_petclinic_import(world, petclinic_sql):
    summary = world.db.import_petclinic_sql(world.admin, petclinic_sql)
    assert summary.to_dict() == {
        "owners": 10,
        "dogs": 13,
        "petTypes": 6,
        "trainers": 6,
        "specialties": 3,
        "visits": 4,
        "notes": 0,
        "careFlags": 0,
        "vaccinations": 0,
        "users": 0,
        "skills": 0,
        "goals": 0,
        "trainingSessions": 0,
        "homework": 0,
    }
    davis = world.db.search_owners(world.admin, "davis", sort="firstName")
    assert [o.first_name for o in davis] == ["Betty", "Harold"]
    assert world.db.stats(world.admin).owners == 10


def test_petclinic_import_rejects_what_it_cannot_parse_and_writes_nothing(world):
    with pytest.raises(pawnotes.ValidationError) as caught:
        world.db.import_petclinic_sql(world.admin, "INSERT INTO owners VALUES (1, broken);")
    assert [(e.field, e.code) for e in caught.value.errors] == [("line 1", "syntax")]
    assert world.db.stats(world.admin).owners == 0


def test_synthetic_is_seeded_and_reproducible(world):
    summary = world.db.generate_synthetic(world.admin, owners=40, notes=200, seed=11)
    assert (summary.owners, summary.notes) == (40, 200)
    assert summary.dogs == world.db.stats(world.admin).dogs > 0
    same = make_world()
    different = make_world()
    try:
        assert same.db.generate_synthetic(same.admin, owners=40, notes=200, seed=11) == summary
        different.db.generate_synthetic(different.admin, owners=40, notes=200, seed=12)
        page = world.db.search_owners(world.admin, size=1000).to_dict()
        assert same.db.search_owners(same.admin, size=1000).to_dict() == page
        assert different.db.search_owners(different.admin, size=1000).to_dict() != page
    finally:
        same.db.close()
        different.db.close()


def test_synthetic_data_is_dated_by_the_injected_clock(world):
    world.db.generate_synthetic(world.admin, owners=5, notes=10, seed=1)
    notes = world.db.list(world.admin, "note", size=100)
    assert notes.total == 10
    assert all(n.created_at <= NOW for n in notes)
