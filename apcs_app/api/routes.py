"""The API's own routes (auth, context, agent runs), added to the app in one call."""

from __future__ import annotations

from fastapi import FastAPI

from apcs_app.api import auth_routes, context_routes, runs


def include(api: FastAPI) -> None:
    for module in (auth_routes, context_routes, runs):
        api.include_router(module.router)
