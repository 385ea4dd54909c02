"""The unmodified spring-petclinic-angular client against /petclinic/api, screen by screen.

Each test replays the requests one screen of the client makes, as its services build them (upstream
src/app/*/*.service.ts and the components that call them):

- the URL is environment.REST_API_URL + 'owners' ... with ids and the search term concatenated as they
  are (OwnerService.searchOwners: `owners?lastName=` + lastName, not encoded);
- bodies are the component's model objects as JSON.stringify writes them: the new record's `id` set to
  null (or left out, as `undefined`), the whole owner inside a new pet (`pet.owner`), the whole pet inside
  a new visit (`visit.pet`), dates formatted by moment as 'YYYY-MM-DD', a pet type / specialty as the
  {id, name} object the <select> bound;
- PetService.addPet posts to owners/{pet.owner.id}/pets, VisitService.addVisit to
  owners/{visit.pet.ownerId}/pets/{visit.pet.id}/visits, updates PUT to pets/{id}, visits/{id}, ...;
- the page runs on another origin (http://localhost:4200, `ng serve`), so every request carries Origin and
  each non-simple one (JSON body, PUT, DELETE) is preceded by the browser's CORS preflight, which must
  allow it; the page can then read only the CORS-safelisted response headers and those the server
  exposes;
- errors go through HttpErrorHandler.handleError (src/app/error.service.ts): it reads the `errors` header
  (a JSON array; the first entry's errorMessage is what the screen shows), else the status and body.

The Angular client needs no credentials (the Spring server's default has security off): these tests use
the open mode bound to organization Alpha. A second preflight covers the client variant that sends HTTP
Basic (an Authorization header).
"""
# ruff: noqa: F811  (the fixtures imported from petclinic_support are used as arguments)

from __future__ import annotations

import datetime
import json
from typing import Any, Dict, Optional

import httpx
import pytest
from petclinic_support import CORS_ORIGIN, letters, open_server  # noqa: F401 (fixture)

API = "/petclinic/api/"  # environment.REST_API_URL ends with a slash
ORIGIN = CORS_ORIGIN  # where `ng serve` runs the client
ANGULAR_ACCEPT = "application/json, text/plain, */*"  # HttpClient's default Accept

# Response headers any cross-origin page may read (Fetch standard: CORS-safelisted response headers).
SAFELISTED = {
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
}

OWNER_KEYS = {"id", "firstName", "lastName", "address", "city", "telephone", "pets"}
PET_KEYS = {"id", "name", "birthDate", "type", "ownerId", "visits"}
VISIT_KEYS = {"id", "petId", "date", "description"}
VET_KEYS = {"id", "firstName", "lastName", "specialties"}
PROBLEM_KEYS = {"type", "title", "status", "detail", "timestamp", "schemaValidationErrors"}


class AngularClient:
    """HttpClient as the page in the browser uses it: JSON bodies, Origin, the preflight, and only the
    response headers the page may read."""

    def __init__(self, base_url: str, extra_headers: Optional[Dict[str, str]] = None) -> None:
        self.http = httpx.Client(base_url=base_url + API.rstrip("/"), timeout=30.0)
        self.extra = dict(extra_headers or {})

    def close(self) -> None:
        self.http.close()

    def preflight(self, method: str, path: str, request_headers: str) -> httpx.Response:
        r = self.http.options(
            "/" + path,
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": method,
                "Access-Control-Request-Headers": request_headers,
            },
        )
        return r

    def request(self, method: str, path: str, body: Any = None) -> httpx.Response:
        headers = {"Origin": ORIGIN, "Accept": ANGULAR_ACCEPT, **self.extra}
        content = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            content = json.dumps(body).encode()  # JSON.stringify: undefined members are absent, null stays
        simple = method in ("GET", "HEAD") and not self.extra
        if not simple:
            # the browser asks first; a refused preflight means the request is never sent
            wanted = sorted(h.lower() for h in headers if h.lower() not in ("origin", "accept"))
            pre = self.preflight(method, path, ",".join(wanted))
            assert_preflight_allows(pre, method, wanted)
        r = self.http.request(method, "/" + path, content=content, headers=headers)
        # the page sees the response only when the server allows its origin; caches keep answers per origin
        assert r.headers.get("access-control-allow-origin") in (ORIGIN, "*"), (method, path, r.headers)
        if r.headers["access-control-allow-origin"] != "*":
            assert "origin" in r.headers.get("vary", "").lower(), r.headers
        return r

    def get(self, path: str) -> httpx.Response:
        return self.request("GET", path)

    def post(self, path: str, body: Any) -> httpx.Response:
        return self.request("POST", path, body)

    def put(self, path: str, body: Any) -> httpx.Response:
        return self.request("PUT", path, body)

    def delete(self, path: str) -> httpx.Response:
        return self.request("DELETE", path)


