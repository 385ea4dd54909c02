"""The native API (under /api/v1): routers per resource, all on the pawnotes core. Their routes carry full
paths; the app serves them as one RouteGroup (pawnotes_server.routing)."""

from typing import List

from starlette.routing import BaseRoute

from . import auth_routes, resources

PREFIX = "/api/v1"


def routes() -> List[BaseRoute]:
    """Every route of the native API, in registration order."""
    return [*auth_routes.router.routes, *resources.router.routes]


__all__ = ["PREFIX", "routes"]
