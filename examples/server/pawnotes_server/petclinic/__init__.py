"""The Spring PetClinic REST API under /petclinic/api (the contract: the reference project's openapi.yml).

app.create_app includes `router` with the /petclinic/api prefix after calling `install(app)`, which
routes the errors of those paths to the PetClinic ProblemDetail formatter."""

from __future__ import annotations

from fastapi import FastAPI

from .. import problems
from .errors import format_error
from .routes import router

__all__ = ["router", "install", "PREFIX"]

PREFIX = "/petclinic/api"


def install(app: FastAPI) -> None:
    problems.register_prefix_formatter(PREFIX, format_error)
