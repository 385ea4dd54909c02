"""Every native endpoint: its success path and its failure paths, over real HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import assert_problem, make_dog, make_owner, unique

API = "/api/v1"
TODAY = dt.date.today()


def days(n: int) -> str:
    return (TODAY + dt.timedelta(days=n)).isoformat()


# --- owners ---
def test_owner_create_get_and_etag(admin):
    owner = make_owner(admin, lastName="Nightingale")
    assert owner["dogs"] == [] and owner["version"] == 1 and owner["email"] is None
    r = admin.get(f"{API}/owners/{owner['id']}")
    assert r.status_code == 200
    assert r.json() == owner
    assert r.headers["etag"] == 'W/"1"'


def test_owner_create_location_header(admin):
    r = admin.post(
        f"{API}/owners",
        json={"firstName": "Mary", "lastName": unique("Seacole"), "address": "x", "city": "y", "telephone": "1"},
    )
    assert r.status_code == 201
    assert r.headers["location"] == f"{API}/owners/{r.json()['id']}"


def test_owner_create_invalid_lists_every_field(admin):
    r = admin.post(f"{API}/owners", json={"firstName": "R2D2", "telephone": "phone"})
    body = assert_problem(r, 422, "firstName", "lastName", "address", "city", "telephone")
    assert body["type"].endswith("/validation")
    codes = {e["field"]: e["code"] for e in body["errors"]}
    assert codes["lastName"] == "required"


def test_owner_search_by_last_name_prefix_with_paging(admin):
    family = unique("Brontë")
    for first in ("Anne", "Charlotte", "Emily"):
        make_owner(admin, firstName=first, lastName=family)
    r = admin.get(f"{API}/owners", params={"lastName": family[:-1].lower(), "size": 2, "sort": "firstName"})
    assert r.status_code == 200
    page = r.json()
    assert page["total"] == 3 and page["totalPages"] == 2 and page["page"] == 0 and page["size"] == 2
    assert [o["firstName"] for o in page["items"]] == ["Anne", "Charlotte"]
    r = admin.get(f"{API}/owners", params={"lastName": family, "size": 2, "page": 1, "sort": "-firstName"})
    assert [o["firstName"] for o in r.json()["items"]] == ["Anne"]


def test_owner_search_with_no_match_is_an_empty_page(admin):
    r = admin.get(f"{API}/owners", params={"lastName": "Zzzznobody"})
    assert r.status_code == 200
    assert r.json() == {"items": [], "page": 0, "size": 20, "total": 0, "totalPages": 0}


@pytest.mark.parametrize(
    "params,field",
    [
        ({"page": -1}, "page"),
        ({"size": 0}, "size"),
        ({"size": 1001}, "size"),
        ({"sort": "bogus"}, "sort"),
        ({"page": "x"}, "page"),
    ],
)
def test_owner_list_bad_paging_is_422(admin, params, field):
    assert_problem(admin.get(f"{API}/owners", params=params), 422, field)


def test_owner_put_replaces_and_bumps_version(admin):
    owner = make_owner(admin)
    data = {k: owner[k] for k in ("firstName", "lastName", "address", "city", "telephone")}
    data["city"] = "Paris"
    r = admin.put(f"{API}/owners/{owner['id']}", json=data, headers={"If-Match": 'W/"1"'})
    assert r.status_code == 200, r.text
    assert r.json()["city"] == "Paris" and r.json()["version"] == 2
    assert r.headers["etag"] == 'W/"2"'


def test_owner_put_without_if_match_is_allowed(admin):
    owner = make_owner(admin)
    data = {k: owner[k] for k in ("firstName", "lastName", "address", "city", "telephone")}
    r = admin.put(f"{API}/owners/{owner['id']}", json=data | {"email": "ada@example.org"})
    assert r.status_code == 200 and r.json()["email"] == "ada@example.org"


def test_owner_put_invalid_is_422_and_missing_is_404(admin):
    owner = make_owner(admin)
    assert_problem(admin.put(f"{API}/owners/{owner['id']}", json={"firstName": "Ada"}), 422)
    data = {k: owner[k] for k in ("firstName", "lastName", "address", "city", "telephone")}
    assert_problem(admin.put(f"{API}/owners/987654321", json=data), 404)


def test_owner_patch_changes_only_given_members(admin):
    owner = make_owner(admin)
    r = admin.patch(f"{API}/owners/{owner['id']}", json={"telephone": "999"})
    assert r.status_code == 200
    assert r.json()["telephone"] == "999" and r.json()["city"] == owner["city"]
    assert_problem(admin.patch(f"{API}/owners/{owner['id']}", json={"telephone": "nine"}), 422, "telephone")


def test_if_match_stale_is_412_and_current_succeeds(admin):
    owner = make_owner(admin)
    admin.patch(f"{API}/owners/{owner['id']}", json={"city": "Rome"})  # version 2 now
    for verb in ("patch", "put"):
        body = (
            {"city": "Oslo"}
            if verb == "patch"
            else {k: owner[k] for k in ("firstName", "lastName", "address", "telephone")} | {"city": "Oslo"}
        )
        r = getattr(admin, verb)(f"{API}/owners/{owner['id']}", json=body, headers={"If-Match": 'W/"1"'})
        assert_problem(r, 412)
    assert_problem(admin.delete(f"{API}/owners/{owner['id']}", headers={"If-Match": '"1"'}), 412)
    assert_problem(
        admin.patch(f"{API}/owners/{owner['id']}", json={"city": "Oslo"}, headers={"If-Match": "garbage"}), 412
    )
    r = admin.patch(f"{API}/owners/{owner['id']}", json={"city": "Oslo"}, headers={"If-Match": '"2"'})
    assert r.status_code == 200 and r.json()["version"] == 3
    assert admin.get(f"{API}/owners/{owner['id']}").json()["city"] == "Oslo"


def test_owner_delete_conflict_without_cascade_then_cascade(admin):
    dog = make_dog(admin)
    owner_id = dog["ownerId"]
    body = assert_problem(admin.delete(f"{API}/owners/{owner_id}"), 409)
    assert "cascade" in body["detail"]
    r = admin.delete(f"{API}/owners/{owner_id}", params={"cascade": "true"})
    assert r.status_code == 204 and r.content == b""
    assert_problem(admin.get(f"{API}/owners/{owner_id}"), 404)
    assert_problem(admin.get(f"{API}/dogs/{dog['id']}"), 404)
    assert_problem(admin.delete(f"{API}/owners/{owner_id}"), 404)


def test_idempotency_key_replay_returns_the_first_result(admin):
    key = "3f1c2a4e-0000-4000-8000-000000000001"
    data = {"firstName": "Idem", "lastName": unique("Potent"), "address": "x", "city": "y", "telephone": "1"}
    first = admin.post(f"{API}/owners", json=data, headers={"Idempotency-Key": key})
    again = admin.post(f"{API}/owners", json=data | {"city": "Elsewhere"}, headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert admin.get(f"{API}/owners", params={"lastName": data["lastName"]}).json()["total"] == 1
    assert_problem(
        admin.post(f"{API}/owners", json=data, headers={"Idempotency-Key": "k" * 201}), 422, "Idempotency-Key"
    )


def test_get_with_non_numeric_or_huge_id_is_422_not_500(admin):
    assert_problem(admin.get(f"{API}/owners/abc"), 422, "id")
    assert_problem(admin.get(f"{API}/owners/99999999999999999999999"), 422, "id")


def test_body_must_be_a_json_object(admin):
    assert_problem(admin.post(f"{API}/owners", json=[1, 2]), 422, "")
    assert_problem(admin.post(f"{API}/owners", content=b"{not json", headers={"content-type": "application/json"}), 400)
    assert_problem(admin.post(f"{API}/owners", content=b""), 400)


# --- dogs ---
def test_dog_crud_and_filters(admin):
    owner = make_owner(admin)
    rex = make_dog(admin, owner["id"], name="Rexford", breed="Beagle", status="active")
    make_dog(admin, owner["id"], name="Luna", breed="Whippet", status="inactive")
    assert rex["type"]["name"].lower() == "dog" and rex["ageYears"] >= 5
    r = admin.get(f"{API}/dogs", params={"ownerId": owner["id"], "sort": "name"})
    assert [d["name"] for d in r.json()["items"]] == ["Luna", "Rexford"]
    r = admin.get(f"{API}/dogs", params={"ownerId": owner["id"], "status": "inactive"})
    assert [d["name"] for d in r.json()["items"]] == ["Luna"]
    r = admin.get(f"{API}/dogs", params={"ownerId": owner["id"], "breed": "Beagle"})
    assert [d["name"] for d in r.json()["items"]] == ["Rexford"]
    r = admin.get(f"{API}/dogs", params={"ownerId": owner["id"], "name": "lu"})
    assert [d["name"] for d in r.json()["items"]] == ["Luna"]
    assert admin.get(f"{API}/owners/{owner['id']}").json()["dogs"][0]["name"] == "Luna"
    r = admin.patch(f"{API}/dogs/{rex['id']}", json={"weightKg": 12.5})
    assert r.status_code == 200 and r.json()["weightKg"] == 12.5
    assert admin.delete(f"{API}/dogs/{rex['id']}").status_code == 204
    assert_problem(admin.get(f"{API}/dogs/{rex['id']}"), 404)


def test_dog_invalid_and_duplicate_name_and_missing_owner(admin):
    owner = make_owner(admin)
    make_dog(admin, owner["id"], name="Bella")
    assert_problem(admin.post(f"{API}/dogs", json={"ownerId": owner["id"], "name": "bella"}), 422, "name")
    body = assert_problem(admin.post(f"{API}/dogs", json={"ownerId": 987654321, "name": "X"}), 422, "ownerId")
    assert body["errors"][0]["code"] == "not_found"
    assert_problem(
        admin.post(f"{API}/dogs", json={"ownerId": owner["id"], "name": "Y", "weightKg": 500, "sex": "x"}),
        422,
        "weightKg",
        "sex",
    )
    assert_problem(admin.get(f"{API}/dogs", params={"sort": "weight"}), 422, "sort")


def test_dog_timeline_cursor_paging(admin):
    dog = make_dog(admin)
    for i in range(3):
        assert admin.post(f"{API}/notes", json={"dogId": dog["id"], "body": f"note {i}"}).status_code == 201
    assert (
        admin.post(f"{API}/visits", json={"dogId": dog["id"], "description": "walk", "date": days(-3)}).status_code
        == 201
    )
    r = admin.get(f"{API}/dogs/{dog['id']}/timeline", params={"limit": 3})
    assert r.status_code == 200
    first = r.json()
    assert len(first["items"]) == 3 and first["nextCursor"]
    assert {e["kind"] for e in first["items"]} == {"note"}
    r = admin.get(f"{API}/dogs/{dog['id']}/timeline", params={"limit": 3, "cursor": first["nextCursor"]})
    rest = r.json()
    assert [e["kind"] for e in rest["items"]] == ["visit"] and rest["nextCursor"] is None
    assert "note" not in rest["items"][0]
    assert_problem(admin.get(f"{API}/dogs/{dog['id']}/timeline", params={"cursor": "garbage"}), 422, "cursor")
    assert_problem(admin.get(f"{API}/dogs/{dog['id']}/timeline", params={"limit": 0}), 422, "limit")
    assert_problem(admin.get(f"{API}/dogs/987654321/timeline"), 404)


# --- notes ---
def test_note_create_edit_revisions_and_soft_delete(admin):
    dog = make_dog(admin)
    r = admin.post(
        f"{API}/notes",
        json={
            "dogId": dog["id"],
            "body": "  Pulled on the lead  ",
            "tags": ["Lead", "lead", "walk"],
            "category": "progress",
        },
    )
    assert r.status_code == 201
    note = r.json()
    assert note["body"] == "Pulled on the lead" and note["tags"] == ["lead", "walk"] and note["revision"] == 1
    assert note["authorId"] > 0 and note["visibility"] == "internal"
    r = admin.put(
        f"{API}/notes/{note['id']}", json={"dogId": dog["id"], "body": "Walked nicely"}, headers={"If-Match": 'W/"1"'}
    )
    assert r.status_code == 200 and r.json()["revision"] == 2
    revs = admin.get(f"{API}/notes/{note['id']}/revisions")
    assert revs.status_code == 200
    # the earlier revisions (the current text is the note itself)
    assert [(v["revision"], v["body"]) for v in revs.json()] == [(1, "Pulled on the lead")]
    assert admin.delete(f"{API}/notes/{note['id']}").status_code == 204
    timeline = admin.get(f"{API}/dogs/{dog['id']}/timeline").json()["items"]
    assert timeline == []
    deleted = admin.get(f"{API}/dogs/{dog['id']}/timeline", params={"includeDeleted": "true"}).json()["items"]
    assert deleted[0]["note"]["deletedAt"] is not None
    assert_problem(admin.get(f"{API}/notes/987654321/revisions"), 404)


def test_note_invalid(admin):
    dog = make_dog(admin)
    body = assert_problem(
        admin.post(
            f"{API}/notes", json={"dogId": dog["id"], "body": "   ", "category": "gossip", "tags": ["no spaces"]}
        ),
        422,
        "body",
        "category",
        "tags[0]",
    )
    assert len(body["errors"]) == 3


def test_note_search_with_filters(admin):
    dog = make_dog(admin)
    word = "zebrafinch" + unique().lower()
    admin.post(f"{API}/notes", json={"dogId": dog["id"], "body": f"Saw a {word} in the park", "tags": ["park"]})
    admin.post(f"{API}/notes", json={"dogId": dog["id"], "body": f"{word} again", "category": "health"})
    r = admin.get(f"{API}/notes/search", params={"q": word})
    assert r.status_code == 200 and r.json()["total"] == 2
    hit = r.json()["items"][0]
    assert hit["dogName"] == dog["name"] and set(hit) == {"note", "dogName", "snippet", "rank"}
    assert admin.get(f"{API}/notes/search", params={"q": word, "category": "health"}).json()["total"] == 1
    assert admin.get(f"{API}/notes/search", params={"q": word, "tag": "park"}).json()["total"] == 1
    assert admin.get(f"{API}/notes/search", params={"q": word, "dogId": dog["id"]}).json()["total"] == 2
    assert admin.get(f"{API}/notes/search", params={"q": word, "from": days(1)}).json()["total"] == 0
    assert_problem(admin.get(f"{API}/notes/search", params={"q": word, "from": "2020-13-45"}), 422, "dateFrom")


def test_note_list(admin):
    r = admin.get(f"{API}/notes", params={"size": 1, "sort": "-createdAt"})
    assert r.status_code == 200 and len(r.json()["items"]) == 1
    assert_problem(admin.get(f"{API}/notes", params={"sort": "body"}), 422, "sort")


# --- visits ---
def test_visit_crud(admin):
    dog = make_dog(admin)
    r = admin.post(
        f"{API}/visits", json={"dogId": dog["id"], "description": "  Recall training ", "durationMinutes": 45}
    )
    assert r.status_code == 201
    visit = r.json()
    assert visit["date"] == TODAY.isoformat() and visit["description"] == "Recall training"
    r = admin.patch(f"{API}/visits/{visit['id']}", json={"durationMinutes": 60})
    assert r.json()["durationMinutes"] == 60
    assert admin.get(f"{API}/visits", params={"sort": "-id", "size": 1}).json()["items"][0]["id"] == visit["id"]
    assert_problem(
        admin.post(f"{API}/visits", json={"dogId": dog["id"], "description": "", "durationMinutes": 721}),
        422,
        "description",
        "durationMinutes",
    )
    assert admin.delete(f"{API}/visits/{visit['id']}").status_code == 204
    assert_problem(admin.get(f"{API}/visits/{visit['id']}"), 404)


# --- care flags ---
def test_care_flags_of_a_dog(admin):
    dog = make_dog(admin)
    r = admin.post(
        f"{API}/care-flags", json={"dogId": dog["id"], "kind": "allergy", "severity": "danger", "text": "Chicken"}
    )
    assert r.status_code == 201
    flag = r.json()
    assert flag["active"] is True
    other = admin.post(
        f"{API}/care-flags",
        json={"dogId": dog["id"], "kind": "handling", "severity": "info", "text": "Shy", "active": False},
    ).json()
    assert [f["id"] for f in admin.get(f"{API}/dogs/{dog['id']}/care-flags").json()] == [flag["id"]]
    all_flags = admin.get(f"{API}/dogs/{dog['id']}/care-flags", params={"activeOnly": "false"}).json()
    assert sorted(f["id"] for f in all_flags) == sorted([flag["id"], other["id"]])
    assert admin.patch(f"{API}/care-flags/{flag['id']}", json={"active": False}).json()["active"] is False
    assert_problem(
        admin.post(f"{API}/care-flags", json={"dogId": dog["id"], "kind": "mood", "severity": "bad", "text": ""}),
        422,
        "kind",
        "severity",
        "text",
    )
    assert_problem(admin.get(f"{API}/dogs/987654321/care-flags"), 404)
    assert admin.get(f"{API}/care-flags").status_code == 200


# --- vaccinations ---
def test_vaccinations_of_a_dog_and_due_list(admin):
    dog = make_dog(admin)
    soon = admin.post(
        f"{API}/vaccinations", json={"dogId": dog["id"], "name": "Rabies", "givenOn": days(-300), "expiresOn": days(10)}
    )
    assert soon.status_code == 201
    assert soon.json()["status"] == "due" and soon.json()["daysLeft"] == 10
    later = admin.post(
        f"{API}/vaccinations", json={"dogId": dog["id"], "name": "Lepto", "givenOn": days(-10), "expiresOn": days(200)}
    )
    assert later.json()["status"] == "ok"
    expired = admin.post(
        f"{API}/vaccinations", json={"dogId": dog["id"], "name": "Parvo", "givenOn": days(-400), "expiresOn": days(-5)}
    )
    assert expired.json()["status"] == "expired"
    mine = admin.get(f"{API}/dogs/{dog['id']}/vaccinations").json()
    assert sorted(v["name"] for v in mine) == ["Lepto", "Parvo", "Rabies"]
    due = admin.get(f"{API}/vaccinations/due", params={"withinDays": 30, "size": 1000}).json()
    names = {(d["dogName"], d["vaccination"]["name"]) for d in due["items"]}
    assert (dog["name"], "Rabies") in names and (dog["name"], "Parvo") in names and (dog["name"], "Lepto") not in names
    due = admin.get(
        f"{API}/vaccinations/due", params={"withinDays": 30, "includeExpired": "false", "size": 1000}
    ).json()
    assert (dog["name"], "Parvo") not in {(d["dogName"], d["vaccination"]["name"]) for d in due["items"]}
    assert_problem(
        admin.post(
            f"{API}/vaccinations", json={"dogId": dog["id"], "name": "X", "givenOn": days(1), "expiresOn": days(-1)}
        ),
        422,
        "givenOn",
        "expiresOn",
    )
    assert_problem(admin.get(f"{API}/vaccinations/due", params={"sort": "nope"}), 422, "sort")
    assert_problem(admin.get(f"{API}/dogs/987654321/vaccinations"), 404)


# --- pet types, specialties, trainers ---
def test_pet_types(admin):
    name = unique("Ferret")
    r = admin.post(f"{API}/pet-types", json={"name": name})
    assert r.status_code == 201
    pt = r.json()
    assert_problem(admin.post(f"{API}/pet-types", json={"name": name.upper()}), 422, "name")
    assert any(p["id"] == pt["id"] for p in admin.get(f"{API}/pet-types", params={"size": 1000}).json()["items"])
    assert admin.put(f"{API}/pet-types/{pt['id']}", json={"name": name + "s"}).json()["name"] == name + "s"
    dog = make_dog(admin, typeId=pt["id"])
    assert dog["type"] == {"id": pt["id"], "name": name + "s"}
    assert admin.get(f"{API}/dogs", params={"typeId": pt["id"]}).json()["total"] == 1


def test_specialties_and_trainers(admin):
    spec = admin.post(f"{API}/specialties", json={"name": unique("Agility")}).json()
    r = admin.post(
        f"{API}/trainers", json={"firstName": "Temple", "lastName": unique("Grandin"), "specialtyIds": [spec["id"]]}
    )
    assert r.status_code == 201
    trainer = r.json()
    assert trainer["specialtyIds"] == [spec["id"]] and trainer["specialties"][0]["name"] == spec["name"]
    assert_problem(
        admin.post(f"{API}/trainers", json={"firstName": "T", "lastName": "G", "specialtyIds": [987654321]}), 422
    )
    assert admin.get(f"{API}/specialties").status_code == 200
    assert admin.get(f"{API}/trainers").status_code == 200
    assert admin.patch(f"{API}/specialties/{spec['id']}", json={"name": spec["name"] + "x"}).status_code == 200
    # the trainer's visits: upcoming and recent
    dog = make_dog(admin)
    for when, desc in ((days(5), "future"), (days(-5), "past")):
        admin.post(
            f"{API}/visits", json={"dogId": dog["id"], "trainerId": trainer["id"], "date": when, "description": desc}
        )
    up = admin.get(f"{API}/trainers/{trainer['id']}/visits", params={"when": "upcoming"}).json()
    assert [v["description"] for v in up["items"]] == ["future"]
    recent = admin.get(f"{API}/trainers/{trainer['id']}/visits", params={"when": "recent"}).json()
    assert [v["description"] for v in recent["items"]] == ["past"]
    assert_problem(admin.get(f"{API}/trainers/{trainer['id']}/visits", params={"when": "someday"}), 422, "when")
    assert_problem(admin.get(f"{API}/trainers/987654321/visits"), 404)
    assert admin.delete(f"{API}/specialties/{spec['id']}").status_code in (204, 409)


# --- history and changes ---
def test_history_of_a_record(admin):
    owner = make_owner(admin)
    admin.patch(f"{API}/owners/{owner['id']}", json={"city": "Bern"})
    for entity in ("owner", "owners"):
        r = admin.get(f"{API}/history/{entity}/{owner['id']}", params={"sort": "seq"})
        assert r.status_code == 200
        ops = [(c["operation"], c["version"], c["data"]["city"]) for c in r.json()["items"]]
        assert ops == [("create", 1, "London"), ("update", 2, "Bern")]
    assert_problem(admin.get(f"{API}/history/unicorn/{owner['id']}"), 404)
    assert_problem(admin.get(f"{API}/history/owner/{owner['id']}", params={"sort": "bogus"}), 422, "sort")


def test_changes_after_a_sequence_number(admin):
    start = admin.get(f"{API}/changes", params={"after": 0, "limit": 1000})
    assert start.status_code == 200
    last = start.json()["lastSeq"]
    while True:
        page = admin.get(f"{API}/changes", params={"after": last, "limit": 1000}).json()
        if not page["items"]:
            break
        last = page["lastSeq"]
    owner = make_owner(admin)
    r = admin.get(f"{API}/changes", params={"after": last}).json()
    assert [(c["entity"], c["entityId"], c["operation"]) for c in r["items"]] == [("owner", owner["id"], "create")]
    assert r["lastSeq"] == r["items"][0]["seq"]
    assert_problem(admin.get(f"{API}/changes", params={"limit": 0}), 422, "limit")


def test_stats(admin):
    r = admin.get(f"{API}/stats")
    assert r.status_code == 200 and r.json()["owners"] >= 1 and r.json()["schemaVersion"] >= 1
