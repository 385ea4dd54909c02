"""Core errors arrive as the pawnotes exception tree, with the core's exact field errors."""

from __future__ import annotations

import pickle

import pytest

import pawnotes
from conftest import OWNER, TODAY, owner_input


def test_the_exception_tree_mirrors_the_core_hierarchy():
    kinds_classes = (
        pawnotes.ValidationError,
        pawnotes.NotFound,
        pawnotes.Conflict,
        pawnotes.Forbidden,
        pawnotes.StorageError,
        pawnotes.UnavailableError,
    )
    for cls in kinds_classes:
        assert issubclass(cls, pawnotes.Error)
        assert issubclass(cls, Exception)
    assert pawnotes.Error.__module__ == "pawnotes.errors"
    # The native module raises these very classes (one tree, registered once).
    assert pawnotes._core.Error is pawnotes.Error
    assert pawnotes._core.ValidationError is pawnotes.ValidationError
    assert pawnotes._core.UnavailableError is pawnotes.UnavailableError
    kinds = {c.kind for c in kinds_classes}
    assert kinds == {"validation", "not_found", "conflict", "forbidden", "storage", "unavailable"}


def test_validation_error_carries_every_field_error(world):
    with pytest.raises(pawnotes.ValidationError) as caught:
        world.db.create(world.admin, "owner", {"firstName": "1", "telephone": "12a"})
    e = caught.value
    assert [(f.field, f.code) for f in e.errors] == [
        ("firstName", "pattern"),
        ("lastName", "required"),
        ("address", "required"),
        ("city", "required"),
        ("telephone", "pattern"),
    ]
    assert all(isinstance(f, pawnotes.FieldError) for f in e.errors)
    assert e.errors[1] == pawnotes.FieldError("lastName", "required", "is required")
    # The errors are the core's own: the same list check() gives for the same input.
    assert e.errors == pawnotes.check("owner", {"firstName": "1", "telephone": "12a"}, TODAY)
    d = e.to_dict()
    assert d["kind"] == "validation"
    assert d["message"] == str(e)
    assert d["errors"][1] == {"field": "lastName", "code": "required", "message": "is required"}


def test_validation_error_survives_pickling(world):
    with pytest.raises(pawnotes.ValidationError) as caught:
        world.db.create(world.admin, "owner", owner_input(city=""))
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is pawnotes.ValidationError
    assert copy.errors == caught.value.errors
    assert str(copy) == str(caught.value)


def test_create_many_errors_name_the_item(world):
    items = [OWNER, owner_input(lastName=""), OWNER]
    with pytest.raises(pawnotes.ValidationError) as caught:
        world.db.create_many(world.admin, "owner", items)
    assert [(f.field, f.code) for f in caught.value.errors] == [("[1].lastName", "too_short")]
    assert world.db.list(world.admin, "owner").total == 0  # nothing written


def test_forbidden_before_validation(world):
    with pytest.raises(pawnotes.Forbidden) as caught:
        world.db.create(world.viewer, "owner", {})  # invalid too, but the role is checked first
    assert caught.value.kind == "forbidden"
    with pytest.raises(pawnotes.Forbidden):
        world.db.create(world.trainer, "petType", {"name": "Cat"})


def test_not_found_for_missing_and_foreign_ids(world):
    owner = world.db.create(world.admin, "owner", OWNER)
    with pytest.raises(pawnotes.NotFound):
        world.db.get(world.admin, "owner", owner.id + 100)
    with pytest.raises(pawnotes.NotFound):
        world.db.get(world.other_admin, "owner", owner.id)  # another organization's id is missing


def test_conflict_on_stale_version(world):
    owner = world.db.create(world.admin, "owner", OWNER)
    world.db.update(world.admin, "owner", owner.id, owner_input(city="Paris"), expected_version=1)
    with pytest.raises(pawnotes.Conflict):
        world.db.update(world.admin, "owner", owner.id, owner_input(city="Rome"), expected_version=1)


def test_storage_error_for_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "not-a-db.sqlite"
    path.write_bytes(b"this is not a SQLite database, just text" * 100)
    with pytest.raises(pawnotes.StorageError):
        pawnotes.Database(str(path), now="2026-11-24T12:00:00Z")


