"""Organizations are walled off from each other (another organization's id behaves as missing: 404 on
every id-taking endpoint), and roles decide who may write what (viewer: nothing; trainer: not pet types,
trainers or specialties; admin: everything)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import assert_problem, make_dog, make_owner, unique

API = "/api/v1"


@pytest.fixture(scope="module")
def alpha(admin):
    """One record of every entity in organization Alpha: collection -> record."""
    owner = make_owner(admin)
    pet_type = admin.post(f"{API}/pet-types", json={"name": unique("Hamster")}).json()
    dog = make_dog(admin, owner["id"], typeId=pet_type["id"])
    specialty = admin.post(f"{API}/specialties", json={"name": unique("Scentwork")}).json()
    trainer = admin.post(
        f"{API}/trainers", json={"firstName": "Karen", "lastName": unique("Pryor"), "specialtyIds": [specialty["id"]]}
    ).json()
    visit = admin.post(
        f"{API}/visits", json={"dogId": dog["id"], "trainerId": trainer["id"], "description": "x"}
    ).json()
    note = admin.post(f"{API}/notes", json={"dogId": dog["id"], "body": "alpha secret"}).json()
    flag = admin.post(
        f"{API}/care-flags", json={"dogId": dog["id"], "kind": "medical", "severity": "info", "text": "x"}
    ).json()
    today = dt.date.today()
    vacc = admin.post(
        f"{API}/vaccinations",
        json={
            "dogId": dog["id"],
            "name": "Rabies",
            "givenOn": today.isoformat(),
            "expiresOn": (today + dt.timedelta(days=5)).isoformat(),
        },
    ).json()
    skill = admin.post(f"{API}/skills", json={"name": unique("Recall")}).json()
    goal = admin.post(
        f"{API}/goals", json={"dogId": dog["id"], "skillId": skill["id"], "target": {"distanceMetres": 10}}
    ).json()
    session = admin.post(
        f"{API}/training-sessions",
        json={
            "dogId": dog["id"],
            "trainerId": trainer["id"],
            "trials": [{"goalId": goal["id"], "attempts": 5, "successes": 4, "distanceMetres": 10}],
        },
    ).json()
    homework = admin.post(
        f"{API}/homework", json={"goalId": goal["id"], "exercise": "alpha homework", "dueDate": "2099-01-01"}
    ).json()
    records = {
        "owners": owner,
        "skills": skill,
        "goals": goal,
        "training-sessions": session,
        "homework": homework,
        "pet-types": pet_type,
        "dogs": dog,
        "specialties": specialty,
        "trainers": trainer,
        "visits": visit,
        "notes": note,
        "care-flags": flag,
        "vaccinations": vacc,
    }
    for name, record in records.items():
        assert "id" in record, (name, record)
    return records


def _body_for(collection: str, alpha: dict) -> dict:
    dog_id = alpha["dogs"]["id"]
    today = dt.date.today().isoformat()
    return {
        "owners": {"firstName": "Eve", "lastName": unique("Intruder"), "address": "x", "city": "y", "telephone": "1"},
        "pet-types": {"name": unique("Gecko")},
        "dogs": {"ownerId": alpha["owners"]["id"], "name": unique("Fido")},
        "specialties": {"name": unique("Herding")},
        "trainers": {"firstName": "Ian", "lastName": unique("Dunbar")},
        "visits": {"dogId": dog_id, "description": "check"},
        "notes": {"dogId": dog_id, "body": "hello"},
        "care-flags": {"dogId": dog_id, "kind": "handling", "severity": "info", "text": "gentle"},
        "vaccinations": {"dogId": dog_id, "name": "Lepto", "givenOn": today, "expiresOn": "2099-01-01"},
        "skills": {"name": unique("Heel")},
        "goals": {"dogId": dog_id, "skillId": alpha["skills"]["id"], "target": {"durationSeconds": 30}},
        "training-sessions": {
            "dogId": dog_id,
            "trainerId": alpha["trainers"]["id"],
            "trials": [{"goalId": alpha["goals"]["id"], "attempts": 2, "successes": 1}],
        },
        "homework": {"goalId": alpha["goals"]["id"], "exercise": "sit at doors", "dueDate": "2099-01-01"},
    }[collection]


COLLECTIONS = [
    "owners",
    "pet-types",
    "dogs",
    "specialties",
    "trainers",
    "visits",
    "notes",
    "care-flags",
    "vaccinations",
    "skills",
    "goals",
    "training-sessions",
    "homework",
]
ENTITY = {
    "owners": "owner",
    "pet-types": "petType",
    "dogs": "dog",
    "specialties": "specialty",
    "trainers": "trainer",
    "visits": "visit",
    "notes": "note",
    "care-flags": "careFlag",
    "vaccinations": "vaccination",
    "skills": "skill",
    "goals": "goal",
    "training-sessions": "trainingSession",
    "homework": "homework",
}


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_other_organization_ids_are_missing(other_admin, alpha, collection):
    record = alpha[collection]
    url = f"{API}/{collection}/{record['id']}"
    assert_problem(other_admin.get(url), 404)
    assert_problem(other_admin.put(url, json=_body_for(collection, alpha)), 404)
    assert_problem(other_admin.patch(url, json={}), 404)
    assert_problem(other_admin.delete(url), 404)
    assert_problem(other_admin.delete(url, params={"cascade": "true"}), 404)
    history = other_admin.get(f"{API}/history/{ENTITY[collection]}/{record['id']}")
    if history.status_code == 200:  # a history of nothing: no change of another organization leaks
        assert history.json()["items"] == []
    else:
        assert_problem(history, 404)
    listed = other_admin.get(f"{API}/{collection}", params={"size": 1000}).json()["items"]
    assert record["id"] not in {r["id"] for r in listed}


@pytest.mark.parametrize(
    "path",
    [
        "/dogs/{dog}/timeline",
        "/dogs/{dog}/care-flags",
        "/dogs/{dog}/vaccinations",
        "/dogs/{dog}/progress",
        "/notes/{note}/revisions",
        "/trainers/{trainer}/visits",
    ],
)
def test_other_organization_ids_are_missing_on_sub_resources(other_admin, alpha, path):
    url = API + path.format(dog=alpha["dogs"]["id"], note=alpha["notes"]["id"], trainer=alpha["trainers"]["id"])
    assert_problem(other_admin.get(url), 404)


def test_other_organization_ids_are_missing_as_references(other_admin, alpha):
    r = other_admin.post(f"{API}/dogs", json={"ownerId": alpha["owners"]["id"], "name": "Sneaky"})
    assert_problem(r, 422, "ownerId")
    r = other_admin.post(f"{API}/notes", json={"dogId": alpha["dogs"]["id"], "body": "hi"})
    assert_problem(r, 422, "dogId")
    homework = {"goalId": alpha["goals"]["id"], "exercise": "x", "dueDate": "2099-01-01"}
    r = other_admin.post(f"{API}/homework", json=homework)
    assert_problem(r, 422, "goalId")


def test_other_organization_data_is_not_searchable(other_admin, alpha):
    assert other_admin.get(f"{API}/notes/search", params={"q": "alpha secret"}).json()["total"] == 0
    assert other_admin.get(f"{API}/owners", params={"lastName": alpha["owners"]["lastName"]}).json()["total"] == 0
    changes = other_admin.get(f"{API}/changes", params={"limit": 1000}).json()["items"]
    assert all(not (c["entity"] == "owner" and c["entityId"] == alpha["owners"]["id"]) for c in changes)


ADMIN_ONLY = {"pet-types", "specialties", "trainers", "skills"}


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_viewer_can_read_but_not_write(viewer, alpha, collection):
    record = alpha[collection]
    url = f"{API}/{collection}/{record['id']}"
    assert viewer.get(url).status_code == 200
    assert viewer.get(f"{API}/{collection}").status_code == 200
    assert_problem(viewer.post(f"{API}/{collection}", json=_body_for(collection, alpha)), 403)
    assert_problem(viewer.put(url, json=_body_for(collection, alpha)), 403)
    assert_problem(viewer.patch(url, json={}), 403)
    assert_problem(viewer.delete(url), 403)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_trainer_writes_all_but_admin_records(trainer, alpha, collection):
    r = trainer.post(f"{API}/{collection}", json=_body_for(collection, alpha))
    if collection in ADMIN_ONLY:
        assert_problem(r, 403)
        url = f"{API}/{collection}/{alpha[collection]['id']}"
        assert_problem(trainer.patch(url, json={}), 403)
        assert_problem(trainer.delete(url), 403)
    else:
        assert r.status_code == 201, r.text
        created = r.json()
        url = f"{API}/{collection}/{created['id']}"
        assert trainer.patch(url, json={}).status_code == 200
        assert trainer.delete(url).status_code == 204


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_admin_writes_everything(admin, alpha, collection):
    r = admin.post(f"{API}/{collection}", json=_body_for(collection, alpha))
    assert r.status_code == 201, r.text
    url = f"{API}/{collection}/{r.json()['id']}"
    assert admin.patch(url, json={}).status_code == 200
    assert admin.delete(url).status_code == 204


def test_forbidden_comes_before_validation(viewer):
    body = assert_problem(viewer.post(f"{API}/owners", json={"firstName": "1"}), 403)
    assert "errors" not in body


def test_progress_of_a_dog(trainer, viewer, alpha):
    """GET /dogs/{id}/progress: the core's rule over HTTP (one session of 4/5 at the target distance)."""
    r = viewer.get(f"{API}/dogs/{alpha['dogs']['id']}/progress", params={"readySessions": 1})
    assert r.status_code == 200, r.text
    body = r.json()
    goal = next(g for g in body["goals"] if g["goal"]["id"] == alpha["goals"]["id"])
    point = next(p for p in goal["points"] if p["sessionId"] == alpha["training-sessions"]["id"])
    assert (point["attempts"], point["successes"], point["ratio"], point["meetsTarget"]) == (5, 4, 0.8, True)
    assert_problem(viewer.get(f"{API}/dogs/{alpha['dogs']['id']}/progress", params={"window": 0}), 422, "window")
