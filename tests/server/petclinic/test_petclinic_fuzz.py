"""Property-based fuzz of the reference openapi.yml with schemathesis: for every operation, requests
generated from the document (valid ones, and invalid ones), a bounded number per operation with a fixed
seed (hypothesis derandomized), against a real server. No answer may be a 5xx; every answer's status
must be one the operation declares (or 401/403/409, which the document never declares), and its body
and content type must conform to the document."""
# ruff: noqa: F811  (the fixtures imported from petclinic_support are used as arguments)

from __future__ import annotations

from typing import Any, Iterator

import pytest
import requests
import schemathesis
from conftest import Server, start_server
from hypothesis import HealthCheck, given, settings
from petclinic_support import API, basic, load_openapi
from schemathesis import GenerationMode
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

POSITIVE_EXAMPLES = 25
NEGATIVE_EXAMPLES = 15
LETTER = "[^\\W\\d_]"  # \p{L} (any letter) as Python's re writes it


def python_patterns(node: Any) -> Any:
    """The document with its \\p{L} patterns in a form Python's re (and hypothesis) understands."""
    if isinstance(node, dict):
        return {
            k: v.replace("[\\p{L}]", LETTER) if k == "pattern" and isinstance(v, str) else python_patterns(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [python_patterns(x) for x in node]
    return node


DOC = python_patterns(load_openapi())
SCHEMA = schemathesis.openapi.from_dict(DOC)
OPERATIONS = [(m.upper(), p) for p, item in DOC["paths"].items() for m in item if m in ("get", "post", "put", "delete")]
# Invalid requests exist only for operations that take parameters or a body.
CASES = [
    pytest.param(m, p, mode, id=f"{m} {p} {mode.value}")
    for m, p in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode == GenerationMode.POSITIVE
    or DOC["paths"][p][m.lower()].get("parameters")
    or DOC["paths"][p][m.lower()].get("requestBody")
]
UNDECLARED_ERRORS = {401, 403, 409}


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory) -> Iterator[Server]:
    """A server of its own (the fuzz writes and deletes at random), with a few records of every kind so
    that generated small ids find something."""
    s = start_server(tmp_path_factory.mktemp("petclinic-fuzz"))
    session = requests.Session()
    session.headers.update(basic("alice"))
    base = s.base_url + API

    def post(path: str, body: Any, status: int) -> Any:
        r = session.post(base + path, json=body)
        assert r.status_code == status, r.text
        return r.json()

    spec = post("/specialties", {"name": "radiology"}, 200)
    post("/vets", {"firstName": "James", "lastName": "Carter", "specialties": [spec]}, 200)
    kind = post("/pettypes", {"name": "cat"}, 200)
    for last in ("Franklin", "Davis", "Rodriquez"):
        owner = post(
            "/owners",
            {"firstName": "George", "lastName": last, "address": "1 Main St.", "city": "Madison", "telephone": "608"},
            201,
        )
        pet = post(f"/owners/{owner['id']}/pets", {"name": "Leo", "birthDate": "2010-09-07", "type": kind}, 201)
        post(f"/owners/{owner['id']}/pets/{pet['id']}/visits", {"date": "2026-01-01", "description": "shots"}, 201)
    yield s
    s.stop()


def _check_status(case: Any, response: Any) -> None:
    declared = {str(code) for code in case.operation.definition.raw["responses"]}
    assert str(response.status_code) in declared or response.status_code in UNDECLARED_ERRORS, (
        f"{case.method} {case.formatted_path} -> {response.status_code} (declared: {sorted(declared)}): "
        f"{response.text[:300]}"
    )


@pytest.mark.parametrize("method,path,mode", CASES)
def test_fuzz_operation(fuzz_server, method, path, mode):
    operation = SCHEMA[path][method]
    session = requests.Session()
    base = fuzz_server.base_url + API
    examples = POSITIVE_EXAMPLES if mode == GenerationMode.POSITIVE else NEGATIVE_EXAMPLES

    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=examples,
        derandomize=True,  # a fixed seed: the same requests on every run
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call(base_url=base, session=session, headers=basic("alice"))
        case.validate_response(
            response, checks=[not_a_server_error, content_type_conformance, response_schema_conformance]
        )
        _check_status(case, response)

    run()
