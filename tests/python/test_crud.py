"""Records through the bindings: typed results, canonical dicts, versions, client keys, tenancy, accounts."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import pawnotes
from conftest import NOW, OWNER, owner_input


def test_create_returns_a_typed_record_with_the_canonical_dict(world):
    owner = world.db.create(world.admin, pawnotes.Entity.OWNER, OWNER)
    assert type(owner) is pawnotes.Owner
    assert owner.id >= 1
    assert (owner.first_name, owner.last_name, owner.city, owner.email, owner.version) == (
        "Ada",
        "Lovelace",
        "London",
        None,
        1,
    )
    assert owner.dogs == []
    assert owner.to_dict() == {
        "id": owner.id,
        "firstName": "Ada",
        "lastName": "Lovelace",
        "address": "1 Analytical Way",
        "city": "London",
        "telephone": "0123456789",
        "email": None,
        "version": 1,
        "dogs": [],
    }
    # The JSON text is the canonical dict, compact, keys in the core's (sorted) order.
    assert json.loads(owner.to_json()) == owner.to_dict()
    assert owner.to_json().startswith('{"address":"1 Analytical Way","city":"London","dogs":[]')
    assert list(owner.to_dict()) == sorted(owner.to_dict())


def test_typed_records_are_read_only_views(world):
    owner = world.db.create(world.admin, "owner", OWNER)
    with pytest.raises(AttributeError):
        owner.city = "Paris"
    d = owner.to_dict()
    d["city"] = "Paris"
    assert owner.city == "London"  # to_dict() is a copy
    with pytest.raises(AttributeError):
        owner.no_such_member
    assert "first_name" in dir(owner)
    assert owner == world.db.get(world.admin, "owner", owner.id)
    assert pawnotes.Owner.from_dict(owner.to_dict()) == owner


def test_dog_nested_type_and_computed_age(world):
    owner = world.db.create(world.admin, "owner", OWNER)
    dog = world.db.create(
        world.trainer,
        "dog",
        {"ownerId": owner.id, "name": " Rex ", "birthDate": dt.date(2020, 1, 5), "weightKg": 12.5, "sex": "male"},
    )
    assert type(dog) is pawnotes.Dog
    assert (dog.name, dog.birth_date, dog.weight_kg, dog.sex, dog.status) == ("Rex", "2020-01-05", 12.5, "male", "active")
    assert dog.age_years == 6  # 2020-01-05 -> 2026-11-24 on the fixed clock
    assert type(dog.type) is pawnotes.PetTypeRef
    assert dog.type.id == dog.type_id
    again = world.db.get(world.admin, "owner", owner.id)
    assert [d.name for d in again.dogs] == ["Rex"]
    assert type(again.dogs[0]) is pawnotes.Dog
    assert again.dogs[0] == dog


def test_update_replace_patch_and_versions(world):
    owner = world.db.create(world.admin, "owner", OWNER)
    replaced = world.db.update(world.admin, "owner", owner.id, owner_input(city="Paris", email="ada@example.org"), 1)
    assert (replaced.city, replaced.email, replaced.version) == ("Paris", "ada@example.org", 2)
    patched = world.db.update(world.admin, "owner", owner.id, {"telephone": "999"}, expected_version=2, patch=True)
    assert (patched.telephone, patched.city, patched.email, patched.version) == ("999", "Paris", "ada@example.org", 3)
    # Without an expected version the write is last-write-wins.
    assert world.db.update(world.admin, "owner", owner.id, OWNER).version == 4
    # A replace without email clears it; a patch validates only what it names.
    assert world.db.get(world.admin, "owner", owner.id).email is None
    with pytest.raises(pawnotes.ValidationError) as caught:
        world.db.update(world.admin, "owner", owner.id, {"telephone": "x"}, patch=True)
    assert [(e.field, e.code) for e in caught.value.errors] == [("telephone", "pattern")]


def test_remove_with_version_and_cascade(world):
    owner = world.db.create(world.admin, "owner", OWNER)
    dog = world.db.create(world.admin, "dog", {"ownerId": owner.id, "name": "Rex"})
    with pytest.raises(pawnotes.Conflict):
        world.db.remove(world.admin, "owner", owner.id)  # still has a dog
    with pytest.raises(pawnotes.Conflict):
        world.db.remove(world.admin, "owner", owner.id, expected_version=5, cascade=True)
    world.db.remove(world.admin, "owner", owner.id, expected_version=1, cascade=True)
    for entity, id_ in (("owner", owner.id), ("dog", dog.id)):
        with pytest.raises(pawnotes.NotFound):
            world.db.get(world.admin, entity, id_)


def test_client_key_makes_create_idempotent(world):
    first = world.db.create(world.admin, "owner", OWNER, client_key="4b7c2b9e-0d1e-4a55-9c7a-1f1d6b7f0a01")
    replay = world.db.create(world.admin, "owner", owner_input(city="Paris"), client_key="4b7c2b9e-0d1e-4a55-9c7a-1f1d6b7f0a01")
    assert replay == first
    assert world.db.list(world.admin, "owner").total == 1


def test_list_pages_and_sorts(world):
    names = ["Cole", "Abbott", "Baker", "Dunn", "Evans"]
    for last in names:
        world.db.create(world.admin, "owner", owner_input(lastName=last))
    page = world.db.list(world.admin, "owner", page=1, size=2, sort="lastName")
    assert type(page) is pawnotes.Page
    assert (page.page, page.size, page.total, page.total_pages) == (1, 2, 5, 3)
    assert [o.last_name for o in page.items] == ["Cole", "Dunn"]
    assert [o.last_name for o in page] == ["Cole", "Dunn"] and len(page) == 2
    assert all(type(o) is pawnotes.Owner for o in page.items)
    desc = world.db.list(world.admin, "owner", size=5, sort="-lastName")
    assert [o.last_name for o in desc] == sorted(names, reverse=True)
    d = page.to_dict()
    assert d["totalPages"] == 3 and [o["lastName"] for o in d["items"]] == ["Cole", "Dunn"]
    with pytest.raises(pawnotes.ValidationError) as caught:
        world.db.list(world.admin, "owner", sort="shoeSize")
    assert [(e.field, e.code) for e in caught.value.errors] == [("sort", "invalid_sort")]


def test_create_many_inserts_all_in_order(world):
    owners = world.db.create_many(world.admin, "owner", [owner_input(lastName=f"Smith-{c}") for c in "abc"])
    assert [o.last_name for o in owners] == ["Smith-a", "Smith-b", "Smith-c"]
    assert all(type(o) is pawnotes.Owner for o in owners)
    assert len({o.id for o in owners}) == 3
    assert world.db.create_many(world.admin, "owner", ()) == []


def test_tenancy_other_organization_sees_nothing(world):
    owner = world.db.create(world.admin, "owner", OWNER)
    assert world.db.list(world.other_admin, "owner").total == 0
    with pytest.raises(pawnotes.ValidationError) as caught:
        world.db.create(world.other_admin, "dog", {"ownerId": owner.id, "name": "Rex"})
    assert [(e.field, e.code) for e in caught.value.errors] == [("ownerId", "not_found")]


def test_pet_types_specialties_trainers(world):
    cat = world.db.create(world.admin, "petType", {"name": "Cat"})
    assert type(cat) is pawnotes.PetType and cat.name == "Cat"
    with pytest.raises(pawnotes.ValidationError) as caught:
        world.db.create(world.admin, "petType", {"name": "CAT"})
    assert [(e.field, e.code) for e in caught.value.errors] == [("name", "unique")]
    agility = world.db.create(world.admin, "specialty", {"name": "Agility"})
    trainer = world.db.create(
        world.admin, "trainer", {"firstName": "Tom", "lastName": "Hardy", "specialtyIds": [agility.id]}
    )
    assert type(trainer) is pawnotes.Trainer
    assert trainer.specialty_ids == [agility.id]
    assert trainer.specialties == [agility]
    assert type(trainer.specialties[0]) is pawnotes.Specialty


def test_notes_normalized_revised_and_soft_deleted(world):
    owner = world.db.create(world.admin, "owner", OWNER)
    dog = world.db.create(world.admin, "dog", {"ownerId": owner.id, "name": "Rex"})
    note = world.db.create(world.trainer, "note", {"dogId": dog.id, "body": " Good recall. ", "tags": ["Recall", "recall", "park"]})
    assert (note.body, note.tags, note.category, note.visibility, note.revision) == (
        "Good recall.",
        ["recall", "park"],
        "general",
        "internal",
        1,
    )
    assert (note.author_id, note.created_at, note.updated_at, note.deleted_at) == (world.trainer.actor_id, NOW, NOW, None)
    world.clock.advance(60_000)
    edited = world.db.update(world.trainer, "note", note.id, {"body": "Better recall"}, expected_version=1, patch=True)
    assert (edited.revision, edited.updated_at) == (2, "2026-11-24T12:01:00.000Z")
    revisions = world.db.note_revisions(world.admin, note.id)
    assert [(r.revision, r.body) for r in revisions] == [(1, "Good recall.")]
    assert type(revisions[0]) is pawnotes.NoteRevision
    world.db.remove(world.admin, "note", note.id)
    assert world.db.get(world.admin, "note", note.id).deleted_at == "2026-11-24T12:01:00.000Z"


def test_care_flags_and_vaccinations_computed_members(world):
    owner = world.db.create(world.admin, "owner", OWNER)
    dog = world.db.create(world.admin, "dog", {"ownerId": owner.id, "name": "Rex"})
    world.db.create(world.admin, "careFlag", {"dogId": dog.id, "kind": "allergy", "severity": "caution", "text": "Chicken"})
    world.db.create(world.admin, "careFlag", {"dogId": dog.id, "kind": "behaviour_safety", "severity": "danger", "text": "Bites"})
    flags = world.db.care_flags(world.admin, dog.id)
    assert [(f.severity, f.text) for f in flags] == [("danger", "Bites"), ("caution", "Chicken")]
    assert all(type(f) is pawnotes.CareFlag and f.active for f in flags)
    rabies = world.db.create(
        world.admin, "vaccination", {"dogId": dog.id, "name": "Rabies", "givenOn": "2025-12-01", "expiresOn": "2026-12-10"}
    )
    assert (rabies.status, rabies.days_left) == ("due", 16)
    old = world.db.create(
        world.admin, "vaccination", {"dogId": dog.id, "name": "Lepto", "givenOn": "2025-01-01", "expiresOn": "2026-11-01"}
    )
    assert (old.status, old.days_left) == ("expired", -23)
    assert {v.name for v in world.db.vaccinations(world.admin, dog.id)} == {"Rabies", "Lepto"}


def test_history_and_changes_since(world):
    owner = world.db.create(world.admin, "owner", OWNER)
    world.db.update(world.trainer, "owner", owner.id, owner_input(city="Paris"), 1)
    history = world.db.history(world.admin, "owner", owner.id)
    assert [(c.operation, c.actor_id, c.version) for c in history] == [("update", 2, 2), ("create", 1, 1)]
    assert type(history.items[0]) is pawnotes.ChangeRecord
    assert history.items[0].data["city"] == "Paris"
    changes = world.db.changes_since(world.admin, 0)
    assert [(c.entity, c.operation) for c in changes] == [("owner", "create"), ("owner", "update")]
    assert world.db.changes_since(world.admin, changes[0].seq) == changes[1:]
    assert world.db.changes_since(world.other_admin, 0) == []


def test_organizations_and_accounts(world):
    assert [o.name for o in world.db.organizations()] == ["Test Org", "Other Org"]
    assert all(type(o) is pawnotes.Organization for o in world.db.organizations())
    assert world.org.created_at == NOW
    user = world.db.create_user(world.org.id, username="ada", password_hash="$argon2id$v=19$x", roles=["trainer"], display_name="Ada")
    assert type(user) is pawnotes.User
    assert (user.username, user.display_name, user.roles, user.enabled, user.version) == ("ada", "Ada", ["trainer"], True, 1)
    assert "passwordHash" not in user.to_dict()
    login = world.db.find_user_for_login("ADA")
    assert type(login) is pawnotes.LoginUser
    assert (login.user, login.organization_id, login.password_hash) == (user, world.org.id, "$argon2id$v=19$x")
    assert world.db.find_user_for_login("nobody") is None
    changed = world.db.update_user(
        world.org.id, user.id, username="ada", password_hash="h2", roles=[pawnotes.Role.ADMIN, "viewer"], enabled=False, version=1
    )
    assert (changed.roles, changed.enabled, changed.version) == (["admin", "viewer"], False, 2)
    assert world.db.users(world.org.id) == [changed]
    assert world.db.users(world.other_org.id) == []
    with pytest.raises(pawnotes.ValidationError) as caught:
        world.db.create_user(world.other_org.id, username="Ada", password_hash="h", roles=["viewer"])
    assert [(e.field, e.code) for e in caught.value.errors] == [("username", "unique")]


def test_stats_schema_version_and_backup(file_world, tmp_path):
    db, scope = file_world.db, file_world.admin
    owner = db.create(scope, "owner", OWNER)
    db.create(scope, "dog", {"ownerId": owner.id, "name": "Rex"})
    stats = db.stats(scope)
    assert type(stats) is pawnotes.Stats
    assert (stats.owners, stats.dogs, stats.notes, stats.schema_version) == (1, 1, 0, pawnotes.sqlite_schema_version())
    assert db.schema_version() == pawnotes.sqlite_schema_version() >= 1
    copy_path = tmp_path / "copy.db"
    db.backup(str(copy_path))
    with pawnotes.Database(str(copy_path), now=NOW) as copy:
        assert copy.get(scope, "owner", owner.id) == db.get(scope, "owner", owner.id)
        assert [d.name for d in copy.get(scope, "owner", owner.id).dogs] == ["Rex"]
    assert copy.closed


def test_clock_now_today_and_datetime_arguments(world):
    assert (world.db.now(), world.db.today()) == (NOW, "2026-11-24")
    world.clock.set(dt.datetime(2027, 1, 2, 3, 4, 5, 678000, tzinfo=dt.timezone.utc))
    assert world.db.now() == "2027-01-02T03:04:05.678Z"
    with pytest.raises(ValueError):
        pawnotes.FixedClock(dt.datetime(2027, 1, 2))  # naive: ambiguous
    system = pawnotes.Database()
    assert system.today() == dt.datetime.now(dt.timezone.utc).date().isoformat()
    system.close()


def test_scope_is_a_frozen_value():
    scope = pawnotes.Scope(7, 3, ["admin", pawnotes.Role.VIEWER])
    assert scope.roles == (pawnotes.Role.ADMIN, pawnotes.Role.VIEWER)
    assert scope == pawnotes.Scope(7, 3, ("admin", "viewer"))
    assert scope.has("viewer") and not scope.has(pawnotes.Role.TRAINER)
    with pytest.raises(AttributeError):
        scope.actor_id = 1
    assert pawnotes.Scope(7).roles == (pawnotes.Role.ADMIN,)


def test_record_classes_name_their_entity(world):
    owner = world.db.create(world.admin, pawnotes.Owner, OWNER)
    assert type(owner) is pawnotes.Owner
    assert world.db.get(world.admin, pawnotes.Owner, owner.id) == owner
    assert [o.id for o in world.db.list(world.admin, pawnotes.Owner)] == [owner.id]
    assert world.db.update(world.admin, pawnotes.Owner, owner.id, {"city": "Paris"}, patch=True).city == "Paris"
    assert pawnotes.record_class("careFlag") is pawnotes.CareFlag
    with pytest.raises(ValueError):
        world.db.get(world.admin, pawnotes.Page, 1)


def test_json_schema_and_entities():
    assert [e.value for e in pawnotes.entities()] == [
        "organization", "user", "owner", "petType", "dog", "trainer", "specialty", "visit", "note", "careFlag", "vaccination",
        "skill", "goal", "trainingSession", "homework",
    ]
    schema = pawnotes.json_schema(pawnotes.Entity.DOG)
    assert schema["type"] == "object"
    assert "name" in schema["properties"]
    assert pawnotes.version() == pawnotes.__version__ == "0.1.0"


def test_the_package_docstring_example_runs():
    import doctest

    result = doctest.testmod(pawnotes, verbose=False)
    assert result.attempted >= 5 and result.failed == 0