def assert_preflight_allows(r: httpx.Response, method: str, request_headers: Any) -> None:
    assert r.status_code in (200, 204), (r.status_code, r.text)
    assert r.headers.get("access-control-allow-origin") in (ORIGIN, "*"), r.headers
    methods = {m.strip().upper() for m in r.headers.get("access-control-allow-methods", "").split(",")}
    assert method in methods or "*" in methods, r.headers
    allowed = {h.strip().lower() for h in r.headers.get("access-control-allow-headers", "").split(",")}
    for h in request_headers:
        assert h in allowed or "*" in allowed, (h, r.headers)


def readable(r: httpx.Response, name: str) -> Optional[str]:
    """The header as the page's script sees it (HttpHeaders.get): None unless safelisted or exposed."""
    exposed = {h.strip().lower() for h in r.headers.get("access-control-expose-headers", "").split(",")}
    if name.lower() not in SAFELISTED and name.lower() not in exposed:
        return None
    return r.headers.get(name)


def client_error_message(r: httpx.Response) -> str:
    """What HttpErrorHandler.handleError makes of a failed response (the message the screen shows)."""
    body = r.json() if r.headers.get("content-type", "").startswith("application/json") else r.text
    message = f'server returned code {r.status_code} with body "{body}"'
    errors_header = readable(r, "errors")
    if errors_header:
        errors = json.loads(errors_header)
        if isinstance(errors, list) and errors and errors[0].get("errorMessage"):
            message = errors[0]["errorMessage"]
    return message


def assert_spring_problem(r: httpx.Response, status: int) -> Dict[str, Any]:
    """The Spring server's error body: a ProblemDetail as application/json."""
    assert r.status_code == status, r.text
    assert readable(r, "content-type").startswith("application/json")
    body = r.json()
    assert set(body) == PROBLEM_KEYS, body
    assert body["status"] == status
    assert isinstance(body["schemaValidationErrors"], list)
    return body


def assert_field_errors(r: httpx.Response, object_name: str, *fields: str) -> list:
    """A 400 whose `errors` header the page can read: the Spring BindingErrorsResponse entries."""
    body = assert_spring_problem(r, 400)
    header = readable(r, "errors")
    assert header is not None, "the errors header must be exposed to the page"
    errors = json.loads(header)
    assert isinstance(errors, list) and errors
    for e in errors:
        assert {"objectName", "fieldName", "fieldValue", "errorMessage"} <= set(e), e
        assert e["objectName"] == object_name
    assert {e["fieldName"] for e in errors} == set(fields), errors
    assert len(body["schemaValidationErrors"]) == len(errors)
    return errors


def assert_owner(o: Dict[str, Any]) -> None:
    assert set(o) == OWNER_KEYS, o
    assert isinstance(o["id"], int)
    for p in o["pets"]:
        assert_pet(p)
        assert p["ownerId"] == o["id"]


def assert_pet(p: Dict[str, Any]) -> None:
    assert set(p) == PET_KEYS, p
    assert set(p["type"]) == {"id", "name"}
    assert len(p["birthDate"]) == 10 and p["birthDate"][4] == "-"  # ISO date, as the datepicker reads it
    for v in p["visits"]:
        assert set(v) == VISIT_KEYS and v["petId"] == p["id"], v


def assert_location(r: httpx.Response, path: str) -> None:
    location = readable(r, "location")
    assert location is not None, "Location must be exposed to the page"
    assert httpx.URL(location).path == API + path, location


@pytest.fixture()
def ng(open_server) -> Any:
    c = AngularClient(open_server.base_url)
    yield c
    c.close()


