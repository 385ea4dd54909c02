"""PetClinic API: HTTP Basic, the open mode bound to one organization, CORS for the Angular client."""
# ruff: noqa: F811  (the fixtures imported from petclinic_support are used as arguments)

from __future__ import annotations

import json

import httpx
from conftest import PASSWORD, start_server
from petclinic_support import (  # noqa: F401 (fixtures)
    API,
    CORS_ORIGIN,
    assert_invalid,
    assert_problem,
    basic,
    new_owner,
    open_server,
    owner_body,
    pc_admin,
    pc_anonymous,
    pc_client,
)


def test_without_credentials_the_api_is_401_with_a_basic_challenge(pc_anonymous):
    for method, path in (("GET", "/owners"), ("POST", "/owners"), ("GET", "/vets/1"), ("DELETE", "/pets/1")):
        r = pc_anonymous.request(method, path, json=owner_body() if method == "POST" else None)
        assert_problem(r, 401)
        assert r.headers["www-authenticate"].startswith("Basic")


def test_wrong_or_malformed_credentials_are_401(server):
    cases = [
        basic("alice", "wrong password"),
        basic("nobody", PASSWORD),
        {"Authorization": "Basic !!!not-base64"},
        {"Authorization": f"Bearer {server.token('alice')}"},  # the native API's token is not accepted here
    ]
    for headers in cases:
        with httpx.Client(base_url=server.base_url + API, headers=headers) as c:
            assert_problem(c.get("/owners"), 401)


def test_basic_credentials_act_in_the_users_organization(server, pc_admin):
    owner = new_owner(pc_admin)
    with pc_client(server, "bob") as bob:
        assert owner["id"] not in {o["id"] for o in bob.get("/owners").json()}
        assert_problem(bob.get(f"/owners/{owner['id']}"), 404)


def test_open_mode_needs_no_credentials_and_is_bound_to_its_organization(open_server):
    with pc_client(open_server) as anonymous:
        r = anonymous.post("/owners", json=owner_body())
        assert r.status_code == 201, r.text
        owner = r.json()
        assert anonymous.get(f"/owners/{owner['id']}").status_code == 200
    # the configured organization is Alpha: its users see the owner, Bravo's do not
    with pc_client(open_server, "alice") as alice:
        assert alice.get(f"/owners/{owner['id']}").json()["lastName"] == owner["lastName"]
    with pc_client(open_server, "bob") as bob:
        assert_problem(bob.get(f"/owners/{owner['id']}"), 404)
    # credentials, when sent, are still checked, and their roles apply
    with pc_client(open_server, Authorization=basic("alice", "wrong")["Authorization"]) as bad:
        assert_problem(bad.get("/owners"), 401)
    with pc_client(open_server, "vera") as viewer:
        assert_problem(viewer.post("/owners", json=owner_body()), 403)


def test_open_mode_cannot_create_accounts_without_credentials(open_server):
    with pc_client(open_server) as anonymous:
        r = anonymous.post("/users", json={"username": "sneaky", "password": "pw", "roles": [{"name": "ADMIN"}]})
        assert_problem(r, 403)
    with pc_client(open_server, "alice") as alice:
        r = alice.post("/users", json={"username": "invited", "password": "pw", "roles": [{"name": "ADMIN"}]})
        assert r.status_code == 200, r.text


def test_the_open_mode_is_off_unless_configured(server):
    with pc_client(server) as anonymous:
        assert_problem(anonymous.get("/owners"), 401)


def test_an_open_mode_naming_no_organization_answers_503_not_500(tmp_path):
    s = start_server(tmp_path, env={"PAWNOTES_PETCLINIC_OPEN": "1", "PAWNOTES_PETCLINIC_ORG": "No Such Org"})
    try:
        with pc_client(s) as anonymous:
            assert_problem(anonymous.get("/owners"), 503)
    finally:
        s.stop()


def test_cors_preflight_and_exposed_headers_for_the_angular_client(open_server):
    with httpx.Client(base_url=open_server.base_url + API) as c:
        r = c.options(
            "/owners",
            headers={
                "Origin": CORS_ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert r.status_code == 200
        assert r.headers["access-control-allow-origin"] == CORS_ORIGIN
        assert "POST" in r.headers["access-control-allow-methods"]
        # a validation error as the client sees it: the errors header is readable from the page
        r = c.post("/owners", json=owner_body(lastName=""), headers={"Origin": CORS_ORIGIN})
        assert_invalid(r, "lastName")
        assert r.headers["access-control-allow-origin"] == CORS_ORIGIN
        exposed = {h.strip().lower() for h in r.headers["access-control-expose-headers"].split(",")}
        assert {"errors", "content-type"} <= exposed
        assert json.loads(r.headers["errors"])[0]["fieldName"] == "lastName"
        # another origin is not allowed
        r = c.get("/owners", headers={"Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in r.headers
