"""Fixtures of the pawnotes Python tests: the same world as the C++ TestDb (tests/support): a database with
organizations "Test Org" and "Other Org", admin/trainer/viewer scopes, and a fixed clock at
2026-11-24T12:00:00Z."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

import pawnotes

NOW = "2026-11-24T12:00:00.000Z"
TODAY = "2026-11-24"
REPO = Path(__file__).resolve().parents[2]


@dataclass
class World:
    db: pawnotes.Database
    clock: pawnotes.FixedClock
    org: pawnotes.Organization
    other_org: pawnotes.Organization
    admin: pawnotes.Scope
    trainer: pawnotes.Scope
    viewer: pawnotes.Scope
    other_admin: pawnotes.Scope


def make_world(path: str = ":memory:") -> World:
    clock = pawnotes.FixedClock(NOW)
    db = pawnotes.Database(path, clock=clock)
    org = db.create_organization("Test Org")
    other_org = db.create_organization("Other Org")
    return World(
        db=db,
        clock=clock,
        org=org,
        other_org=other_org,
        admin=pawnotes.Scope(org.id, 1, ["admin"]),
        trainer=pawnotes.Scope(org.id, 2, [pawnotes.Role.TRAINER]),
        viewer=pawnotes.Scope(org.id, 3, ["viewer"]),
        other_admin=pawnotes.Scope(other_org.id, 4, ["admin"]),
    )


@pytest.fixture
def world():
    w = make_world()
    yield w
    w.db.close()


@pytest.fixture
def file_world(tmp_path):
    w = make_world(str(tmp_path / "pawnotes.db"))
    yield w
    w.db.close()


OWNER = {
    "firstName": "Ada",
    "lastName": "Lovelace",
    "address": "1 Analytical Way",
    "city": "London",
    "telephone": "0123456789",
}


def owner_input(**changes):
    data = dict(OWNER)
    data.update(changes)
    return data


@pytest.fixture
def petclinic_sql() -> str:
    """Spring PetClinic's sample data.sql, shipped in the repository (data/petclinic, Apache-2.0)."""
    path = Path(os.environ.get("PAWNOTES_PETCLINIC_DATA", REPO / "data" / "petclinic" / "data.sql"))
    return path.read_text(encoding="utf-8")
