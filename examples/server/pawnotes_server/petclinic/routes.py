"""The Spring PetClinic REST API (its OpenAPI document: data/petclinic/openapi.yml) over the pawnotes core.

Every path and method of the document; status codes as the document gives them (201 for the creates
under /owners, 200 for the other creates, 204 for PUT /owners/{ownerId}/pets/{petId}, 200 with the
deleted record for every DELETE). Last write wins: no If-Match. Authentication: HTTP Basic, or the open
mode of settings.petclinic_open (auth.petclinic_scope). The core checks roles and every rule.

Core calls per request (N = pets in the answer): reads of one record 1, plus the pets' visits
ceil(N/1000) (shapes.visits_of); lists loop the core's pages of 1000.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

import pawnotes
from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from ..auth import core_roles_to_petclinic, hash_password, petclinic_role_to_core, petclinic_scope
from ..db import get_db
from ..native.common import INT32_MAX, INT64_MAX, json_body, json_response
from . import shapes
from .errors import Oops, core_call, invalid

# Full paths (see pawnotes_server.routing): the app serves these routes in a RouteGroup under /petclinic/api.
router = APIRouter(prefix="/petclinic/api", include_in_schema=False)

Scope = pawnotes.Scope
Db = pawnotes.Database
Body = Dict[str, Any]


def _route(path: str, method: str, status: int = 200) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Registers `path` and, for clients that add one, `path/` (no redirect: a redirect breaks CORS
    preflights)."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        router.add_api_route(path, fn, methods=[method], status_code=status)
        router.add_api_route(path + "/", fn, methods=[method], status_code=status)
        return fn

    return decorate


def _id(name: str) -> Any:
    return Path(..., alias=name, ge=0, le=INT64_MAX)


def _json(data: Any, status: int = 200, location: Optional[str] = None) -> Response:
    headers = {"Location": location} if location else None
    return json_response(data, status, headers)


def _page_json(items: List[Dict[str, Any]], page: Any) -> Dict[str, Any]:
    return {
        "content": items,
        "page": page.page,
        "size": page.size,
        "totalElements": page.total,
        "totalPages": page.total_pages,
    }


def _owners_out(db: Db, scope: Scope, owners: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    visits = shapes.visits_of(db, scope, [d["id"] for o in owners for d in o.get("dogs", ())])
    return [shapes.owner_out(o, visits) for o in owners]


def _pets_out(db: Db, scope: Scope, dogs: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    visits = shapes.visits_of(db, scope, [d["id"] for d in dogs])
    return [shapes.pet_out(d, visits.get(d["id"], ())) for d in dogs]


def _owners_pet(db: Db, scope: Scope, owner_id: int, pet_id: int) -> Dict[str, Any]:
    """The dog `pet_id` when it belongs to owner `owner_id`; NotFound otherwise."""
    dog = db.get(scope, "dog", pet_id).to_dict()
    if dog["ownerId"] != owner_id:
        raise pawnotes.NotFound(f"owner {owner_id} has no pet {pet_id}")
    return dog


# ---------------------------------------------------------------- oops
@_route("/oops", "GET")
def failing_request(scope: Scope = Depends(petclinic_scope)) -> Response:
    raise Oops("Expected: this operation always fails, to show what an error looks like.")


# ---------------------------------------------------------------- owners
@_route("/owners", "GET")
async def list_owners(
    lastName: str = Query(""), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)
) -> Response:
    # async: short reads run on the event loop (no thread-pool hop); the core releases the GIL meanwhile.
    owners = shapes.all_json_items(lambda page, size: db.search_owners_json(scope, lastName, page, size))
    return _json(_owners_out(db, scope, owners))


@_route("/v2/owners", "GET")
def list_owners_page(
    lastName: str = Query(""),
    page: int = Query(0, ge=0, le=INT32_MAX),
    size: int = Query(20, ge=1, le=100),
    scope: Scope = Depends(petclinic_scope),
    db: Db = Depends(get_db),
) -> Response:
    result = db.search_owners(scope, lastName, page, size)
    owners = _owners_out(db, scope, [o.to_dict() for o in result.items])
    return _json(_page_json(owners, result))


@_route("/owners", "POST", 201)
def add_owner(
    request: Request, body: Body = Depends(json_body), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)
) -> Response:
    with core_call("owner", body):
        owner = db.create(scope, "owner", shapes.owner_in(body)).to_dict()
    return _json(shapes.owner_out(owner, {}), 201, location=f"{request.url.path.rstrip('/')}/{owner['id']}")


@_route("/owners/{ownerId}", "GET")
def get_owner(
    owner_id: int = _id("ownerId"), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)
) -> Response:
    return _json(_owners_out(db, scope, [db.get(scope, "owner", owner_id).to_dict()])[0])


@_route("/owners/{ownerId}", "PUT")
def update_owner(
    owner_id: int = _id("ownerId"),
    body: Body = Depends(json_body),
    scope: Scope = Depends(petclinic_scope),
    db: Db = Depends(get_db),
) -> Response:
    # patch: the PetClinic members only (absent ones as null, so the core requires them); email stays.
    with core_call("owner", body):
        owner = db.update(scope, "owner", owner_id, shapes.owner_in(body), patch=True).to_dict()
    return _json(_owners_out(db, scope, [owner])[0])


@_route("/owners/{ownerId}", "DELETE")
def delete_owner(
    owner_id: int = _id("ownerId"), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)
) -> Response:
    owner = _owners_out(db, scope, [db.get(scope, "owner", owner_id).to_dict()])[0]
    db.remove(scope, "owner", owner_id, cascade=True)  # as the reference: the owner's pets and visits go too
    return _json(owner)


@_route("/owners/{ownerId}/pets", "POST", 201)
def add_pet_to_owner(
    owner_id: int = _id("ownerId"),
    body: Body = Depends(json_body),
    scope: Scope = Depends(petclinic_scope),
    db: Db = Depends(get_db),
) -> Response:
    data = shapes.pet_in(body)
    data["ownerId"] = owner_id
    _require_pet_members(db, body, data)
    with core_call("pet", body, shapes.PET_RENAMES, path_fields=("ownerId",)):
        dog = db.create(scope, "dog", data).to_dict()
    # as the Spring server: the new pet's own resource, /pets/{petId}
    return _json(shapes.pet_out(dog), 201, location=f"/petclinic/api/pets/{dog['id']}")


@_route("/owners/{ownerId}/pets/{petId}", "GET")
def get_owners_pet(
    owner_id: int = _id("ownerId"),
    pet_id: int = _id("petId"),
    scope: Scope = Depends(petclinic_scope),
    db: Db = Depends(get_db),
) -> Response:
    return _json(_pets_out(db, scope, [_owners_pet(db, scope, owner_id, pet_id)])[0])


@_route("/owners/{ownerId}/pets/{petId}", "PUT", 204)
def update_owners_pet(
    owner_id: int = _id("ownerId"),
    pet_id: int = _id("petId"),
    body: Body = Depends(json_body),
    scope: Scope = Depends(petclinic_scope),
    db: Db = Depends(get_db),
) -> Response:
    _owners_pet(db, scope, owner_id, pet_id)
    data = shapes.pet_in(body)
    _require_pet_members(db, body, data, mode="patch")
    with core_call("pet", body, shapes.PET_RENAMES):
        db.update(scope, "dog", pet_id, data, patch=True)
    return Response(status_code=204)


@_route("/owners/{ownerId}/pets/{petId}/visits", "POST", 201)
def add_visit_to_owner(
    request: Request,
    owner_id: int = _id("ownerId"),
    pet_id: int = _id("petId"),
    body: Body = Depends(json_body),
    scope: Scope = Depends(petclinic_scope),
    db: Db = Depends(get_db),
) -> Response:
    _owners_pet(db, scope, owner_id, pet_id)
    data = shapes.visit_in(body)
    data["dogId"] = pet_id
    with core_call("visit", body, shapes.VISIT_RENAMES, path_fields=("dogId",)):
        visit = db.create(scope, "visit", data).to_dict()
    return _json(shapes.visit_out(visit), 201, location=f"/petclinic/api/visits/{visit['id']}")


def _require_pet_members(db: Db, body: Body, data: Dict[str, Any], mode: str = "create") -> None:
    """The document requires a pet's birthDate and type; the core does not. Reported together with the
    core's own findings on the same body, in the core's codes and messages."""
    missing = shapes.pet_required(body)
    if missing:
        found = pawnotes.check("dog", data, db.today(), mode)
        fields = {e.field for e in missing}
        errors = missing + [e for e in found if e.field not in fields]
        raise invalid("pet", errors, body, shapes.PET_RENAMES)


# ---------------------------------------------------------------- pets
@_route("/pets", "GET")
def list_pets(scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)) -> Response:
    dogs = shapes.all_json_items(lambda page, size: db.list_dogs_json(scope, page=page, size=size, sort="id"))
    return _json(_pets_out(db, scope, dogs))


@_route("/v2/pets", "GET")
def list_pets_page(
    page: int = Query(0, ge=0, le=INT32_MAX),
    size: int = Query(20, ge=1, le=100),
    scope: Scope = Depends(petclinic_scope),
    db: Db = Depends(get_db),
) -> Response:
    result = db.list_dogs(scope, page=page, size=size, sort="id")
    return _json(_page_json(_pets_out(db, scope, [d.to_dict() for d in result.items]), result))


@_route("/pets/{petId}", "GET")
def get_pet(pet_id: int = _id("petId"), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)) -> Response:
    return _json(_pets_out(db, scope, [db.get(scope, "dog", pet_id).to_dict()])[0])


@_route("/pets/{petId}", "PUT")
def update_pet(
    pet_id: int = _id("petId"),
    body: Body = Depends(json_body),
    scope: Scope = Depends(petclinic_scope),
    db: Db = Depends(get_db),
) -> Response:
    data = shapes.pet_in(body)  # ownerId and visits are read-only in the document: not changed here
    db.get(scope, "dog", pet_id)  # 404 before 400, as for the other updates
    _require_pet_members(db, body, data, mode="patch")
    with core_call("pet", body, shapes.PET_RENAMES):
        dog = db.update(scope, "dog", pet_id, data, patch=True).to_dict()
    return _json(_pets_out(db, scope, [dog])[0])


@_route("/pets/{petId}", "DELETE")
def delete_pet(
    pet_id: int = _id("petId"), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)
) -> Response:
    pet = _pets_out(db, scope, [db.get(scope, "dog", pet_id).to_dict()])[0]
    db.remove(scope, "dog", pet_id, cascade=True)  # its visits (and notes) go too, as in the reference
    return _json(pet)


# ---------------------------------------------------------------- visits
@_route("/visits", "GET")
def list_visits(scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)) -> Response:
    visits = shapes.all_items(lambda page, size: db.list(scope, "visit", page, size, "id"))
    return _json([shapes.visit_out(v) for v in visits])


@_route("/visits", "POST")
def add_visit(
    body: Body = Depends(json_body), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)
) -> Response:
    with core_call("visit", body, shapes.VISIT_RENAMES):
        visit = db.create(scope, "visit", shapes.visit_in(body, with_pet=True)).to_dict()
    return _json(shapes.visit_out(visit))


@_route("/visits/{visitId}", "GET")
def get_visit(
    visit_id: int = _id("visitId"), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)
) -> Response:
    return _json(shapes.visit_out(db.get(scope, "visit", visit_id).to_dict()))


@_route("/visits/{visitId}", "PUT")
def update_visit(
    visit_id: int = _id("visitId"),
    body: Body = Depends(json_body),
    scope: Scope = Depends(petclinic_scope),
    db: Db = Depends(get_db),
) -> Response:
    with core_call("visit", body, shapes.VISIT_RENAMES):
        visit = db.update(scope, "visit", visit_id, shapes.visit_in(body), patch=True).to_dict()
    return _json(shapes.visit_out(visit))


@_route("/visits/{visitId}", "DELETE")
def delete_visit(
    visit_id: int = _id("visitId"), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)
) -> Response:
    visit = shapes.visit_out(db.get(scope, "visit", visit_id).to_dict())
    db.remove(scope, "visit", visit_id)
    return _json(visit)


# ---------------------------------------------------------------- pet types and specialties
def _named_routes(collection: str, entity: str, id_name: str, cascade: bool) -> None:
    """GET/POST /{collection}, GET/PUT/DELETE /{collection}/{id}: records that are just {id, name}."""

    def list_all(scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)) -> Response:
        rows = shapes.all_items(lambda page, size: db.list(scope, entity, page, size, "id"))
        return _json([shapes.named_out(r) for r in rows])

    def add(
        body: Body = Depends(json_body), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)
    ) -> Response:
        with core_call(entity, body):
            return _json(shapes.named_out(db.create(scope, entity, shapes.named_in(body)).to_dict()))

    def get(id: int = _id(id_name), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)) -> Response:
        return _json(shapes.named_out(db.get(scope, entity, id).to_dict()))

    def update(
        id: int = _id(id_name),
        body: Body = Depends(json_body),
        scope: Scope = Depends(petclinic_scope),
        db: Db = Depends(get_db),
    ) -> Response:
        with core_call(entity, body):
            return _json(shapes.named_out(db.update(scope, entity, id, shapes.named_in(body), patch=True).to_dict()))

    def delete(id: int = _id(id_name), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)) -> Response:
        record = shapes.named_out(db.get(scope, entity, id).to_dict())
        db.remove(scope, entity, id, cascade=cascade)
        return _json(record)

    _route(f"/{collection}", "GET")(list_all)
    _route(f"/{collection}", "POST")(add)
    _route(f"/{collection}/{{{id_name}}}", "GET")(get)
    _route(f"/{collection}/{{{id_name}}}", "PUT")(update)
    _route(f"/{collection}/{{{id_name}}}", "DELETE")(delete)


# A pet type still used by pets cannot be deleted (the core's Conflict: 409); a specialty is taken off
# its vets first.
_named_routes("pettypes", "petType", "petTypeId", cascade=False)
_named_routes("specialties", "specialty", "specialtyId", cascade=True)


# ---------------------------------------------------------------- vets
def _vet_data(db: Db, scope: Scope, body: Body) -> Dict[str, Any]:
    names: Optional[Dict[str, int]] = None
    if shapes.vet_needs_names(body):
        rows = shapes.all_items(lambda page, size: db.list(scope, "specialty", page, size, "id"))
        names = {r["name"].strip().lower(): r["id"] for r in rows}
    return shapes.vet_in(body, names)


@_route("/vets", "GET")
def list_vets(scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)) -> Response:
    rows = shapes.all_items(lambda page, size: db.list(scope, "trainer", page, size, "id"))
    return _json([shapes.vet_out(t) for t in rows])


@_route("/vets", "POST")
def add_vet(
    body: Body = Depends(json_body), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)
) -> Response:
    with core_call("vet", body, shapes.VET_RENAMES):
        return _json(shapes.vet_out(db.create(scope, "trainer", _vet_data(db, scope, body)).to_dict()))


@_route("/vets/{vetId}", "GET")
def get_vet(vet_id: int = _id("vetId"), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)) -> Response:
    return _json(shapes.vet_out(db.get(scope, "trainer", vet_id).to_dict()))


@_route("/vets/{vetId}", "PUT")
def update_vet(
    vet_id: int = _id("vetId"),
    body: Body = Depends(json_body),
    scope: Scope = Depends(petclinic_scope),
    db: Db = Depends(get_db),
) -> Response:
    with core_call("vet", body, shapes.VET_RENAMES):
        trainer = db.update(scope, "trainer", vet_id, _vet_data(db, scope, body), patch=True)
    return _json(shapes.vet_out(trainer.to_dict()))


@_route("/vets/{vetId}", "DELETE")
def delete_vet(
    vet_id: int = _id("vetId"), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)
) -> Response:
    vet = shapes.vet_out(db.get(scope, "trainer", vet_id).to_dict())
    db.remove(scope, "trainer", vet_id, cascade=True)  # the vet's visits stay, without a vet
    return _json(vet)


# ---------------------------------------------------------------- users
def _core_role(item: Any) -> Any:
    """{name: "OWNER_ADMIN"} -> "trainer"; a name PetClinic does not know goes to the core as it is
    (the core accepts admin/trainer/viewer and rejects the rest)."""
    if isinstance(item, dict):
        name = item.get("name")
        if isinstance(name, str):
            return petclinic_role_to_core(name) or name
        return name
    return item


@_route("/users", "POST")
def add_user(
    request: Request, body: Body = Depends(json_body), scope: Scope = Depends(petclinic_scope), db: Db = Depends(get_db)
) -> Response:
    if getattr(request.state, "principal", None) is None:
        # The open mode acts without credentials: it must not mint accounts that work everywhere.
        raise pawnotes.Forbidden("creating users needs the HTTP Basic credentials of an administrator")
    if not scope.has("admin"):
        raise pawnotes.Forbidden("only administrators create users")
    roles = body.get("roles")
    if isinstance(roles, list):
        mapped: List[Any] = []
        for r in (_core_role(item) for item in roles):
            if not (isinstance(r, str) and r in mapped):
                mapped.append(r)
        roles = mapped
    password = body.get("password")
    data: Dict[str, Any] = {
        "username": body.get("username"),
        # a stand-in while checking: the hash is made only for a valid request
        "passwordHash": "x" if isinstance(password, str) and password else password,
        "roles": roles,
        "enabled": body.get("enabled", True),
    }
    data = {k: v for k, v in data.items() if v is not None}
    errors = pawnotes.check("user", data, db.today())
    if errors:
        raise invalid("user", errors, body, shapes.USER_RENAMES)
    with core_call("user", body, shapes.USER_RENAMES):
        user = db.create_user(
            scope.organization_id,
            username=data["username"],
            password_hash=hash_password(password),
            roles=data["roles"],
            display_name=data["username"],
            enabled=data["enabled"],
        )
    names = core_roles_to_petclinic(user.roles) or [f"ROLE_{r.upper()}" for r in user.roles]
    return _json({"username": user.username, "enabled": user.enabled, "roles": [{"name": n} for n in names]})
