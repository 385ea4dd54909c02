"""PetClinic API: owners, their pets and visits, /pets and /v2 paging — success and failure paths."""
# ruff: noqa: F811  (the fixtures imported from petclinic_support are used as arguments)

from __future__ import annotations

import json

from petclinic_support import (  # noqa: F401 (fixtures)
    assert_invalid,
    assert_problem,
    letters,
    new_owner,
    new_pet,
    new_visit,
    owner_body,
    pc_admin,
    pc_other,
    pc_trainer,
    pc_viewer,
    pet_type,
)

MISSING = 987654321


# ---------------------------------------------------------------- owners
def test_add_owner_returns_201_with_the_owner_and_no_pets(pc_admin):
    body = owner_body()
    r = pc_admin.post("/owners", json=body)
    assert r.status_code == 201, r.text
    owner = r.json()
    assert owner == {**body, "id": owner["id"], "pets": []}
    assert r.headers["location"].endswith(f"/petclinic/api/owners/{owner['id']}")
    assert pc_admin.get(f"/owners/{owner['id']}").json() == owner


def test_add_owner_invalid_body_is_400_with_field_errors_and_errors_header(pc_admin):
    r = pc_admin.post("/owners", json=owner_body(firstName="", telephone="12ab", city=None))
    body = assert_invalid(r, "firstName", "telephone", "city")
    messages = {m["message"] for m in body["schemaValidationErrors"]}
    assert "[Path '/firstName'] must not be empty" in messages
    header = {e["fieldName"]: e for e in json.loads(r.headers["errors"])}
    assert header["telephone"]["fieldValue"] == "12ab" and header["telephone"]["objectName"] == "owner"
    assert header["city"]["fieldValue"] == "null" and header["city"]["errorMessage"] == "is required"


def test_add_owner_malformed_json_and_non_object_bodies_are_400(pc_admin):
    r = pc_admin.post("/owners", content=b"{not json", headers={"content-type": "application/json"})
    assert_problem(r, 400)
    assert_invalid(pc_admin.post("/owners", json=[1, 2]), "")


def test_list_owners_filters_by_last_name_prefix_case_insensitively(pc_admin):
    family = letters("Zebedee")
    a = new_owner(pc_admin, lastName=family)
    b = new_owner(pc_admin, lastName=family + "son")
    r = pc_admin.get("/owners", params={"lastName": family.lower()[:-1]})
    assert r.status_code == 200
    assert sorted(o["id"] for o in r.json()) == sorted([a["id"], b["id"]])
    assert [o["id"] for o in pc_admin.get("/owners", params={"lastName": family + "son"}).json()] == [b["id"]]
    everyone = pc_admin.get("/owners").json()
    assert {a["id"], b["id"]} <= {o["id"] for o in everyone}


def test_an_empty_owner_search_is_200_with_an_empty_list(pc_admin):
    r = pc_admin.get("/owners", params={"lastName": "Nobodyhasthisname"})
    assert r.status_code == 200 and r.json() == []


def test_get_owner_includes_pets_with_their_visits(pc_admin):
    owner = new_owner(pc_admin)
    cat = pet_type(pc_admin, "cat")
    a = new_pet(pc_admin, owner["id"], name="Basil", type=cat)
    b = new_pet(pc_admin, owner["id"], name="Alfie", type=cat)
    v2 = new_visit(pc_admin, owner["id"], a["id"], date="2026-02-01", description="second")
    v1 = new_visit(pc_admin, owner["id"], a["id"], date="2026-01-01", description="first")
    got = pc_admin.get(f"/owners/{owner['id']}").json()
    assert [p["name"] for p in got["pets"]] == ["Alfie", "Basil"]  # pets by name
    alfie, basil = got["pets"]
    assert alfie["visits"] == [] and alfie["id"] == b["id"]
    assert basil["visits"] == [v1, v2]  # oldest first
    assert basil == {
        "id": a["id"],
        "name": "Basil",
        "birthDate": "2020-09-07",
        "type": {"id": cat["id"], "name": cat["name"]},
        "ownerId": owner["id"],
        "visits": [v1, v2],
    }


def test_get_owner_unknown_negative_and_malformed_ids(pc_admin):
    assert_problem(pc_admin.get(f"/owners/{MISSING}"), 404)
    assert_problem(pc_admin.get("/owners/-1"), 400)
    assert_problem(pc_admin.get("/owners/abc"), 400)