def test_an_unreachable_postgresql_server_raises_unavailable_error():
    # Nothing listens on port 1 of the loopback: the connection is refused at once.
    with pytest.raises(pawnotes.UnavailableError) as caught:
        pawnotes.Database.open_url("postgresql://postgres@127.0.0.1:1/postgres", now="2026-11-24T12:00:00Z")
    assert caught.value.kind == "unavailable"
    assert "try again" in str(caught.value)
    assert caught.value.to_dict()["kind"] == "unavailable"


def test_open_url_takes_sqlite_urls_and_refuses_unknown_schemes(tmp_path):
    path = tmp_path / "url.db"
    with pawnotes.Database.open_url(f"sqlite://{path}", now="2026-11-24T12:00:00Z") as db:
        assert db.create_organization("Clinic").name == "Clinic"
    with pawnotes.Database.open_url(str(path), now="2026-11-24T12:00:00Z") as db:
        assert [o.name for o in db.organizations()] == ["Clinic"]
    with pawnotes.Database.open_url("sqlite:///:memory:") as db:
        assert db.organizations() == []
    with pytest.raises(pawnotes.StorageError):
        pawnotes.Database.open_url("mysql://user@127.0.0.1/db")


def test_a_closed_database_raises_storage_error(world):
    world.db.close()
    assert world.db.closed
    with pytest.raises(pawnotes.StorageError):
        world.db.organizations()
    world.db.close()  # closing twice is harmless


def test_python_ints_beyond_double_are_field_errors(world):
    with pytest.raises(pawnotes.ValidationError) as caught:
        pawnotes.validate("visit", {"dogId": 1, "description": "x", "durationMinutes": 10**400}, TODAY)
    assert caught.value.errors == [pawnotes.FieldError("durationMinutes", "too_large", "is too large")]
    # Beyond int64 but representable: the rules decide, exactly as for the same number in JSON text.
    for number in (2**63, 2**64 - 1, 2**64):
        with pytest.raises(pawnotes.ValidationError) as caught:
            pawnotes.validate("visit", {"dogId": 1, "description": "x", "durationMinutes": number}, TODAY)
        text = '{"dogId": 1, "description": "x", "durationMinutes": %d}' % number
        with pytest.raises(pawnotes.ValidationError) as from_text:
            pawnotes.decode_and_validate("visit", text, TODAY)
        assert caught.value.errors == from_text.value.errors


def test_values_that_are_not_json_are_type_errors_naming_the_path(world):
    with pytest.raises(TypeError, match=r"'tags\[1\]\.x': a set is not a JSON value"):
        pawnotes.validate("note", {"dogId": 1, "body": "b", "tags": ["a", {"x": {1, 2}}]}, TODAY)
    with pytest.raises(TypeError, match="keys must be str"):
        world.db.create(world.admin, "owner", {1: "x"})
    with pytest.raises(TypeError):
        world.db.create(world.admin, "owner", object())


def test_unknown_names_are_value_errors(world):
    with pytest.raises(ValueError):
        world.db.get(world.admin, "cat", 1)
    with pytest.raises(ValueError):
        pawnotes.Scope(1, 1, ["superuser"])
    with pytest.raises(ValueError):
        pawnotes.validate("owner", OWNER, TODAY, mode="upsert")
    with pytest.raises(ValueError):
        pawnotes.validate("owner", OWNER, "24.11.2026")



def test_invalid_query_dates_are_field_errors_like_in_a_body(world):
    with pytest.raises(pawnotes.ValidationError) as caught:
        world.db.search_notes(world.admin, "x", date_from="2026-13-01")
    assert caught.value.errors == [pawnotes.FieldError("dateFrom", "invalid_date", "must be a valid date (YYYY-MM-DD)")]
    # The message is the rules' own for a bad date in a record.
    assert pawnotes.FieldError("birthDate", "invalid_date", "must be a valid date (YYYY-MM-DD)") in pawnotes.check(
        "dog", {"ownerId": 1, "name": "Rex", "birthDate": "2026-13-01"}, TODAY
    )
    with pytest.raises(pawnotes.ValidationError) as caught:
        world.db.search_notes(world.admin, "x", date_to="yesterday")
    assert [(e.field, e.code) for e in caught.value.errors] == [("dateTo", "invalid_date")]
