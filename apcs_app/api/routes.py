"""The API's own routes (auth, context, agent runs, REST resources), added to the app in one call."""

from __future__ import annotations

from fastapi import FastAPI

from apcs_app.api import auth_routes, confirm_routes, context_routes, flow_routes, resources, runs, session_routes


def include(api: FastAPI) -> None:
    for module in (auth_routes, session_routes, context_routes, runs, confirm_routes, resources, flow_routes):
        api.include_router(module.router)