def test_update_owner_returns_the_owner_and_keeps_pets(pc_admin):
    owner = new_owner(pc_admin)
    pet = new_pet(pc_admin, owner["id"])
    changed = owner_body(firstName="Georgia", city="Monona")
    r = pc_admin.put(f"/owners/{owner['id']}", json=changed)
    assert r.status_code == 200, r.text
    assert r.json()["firstName"] == "Georgia" and r.json()["city"] == "Monona"
    assert [p["id"] for p in r.json()["pets"]] == [pet["id"]]
    assert pc_admin.get(f"/owners/{owner['id']}").json() == r.json()


def test_update_owner_is_last_write_wins_without_if_match(pc_admin):
    owner = new_owner(pc_admin)
    for city in ("Verona", "Sun Prairie", "Fitchburg"):
        assert (
            pc_admin.put(
                f"/owners/{owner['id']}",
                json=owner_body(lastName=owner["lastName"], city=city),
            ).status_code
            == 200
        )
    assert pc_admin.get(f"/owners/{owner['id']}").json()["city"] == "Fitchburg"


def test_update_owner_failures(pc_admin):
    owner = new_owner(pc_admin)
    missing = {k: v for k, v in owner_body().items() if k != "lastName"}
    assert_invalid(pc_admin.put(f"/owners/{owner['id']}", json=missing), "lastName")
    assert_problem(pc_admin.put(f"/owners/{MISSING}", json=owner_body()), 404)


def test_delete_owner_returns_it_and_removes_its_pets_and_visits(pc_admin):
    owner = new_owner(pc_admin)
    pet = new_pet(pc_admin, owner["id"])
    visit = new_visit(pc_admin, owner["id"], pet["id"])
    full = pc_admin.get(f"/owners/{owner['id']}").json()
    r = pc_admin.delete(f"/owners/{owner['id']}")
    assert r.status_code == 200 and r.json() == full
    assert_problem(pc_admin.get(f"/owners/{owner['id']}"), 404)
    assert_problem(pc_admin.get(f"/pets/{pet['id']}"), 404)
    assert_problem(pc_admin.get(f"/visits/{visit['id']}"), 404)
    assert_problem(pc_admin.delete(f"/owners/{owner['id']}"), 404)


# ---------------------------------------------------------------- an owner's pets
def test_add_pet_to_owner(pc_admin):
    owner = new_owner(pc_admin)
    dog = pet_type(pc_admin, "dog")
    r = pc_admin.post(
        f"/owners/{owner['id']}/pets",
        json={"name": "Leo", "birthDate": "2010-09-07", "type": dog},
    )
    assert r.status_code == 201, r.text
    pet = r.json()
    assert pet == {
        "id": pet["id"],
        "name": "Leo",
        "birthDate": "2010-09-07",
        "type": {"id": dog["id"], "name": dog["name"]},
        "ownerId": owner["id"],
        "visits": [],
    }
    assert pc_admin.get(f"/owners/{owner['id']}/pets/{pet['id']}").json() == pet


def test_add_pet_failures(pc_admin):
    owner = new_owner(pc_admin)
    cat = pet_type(pc_admin)
    # the core's rules: empty name, a birth date in the future, a type that is not an id
    r = pc_admin.post(
        f"/owners/{owner['id']}/pets",
        json={"name": "", "birthDate": "2999-01-01", "type": {"id": "x"}},
    )
    assert_invalid(r, "name", "birthDate", "type.id")
    # an unknown type (the core checks references once the fields are valid)
    r = pc_admin.post(
        f"/owners/{owner['id']}/pets",
        json={
            "name": "Leo",
            "birthDate": "2020-01-01",
            "type": {"id": MISSING, "name": "x"},
        },
    )
    assert_invalid(r, "type.id")
    # the document requires birthDate and type
    assert_invalid(
        pc_admin.post(f"/owners/{owner['id']}/pets", json={"name": "Leo"}),
        "birthDate",
        "type.id",
    )
    # the same name twice for one owner
    new_pet(pc_admin, owner["id"], name="Twin")
    assert_invalid(
        pc_admin.post(
            f"/owners/{owner['id']}/pets",
            json={"name": "twin", "birthDate": "2020-01-01", "type": cat},
        ),
        "name",
    )
    # an unknown owner is a 404, not a field error
    r = pc_admin.post(
        f"/owners/{MISSING}/pets",
        json={"name": "Leo", "birthDate": "2020-01-01", "type": cat},
    )
    assert_problem(r, 404)


def test_get_owners_pet_checks_the_owner(pc_admin):
    a, b = new_owner(pc_admin), new_owner(pc_admin)
    pet = new_pet(pc_admin, a["id"])
    assert pc_admin.get(f"/owners/{a['id']}/pets/{pet['id']}").status_code == 200
    assert_problem(pc_admin.get(f"/owners/{b['id']}/pets/{pet['id']}"), 404)
    assert_problem(pc_admin.get(f"/owners/{a['id']}/pets/{MISSING}"), 404)


