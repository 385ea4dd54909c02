"""pawnotes_server: the pawnotes REST server (native API under /api/v1, Spring PetClinic API under
/petclinic/api), a thin FastAPI layer over the pawnotes core. Build an app with create_app(settings)."""

__version__ = "0.1.0"