def _owner_form(**changes: Any) -> Dict[str, Any]:
    """OwnerAddComponent.onSubmit: the form's model with owner.id = null."""
    owner = {
        "id": None,
        "firstName": "Betty",
        "lastName": letters("Davis"),
        "address": "638 Cardinal Ave.",
        "city": "Sun Prairie",
        "telephone": "6085551749",
    }
    owner.update(changes)
    return owner


def _pet_types(ng: AngularClient) -> list:
    r = ng.get("pettypes")
    assert r.status_code == 200
    types = r.json()
    if len(types) < 2:
        for name in ("cat", "hamster"):
            assert ng.post("pettypes", {"id": None, "name": letters(name)}).status_code == 200
        types = ng.get("pettypes").json()
    return types


def _add_owner(ng: AngularClient, **changes: Any) -> Dict[str, Any]:
    r = ng.post("owners", _owner_form(**changes))
    assert r.status_code == 201, r.text
    return r.json()


def _add_pet(ng: AngularClient, owner_id: int, **changes: Any) -> Dict[str, Any]:
    """PetAddComponent: GET owners/{id} and pettypes, then POST owners/{pet.owner.id}/pets."""
    owner = ng.get(f"owners/{owner_id}").json()
    pet_type = _pet_types(ng)[0]
    pet = {"name": letters("Leo"), "birthDate": "2020-09-07", "type": pet_type, "owner": owner}
    pet.update(changes)
    r = ng.post(f"owners/{pet['owner']['id']}/pets", pet)
    assert r.status_code == 201, r.text
    return r.json()


# ---------------------------------------------------------------- owners list and find
def test_owner_list_screen(ng):
    a = _add_owner(ng)
    _add_pet(ng, a["id"])
    r = ng.get("owners")  # OwnerService.getOwners
    assert r.status_code == 200
    assert readable(r, "content-type").startswith("application/json")
    owners = r.json()
    assert isinstance(owners, list) and a["id"] in {o["id"] for o in owners}
    for o in owners:
        assert_owner(o)
    mine = next(o for o in owners if o["id"] == a["id"])
    assert len(mine["pets"]) == 1 and mine["pets"][0]["visits"] == []


def test_find_owners_screen(ng):
    family = letters("Escobito")
    a = _add_owner(ng, lastName=family)
    b = _add_owner(ng, lastName=family + "son")
    # OwnerService.searchOwners: 'owners?lastName=' + lastName, unencoded; Spring matches a prefix
    r = ng.get("owners?lastName=" + family[:-1])
    assert r.status_code == 200
    assert sorted(o["id"] for o in r.json()) == sorted([a["id"], b["id"]])
    for o in r.json():
        assert_owner(o)
    # an empty search field: lastName= is every owner, like GET owners
    everyone = ng.get("owners?lastName=")
    assert everyone.status_code == 200
    assert {a["id"], b["id"]} <= {o["id"] for o in everyone.json()}
    assert len(everyone.json()) == len(ng.get("owners").json())
    # no match: the document's 200 with an empty array (the screen shows "no owners")
    r = ng.get("owners?lastName=Nobodyhasthisname")
    assert r.status_code == 200 and r.json() == []


def test_owner_detail_screen_and_its_404(ng):
    owner = _add_owner(ng)
    pet = _add_pet(ng, owner["id"])
    r = ng.get(f"owners/{owner['id']}")  # OwnerService.getOwnerById
    assert r.status_code == 200
    got = r.json()
    assert_owner(got)
    assert [p["id"] for p in got["pets"]] == [pet["id"]]
    # an owner that is not there: 404 ProblemDetail; the screen shows the status and the body
    r = ng.get("owners/987654321")
    body = assert_spring_problem(r, 404)
    assert readable(r, "errors") is None
    assert client_error_message(r).startswith("server returned code 404 with body")
    assert body["title"] == "Not Found"


# ---------------------------------------------------------------- add / edit owner
def test_add_owner_screen(ng):
    form = _owner_form()
    r = ng.post("owners", form)  # OwnerService.addOwner, body with "id": null
    assert r.status_code == 201, r.text
    owner = r.json()
    assert_owner(owner)
    assert owner == {**form, "id": owner["id"], "pets": []}
    assert_location(r, f"owners/{owner['id']}")
    assert ng.get(f"owners/{owner['id']}").json() == owner


