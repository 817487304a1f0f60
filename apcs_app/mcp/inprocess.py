"""In-process MCP sessions for the app's own agents: memory streams, no network, no token.

    async with connect("workflow", actor, space_id) as session:   # an initialized ClientSession
        tools = MCPTools(session=session); await tools.initialize()

Open and close it inside the task that runs the agent.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from mcp import Client, ClientSession
from mcp.client._memory import InMemoryTransport
from mcp.server.mcpserver import MCPServer

from apcs_app.mcp import build_server
from apcs_app.mcp.identity import Identity, serve
from apcs_app.services.access import Actor


@functools.cache
def _server(name: str) -> MCPServer:
    # One instance per name serves every in-process connection: each connection runs it
    # on its own streams, so instances hold no per-caller state.
    return build_server(name)


class _ServedAs:
    """What the SDK's in-memory transport runs: `server`, serving the connection as `identity`."""

    def __init__(self, server: MCPServer, identity: Identity):
        self._server = server
        self._identity = identity

    def create_initialization_options(self) -> None:
        return None  # serve() brings the server's own

    async def run(self, read_stream: Any, write_stream: Any, _options: Any, raise_exceptions: bool = False) -> None:
        await serve(self._server, read_stream, write_stream, self._identity, raise_exceptions=raise_exceptions)


@asynccontextmanager
async def connect(server_name: str, actor: Actor, space_id: int | None) -> AsyncIterator[ClientSession]:
    """An initialized session to one server; every tool call acts as `actor` in `space_id`.

    `actor.via` and `actor.request_id` are what the activity log records for the changes.
    An omitted `space_id` argument of a tool means `space_id`; None means the user's default.
    """
    transport = InMemoryTransport(_ServedAs(_server(server_name), Identity(actor, space_id)))  # type: ignore[arg-type]
    async with Client(transport, mode="legacy") as client:
        yield client.session
