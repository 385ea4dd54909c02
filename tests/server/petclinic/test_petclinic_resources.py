"""PetClinic API: visits, vets, specialties, pet types, users and /oops — success and failure paths."""
# ruff: noqa: F811  (the fixtures imported from petclinic_support are used as arguments)

from __future__ import annotations

import httpx
import pytest
from petclinic_support import (  # noqa: F401 (fixtures)
    assert_invalid,
    assert_problem,
    basic,
    letters,
    new_owner,
    new_pet,
    new_visit,
    pc_admin,
    pc_other,
    pc_trainer,
    pc_viewer,
    pet_type,
)

MISSING = 987654321


# ---------------------------------------------------------------- visits
def test_visits_crud(pc_admin):
    owner = new_owner(pc_admin)
    pet = new_pet(pc_admin, owner["id"])
    r = pc_admin.post("/visits", json={"petId": pet["id"], "date": "2026-04-01", "description": "check-up"})
    assert r.status_code == 200, r.text
    visit = r.json()
    assert visit == {"id": visit["id"], "petId": pet["id"], "date": "2026-04-01", "description": "check-up"}
    assert pc_admin.get(f"/visits/{visit['id']}").json() == visit
    assert visit in pc_admin.get("/visits").json()
    r = pc_admin.put(f"/visits/{visit['id']}", json={"date": "2026-04-02", "description": "follow-up"})
    assert r.status_code == 200 and r.json() == {**visit, "date": "2026-04-02", "description": "follow-up"}
    r = pc_admin.delete(f"/visits/{visit['id']}")
    assert r.status_code == 200 and r.json()["description"] == "follow-up"
    assert_problem(pc_admin.get(f"/visits/{visit['id']}"), 404)
    assert pc_admin.get(f"/pets/{pet['id']}").json()["visits"] == []


def test_a_visit_may_name_its_pet_as_an_object_as_the_angular_client_does(pc_admin):
    owner = new_owner(pc_admin)
    pet = new_pet(pc_admin, owner["id"])
    r = pc_admin.post("/visits", json={"pet": pet, "date": "2026-04-01", "description": "from the client"})
    assert r.status_code == 200, r.text
    assert r.json()["petId"] == pet["id"]


def test_visit_without_a_date_is_booked_for_today(pc_admin):
    owner = new_owner(pc_admin)
    pet = new_pet(pc_admin, owner["id"])
    visit = pc_admin.post("/visits", json={"petId": pet["id"], "description": "walk-in"}).json()
    assert len(visit["date"]) == 10 and visit["date"][4] == "-"


def test_visits_failures(pc_admin, pc_other):
    owner = new_owner(pc_admin)
    pet = new_pet(pc_admin, owner["id"])
    visit = new_visit(pc_admin, owner["id"], pet["id"])
    assert_invalid(pc_admin.post("/visits", json={"description": "x"}), "petId")
    assert_invalid(pc_admin.post("/visits", json={"petId": MISSING, "description": "x"}), "petId")
    assert_invalid(pc_admin.post("/visits", json={"petId": pet["id"], "description": "x" * 256}), "description")
    assert_invalid(pc_admin.put(f"/visits/{visit['id']}", json={"date": "yesterday", "description": "x"}), "date")
    assert_problem(pc_admin.get(f"/visits/{MISSING}"), 404)
    assert_problem(pc_admin.put(f"/visits/{MISSING}", json={"description": "x"}), 404)
    assert_problem(pc_admin.delete(f"/visits/{MISSING}"), 404)
    # another organization cannot see, change or book on Alpha's records
    assert_problem(pc_other.put(f"/visits/{visit['id']}", json={"description": "x"}), 404)
    assert_problem(pc_other.delete(f"/visits/{visit['id']}"), 404)
    assert_invalid(pc_other.post("/visits", json={"petId": pet["id"], "description": "x"}), "petId")
    assert visit["id"] not in {v["id"] for v in pc_other.get("/visits").json()}