def test_add_owner_screen_errors_as_the_interceptor_reads_them(ng):
    r = ng.post("owners", _owner_form(telephone="12ab", firstName=""))
    errors = assert_field_errors(r, "owner", "telephone", "firstName")
    by_field = {e["fieldName"]: e for e in errors}
    assert by_field["telephone"]["fieldValue"] == "12ab"
    # what the screen shows: the first FieldError's errorMessage
    assert client_error_message(r) == errors[0]["errorMessage"]
    assert client_error_message(r) in {e["errorMessage"] for e in errors}
    # the body says the same, per JSON path
    paths = {m["message"].split("'")[1] for m in r.json()["schemaValidationErrors"]}
    assert paths == {"/telephone", "/firstName"}


def test_edit_owner_screen(ng):
    owner = _add_owner(ng)
    _add_pet(ng, owner["id"])
    # OwnerEditComponent: GET owners/{id}, edit the form, PUT the whole owner back (its pets included)
    current = ng.get(f"owners/{owner['id']}").json()
    edited = {**current, "address": "2335 Independence La.", "city": "Waunakee", "telephone": "6085555487"}
    r = ng.put(f"owners/{owner['id']}", edited)
    assert r.status_code == 200, r.text
    assert_owner(r.json())
    assert r.json() == edited  # pets untouched: they are not edited through the owner
    assert ng.get(f"owners/{owner['id']}").json() == edited
    # an invalid edit: 400 with the errors header, nothing changed
    r = ng.put(f"owners/{owner['id']}", {**edited, "lastName": ""})
    assert_field_errors(r, "owner", "lastName")
    assert ng.get(f"owners/{owner['id']}").json() == edited
    # an owner removed meanwhile: 404
    assert_spring_problem(ng.put("owners/987654321", edited), 404)


# ---------------------------------------------------------------- add / edit pet
def test_add_pet_screen(ng):
    owner = _add_owner(ng)
    types = _pet_types(ng)
    current_owner = ng.get(f"owners/{owner['id']}").json()
    for pet_id_member in ({}, {"id": None}):  # pet.id = undefined (current client) or null (older ones)
        pet = {
            **pet_id_member,
            "name": letters("Samantha"),
            "birthDate": "2019-03-17",  # moment(pet.birthDate).format('YYYY-MM-DD')
            "type": types[1],
            "owner": current_owner,
        }
        r = ng.post(f"owners/{owner['id']}/pets", pet)  # PetService.addPet
        assert r.status_code == 201, r.text
        created = r.json()
        assert_pet(created)
        assert created["name"] == pet["name"] and created["birthDate"] == "2019-03-17"
        assert created["type"] == types[1] and created["ownerId"] == owner["id"] and created["visits"] == []
        assert_location(r, f"pets/{created['id']}")  # the Spring server's Location: the new pet
        assert ng.get(f"pets/{created['id']}").json() == created
    got = ng.get(f"owners/{owner['id']}").json()
    assert len(got["pets"]) == 2


def test_add_pet_screen_errors(ng):
    owner = ng.get(f"owners/{_add_owner(ng)['id']}").json()
    pet_type = _pet_types(ng)[0]
    base = {"name": letters("Leo"), "birthDate": "2020-09-07", "type": pet_type, "owner": owner}
    # a birth date in the future
    r = ng.post(f"owners/{owner['id']}/pets", {**base, "birthDate": "2999-01-01"})
    errors = assert_field_errors(r, "pet", "birthDate")
    assert client_error_message(r) == errors[0]["errorMessage"]
    # the 'YYYY/MM/DD' of older client versions is not an ISO date: 400 naming the birth date
    r = ng.post(f"owners/{owner['id']}/pets", {**base, "birthDate": "2020/09/07"})
    errors = assert_field_errors(r, "pet", "birthDate")
    assert errors[0]["fieldValue"] == "2020/09/07"
    # no type chosen: the form's select left empty
    r = ng.post(f"owners/{owner['id']}/pets", {**base, "type": None})
    assert_field_errors(r, "pet", "type.id")
    # a type that does not exist
    r = ng.post(f"owners/{owner['id']}/pets", {**base, "type": {"id": 987654321, "name": "dragon"}})
    assert_field_errors(r, "pet", "type.id")
    # an owner that is not there
    assert_spring_problem(ng.post("owners/987654321/pets", {**base, "owner": {**owner, "id": 987654321}}), 404)
    # older client versions posted the pet to /pets, which the current Spring API no longer has
    assert_spring_problem(ng.post("pets", base), 405)
    assert ng.get(f"owners/{owner['id']}").json()["pets"] == []


