"""The PetClinic CRUD flow of the reference project's JMeter plan, end to end over HTTP, and the bounded
core calls of the bulk visit loading."""
# ruff: noqa: F811  (the fixtures imported from petclinic_support are used as arguments)

from __future__ import annotations

from typing import Any, Dict, List

import pawnotes
from petclinic_support import assert_problem, letters, pc_admin  # noqa: F401 (fixtures)

from pawnotes_server.petclinic import shapes


def test_crud_flow_of_the_reference_test_plan(pc_admin):
    c = pc_admin
    # reference data the flow uses: a specialty, a vet, a pet type
    spec = c.post("/specialties", json={"name": letters("flowspec")}).json()
    vet = c.post("/vets", json={"firstName": "Rafael", "lastName": "Ortega", "specialties": [spec]}).json()
    assert c.get(f"/vets/{vet['id']}").json()["specialties"] == [spec]
    kind = c.post("/pettypes", json={"name": letters("flowtype")}).json()

    # create owner, read it, update it
    r = c.post(
        "/owners",
        json={
            "firstName": "Betty",
            "lastName": letters("Davis"),
            "address": "638 Cardinal Ave.",
            "city": "Sun Prairie",
            "telephone": "6085551749",
        },
    )
    assert r.status_code == 201
    owner = r.json()
    assert c.get(f"/owners/{owner['id']}").json() == owner
    found = c.get("/owners", params={"lastName": owner["lastName"]}).json()
    assert [o["id"] for o in found] == [owner["id"]]
    r = c.put(
        f"/owners/{owner['id']}", json={**{k: owner[k] for k in owner if k not in ("id", "pets")}, "city": "Madison"}
    )
    assert r.status_code == 200 and r.json()["city"] == "Madison"

    # add a pet, read it, update it
    r = c.post(f"/owners/{owner['id']}/pets", json={"name": "Basil", "birthDate": "2012-08-06", "type": kind})
    assert r.status_code == 201
    pet = r.json()
    assert c.get(f"/owners/{owner['id']}/pets/{pet['id']}").json() == pet
    r = c.put(
        f"/owners/{owner['id']}/pets/{pet['id']}", json={"name": "Basil", "birthDate": "2012-08-07", "type": kind}
    )
    assert r.status_code == 204
    assert c.get(f"/pets/{pet['id']}").json()["birthDate"] == "2012-08-07"

    # add a visit, read it, update it
    r = c.post(
        f"/owners/{owner['id']}/pets/{pet['id']}/visits", json={"date": "2026-05-04", "description": "rabies shot"}
    )
    assert r.status_code == 201
    visit = r.json()
    assert c.get(f"/visits/{visit['id']}").json() == visit
    r = c.put(f"/visits/{visit['id']}", json={"date": "2026-05-05", "description": "rabies shot, booster"})
    assert r.status_code == 200 and r.json()["description"] == "rabies shot, booster"
    full = c.get(f"/owners/{owner['id']}").json()
    assert full["pets"][0]["visits"] == [r.json()]

    # delete visit, pet, owner, then the reference data
    assert c.delete(f"/visits/{visit['id']}").status_code == 200
    assert c.delete(f"/pets/{pet['id']}").status_code == 200
    assert c.delete(f"/owners/{owner['id']}").status_code == 200
    assert_problem(c.get(f"/owners/{owner['id']}"), 404)
    assert c.delete(f"/vets/{vet['id']}").status_code == 200
    assert c.delete(f"/specialties/{spec['id']}").status_code == 200
    assert c.delete(f"/pettypes/{kind['id']}").status_code == 200


# ---------------------------------------------------------------- bulk visits: bounded core calls
class CountingDb:
    """Forwards to a Database and counts the calls."""

    def __init__(self, db: pawnotes.Database) -> None:
        self.db = db
        self.calls: List[str] = []

    def __getattr__(self, name: str) -> Any:
        target = getattr(self.db, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            return target(*args, **kwargs)

        return call


def _world(visits_per_dog: int, dogs: int, extra_visits: int = 0) -> Dict[str, Any]:
    db = pawnotes.Database(":memory:")
    org = db.create_organization("Flow")
    scope = pawnotes.Scope(org.id, 0, ["admin"])
    owner = db.create(
        scope, "owner", {"firstName": "A", "lastName": "B", "address": "x", "city": "y", "telephone": "1"}
    )
    dog_ids = [db.create(scope, "dog", {"ownerId": owner.id, "name": f"Dog{chr(97 + i)}"}).id for i in range(dogs)]
    filler = db.create(scope, "dog", {"ownerId": owner.id, "name": "Filler"}).id
    for d in dog_ids:
        db.create_many(
            scope,
            "visit",
            [
                {"dogId": d, "date": f"2026-01-{(i % 28) + 1:02d}", "description": f"v{i}"}
                for i in range(visits_per_dog)
            ],
        )
    if extra_visits:
        db.create_many(scope, "visit", [{"dogId": filler, "description": "filler"} for _ in range(extra_visits)])
    return {"db": db, "scope": scope, "dogs": dog_ids}


def _expected(db: pawnotes.Database, scope: pawnotes.Scope, dog_id: int) -> List[Dict[str, Any]]:
    visits = [e.visit.to_dict() for e in db.timeline(scope, dog_id, 500).items if e.kind == "visit"]
    return sorted(visits, key=lambda v: (v["date"], v["id"]))


def test_visits_of_one_dog_is_one_call():
    w = _world(visits_per_dog=3, dogs=1)
    counting = CountingDb(w["db"])
    got = shapes.visits_of(counting, w["scope"], w["dogs"])
    assert counting.calls == ["visits_of_dogs_json"]
    assert got == {w["dogs"][0]: _expected(w["db"], w["scope"], w["dogs"][0])}
    assert [v["date"] for v in got[w["dogs"][0]]] == sorted(v["date"] for v in got[w["dogs"][0]])


def test_visits_of_many_dogs_is_one_call_whatever_else_the_organization_has():
    w = _world(visits_per_dog=4, dogs=12, extra_visits=3500)
    counting = CountingDb(w["db"])
    got = shapes.visits_of(counting, w["scope"], w["dogs"] + w["dogs"][:3])  # repeated ids count once
    assert counting.calls == ["visits_of_dogs_json"]  # not one call per pet, nor a walk through every visit
    assert got == {d: _expected(w["db"], w["scope"], d) for d in w["dogs"]}


def test_visits_of_more_than_a_thousand_dogs_is_one_call_per_thousand():
    w = _world(visits_per_dog=1, dogs=2)
    counting = CountingDb(w["db"])
    unknown = list(range(10_000_000, 10_001_500))  # ids of no dog: no visits, still asked for
    got = shapes.visits_of(counting, w["scope"], w["dogs"] + unknown)
    assert counting.calls == ["visits_of_dogs_json", "visits_of_dogs_json"]
    assert {d: got[d] for d in w["dogs"]} == {d: _expected(w["db"], w["scope"], d) for d in w["dogs"]}
    assert all(got[d] == [] for d in unknown)
