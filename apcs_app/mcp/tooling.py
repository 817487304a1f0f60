"""What every tool shares: acting as the caller in one transaction, and server assembly."""

from __future__ import annotations

import functools
import inspect
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.tools import Tool
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from apcs_app import db
from apcs_app.domain import FIBONACCI_POINTS, DomainError, ItemStatus, Methodology, NotFoundError, Priority
from apcs_app.mcp.identity import connection_state, current
from apcs_app.services.pages import DEFAULT_LIMIT, MAX_LIMIT
from apcs_app.services import spaces
from apcs_app.services.access import Actor

# A domain error is an ordinary answer to the model, not a server fault: the SDK logs those
# at INFO (with the caller's text), which would only add noise. Real crashes stay ERROR.
logging.getLogger("mcp.server.mcpserver.server").setLevel(logging.WARNING)
log = logging.getLogger("apcs.mcp")

# Enumerations offered to the model, taken from the domain so they cannot drift apart.
MethodologyName = Literal[tuple(m.value for m in Methodology)]  # type: ignore[valid-type]
PriorityName = Literal[tuple(p.value for p in Priority)]  # type: ignore[valid-type]
StatusName = Literal[tuple(s.value for s in ItemStatus)]  # type: ignore[valid-type]

SpaceId = Annotated[
    int | None,
    Field(description="Workspace id (see get_user_spaces); omit it for the current workspace."),
]
SprintId = Annotated[
    int | None,
    Field(description="Sprint id; omit it for the current sprint (the active one, else the next planned one)."),
]
POINTS_HELP = (
    f"Story points on the Fibonacci scale: {', '.join(map(str, FIBONACCI_POINTS[:-1]))} or {FIBONACCI_POINTS[-1]}"
    " (other values are refused)."
)


@dataclass
class Work:
    """One tool call: the session of its transaction, the caller, their current workspace."""

    session: Session
    actor: Actor
    _space_id: int | None = None
    _looked_up: bool = field(default=False, repr=False)

    def current_space_id(self) -> int | None:
        if self._space_id is None and not self._looked_up:
            self._space_id = spaces.default_space_id(self.session, self.actor)
            self._looked_up = True
        return self._space_id

    def space_id(self, explicit: int | None = None) -> int:
        """The workspace a call works in: the one named, else the current one."""
        if explicit is not None:
            return explicit
        space_id = self.current_space_id()
        if space_id is None:
            raise NotFoundError("You have no workspace yet; create one with create_space first.")
        return space_id


@contextmanager
def work(ctx: Context) -> Iterator[Work]:
    """Run a tool body as its caller inside one transaction; a domain error becomes a tool error."""
    identity = current(ctx)
    try:
        with db.transaction() as session:
            yield Work(session, identity.acting(), identity.space_id)
    except DomainError as exc:
        raise ToolError(exc.message) from None


BUDGET = 20_000  # characters: the most any tool result may hold (a few thousand tokens)
Limit = Annotated[int | None, Field(ge=1, le=MAX_LIMIT, description=(
    f"Most rows to return (default {DEFAULT_LIMIT}); fewer come back if they would not fit the result budget."))]
Cursor = Annotated[str | None, Field(description="next_cursor of the previous page, with the same filters; "
                                                 "omit for the first page.")]
Words = Annotated[str | None, Field(description="Words that must all appear in the title, e.g. 'csv export'.")]


def _data(result: BaseModel) -> dict[str, Any]:
    return result.model_dump(mode="json", by_alias=True)


def _compact(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def _typed(fn: Callable[..., BaseModel]) -> Callable[..., CallToolResult]:
    """The tool as the SDK runs it: same signature; its result model becomes structured content
    (checked by the SDK against the output schema taken from the return annotation) and the same
    JSON, compact, as the one text block a model reads (indentation would only cost tokens).

    The result budget is kept here, for every tool: a listing whose page would pass BUDGET
    characters is read again with fewer rows (so it says truncated, with a next_cursor) — rows
    are dropped, never characters. A result that cannot shrink is a bug in the tool, refused.

    Tools stay synchronous, so the SDK runs them on a worker thread and a slow query or a
    wait for SQLite's write lock never stalls the app's event loop."""
    pageable = "limit" in inspect.signature(fn).parameters

    @functools.wraps(fn)
    def tool(**kwargs: Any) -> CallToolResult:
        data = _data(fn(**kwargs))
        text = _compact(data)
        limit = kwargs.get("limit") or DEFAULT_LIMIT
        while len(text) > BUDGET and pageable and limit > 1:
            limit = max(1, min(limit - 1, int(limit * BUDGET / len(text) * 0.9)))
            data = _data(fn(**{**kwargs, "limit": limit}))
            text = _compact(data)
        if len(text) > BUDGET:
            log.error("tool %s result of %d characters is over the budget", fn.__name__, len(text))
            raise ToolError(f"This result would be {len(text)} characters, over the {BUDGET} budget; "
                            "narrow it with the tool's filters.")
        return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=data)

    return tool


def _annotations(kind: str, idempotent: bool) -> ToolAnnotations:
    """What a client may assume (MCP spec): reads touch nothing; a `create` only adds a new thing;
    a `change` alters what exists (the agents ask the user first, agents/confirm.py), so it is
    destructive. Idempotent: the same call again changes nothing more. Nothing leaves APCS."""
    if kind == "read":
        return ToolAnnotations(read_only_hint=True, idempotent_hint=True, open_world_hint=False)
    return ToolAnnotations(read_only_hint=False, destructive_hint=kind == "change", idempotent_hint=idempotent,
                           open_world_hint=False)


def _strict(tool: Tool) -> Tool:
    """The tool refuses arguments it does not take (the SDK's argument model ignores them): a
    `space_id` given to a tool without one would otherwise act on the current workspace while
    the caller meant another. The schema says so too (additionalProperties: false)."""
    loose = tool.fn_metadata.arg_model
    strict = type(loose.__name__, (loose,), {"model_config": ConfigDict(**loose.model_config, extra="forbid"),
                                            "__module__": loose.__module__})
    tool.fn_metadata.arg_model = strict
    tool.parameters = strict.model_json_schema(by_alias=True)
    return tool


def new_server(
    name: str, instructions: str, *, reads: Sequence[Callable], writes: Sequence[Callable],
    changes: Sequence[Callable] = (), idempotent: Sequence[Callable] = (),
) -> MCPServer:
    """`writes`: every tool that writes; `changes`: those of them that alter existing data;
    `idempotent`: writes that, repeated with the same arguments, change nothing more."""
    kind = lambda fn: "read" if fn in reads else "change" if fn in changes else "create"  # noqa: E731
    tools = [_strict(Tool.from_function(_typed(fn), annotations=_annotations(kind(fn), fn in idempotent),
                                        structured_output=True))
             for fn in (*reads, *writes)]
    return MCPServer(name=f"apcs-{name}", instructions=instructions, log_level="WARNING",
                     lifespan=connection_state, tools=tools)
