"""Shared pieces of the PetClinic API tests: Basic-auth clients on the shared server (organization Alpha:
alice admin, tom trainer, vera viewer; Bravo: bob admin), an open-mode server bound to Alpha with CORS,
the OpenAPI document, and helpers that create records through the PetClinic API itself."""

from __future__ import annotations

import base64
import itertools
from pathlib import Path
from typing import Any, Dict, Iterator, Optional

import httpx
import pytest
import yaml
from conftest import PASSWORD, Server, start_server

API = "/petclinic/api"
CORS_ORIGIN = "http://localhost:4200"

_REPO = Path(__file__).resolve().parents[3]
# The Spring server's own OpenAPI document, shipped in the repository (data/petclinic, Apache-2.0).
OPENAPI_PATH = _REPO / "data" / "petclinic" / "openapi.yml"


def openapi_path() -> Path:
    """The reference document the conformance tests check the routes against."""
    if not OPENAPI_PATH.is_file():
        raise FileNotFoundError(f"the PetClinic openapi.yml is missing at {OPENAPI_PATH}")
    return OPENAPI_PATH


def load_openapi() -> Dict[str, Any]:
    return yaml.safe_load(openapi_path().read_text(encoding="utf-8"))


def basic(user: str, password: str = PASSWORD) -> Dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def pc_client(server: Server, user: Optional[str] = None, **headers: str) -> httpx.Client:
    h = dict(headers)
    if user is not None:
        h.update(basic(user))
    return httpx.Client(base_url=server.base_url + API, headers=h, timeout=30.0)


@pytest.fixture(scope="session")
def pc_admin(server) -> Iterator[httpx.Client]:
    with pc_client(server, "alice") as c:
        yield c


@pytest.fixture(scope="session")
def pc_trainer(server) -> Iterator[httpx.Client]:
    with pc_client(server, "tom") as c:
        yield c


@pytest.fixture(scope="session")
def pc_viewer(server) -> Iterator[httpx.Client]:
    with pc_client(server, "vera") as c:
        yield c


@pytest.fixture(scope="session")
def pc_other(server) -> Iterator[httpx.Client]:
    """Organization Bravo's admin."""
    with pc_client(server, "bob") as c:
        yield c


@pytest.fixture(scope="session")
def pc_anonymous(server) -> Iterator[httpx.Client]:
    with pc_client(server) as c:
        yield c


@pytest.fixture(scope="session")
def open_server(tmp_path_factory) -> Iterator[Server]:
    """A server whose PetClinic API is open (bound to organization Alpha), with CORS for the Angular
    client's origin."""
    s = start_server(
        tmp_path_factory.mktemp("petclinic-open"),
        env={
            "PAWNOTES_PETCLINIC_OPEN": "1",
            "PAWNOTES_PETCLINIC_ORG": "Alpha",
            "PAWNOTES_CORS_ORIGINS": CORS_ORIGIN,
        },
    )
    yield s
    s.stop()


_names = itertools.count(1)


def letters(prefix: str) -> str:
    """A unique name of letters only (PetClinic names allow no digits)."""
    n, out = next(_names), ""
    while n:
        n, r = divmod(n, 26)
        out = chr(ord("a") + r) + out
    return prefix + out


def owner_body(**changes: Any) -> Dict[str, Any]:
    body = {
        "firstName": "George",
        "lastName": letters("Franklin"),
        "address": "110 W. Liberty St.",
        "city": "Madison",
        "telephone": "6085551023",
    }
    body.update(changes)
    return body


def new_owner(client: httpx.Client, **changes: Any) -> Dict[str, Any]:
    r = client.post("/owners", json=owner_body(**changes))
    assert r.status_code == 201, r.text
    return r.json()


def pet_type(client: httpx.Client, name: str = "cat") -> Dict[str, Any]:
    """The pet type called `name`, created when missing."""
    for t in client.get("/pettypes").json():
        if t["name"].lower() == name.lower():
            return t
    r = client.post("/pettypes", json={"name": name})
    assert r.status_code == 200, r.text
    return r.json()


def new_pet(client: httpx.Client, owner_id: int, **changes: Any) -> Dict[str, Any]:
    body = {"name": letters("Leo"), "birthDate": "2020-09-07", "type": pet_type(client)}
    body.update(changes)
    r = client.post(f"/owners/{owner_id}/pets", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def new_visit(client: httpx.Client, owner_id: int, pet_id: int, **changes: Any) -> Dict[str, Any]:
    body = {"date": "2026-01-15", "description": "rabies shot"}
    body.update(changes)
    r = client.post(f"/owners/{owner_id}/pets/{pet_id}/visits", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def assert_problem(r: httpx.Response, status: int) -> Dict[str, Any]:
    """The response is the document's ProblemDetail with `status`, and shows nothing internal."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json"), r.headers
    body = r.json()
    assert set(body) >= {
        "type",
        "title",
        "status",
        "detail",
        "timestamp",
        "schemaValidationErrors",
    }, body
    assert body["status"] == status
    assert "Traceback" not in r.text and "SELECT" not in r.text and ".py" not in r.text
    return body


def assert_invalid(r: httpx.Response, *fields: str) -> Dict[str, Any]:
    """A 400 naming exactly `fields` (PetClinic paths like "type.id") in the body and the errors header."""
    import json

    body = assert_problem(r, 400)
    header = json.loads(r.headers["errors"])
    assert sorted({e["fieldName"] for e in header}) == sorted(set(fields)), header
    for e in header:
        assert set(e) >= {"objectName", "fieldName", "fieldValue", "errorMessage"}
    paths = {m["message"].split("'")[1] for m in body["schemaValidationErrors"]}
    expected = {"/" + f.replace(".", "/").replace("[", "/").replace("]", "") for f in fields}
    assert paths == {p.replace("//", "/") for p in expected}, body
    return body