def test_edit_pet_screen(ng):
    owner = _add_owner(ng)
    pet = _add_pet(ng, owner["id"])
    visit = ng.post(
        f"owners/{owner['id']}/pets/{pet['id']}/visits", {"id": None, "date": "2026-01-02", "description": "check"}
    ).json()
    types = _pet_types(ng)
    other_type = next(t for t in types if t["id"] != pet["type"]["id"])
    # PetEditComponent: GET pets/{id}, GET pettypes, then PUT pets/{id} with the pet, the chosen type
    # (currentType) and the re-formatted birth date
    current = ng.get(f"pets/{pet['id']}").json()
    assert_pet(current)
    edited = {**current, "name": letters("Jewel"), "birthDate": "2018-06-08", "type": other_type}
    r = ng.put(f"pets/{pet['id']}", edited)  # PetService.updatePet
    assert r.status_code == 200, r.text
    assert_pet(r.json())
    assert r.json() == {**edited, "visits": [visit]}
    # then the owner screen shows the change
    shown = ng.get(f"owners/{owner['id']}").json()["pets"]
    assert shown == [r.json()]
    # invalid edits come back as field errors
    r = ng.put(f"pets/{pet['id']}", {**edited, "name": ""})
    assert client_error_message(r) == assert_field_errors(r, "pet", "name")[0]["errorMessage"]
    assert_spring_problem(ng.put("pets/987654321", edited), 404)


def test_delete_pet_from_the_owner_screen(ng):
    owner = _add_owner(ng)
    pet = _add_pet(ng, owner["id"])
    r = ng.delete(f"pets/{pet['id']}")  # PetService.deletePet
    assert r.status_code == 200 and r.json()["id"] == pet["id"]
    assert ng.get(f"owners/{owner['id']}").json()["pets"] == []
    assert_spring_problem(ng.get(f"pets/{pet['id']}"), 404)


# ---------------------------------------------------------------- add visit (and the pet's visit list)
def test_add_visit_screen(ng):
    owner = _add_owner(ng)
    _add_pet(ng, owner["id"])
    # VisitAddComponent: GET pets/{id}, GET owners/{pet.ownerId}; onSubmit sets visit.id = null, formats
    # the date and posts the visit with the whole pet in it
    pet_id = ng.get(f"owners/{owner['id']}").json()["pets"][0]["id"]
    current_pet = ng.get(f"pets/{pet_id}").json()
    assert ng.get(f"owners/{current_pet['ownerId']}").status_code == 200
    visit = {"id": None, "date": "2026-03-04", "description": "rabies shot", "pet": current_pet}
    url = f"owners/{visit['pet']['ownerId']}/pets/{visit['pet']['id']}/visits"  # VisitService.addVisit
    r = ng.post(url, visit)
    assert r.status_code == 201, r.text
    created = r.json()
    assert set(created) == VISIT_KEYS
    assert created == {"id": created["id"], "petId": pet_id, "date": "2026-03-04", "description": "rabies shot"}
    assert_location(r, f"visits/{created['id']}")
    # back on the owner screen: the pet lists the visit
    pets = ng.get(f"owners/{owner['id']}").json()["pets"]
    assert pets[0]["visits"] == [created]
    # the visit list's edit (PUT visits/{id}) and delete (DELETE visits/{id})
    r = ng.put(f"visits/{created['id']}", {**created, "description": "booster", "pet": current_pet})
    assert r.status_code == 200 and r.json()["description"] == "booster"
    r = ng.delete(f"visits/{created['id']}")
    assert r.status_code == 200 and r.json()["id"] == created["id"]
    assert ng.get(f"pets/{pet_id}").json()["visits"] == []
    # older client versions post the same visit to /visits (the pet inside it names the pet): the
    # document's 200 with the visit
    r = ng.post("visits", {"id": None, "date": "2026-03-05", "description": "older client", "pet": current_pet})
    assert r.status_code == 200, r.text
    assert r.json() == {"id": r.json()["id"], "petId": pet_id, "date": "2026-03-05", "description": "older client"}
    # a visit without a date is dated today, as the Spring server's Visit does
    r = ng.post(url, {"id": None, "description": "walk-in", "pet": current_pet})
    assert r.status_code == 201, r.text
    today = {datetime.date.today().isoformat(), datetime.datetime.now(datetime.timezone.utc).date().isoformat()}
    assert r.json()["date"] in today


