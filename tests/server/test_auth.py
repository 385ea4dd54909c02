"""Sign in, bearer tokens (expiry, revocation), the login rate limit, HTTP Basic for the PetClinic API."""

from __future__ import annotations

import base64
import time

import httpx
import pytest
from conftest import ACCOUNTS, ENGINE, PASSWORD, assert_problem, start_server

from pawnotes_server.app import create_app
from pawnotes_server.auth import petclinic_scope
from pawnotes_server.settings import Settings

API = "/api/v1"


def login(client: httpx.Client, username: str, password: str = PASSWORD) -> httpx.Response:
    return client.post(f"{API}/auth/login", json={"username": username, "password": password})


def test_login_returns_an_expiring_bearer_token(server, anonymous):
    r = login(anonymous, "tom")
    assert r.status_code == 200
    body = r.json()
    assert body["tokenType"] == "Bearer" and len(body["token"]) >= 40
    assert body["expiresAt"].endswith("Z")
    assert body["user"] == {
        "id": body["user"]["id"],
        "username": "tom",
        "displayName": "tom",
        "organizationId": server.orgs["Alpha"],
        "roles": ["trainer"],
    }
    assert r.headers["cache-control"] == "no-store"
    me = anonymous.get(f"{API}/auth/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.json() == body["user"]


@pytest.mark.parametrize("username,password", [("tom", "wrong"), ("nobody", PASSWORD), ("TOM", "wrong")])
def test_login_with_bad_credentials_is_401(anonymous, username, password):
    body = assert_problem(login(anonymous, username, password), 401)
    assert body["detail"] == "Wrong username or password."


def test_login_needs_username_and_password(anonymous):
    assert_problem(anonymous.post(f"{API}/auth/login", json={}), 422, "username", "password")
    assert_problem(anonymous.post(f"{API}/auth/login", content=b"{", headers={"content-type": "application/json"}), 400)


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer nonsense-token", "Basic dG9tOnBhc3M=", "Token abc"])
def test_native_api_needs_a_valid_bearer_token(anonymous, header):
    headers = {"Authorization": header} if header else {}
    r = anonymous.get(f"{API}/owners", headers=headers)
    assert_problem(r, 401)
    assert r.headers["www-authenticate"].startswith("Bearer")


def test_logout_revokes_the_token(anonymous):
    token = login(anonymous, "vera").json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert anonymous.get(f"{API}/owners", headers=auth).status_code == 200
    assert anonymous.post(f"{API}/auth/logout", headers=auth).status_code == 204
    assert_problem(anonymous.get(f"{API}/owners", headers=auth), 401)
    assert_problem(anonymous.post(f"{API}/auth/logout", headers=auth), 401)


def test_token_expires_after_the_ttl(tmp_path):
    s = start_server(tmp_path, env={"PAWNOTES_TOKEN_TTL_SECONDS": "2"})
    try:
        with s.client() as c:
            token = login(c, "alice").json()["token"]
            auth = {"Authorization": f"Bearer {token}"}
            assert c.get(f"{API}/owners", headers=auth).status_code == 200
            time.sleep(2.5)
            body = assert_problem(c.get(f"{API}/owners", headers=auth), 401)
            assert "expired" in body["detail"]
            assert login(c, "alice").status_code == 200  # signing in again works
    finally:
        s.stop()


def test_tokens_work_across_restarts_and_workers_share_them(tmp_path):
    s = start_server(tmp_path)
    with s.client() as c:
        token = login(c, "alice").json()["token"]
    s.stop()
    s2 = start_server(tmp_path)  # same database, auth database and secret key
    try:
        with s2.client() as c:
            assert c.get(f"{API}/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    finally:
        s2.stop()


def test_login_is_rate_limited_per_username_and_address(tmp_path):
    s = start_server(tmp_path, env={"PAWNOTES_LOGIN_MAX_ATTEMPTS": "3", "PAWNOTES_LOGIN_WINDOW_SECONDS": "3"})
    try:
        with s.client() as c:
            for _ in range(3):
                assert login(c, "alice", "wrong").status_code == 401
            r = login(c, "alice")  # even the right password waits now
            assert_problem(r, 429)
            assert 1 <= int(r.headers["retry-after"]) <= 3
            assert login(c, "tom").status_code == 200  # other usernames are not affected
            time.sleep(3.2)
            assert login(c, "alice").status_code == 200
    finally:
        s.stop()


def test_every_account_can_sign_in(anonymous):
    for username in ACCOUNTS:
        assert login(anonymous, username).status_code == 200


# --- petclinic_scope (HTTP Basic / open mode), through an app of its own ---
def _basic(user: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.fixture
def scope_app(server, tmp_path):
    """An app on the shared server's database with one extra route that reports the PetClinic scope."""
    from fastapi import Depends
    from fastapi.testclient import TestClient

    def build(**env):
        own_auth = {} if ENGINE == "postgresql" else {"PAWNOTES_AUTH_DATABASE": str(tmp_path / "auth.db")}
        settings = Settings.from_env(
            {
                "PAWNOTES_DATABASE_URL": server.database_url,
                "PAWNOTES_SECRET_KEY": "k" * 32,
                **own_auth,
                "PAWNOTES_WEB_DIR": str(tmp_path / "none"),
                **env,
            }
        )
        app = create_app(settings)

        @app.get("/petclinic/api/whoami")
        def whoami(scope=Depends(petclinic_scope)):
            return {"org": scope.organization_id, "actor": scope.actor_id, "roles": [r.value for r in scope.roles]}

        return TestClient(app)

    return build


def test_petclinic_scope_from_basic_credentials(server, scope_app):
    with scope_app() as c:
        r = c.get("/petclinic/api/whoami", headers=_basic("tom", PASSWORD))
        assert r.status_code == 200
        assert r.json()["org"] == server.orgs["Alpha"] and r.json()["roles"] == ["trainer"] and r.json()["actor"] > 0
        r = c.get("/petclinic/api/whoami", headers=_basic("tom", "wrong"))
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Basic")
        assert c.get("/petclinic/api/whoami").status_code == 401
        assert c.get("/petclinic/api/whoami", headers={"Authorization": "Basic !!!"}).status_code == 401


def test_petclinic_open_mode_acts_in_the_configured_organization(server, scope_app):
    with scope_app(PAWNOTES_PETCLINIC_OPEN="1", PAWNOTES_PETCLINIC_ORG="Bravo") as c:
        r = c.get("/petclinic/api/whoami")
        assert r.status_code == 200
        assert r.json() == {"org": server.orgs["Bravo"], "actor": 0, "roles": ["admin"]}
        # credentials, when given, are still checked
        assert c.get("/petclinic/api/whoami", headers=_basic("tom", "wrong")).status_code == 401
        assert c.get("/petclinic/api/whoami", headers=_basic("tom", PASSWORD)).json()["roles"] == ["trainer"]
