"""Conformance to the reference openapi.yml: a scripted tour through every path and method (successes and
failures), each response checked against the document — its status is one the operation declares (401,
403 and 409, which the document never declares, are answered as ProblemDetail too) and its body
validates against the declared schema (OpenAPI 3.0 rules, formats checked)."""
# ruff: noqa: F811  (the fixtures imported from petclinic_support are used as arguments)

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Set, Tuple

import httpx
import pytest
from jsonschema import ValidationError, validators
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker
from petclinic_support import letters, load_openapi, pc_admin, pc_viewer  # noqa: F401 (fixtures)

# The document's name patterns use \p{L} (any letter), which Python's re lacks: [^\W\d_] is the same set.
_LETTER = "[^\\W\\d_]"


def python_pattern(pattern: str) -> str:
    return pattern.replace("[\\p{L}]", _LETTER).replace("\\p{L}", _LETTER)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    if validator.is_type(instance, "string") and not re.search(python_pattern(pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = validators.extend(OAS30ReadValidator, {"pattern": _pattern})

DOC = load_openapi()
UNDECLARED_ERRORS = {401, 403, 409}


def _template_regex(template: str) -> "re.Pattern[str]":
    return re.compile("^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$")


TEMPLATES = [(t, _template_regex(t)) for t in DOC["paths"]]


class Recorder:
    """Sends requests, checks each response against the document, remembers the operations seen."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.seen: Set[Tuple[str, str]] = set()
        self.failures: List[str] = []

    def operation(self, method: str, path: str) -> Tuple[str, Dict[str, Any]]:
        bare = path.split("?", 1)[0]
        for template, rx in TEMPLATES:
            if rx.match(bare) and method.lower() in DOC["paths"][template]:
                return template, DOC["paths"][template][method.lower()]
        raise AssertionError(f"{method} {path} is not an operation of the document")

    def __call__(self, method: str, path: str, expect: int, json: Any = None, **kw: Any) -> httpx.Response:
        template, op = self.operation(method, path)
        r = self.client.request(method, path, json=json, **kw)
        assert r.status_code == expect, f"{method} {path}: {r.status_code} {r.text}"
        self.seen.add((method.upper(), template))
        self.check(method, template, op, r)
        return r

    def check(self, method: str, template: str, op: Dict[str, Any], r: httpx.Response) -> None:
        where = f"{method} {template} -> {r.status_code}"
        declared = op["responses"].get(r.status_code) or op["responses"].get(str(r.status_code))
        if declared is None:
            if r.status_code not in UNDECLARED_ERRORS:
                self.failures.append(f"{where}: status not declared by the document")
                return
            declared = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}}}
        content = declared.get("content")
        if not content:
            if r.content:
                self.failures.append(f"{where}: the document declares no body, got {r.content[:80]!r}")
            return
        media = r.headers.get("content-type", "").split(";")[0].strip()
        if media not in content:
            self.failures.append(f"{where}: content-type {media!r} not in {sorted(content)}")
            return
        schema = dict(content[media]["schema"])
        schema["components"] = DOC["components"]
        errors = sorted(Validator(schema, format_checker=oas30_format_checker).iter_errors(r.json()), key=str)
        for e in errors[:5]:
            self.failures.append(f"{where}: {e.message} at {list(e.absolute_path)}")


def all_operations() -> Set[Tuple[str, str]]:
    return {(m.upper(), p) for p, item in DOC["paths"].items() for m in item if m in ("get", "post", "put", "delete")}


@pytest.fixture
def tour(pc_admin) -> Recorder:
    return Recorder(pc_admin)


def owner_fields(last: Optional[str] = None) -> Dict[str, Any]:
    return {
        "firstName": "Jean",
        "lastName": last or letters("Coleman"),
        "address": "105 N. Lake St.",
        "city": "Monona",
        "telephone": "6085552654",
    }


def test_every_response_of_a_tour_through_every_operation_conforms(tour, pc_viewer):
    t = tour
    missing = 987654321
    # reference data
    spec = t("POST", "/specialties", 200, json={"name": letters("conformspec")}).json()
    t("GET", "/specialties", 200)
    t("GET", f"/specialties/{spec['id']}", 200)
    t("PUT", f"/specialties/{spec['id']}", 200, json={"id": spec["id"], "name": letters("conformspecb")})
    t("GET", f"/specialties/{missing}", 404)
    t("POST", "/specialties", 400, json={"name": ""})
    kind = t("POST", "/pettypes", 200, json={"name": letters("conformtype")}).json()
    t("GET", "/pettypes", 200)
    t("GET", f"/pettypes/{kind['id']}", 200)
    t("PUT", f"/pettypes/{kind['id']}", 200, json={"id": kind["id"], "name": kind["name"]})
    t("PUT", f"/pettypes/{missing}", 404, json={"id": missing, "name": "x"})
    t("POST", "/pettypes", 400, json={})
    vet = t("POST", "/vets", 200, json={"firstName": "Sharon", "lastName": "Jenkins", "specialties": [spec]}).json()
    t("GET", "/vets", 200)
    t("GET", f"/vets/{vet['id']}", 200)
    t("PUT", f"/vets/{vet['id']}", 200, json={"firstName": "Sharon", "lastName": "Jenkins-Smith", "specialties": []})
    t("PUT", f"/vets/{vet['id']}", 400, json={"firstName": "", "lastName": "X", "specialties": []})
    t("GET", f"/vets/{missing}", 404)

    # owners, pets, visits
    owner = t("POST", "/owners", 201, json=owner_fields()).json()
    t("POST", "/owners", 400, json={**owner_fields(), "telephone": "not digits"})
    t("GET", "/owners", 200)
    t("GET", f"/owners?lastName={owner['lastName']}", 200)
    t("GET", "/owners?lastName=Nobodyhasthisname", 200)
    t("GET", "/v2/owners?page=0&size=5", 200)
    t("GET", "/v2/owners?size=500", 400)
    t("GET", f"/owners/{owner['id']}", 200)
    t("GET", f"/owners/{missing}", 404)
    t("GET", "/owners/abc", 400)
    t("PUT", f"/owners/{owner['id']}", 200, json=owner_fields(owner["lastName"]))
    t("PUT", f"/owners/{owner['id']}", 400, json={**owner_fields(), "city": ""})
    t("PUT", f"/owners/{missing}", 404, json=owner_fields())
    pet = t(
        "POST", f"/owners/{owner['id']}/pets", 201, json={"name": "Samantha", "birthDate": "2012-09-04", "type": kind}
    ).json()
    t("POST", f"/owners/{owner['id']}/pets", 400, json={"name": "", "birthDate": "2012-09-04", "type": kind})
    t("POST", f"/owners/{missing}/pets", 404, json={"name": "Max", "birthDate": "2012-09-04", "type": kind})
    t("GET", f"/owners/{owner['id']}/pets/{pet['id']}", 200)
    t("GET", f"/owners/{owner['id']}/pets/{missing}", 404)
    t(
        "PUT",
        f"/owners/{owner['id']}/pets/{pet['id']}",
        204,
        json={"name": "Sam", "birthDate": "2012-09-04", "type": kind},
    )
    t("PUT", f"/owners/{owner['id']}/pets/{pet['id']}", 400, json={"name": "Sam", "birthDate": "x", "type": kind})
    t("PUT", f"/owners/{missing}/pets/{pet['id']}", 404, json={"name": "Sam", "birthDate": "2012-09-04", "type": kind})
    visit = t(
        "POST",
        f"/owners/{owner['id']}/pets/{pet['id']}/visits",
        201,
        json={"date": "2026-06-04", "description": "spayed"},
    ).json()
    t("POST", f"/owners/{owner['id']}/pets/{pet['id']}/visits", 400, json={"description": ""})
    t("POST", f"/owners/{owner['id']}/pets/{missing}/visits", 404, json={"description": "x"})
    t("GET", "/pets", 200)
    t("GET", "/v2/pets?page=0&size=3", 200)
    t("GET", "/v2/pets?page=-1", 400)
    t("GET", f"/pets/{pet['id']}", 200)
    t("GET", f"/pets/{missing}", 404)
    full_pet = t("GET", f"/pets/{pet['id']}", 200).json()
    t("PUT", f"/pets/{pet['id']}", 200, json={**full_pet, "name": "Samantha"})
    t("PUT", f"/pets/{pet['id']}", 400, json={**full_pet, "name": ""})
    t("PUT", f"/pets/{missing}", 404, json=full_pet)
    t("GET", "/visits", 200)
    v2 = t("POST", "/visits", 200, json={"petId": pet["id"], "date": "2026-07-01", "description": "shots"}).json()
    t("POST", "/visits", 400, json={"petId": pet["id"], "description": ""})
    t("GET", f"/visits/{visit['id']}", 200)
    t("GET", f"/visits/{missing}", 404)
    t("PUT", f"/visits/{visit['id']}", 200, json={"date": "2026-06-05", "description": "spayed, checked"})
    t("PUT", f"/visits/{visit['id']}", 400, json={"description": "x" * 300})
    t("PUT", f"/visits/{missing}", 404, json={"description": "x"})
    t("GET", f"/owners/{owner['id']}", 200)  # now with a pet and its visits
    t(
        "POST",
        "/users",
        200,
        json={"username": letters("conform."), "password": "pw", "roles": [{"name": "OWNER_ADMIN"}]},
    )
    t("POST", "/users", 400, json={"username": "", "password": "pw", "roles": [{"name": "OWNER_ADMIN"}]})
    t("GET", "/oops", 400)
    # roles: a viewer's write is 403 (not in the document: a ProblemDetail all the same)
    viewer = Recorder(pc_viewer)
    viewer("POST", "/owners", 403, json=owner_fields())
    t.failures += viewer.failures

    # deletes (answer the deleted record) and their failures
    t("DELETE", f"/visits/{v2['id']}", 200)
    t("DELETE", f"/visits/{missing}", 404)
    t("DELETE", f"/pettypes/{kind['id']}", 409)  # still used by the pet
    t("DELETE", f"/pets/{pet['id']}", 200)
    t("DELETE", f"/pets/{missing}", 404)
    t("DELETE", f"/owners/{owner['id']}", 200)
    t("DELETE", f"/owners/{missing}", 404)
    t("DELETE", f"/vets/{vet['id']}", 200)
    t("DELETE", f"/vets/{missing}", 404)
    t("DELETE", f"/specialties/{spec['id']}", 200)
    t("DELETE", f"/specialties/{missing}", 404)
    t("DELETE", f"/pettypes/{kind['id']}", 200)
    t("DELETE", f"/pettypes/{missing}", 404)

    assert t.failures == []
    assert all_operations() - t.seen == set(), "operations the tour missed"


def test_the_name_pattern_translation_matches_letters_only():
    rx = re.compile(python_pattern(DOC["components"]["schemas"]["OwnerFields"]["properties"]["firstName"]["pattern"]))
    assert rx.search("Zoë") and rx.search("Mary-Jane") and rx.search("O'Neil")
    assert not rx.search("R2D2") and not rx.search("a_b") and not rx.search("")
