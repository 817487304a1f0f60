"""In-process MCP sessions for the app's own agents: the SDK's in-memory client, no network, no token.

    async with connect("workflow", actor, space_id) as session:   # an initialized ClientSession
        tools = MCPTools(session=session); await tools.initialize()

Open and close it inside the task that runs the agent.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from mcp import Client, ClientSession
from mcp.server.mcpserver import MCPServer

from apcs_app.mcp import build_server
from apcs_app.mcp.identity import Identity, acting_as
from apcs_app.services.access import Actor


@functools.cache
def _server(name: str) -> MCPServer:
    # One instance per name serves every in-process connection: each connection runs it
    # with its own state (its identity), so instances hold no per-caller state.
    return build_server(name)


@asynccontextmanager
async def connect(server_name: str, actor: Actor, space_id: int | None) -> AsyncIterator[ClientSession]:
    """An initialized session to one server; every tool call acts as `actor` in `space_id`.

    `actor.via` and `actor.request_id` are what the activity log records for the changes.
    An omitted `space_id` argument of a tool means `space_id`; None means the user's default.
    """
    async with AsyncExitStack() as stack:
        with acting_as(Identity(actor, space_id)):  # the connection starts serving here, as this identity
            client = await stack.enter_async_context(Client(_server(server_name), mode="legacy"))
        yield client.session
