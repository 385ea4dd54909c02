"""/api/v1/auth: sign in (bearer token), sign out (revoke it), who am I."""

from __future__ import annotations

from typing import Any, Dict

import pawnotes
from fastapi import APIRouter, Depends, Request
from starlette.responses import JSONResponse, Response

from ..auth import Principal, bearer_token, client_address, iso_timestamp, require_principal
from ..db import get_db
from ..openapi_schemas import list_response, problem_responses, ref, spec
from ..problems import TooManyRequests, Unauthorized
from .common import json_body

router = APIRouter(prefix="/api/v1/auth", tags=["Auth"])


@router.post(
    "/login",
    operation_id="login",
    summary="Sign in: a bearer token for the native API",
    openapi_extra=spec(
        {"requestBody": {"required": True, "content": {"application/json": {"schema": ref("LoginRequest")}}}},
        list_response("LoginResponse"),
        problem_responses(400, 401, 422, 429),
        {"security": []},
    ),
)
def login(
    request: Request, body: Dict[str, Any] = Depends(json_body), db: pawnotes.Database = Depends(get_db)
) -> Response:
    username, password = body.get("username"), body.get("password")
    errors = [
        pawnotes.FieldError(name, "required", "is required")
        for name, value in (("username", username), ("password", password))
        if not isinstance(value, str) or not value
    ]
    if errors:
        raise pawnotes.ValidationError("username and password are required", errors)
    auth = request.app.state.auth
    wait = auth.note_attempt(username, client_address(request))
    if wait is not None:
        raise TooManyRequests(f"Too many sign-in attempts; try again in {wait} s.", {"Retry-After": str(wait)})
    principal = auth.authenticate(db, username, password)
    if principal is None:
        raise Unauthorized("Wrong username or password.")
    token, expires = auth.issue(principal)
    request.state.principal = principal
    return JSONResponse(
        {"token": token, "tokenType": "Bearer", "expiresAt": iso_timestamp(expires), "user": principal.to_json()},
        headers={"Cache-Control": "no-store"},
    )


@router.post(
    "/logout",
    status_code=204,
    operation_id="logout",
    summary="Sign out: revokes the bearer token",
    openapi_extra=spec({"responses": {"204": {"description": "The token is revoked."}}}, problem_responses(401)),
)
def logout(request: Request, principal: Principal = Depends(require_principal)) -> Response:
    token = bearer_token(request)
    assert token is not None  # require_principal checked it
    request.app.state.auth.revoke(token)
    return Response(status_code=204)


@router.get(
    "/me",
    operation_id="me",
    summary="The signed-in user",
    openapi_extra=spec(list_response("CurrentUser"), problem_responses(401)),
)
async def me(principal: Principal = Depends(require_principal)) -> Response:
    return JSONResponse(principal.to_json())
