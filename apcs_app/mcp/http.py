"""The three servers over streamable HTTP at /mcp/<server>, behind a bearer token.

Every request must carry `Authorization: Bearer <token>` (from `apcs token EMAIL`) and may
name its workspace in `X-APCS-Space` (name or id). Both are checked before the MCP app sees
the request; the identity then travels in that request's ASGI scope (see identity.py).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

import anyio.to_thread
from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from apcs_app.asgi import HttpMiddleware
from apcs_app.domain import DomainError
from apcs_app.mcp import SERVER_NAMES, build_server
from apcs_app.mcp.identity import SCOPE_KEY, authenticate

PREFIX = "/mcp"
SPACE_HEADER = "x-apcs-space"

# The session managers of the servers mounted last. Reflex does not run a mounted app's
# lifespan, so the app enters these itself (api.app.lifespan_tasks).
_session_managers: list = []


class BearerIdentity(HttpMiddleware):
    """ASGI wrapper: 401 without a valid bearer token, else the caller goes into the scope."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope)
        scheme, _, token = headers.get("authorization", "").partition(" ")
        try:
            if scheme.lower() != "bearer":
                token = ""
            identity = await anyio.to_thread.run_sync(authenticate, token, headers.get(SPACE_HEADER))
        except DomainError as exc:
            challenge = {"WWW-Authenticate": "Bearer"} if exc.http_status == 401 else None
            response = JSONResponse({"error": exc.code, "detail": exc.message}, exc.http_status, headers=challenge)
            await response(scope, receive, send)
            return
        scope[SCOPE_KEY] = identity
        await self.app(scope, receive, send)


def mount(api: FastAPI) -> None:
    """Serve each server at /mcp/<name> on `api` (one new instance each)."""
    servers = [build_server(name) for name in SERVER_NAMES]
    routes = [
        route
        for name, server in zip(SERVER_NAMES, servers)
        for route in server.streamable_http_app(streamable_http_path=f"/{name}").routes
    ]
    api.mount(PREFIX, BearerIdentity(Starlette(routes=routes)))
    _session_managers[:] = [server.session_manager for server in servers]


def lifespans() -> list[Callable[[], AbstractAsyncContextManager[None]]]:
    """What must run while the app serves: each call gives one session manager's context."""
    return [manager.run for manager in _session_managers]