def test_update_owners_pet_is_204_and_changes_the_pet(pc_admin):
    owner = new_owner(pc_admin)
    pet = new_pet(pc_admin, owner["id"])
    hamster = pet_type(pc_admin, "hamster")
    r = pc_admin.put(
        f"/owners/{owner['id']}/pets/{pet['id']}",
        json={"name": "Renamed", "birthDate": "2021-03-04", "type": hamster},
    )
    assert r.status_code == 204 and r.content == b""
    got = pc_admin.get(f"/pets/{pet['id']}").json()
    assert (got["name"], got["birthDate"], got["type"]["id"]) == (
        "Renamed",
        "2021-03-04",
        hamster["id"],
    )


def test_update_owners_pet_failures(pc_admin):
    a, b = new_owner(pc_admin), new_owner(pc_admin)
    pet = new_pet(pc_admin, a["id"])
    body = {"name": "X", "birthDate": "2020-01-01", "type": pet_type(pc_admin)}
    assert_problem(pc_admin.put(f"/owners/{b['id']}/pets/{pet['id']}", json=body), 404)
    assert_invalid(
        pc_admin.put(f"/owners/{a['id']}/pets/{pet['id']}", json={**body, "name": " "}),
        "name",
    )


def test_add_visit_to_owners_pet(pc_admin):
    owner = new_owner(pc_admin)
    pet = new_pet(pc_admin, owner["id"])
    r = pc_admin.post(
        f"/owners/{owner['id']}/pets/{pet['id']}/visits",
        json={"date": "2026-03-01", "description": "x-ray"},
    )
    assert r.status_code == 201, r.text
    visit = r.json()
    assert visit == {
        "id": visit["id"],
        "petId": pet["id"],
        "date": "2026-03-01",
        "description": "x-ray",
    }
    assert pc_admin.get(f"/pets/{pet['id']}").json()["visits"] == [visit]


def test_add_visit_failures(pc_admin):
    a, b = new_owner(pc_admin), new_owner(pc_admin)
    pet = new_pet(pc_admin, a["id"])
    assert_invalid(
        pc_admin.post(f"/owners/{a['id']}/pets/{pet['id']}/visits", json={"description": ""}),
        "description",
    )
    assert_invalid(
        pc_admin.post(
            f"/owners/{a['id']}/pets/{pet['id']}/visits",
            json={"date": "2026-13-45", "description": "x"},
        ),
        "date",
    )
    assert_problem(
        pc_admin.post(f"/owners/{b['id']}/pets/{pet['id']}/visits", json={"description": "x"}),
        404,
    )
    assert_problem(
        pc_admin.post(f"/owners/{a['id']}/pets/{MISSING}/visits", json={"description": "x"}),
        404,
    )


# ---------------------------------------------------------------- /pets and the /v2 pages
def test_pets_list_get_update_delete(pc_admin):
    owner = new_owner(pc_admin)
    pet = new_pet(pc_admin, owner["id"])
    visit = new_visit(pc_admin, owner["id"], pet["id"])
    listed = {p["id"]: p for p in pc_admin.get("/pets").json()}
    assert listed[pet["id"]]["visits"] == [visit]
    assert pc_admin.get(f"/pets/{pet['id']}").json() == listed[pet["id"]]
    # PUT /pets/{id} takes a Pet and answers it
    r = pc_admin.put(f"/pets/{pet['id']}", json={**listed[pet["id"]], "name": "Newname"})
    assert r.status_code == 200 and r.json()["name"] == "Newname" and r.json()["visits"] == [visit]
    r = pc_admin.delete(f"/pets/{pet['id']}")
    assert r.status_code == 200 and r.json()["id"] == pet["id"] and r.json()["visits"] == [visit]
    assert_problem(pc_admin.get(f"/pets/{pet['id']}"), 404)
    assert_problem(pc_admin.get(f"/visits/{visit['id']}"), 404)
    assert pc_admin.get(f"/owners/{owner['id']}").json()["pets"] == []


def test_pets_failures(pc_admin):
    owner = new_owner(pc_admin)
    pet = new_pet(pc_admin, owner["id"])
    assert_problem(pc_admin.get(f"/pets/{MISSING}"), 404)
    assert_problem(
        pc_admin.put(
            f"/pets/{MISSING}",
            json={"name": "X", "birthDate": "2020-01-01", "type": pet_type(pc_admin)},
        ),
        404,
    )
    assert_problem(pc_admin.delete(f"/pets/{MISSING}"), 404)
    assert_invalid(
        pc_admin.put(f"/pets/{pet['id']}", json={**pet, "birthDate": "1900-01-01"}),
        "birthDate",
    )
    assert_invalid(pc_admin.put(f"/pets/{pet['id']}", json={**pet, "type": "cat"}), "type.id")