# ---------------------------------------------------------------- specialties and pet types
@pytest.mark.parametrize("collection", ["specialties", "pettypes"])
def test_named_records_crud(pc_admin, collection):
    name = letters("kind")
    r = pc_admin.post(f"/{collection}", json={"name": name})
    assert r.status_code == 200, r.text
    record = r.json()
    assert record == {"id": record["id"], "name": name}
    assert pc_admin.get(f"/{collection}/{record['id']}").json() == record
    assert record in pc_admin.get(f"/{collection}").json()
    renamed = letters("other")
    r = pc_admin.put(f"/{collection}/{record['id']}", json={"id": record["id"], "name": renamed})
    assert r.status_code == 200 and r.json() == {"id": record["id"], "name": renamed}
    r = pc_admin.delete(f"/{collection}/{record['id']}")
    assert r.status_code == 200 and r.json() == {"id": record["id"], "name": renamed}
    assert_problem(pc_admin.get(f"/{collection}/{record['id']}"), 404)


@pytest.mark.parametrize("collection", ["specialties", "pettypes"])
def test_named_records_failures(pc_admin, pc_viewer, pc_other, collection):
    taken = letters("taken")
    record = pc_admin.post(f"/{collection}", json={"name": taken}).json()
    assert_invalid(pc_admin.post(f"/{collection}", json={"name": ""}), "name")
    assert_invalid(pc_admin.post(f"/{collection}", json={"name": taken.upper()}), "name")  # unique, any case
    assert_invalid(pc_admin.post(f"/{collection}", json={}), "name")
    assert_invalid(pc_admin.put(f"/{collection}/{record['id']}", json={"name": "x" * 81}), "name")
    assert_problem(pc_admin.get(f"/{collection}/{MISSING}"), 404)
    assert_problem(pc_admin.put(f"/{collection}/{MISSING}", json={"name": "fine"}), 404)
    assert_problem(pc_admin.delete(f"/{collection}/{MISSING}"), 404)
    assert_problem(pc_viewer.post(f"/{collection}", json={"name": letters("viewer")}), 403)
    assert_problem(pc_other.get(f"/{collection}/{record['id']}"), 404)


def test_a_pet_type_in_use_cannot_be_deleted(pc_admin):
    kind = pc_admin.post("/pettypes", json={"name": letters("parrot")}).json()
    owner = new_owner(pc_admin)
    new_pet(pc_admin, owner["id"], type=kind)
    assert_problem(pc_admin.delete(f"/pettypes/{kind['id']}"), 409)
    assert pc_admin.get(f"/pettypes/{kind['id']}").status_code == 200


def test_deleting_a_specialty_takes_it_off_its_vets(pc_admin):
    spec = pc_admin.post("/specialties", json={"name": letters("surgery")}).json()
    vet = pc_admin.post("/vets", json={"firstName": "Helen", "lastName": "Leary", "specialties": [spec]}).json()
    assert pc_admin.delete(f"/specialties/{spec['id']}").status_code == 200
    assert pc_admin.get(f"/vets/{vet['id']}").json()["specialties"] == []


