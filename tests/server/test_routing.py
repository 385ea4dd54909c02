"""pawnotes_server.routing.RouteGroup: matching by prefix and next segment keeps the flat list's order and
its 404 / 405 / trailing-slash answers."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from pawnotes_server.routing import RouteGroup, expand_routes


def _app() -> FastAPI:
    router = APIRouter(prefix="/api")
    router.add_api_route("/items/search", lambda: {"route": "search"}, methods=["GET"])
    router.add_api_route("/items/{id}", lambda id: {"route": "item", "id": id}, methods=["GET"])
    # a parameter as the first segment: a candidate for every segment, after the routes before it
    router.add_api_route("/{kind}/count", lambda kind: {"route": "count", "kind": kind}, methods=["GET"])
    router.add_api_route("/stats/count", lambda: {"route": "stats-count"}, methods=["GET"])
    router.add_api_route("/items", lambda: {"route": "create"}, methods=["POST"])
    router.add_api_route("", lambda: {"route": "root"}, methods=["GET"])
    app = FastAPI()
    app.router.routes.append(RouteGroup("/api", router.routes))

    @app.get("/api/late")
    def late() -> dict:
        return {"route": "late"}

    return app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(_app())


def test_first_registered_full_match_wins(client: TestClient) -> None:
    assert client.get("/api/items/search").json() == {"route": "search"}
    assert client.get("/api/items/7").json() == {"route": "item", "id": "7"}
    assert client.get("/api/items/count").json() == {"route": "item", "id": "count"}
    # "/{kind}/count" was registered before "/stats/count": it wins, as in a flat list
    assert client.get("/api/stats/count").json() == {"route": "count", "kind": "stats"}
    assert client.get("/api/dogs/count").json() == {"route": "count", "kind": "dogs"}
    assert client.get("/api").json() == {"route": "root"}


def test_method_mismatch_is_405_and_unknown_paths_fall_through_or_404(client: TestClient) -> None:
    r = client.delete("/api/items")
    assert r.status_code == 405 and "POST" in r.headers["allow"]
    assert client.get("/api/late").json() == {"route": "late"}  # added after the group: still reached
    assert client.get("/api/nothing/here").status_code == 404
    assert client.get("/elsewhere").status_code == 404


def test_trailing_slash_redirect_is_unchanged(client: TestClient) -> None:
    r = client.get("/api/items/search/", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"].endswith("/api/items/search")


def test_groups_reject_routes_outside_their_prefix_and_expand_for_openapi() -> None:
    router = APIRouter()
    router.add_api_route("/other", lambda: None, methods=["GET"])
    with pytest.raises(ValueError):
        RouteGroup("/api", router.routes)
    with pytest.raises(ValueError):
        RouteGroup("/api/", [])
    group = RouteGroup("/x", [])
    assert list(expand_routes([group])) == []
    inner = APIRouter(prefix="/x")
    inner.add_api_route("/a", lambda: None, methods=["GET"])
    assert [r.path for r in expand_routes([RouteGroup("/x", inner.routes)])] == ["/x/a"]
