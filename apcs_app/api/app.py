"""Builds the FastAPI app: routes, error mapping, and the lifespan tasks Reflex must run."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from apcs_app.domain import DomainError

log = logging.getLogger("apcs.api")


def create_api() -> FastAPI:
    api = FastAPI(title="APCS API", version="0.1.0", description="Agile project management with AI agents")

    @api.exception_handler(DomainError)
    async def _domain_error(_request: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse({"error": exc.code, "detail": exc.message}, status_code=exc.http_status)

    @api.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")  # the trace stays in the server log, never in the response
        return JSONResponse({"error": "internal", "detail": "Something went wrong on our side."}, status_code=500)

    @api.get("/health")
    async def health() -> dict:
        return {"status": "healthy", "timestamp": dt.datetime.now(dt.UTC).isoformat()}

    return api


def lifespan_tasks() -> list[contextlib.AbstractAsyncContextManager]:
    """Async context managers the Reflex app must enter at start (it skips mounted lifespans)."""
    return []
