"""The `search` tool, on all three servers: names to ids without reading whole lists."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver import Context
from pydantic import Field

from apcs_app.mcp.tooling import SpaceId, work
from apcs_app.results import SearchOut
from apcs_app.services import search as finder


def search(
    query: Annotated[str, Field(description="The name or words to look for, as the user said them, e.g. "
                                            "'CSV serializer' or 'Bob'; small typos are fine.")],
    kinds: Annotated[list[Literal["item", "task", "column", "sprint", "member"]] | None, Field(
        description="Only these kinds (item = backlog item, task = board card); omit for all.")] = None,
    limit: Annotated[int, Field(ge=1, le=finder.MAX_LIMIT, description="Most results to return (best first).")] = 10,
    space_id: SpaceId = None,
    *,
    ctx: Context,
) -> SearchOut:
    """Find backlog items, tasks (cards), board columns, sprints and members of a workspace by
    name, best match first, with their ids. Use it to turn a name the user gave ("move the CSV
    serializer task to Done") into the ids other tools take, instead of reading the whole board
    or backlog. Done tasks and items are found too."""
    with work(ctx) as w:
        return SearchOut.of(finder.search(w.session, w.actor, w.space_id(space_id), query, kinds, limit))
