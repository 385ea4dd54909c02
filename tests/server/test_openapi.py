"""The native API's OpenAPI document: valid OpenAPI 3.1, schemas taken from the core, Swagger UI served
without a CDN, and a bounded property-based fuzz (schemathesis, fixed seed) that finds no 5xx and no
response that breaks the document."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pawnotes
import pytest
from conftest import make_dog, start_server
from openapi_spec_validator import validate

API = "/api/v1"


@pytest.fixture(scope="module")
def document(server):
    r = httpx.get(f"{server.base_url}/openapi.json")
    assert r.status_code == 200
    return r.json()


def test_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate(document)  # ECMA-262 patterns (\p{L}) are checked with `regress`, as JSON Schema 2020-12 says


def test_entity_schemas_are_the_cores(document):
    schemas = document["components"]["schemas"]
    for entity, title in [
        ("owner", "Owner"),
        ("note", "Note"),
        ("careFlag", "CareFlag"),
        ("vaccination", "Vaccination"),
        ("goal", "Goal"),
        ("trainingSession", "TrainingSession"),
    ]:
        core = pawnotes.json_schema(entity)
        ours = schemas[title]
        assert ours["properties"].keys() == core["properties"].keys()
        assert ours["required"] == core["required"]
        for name, member in core["properties"].items():
            if "$ref" not in str(member):
                assert ours["properties"][name] == member, (title, name)
    assert schemas["Owner"]["properties"]["dogs"]["items"] == {"$ref": "#/components/schemas/Dog"}
    assert "required" not in schemas["OwnerPatch"]


def test_every_native_route_is_documented_and_secured(document):
    paths = document["paths"]
    for path in [
        "/api/v1/owners",
        "/api/v1/owners/{id}",
        "/api/v1/dogs/{id}/timeline",
        "/api/v1/dogs/{id}/care-flags",
        "/api/v1/dogs/{id}/vaccinations",
        "/api/v1/dogs/{id}/progress",
        "/api/v1/skills/{id}",
        "/api/v1/goals/{id}",
        "/api/v1/training-sessions/{id}",
        "/api/v1/homework/{id}",
        "/api/v1/notes/search",
        "/api/v1/notes/{id}/revisions",
        "/api/v1/vaccinations/due",
        "/api/v1/trainers/{id}/visits",
        "/api/v1/pet-types/{id}",
        "/api/v1/specialties/{id}",
        "/api/v1/care-flags/{id}",
        "/api/v1/visits/{id}",
        "/api/v1/history/{entity}/{id}",
        "/api/v1/changes",
        "/api/v1/auth/login",
    ]:
        assert path in paths, path
    assert paths["/api/v1/owners/{id}"]["get"]["security"] == [{"bearerAuth": []}]
    assert (
        "security" not in paths["/api/v1/auth/login"]["post"] or paths["/api/v1/auth/login"]["post"]["security"] == []
    )
    post = paths["/api/v1/owners"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Owner"}
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    assert any(p["name"] == "If-Match" for p in paths["/api/v1/owners/{id}"]["put"]["parameters"])
    assert "412" in paths["/api/v1/owners/{id}"]["patch"]["responses"]
    assert not any(p.startswith(("/healthz", "/metrics", "/docs")) for p in paths)


def test_swagger_ui_is_served_locally(anonymous):
    html = anonymous.get("/docs").text
    assert "/docs/assets/swagger-ui-bundle.js" in html and "/openapi.json" in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
    js = anonymous.get("/docs/assets/swagger-ui-bundle.js")
    assert js.status_code == 200 and len(js.content) > 100_000
    assert anonymous.get("/docs/assets/swagger-ui.css").status_code == 200


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    s = start_server(tmp_path_factory.mktemp("fuzz"))
    with s.client("alice") as c:
        # Some records so that ids 1, 2, ... exist and the fuzzer reaches past 404.
        for _ in range(3):
            dog = make_dog(c)
            c.post(f"{API}/notes", json={"dogId": dog["id"], "body": "fuzz seed note", "tags": ["seed"]})
            c.post(f"{API}/visits", json={"dogId": dog["id"], "description": "seed visit"})
            c.post(f"{API}/care-flags", json={"dogId": dog["id"], "kind": "medical", "severity": "info", "text": "x"})
            c.post(
                f"{API}/vaccinations",
                json={"dogId": dog["id"], "name": "Rabies", "givenOn": "2025-01-01", "expiresOn": "2027-01-01"},
            )
        spec = c.post(f"{API}/specialties", json={"name": "Seed"}).json()
        c.post(f"{API}/trainers", json={"firstName": "Seed", "lastName": "Trainer", "specialtyIds": [spec["id"]]})
    yield s
    s.stop()


def test_schemathesis_fuzz_finds_no_server_error_and_no_schema_violation(fuzz_server, tmp_path):
    token = fuzz_server.token("alice")
    schemathesis = Path(sys.executable).with_name("schemathesis")
    cmd = [
        str(schemathesis),
        "run",
        f"{fuzz_server.base_url}/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--max-examples",
        os.environ.get("PAWNOTES_FUZZ_EXAMPLES", "25"),
        "--seed",
        "20261124",
        "--workers",
        "1",
        "--phases",
        "examples,coverage,fuzzing",
        "--exclude-path",
        "/api/v1/auth/logout",  # would revoke the fuzzer's own token
        "--generation-database",
        ":memory:",
    ]
    r = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-8000:] + r.stderr[-2000:]
    assert "passed" in r.stdout
    assert "Server error" not in r.stdout
    assert '"level": "ERROR"' not in fuzz_server.log()