def test_v2_owners_pages(pc_admin):
    family = letters("Pagination")
    ids = [new_owner(pc_admin, lastName=family, firstName=f).get("id") for f in ("Ann", "Bea", "Cid", "Dot", "Eve")]
    r = pc_admin.get("/v2/owners", params={"lastName": family, "page": 1, "size": 2})
    assert r.status_code == 200
    page = r.json()
    assert (page["page"], page["size"], page["totalElements"], page["totalPages"]) == (
        1,
        2,
        5,
        3,
    )
    assert len(page["content"]) == 2 and all(o["id"] in ids for o in page["content"])
    assert all("pets" in o for o in page["content"])
    empty = pc_admin.get("/v2/owners", params={"lastName": "Nobodyhasthisname"}).json()
    assert empty == {
        "content": [],
        "page": 0,
        "size": 20,
        "totalElements": 0,
        "totalPages": 0,
    }


def test_v2_paging_parameters_out_of_range_are_400(pc_admin):
    for params in ({"size": 0}, {"size": 101}, {"page": -1}, {"page": "x"}):
        assert_problem(pc_admin.get("/v2/owners", params=params), 400)
        assert_problem(pc_admin.get("/v2/pets", params=params), 400)


def test_v2_pets_pages_hold_pets_with_visits(pc_admin):
    owner = new_owner(pc_admin)
    pet = new_pet(pc_admin, owner["id"])
    visit = new_visit(pc_admin, owner["id"], pet["id"])
    first = pc_admin.get("/v2/pets", params={"size": 100}).json()
    total = first["totalElements"]
    last = pc_admin.get("/v2/pets", params={"size": 100, "page": (total - 1) // 100}).json()
    found = [p for p in first["content"] + last["content"] if p["id"] == pet["id"]]
    assert found and found[0]["visits"] == [visit]
    assert first["totalPages"] == (total + 99) // 100


# ---------------------------------------------------------------- roles and organizations
def test_a_viewer_reads_but_cannot_write(pc_admin, pc_viewer):
    owner = new_owner(pc_admin)
    assert pc_viewer.get(f"/owners/{owner['id']}").status_code == 200
    assert_problem(pc_viewer.post("/owners", json=owner_body()), 403)
    assert_problem(pc_viewer.put(f"/owners/{owner['id']}", json=owner_body()), 403)
    assert_problem(pc_viewer.delete(f"/owners/{owner['id']}"), 403)
    assert_problem(
        pc_viewer.post(
            f"/owners/{owner['id']}/pets",
            json={"name": "Leo", "birthDate": "2020-01-01", "type": pet_type(pc_admin)},
        ),
        403,
    )


def test_a_trainer_owner_admin_writes_owners_pets_and_visits_but_not_vets(pc_admin, pc_trainer):
    cat = pet_type(pc_admin, "cat")  # pet types are admin-only writes
    owner = new_owner(pc_trainer)
    pet = new_pet(pc_trainer, owner["id"], type=cat)
    new_visit(pc_trainer, owner["id"], pet["id"])
    assert pc_trainer.delete(f"/owners/{owner['id']}").status_code == 200
    assert_problem(
        pc_trainer.post("/vets", json={"firstName": "Ann", "lastName": "Vet", "specialties": []}),
        403,
    )
    assert_problem(pc_trainer.post("/pettypes", json={"name": letters("lizard")}), 403)


def test_another_organizations_records_are_404(pc_admin, pc_other):
    owner = new_owner(pc_admin)
    pet = new_pet(pc_admin, owner["id"])
    visit = new_visit(pc_admin, owner["id"], pet["id"])
    assert_problem(pc_other.get(f"/owners/{owner['id']}"), 404)
    assert_problem(pc_other.put(f"/owners/{owner['id']}", json=owner_body()), 404)
    assert_problem(pc_other.delete(f"/owners/{owner['id']}"), 404)
    assert_problem(pc_other.get(f"/owners/{owner['id']}/pets/{pet['id']}"), 404)
    assert_problem(pc_other.get(f"/pets/{pet['id']}"), 404)
    assert_problem(pc_other.get(f"/visits/{visit['id']}"), 404)
    assert_problem(
        pc_other.post(f"/owners/{owner['id']}/pets/{pet['id']}/visits", json={"description": "x"}),
        404,
    )
    assert owner["id"] not in {o["id"] for o in pc_other.get("/owners").json()}
    assert pc_admin.get(f"/owners/{owner['id']}").status_code == 200
