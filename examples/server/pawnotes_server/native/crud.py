"""Create / read / replace / patch / delete routes of one entity, the same for every resource."""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional

import pawnotes
from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from ..auth import require_scope
from ..db import get_db
from ..openapi_schemas import entity_body, entity_response, problem_responses, spec
from .common import INT64_MAX, guarded_write, idempotency_key, if_match_version, json_body, record_response

__all__ = ["add_crud", "IdPath"]


def IdPath(description: str = "Record id.") -> Any:
    return Path(..., ge=-INT64_MAX - 1, le=INT64_MAX, description=description)


def add_crud(
    router: APIRouter,
    collection: str,
    entity: str,
    title: str,
    *,
    list_route: Optional[Callable[..., Any]] = None,
) -> None:
    """Adds POST /{collection}, GET/PUT/PATCH/DELETE /{collection}/{id}. Routes with fixed segments
    (e.g. /notes/search) must be added to the router before this call."""
    base = f"/{collection}"
    item = f"/{collection}/{{id}}"

    def _version(db: pawnotes.Database, scope: pawnotes.Scope, id: int) -> Optional[int]:
        return db.get(scope, entity, id).version

    def create(
        request: Request,
        body: Dict[str, Any] = Depends(json_body),
        scope: pawnotes.Scope = Depends(require_scope),
        db: pawnotes.Database = Depends(get_db),
    ) -> Response:
        record = db.create(scope, entity, body, idempotency_key(request))
        return record_response(record, 201, location=f"{request.url.path.rstrip('/')}/{record.id}")

    def read(
        id: int = IdPath(),
        scope: pawnotes.Scope = Depends(require_scope),
        db: pawnotes.Database = Depends(get_db),
    ) -> Response:
        return record_response(db.get(scope, entity, id))

    def _update(
        request: Request, id: int, body: Dict[str, Any], scope: pawnotes.Scope, db: Any, patch: bool
    ) -> Response:
        expected = if_match_version(request)
        record = guarded_write(
            lambda: db.update(scope, entity, id, body, expected_version=expected, patch=patch),
            expected,
            lambda: _version(db, scope, id),
        )
        return record_response(record)

    def replace(
        request: Request,
        id: int = IdPath(),
        body: Dict[str, Any] = Depends(json_body),
        scope: pawnotes.Scope = Depends(require_scope),
        db: pawnotes.Database = Depends(get_db),
    ) -> Response:
        return _update(request, id, body, scope, db, patch=False)

    def patch(
        request: Request,
        id: int = IdPath(),
        body: Dict[str, Any] = Depends(json_body),
        scope: pawnotes.Scope = Depends(require_scope),
        db: pawnotes.Database = Depends(get_db),
    ) -> Response:
        return _update(request, id, body, scope, db, patch=True)

    def delete(
        request: Request,
        id: int = IdPath(),
        cascade: bool = Query(False, description="Also delete the records that depend on this one."),
        scope: pawnotes.Scope = Depends(require_scope),
        db: pawnotes.Database = Depends(get_db),
    ) -> Response:
        expected = if_match_version(request)
        guarded_write(
            lambda: db.remove(scope, entity, id, expected_version=expected, cascade=cascade),
            expected,
            lambda: _version(db, scope, id),
        )
        return Response(status_code=204)

    tags = [title]
    if list_route is not None:
        router.add_api_route(
            base,
            list_route,
            methods=["GET"],
            tags=tags,
            summary=f"List {collection}",
            operation_id=f"list_{entity}",
            openapi_extra=spec(entity_response(entity, page=True), problem_responses(422)),
        )
    router.add_api_route(
        base,
        create,
        methods=["POST"],
        tags=tags,
        status_code=201,
        summary=f"Create a {title.lower()}",
        operation_id=f"create_{entity}",
        openapi_extra=spec(
            entity_body(entity, "create"),
            entity_response(entity, status="201", create=True),
            problem_responses(400, 403, 413, 422),
        ),
    )
    router.add_api_route(
        item,
        read,
        methods=["GET"],
        tags=tags,
        summary=f"Get a {title.lower()}",
        operation_id=f"get_{entity}",
        openapi_extra=spec(entity_response(entity), problem_responses(404)),
    )
    router.add_api_route(
        item,
        replace,
        methods=["PUT"],
        tags=tags,
        summary=f"Replace a {title.lower()}",
        operation_id=f"replace_{entity}",
        openapi_extra=spec(
            entity_body(entity, "replace"),
            entity_response(entity, conditional=True),
            problem_responses(400, 403, 404, 409, 412, 413, 422),
        ),
    )
    router.add_api_route(
        item,
        patch,
        methods=["PATCH"],
        tags=tags,
        summary=f"Change some members of a {title.lower()}",
        operation_id=f"patch_{entity}",
        openapi_extra=spec(
            entity_body(entity, "patch"),
            entity_response(entity, conditional=True),
            problem_responses(400, 403, 404, 409, 412, 413, 422),
        ),
    )
    router.add_api_route(
        item,
        delete,
        methods=["DELETE"],
        tags=tags,
        status_code=204,
        summary=f"Delete a {title.lower()}",
        operation_id=f"delete_{entity}",
        openapi_extra=spec(
            {"responses": {"204": {"description": "Deleted."}}, "parameters": [_IF_MATCH]},
            problem_responses(403, 404, 409, 412),
        ),
    )


_IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": 'The ETag (W/"<version>") the change is based on; a stale one is answered 412.',
    "schema": {"type": "string"},
}