def test_add_visit_screen_errors(ng):
    owner = _add_owner(ng)
    pet = _add_pet(ng, owner["id"])
    url = f"owners/{owner['id']}/pets/{pet['id']}/visits"
    r = ng.post(url, {"id": None, "date": "2026-03-04", "description": "", "pet": pet})
    errors = assert_field_errors(r, "visit", "description")
    assert client_error_message(r) == errors[0]["errorMessage"]
    r = ng.post(url, {"id": None, "date": "2026/03/04", "description": "x", "pet": pet})
    assert_field_errors(r, "visit", "date")
    # a pet that is not the owner's, or not there at all: 404
    other = _add_owner(ng)
    assert_spring_problem(ng.post(f"owners/{other['id']}/pets/{pet['id']}/visits", {"description": "x"}), 404)
    assert_spring_problem(ng.post(f"owners/{owner['id']}/pets/987654321/visits", {"description": "x"}), 404)
    assert ng.get(f"pets/{pet['id']}").json()["visits"] == []


# ---------------------------------------------------------------- vets with specialties
def test_vets_screens(ng):
    # VetAddComponent / VetEditComponent pick specialties from GET specialties (a multi-select of
    # {id, name} objects)
    for name in ("radiology", "surgery"):
        if name not in {s["name"] for s in ng.get("specialties").json()}:
            assert ng.post("specialties", {"id": None, "name": name}).status_code == 200
    specialties = {s["name"]: s for s in ng.get("specialties").json()}
    vet = {"id": None, "firstName": "Helen", "lastName": letters("Leary"), "specialties": [specialties["radiology"]]}
    r = ng.post("vets", vet)  # VetService.addVet
    assert r.status_code == 200, r.text
    created = r.json()
    assert set(created) == VET_KEYS
    assert created == {**vet, "id": created["id"]}
    # the vet list
    r = ng.get("vets")
    assert r.status_code == 200
    for v in r.json():
        assert set(v) == VET_KEYS and all(set(s) == {"id", "name"} for s in v["specialties"])
    assert created in r.json()
    # VetEditComponent: GET vets/{id}, PUT vets/{id} with the vet and its new specialties
    current = ng.get(f"vets/{created['id']}").json()
    assert current == created
    edited = {
        **current,
        "lastName": letters("Douglas"),
        "specialties": [specialties["surgery"], specialties["radiology"]],
    }
    r = ng.put(f"vets/{created['id']}", edited)  # VetService.updateVet
    assert r.status_code == 200, r.text
    assert r.json()["lastName"] == edited["lastName"]
    assert sorted(s["id"] for s in r.json()["specialties"]) == sorted(s["id"] for s in edited["specialties"])
    # errors: an empty name, an unknown specialty
    r = ng.put(f"vets/{created['id']}", {**edited, "firstName": ""})
    assert client_error_message(r) == assert_field_errors(r, "vet", "firstName")[0]["errorMessage"]
    r = ng.post("vets", {**vet, "specialties": [{"id": 987654321, "name": "alchemy"}]})
    assert_field_errors(r, "vet", "specialties[0].id")
    # VetListComponent's delete
    r = ng.delete(f"vets/{created['id']}")
    assert r.status_code == 200 and r.json()["id"] == created["id"]
    assert_spring_problem(ng.get(f"vets/{created['id']}"), 404)


