"""Who is calling a tool, and in which workspace.

Every transport attaches an `Identity` before any tool runs, and a tool finds it in its
own context (never in a global):
- in process and stdio: one connection, one caller. The connection is opened `acting_as`
  its identity, and the servers' lifespan (`connection_state`), which the SDK enters once
  per connection as it starts serving it, keeps that identity as the connection's state
  (`ctx.request_context.lifespan_context`). Requests run in their sender's context, so the
  identity cannot simply stay in a context variable: two connections opened by one task
  would share it;
- streamable HTTP: the bearer wrapper (`http.py`) checks every request and puts the
  identity into that request's ASGI scope (`ctx.request_context.request.scope`); the
  lifespan's state there belongs to the whole app and holds no identity.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError

from apcs_app import db
from apcs_app.domain import Via
from apcs_app.domain.errors import AuthError
from apcs_app.services import auth, spaces
from apcs_app.services.access import Actor

SCOPE_KEY = "apcs.identity"


@dataclass(frozen=True)
class Identity:
    actor: Actor
    # The current workspace; None means the user's default one, looked up at each call
    # (so a user who creates their first workspace can use it in the same session).
    space_id: int | None = None
    # A stdio process serves a whole client session: give each call its own request id.
    fresh_request_ids: bool = False

    def acting(self) -> Actor:
        return self.actor.with_request() if self.fresh_request_ids else self.actor


_opening_identity: ContextVar[Identity | None] = ContextVar("apcs_mcp_opening_identity", default=None)


@contextmanager
def acting_as(identity: Identity) -> Iterator[None]:
    """Open a stream connection (in process, stdio) inside this block: it serves as `identity`."""
    token = _opening_identity.set(identity)
    try:
        yield
    finally:
        _opening_identity.reset(token)


@asynccontextmanager
async def connection_state(_server: Any) -> AsyncIterator[dict[str, Identity | None]]:
    """Every server's lifespan: the state of one connection, as it starts (HTTP: none)."""
    yield {SCOPE_KEY: _opening_identity.get()}


def current(ctx: Context) -> Identity:
    context = ctx.request_context
    if context.request is not None:  # HTTP: each request carries its own caller
        identity = context.request.scope.get(SCOPE_KEY)
    else:
        state = context.lifespan_context
        identity = state.get(SCOPE_KEY) if isinstance(state, dict) else None
    if identity is None:
        raise ToolError("This MCP session is not signed in; connect with an APCS bearer token.")
    return identity


def authenticate(token: str | None, space: str | None = None, *, fresh_request_ids: bool = False) -> Identity:
    """The identity a bearer token and an optional workspace (name or id) stand for.

    Raises AuthError for a missing or bad token, NotFoundError for a workspace the user
    does not belong to.
    """
    token = (token or "").strip()
    if not token:
        raise AuthError("No APCS token was given; get one with `apcs token YOUR_EMAIL`.")
    with db.transaction() as session:
        user = auth.verify_token(session, token)
        actor = Actor(user.id, Via.MCP)
        space_id = spaces.resolve_space(session, actor, space).id if space and space.strip() else None
    return Identity(actor, space_id, fresh_request_ids)
