"""Builds the FastAPI app: routes, error mapping, and the lifespan tasks Reflex must run."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from apcs_app import logs
from apcs_app.api import errors, routes
from apcs_app.domain import DomainError
from apcs_app.mcp import http as mcp_http

log = logging.getLogger("apcs.api")


def create_api() -> FastAPI:
    logs.configure()  # JSON lines for runs and tool calls (apcs.* loggers)
    api = FastAPI(title="APCS API", version="0.1.0", description="Agile project management with AI agents")

    @api.exception_handler(DomainError)
    async def _domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        return JSONResponse({"error": exc.code, "detail": exc.message}, status_code=exc.http_status, headers=headers)

    @api.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")  # the trace stays in the server log, never in the response
        return JSONResponse({"error": "internal", "detail": "Something went wrong on our side."}, status_code=500)

    errors.install(api)  # short 422s for malformed requests: no echo of huge inputs

    @api.get("/health")
    async def health() -> dict:
        return {"status": "healthy", "timestamp": dt.datetime.now(dt.UTC).isoformat()}

    routes.include(api)  # /api/auth/token, /api/context, /v1/runs/stream
    mcp_http.mount(api)  # /mcp/administration, /mcp/workflow, /mcp/scrum_master
    return api


def lifespan_tasks() -> list[Callable[[], contextlib.AbstractAsyncContextManager]]:
    """What the Reflex app must run while serving (it skips mounted lifespans): each item,
    called, gives an async context manager (for `app.register_lifespan_task`)."""
    return mcp_http.lifespans()