# ---------------------------------------------------------------- pet types and specialties
@pytest.mark.parametrize("collection,object_name", [("pettypes", "petType"), ("specialties", "specialty")])
def test_pet_types_and_specialties_screens(ng, collection, object_name):
    # the list
    r = ng.get(collection)
    assert r.status_code == 200 and all(set(t) == {"id", "name"} for t in r.json())
    # add: the component sets id = null
    name = letters("lizard")
    r = ng.post(collection, {"id": None, "name": name})
    assert r.status_code == 200, r.text
    created = r.json()
    assert created == {"id": created["id"], "name": name}
    assert created in ng.get(collection).json()
    # edit: GET {collection}/{id}, PUT the record with its new name
    assert ng.get(f"{collection}/{created['id']}").json() == created
    r = ng.put(f"{collection}/{created['id']}", {**created, "name": name + "x"})
    assert r.status_code == 200 and r.json() == {**created, "name": name + "x"}
    # an empty name: the errors header the edit screen shows
    r = ng.put(f"{collection}/{created['id']}", {**created, "name": ""})
    assert client_error_message(r) == assert_field_errors(r, object_name, "name")[0]["errorMessage"]
    r = ng.post(collection, {"id": None, "name": ""})
    assert_field_errors(r, object_name, "name")
    # delete from the list
    r = ng.delete(f"{collection}/{created['id']}")
    assert r.status_code == 200 and r.json()["id"] == created["id"]
    assert_spring_problem(ng.get(f"{collection}/{created['id']}"), 404)
    assert_spring_problem(ng.delete(f"{collection}/{created['id']}"), 404)


# ---------------------------------------------------------------- CORS, as the browser negotiates it
def test_preflights_allow_every_method_the_client_uses(open_server):
    c = AngularClient(open_server.base_url)
    try:
        for method, path in (
            ("POST", "owners"),
            ("PUT", "owners/1"),
            ("DELETE", "owners/1"),
            ("POST", "owners/1/pets"),
            ("PUT", "pets/1"),
            ("DELETE", "pets/1"),
            ("POST", "owners/1/pets/1/visits"),
            ("PUT", "visits/1"),
            ("DELETE", "visits/1"),
            ("POST", "vets"),
            ("PUT", "vets/1"),
            ("DELETE", "vets/1"),
            ("POST", "pettypes"),
            ("PUT", "pettypes/1"),
            ("DELETE", "pettypes/1"),
            ("POST", "specialties"),
            ("PUT", "specialties/1"),
            ("DELETE", "specialties/1"),
        ):
            r = c.preflight(method, path, "content-type")
            assert_preflight_allows(r, method, ["content-type"])
            # a preflight is answered by CORS itself: no auth challenge, no body to parse
            assert "www-authenticate" not in r.headers
            # the client variant with HTTP Basic sends Authorization too
            assert_preflight_allows(
                c.preflight(method, path, "authorization,content-type"), method, ["authorization", "content-type"]
            )
    finally:
        c.close()


def test_a_page_from_another_origin_gets_nothing(open_server):
    with httpx.Client(base_url=open_server.base_url + API.rstrip("/"), timeout=30.0) as c:
        r = c.options(
            "/owners",
            headers={
                "Origin": "http://evil.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert r.headers.get("access-control-allow-origin") is None
        r = c.get("/owners", headers={"Origin": "http://evil.example"})
        assert r.headers.get("access-control-allow-origin") is None


def test_the_client_with_basic_credentials(open_server):
    """The client variant whose interceptor adds HTTP Basic: the preflight allows Authorization, the
    credentials are checked, and a 401 is readable by the page."""
    import base64

    from conftest import PASSWORD

    good = AngularClient(
        open_server.base_url, {"Authorization": "Basic " + base64.b64encode(f"alice:{PASSWORD}".encode()).decode()}
    )
    bad = AngularClient(open_server.base_url, {"Authorization": "Basic " + base64.b64encode(b"alice:wrong").decode()})
    try:
        r = good.post("owners", _owner_form())
        assert r.status_code == 201
        assert_owner(r.json())
        r = bad.get("owners")
        assert_spring_problem(r, 401)
    finally:
        good.close()
        bad.close()
