"""The API's own routes (auth, context, agent runs, REST resources), added to the app in one call."""

from __future__ import annotations

from fastapi import FastAPI

from apcs_app.api import auth_routes, context_routes, resources, runs


def include(api: FastAPI) -> None:
    for module in (auth_routes, context_routes, runs, resources):
        api.include_router(module.router)
