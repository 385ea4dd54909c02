"""The OpenAPI document (/openapi.json) and Swagger UI (/docs), served without any CDN: the Swagger UI
files come from the `swagger-ui-bundle` package when it is installed (else /docs says how to get it).

The document's entity schemas are the core's JSON Schemas (pawnotes.json_schema), so the contract and the
validation cannot drift apart."""

from __future__ import annotations

from typing import Any, Dict

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse, JSONResponse

from .openapi_schemas import add_core_schemas
from .routing import expand_routes

__all__ = ["install", "build_openapi"]


def build_openapi(app: FastAPI) -> Dict[str, Any]:
    if app.openapi_schema is None:
        doc = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=list(expand_routes(app.routes)),
        )
        add_core_schemas(doc)
        _secure_native_operations(doc)
        app.openapi_schema = doc
    return app.openapi_schema


_PUBLIC = {"/api/v1/auth/login"}


def _secure_native_operations(doc: Dict[str, Any]) -> None:
    """Every native operation but sign-in needs the bearer token (and may answer 401)."""
    for path, item in doc.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in item.items():
            if method not in ("get", "put", "post", "patch", "delete") or path in _PUBLIC:
                continue
            operation.setdefault("security", [{"bearerAuth": []}])
            operation.setdefault("responses", {}).setdefault(
                "401",
                {
                    "description": "Not signed in, or the token expired or was revoked.",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                },
            )


def install(app: FastAPI) -> None:
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_json() -> JSONResponse:
        return JSONResponse(build_openapi(app))

    try:
        import swagger_ui_bundle  # type: ignore[import-untyped]

        assets = swagger_ui_bundle.swagger_ui_path
    except ImportError:
        assets = None

    if assets is not None:
        app.mount("/docs/assets", StaticFiles(directory=str(assets)), name="swagger-ui")

        @app.get("/docs", include_in_schema=False)
        def swagger_ui() -> HTMLResponse:
            return get_swagger_ui_html(
                openapi_url="/openapi.json",
                title="pawnotes API",
                swagger_js_url="/docs/assets/swagger-ui-bundle.js",
                swagger_css_url="/docs/assets/swagger-ui.css",
                swagger_favicon_url="/docs/assets/favicon-32x32.png",
            )

    else:

        @app.get("/docs", include_in_schema=False)
        def swagger_ui_missing() -> HTMLResponse:
            return HTMLResponse(
                "<h1>pawnotes API</h1><p>Swagger UI needs the <code>swagger-ui-bundle</code> package "
                "(pip install swagger-ui-bundle); the OpenAPI document is at "
                '<a href="/openapi.json">/openapi.json</a>.</p>'
            )