# ---------------------------------------------------------------- vets
def test_vets_crud(pc_admin):
    radiology = pc_admin.post("/specialties", json={"name": letters("radiology")}).json()
    dentistry = pc_admin.post("/specialties", json={"name": letters("dentistry")}).json()
    r = pc_admin.post("/vets", json={"firstName": "James", "lastName": "Carter", "specialties": [radiology]})
    assert r.status_code == 200, r.text
    vet = r.json()
    assert vet == {"id": vet["id"], "firstName": "James", "lastName": "Carter", "specialties": [radiology]}
    assert pc_admin.get(f"/vets/{vet['id']}").json() == vet
    assert vet in pc_admin.get("/vets").json()
    # specialties named without an id are matched by name, as the reference server does
    r = pc_admin.put(
        f"/vets/{vet['id']}",
        json={
            "firstName": "Jim",
            "lastName": "Carter",
            "specialties": [radiology, {"name": dentistry["name"].upper()}],
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["firstName"] == "Jim"
    assert sorted(s["id"] for s in r.json()["specialties"]) == sorted([radiology["id"], dentistry["id"]])
    r = pc_admin.delete(f"/vets/{vet['id']}")
    assert r.status_code == 200 and r.json()["firstName"] == "Jim"
    assert_problem(pc_admin.get(f"/vets/{vet['id']}"), 404)


def test_vets_failures(pc_admin, pc_trainer, pc_other):
    vet = pc_admin.post("/vets", json={"firstName": "Linda", "lastName": "Douglas", "specialties": []}).json()
    r = pc_admin.post("/vets", json={"firstName": "L1nda", "lastName": "", "specialties": [{"id": "x"}]})
    assert_invalid(r, "firstName", "lastName", "specialties[0].id")
    assert_invalid(
        pc_admin.post("/vets", json={"firstName": "Ann", "lastName": "Vet", "specialties": [{"id": MISSING}]}),
        "specialties[0].id",
    )
    # a specialty named without an id that does not exist
    assert_invalid(
        pc_admin.post("/vets", json={"firstName": "Ann", "lastName": "Vet", "specialties": [{"name": "Nosuchthing"}]}),
        "specialties[0].id",
    )
    assert_problem(pc_admin.get(f"/vets/{MISSING}"), 404)
    assert_problem(pc_admin.put(f"/vets/{MISSING}", json={"firstName": "A", "lastName": "B", "specialties": []}), 404)
    assert_problem(pc_admin.delete(f"/vets/{MISSING}"), 404)
    assert_problem(
        pc_trainer.put(f"/vets/{vet['id']}", json={"firstName": "A", "lastName": "B", "specialties": []}), 403
    )
    assert_problem(pc_other.get(f"/vets/{vet['id']}"), 404)


# ---------------------------------------------------------------- users
def test_add_user_maps_petclinic_roles_and_the_new_user_can_sign_in(server, pc_admin):
    username = letters("owner.admin.")
    r = pc_admin.post(
        "/users",
        json={"username": username, "password": "s3cret-pass", "enabled": True, "roles": [{"name": "OWNER_ADMIN"}]},
    )
    assert r.status_code == 200, r.text
    assert r.json() == {"username": username, "enabled": True, "roles": [{"name": "ROLE_OWNER_ADMIN"}]}
    assert "password" not in r.json()
    with httpx.Client(base_url=server.base_url + "/petclinic/api", headers=basic(username, "s3cret-pass")) as c:
        assert c.get("/owners").status_code == 200
        assert c.post("/pettypes", json={"name": letters("gecko")}).status_code == 403  # trainer: no pet types
        assert_problem(
            c.post("/users", json={"username": letters("x"), "password": "p", "roles": [{"name": "ADMIN"}]}), 403
        )
    # the native API knows the account too, with the mapped role
    r = httpx.post(f"{server.base_url}/api/v1/auth/login", json={"username": username, "password": "s3cret-pass"})
    assert r.status_code == 200 and r.json()["user"]["roles"] == ["trainer"]


def test_add_user_vet_admin_and_admin_map_to_admin(pc_admin):
    r = pc_admin.post(
        "/users",
        json={
            "username": letters("vet.admin."),
            "password": "pw",
            "roles": [{"name": "VET_ADMIN"}, {"name": "ROLE_ADMIN"}],
        },
    )
    assert r.status_code == 200, r.text
    assert {x["name"] for x in r.json()["roles"]} >= {"ROLE_ADMIN", "ROLE_VET_ADMIN"}


def test_add_user_failures(pc_admin, pc_trainer):
    name = letters("dup.")
    assert (
        pc_admin.post("/users", json={"username": name, "password": "pw", "roles": [{"name": "ADMIN"}]}).status_code
        == 200
    )
    assert_invalid(
        pc_admin.post("/users", json={"username": name.upper(), "password": "pw", "roles": [{"name": "ADMIN"}]}),
        "username",
    )
    assert_invalid(
        pc_admin.post("/users", json={"username": "has space", "password": "", "roles": [{"name": "NOBODY"}]}),
        "username",
        "password",
        "roles[0].name",
    )
    assert_invalid(
        pc_admin.post("/users", json={"username": letters("noroles."), "password": "pw", "roles": []}), "roles"
    )
    assert_invalid(
        pc_admin.post("/users", json={"username": 12, "password": "pw", "roles": [{"name": "ADMIN"}]}), "username"
    )
    assert_problem(
        pc_trainer.post("/users", json={"username": letters("t."), "password": "pw", "roles": [{"name": "ADMIN"}]}), 403
    )


# ---------------------------------------------------------------- oops and unknown paths
def test_oops_always_fails_with_a_problem_detail(pc_admin):
    body = assert_problem(pc_admin.get("/oops"), 400)
    assert body["schemaValidationErrors"] == [] and body["type"].endswith("/petclinic/api/oops")


def test_unknown_paths_and_methods_are_problem_details(pc_admin):
    assert_problem(pc_admin.get("/no-such-thing"), 404)
    assert_problem(pc_admin.patch("/owners"), 405)
