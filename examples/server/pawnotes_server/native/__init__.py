"""The native API (mounted under /api/v1): routers per resource, all on the pawnotes core."""

from fastapi import APIRouter

from . import auth_routes, resources

router = APIRouter()
router.include_router(auth_routes.router)
router.include_router(resources.router)

__all__ = ["router"]
