"""The metrics' route label: the template of the matched route, never raw ids (unit level)."""

from types import SimpleNamespace

from pawnotes_server.observability import _route_template


def label(route_path, path):
    return _route_template({"route": SimpleNamespace(path=route_path), "path": path})


def test_a_prefixed_router_route_gets_its_full_template():
    assert label("/owners/{ownerId}/pets/{petId}", "/petclinic/api/owners/7/pets/9") == (
        "/petclinic/api/owners/{ownerId}/pets/{petId}"
    )


def test_equal_parameter_values_keep_their_names():
    # Substituting values back into the path would label this /owners/{petId}/pets/{ownerId}.
    assert label("/owners/{ownerId}/pets/{petId}", "/petclinic/api/owners/7/pets/7") == (
        "/petclinic/api/owners/{ownerId}/pets/{petId}"
    )


def test_a_full_template_and_a_trailing_slash():
    assert label("/api/v1/owners/{id}", "/api/v1/owners/12") == "/api/v1/owners/{id}"
    assert label("/owners/", "/petclinic/api/owners/") == "/petclinic/api/owners"


def test_no_route_is_unmatched_and_the_catch_all_is_one_series():
    assert _route_template({"path": "/nope"}) == "unmatched"
    assert label("/{path:path}", "/assets/app.js") == "/{path:path}"
