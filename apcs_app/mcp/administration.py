"""Administration tools: workspaces and who is in them (3 tools)."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from apcs_app.results import (
    ColumnOut,
    CountsOut,
    MemberOut,
    Paged,
    SpaceCreatedOut,
    SpaceInfoOut,
    SpaceOut,
    SpacesOut,
    SpaceSummaryOut,
    SprintOut,
    SprintRef,
)
from apcs_app.mcp.search import search
from apcs_app.mcp.tooling import Cursor, Limit, MethodologyName, SpaceId, new_server, work
from apcs_app.services import board, members, pages, spaces

INSTRUCTIONS = (
    "Workspaces (spaces) of the signed-in APCS user. A workspace is KANBAN or SCRUM; its creator "
    "becomes its owner. Confirm the methodology with the user before creating one."
)


def create_space(
    name: Annotated[str, Field(description="Name of the new workspace, e.g. 'Project Phoenix'.")],
    methodology: Annotated[
        MethodologyName,
        Field(description="SCRUM for sprint-based teams, KANBAN for continuous flow. Ask if the user did not say."),
    ],
    description: Annotated[str | None, Field(description="Optional sentence about the workspace's purpose.")] = None,
    *,
    ctx: Context,
) -> SpaceCreatedOut:
    """Create a new workspace with a methodology; the caller becomes its owner.

    Use when the user asks for a new workspace/project/space. It starts with the board
    columns To Do, In Progress and Done.
    """
    with work(ctx) as w:
        space = spaces.create_space(w.session, w.actor, name, methodology, description)
        cols = board.columns(w.session, space.id)
        return SpaceCreatedOut(
            message=f"Created {space.methodology} workspace '{space.name}' (id {space.id}); you are its owner.",
            space=SpaceOut.of(space), columns=[ColumnOut.of(c) for c in cols])


def get_user_spaces(limit: Limit = None, cursor: Cursor = None, *, ctx: Context) -> SpacesOut:
    """List the workspaces the user belongs to, with their ids, methodology and size, a page at a
    time (total_count, next_cursor).

    Use to answer "which workspaces do I have" or to find a workspace's id by its name.
    """
    with work(ctx) as w:
        current = w.current_space_id()
        page = pages.slice_page(spaces.list_user_spaces(w.session, w.actor), "spaces", w.actor.user_id, cursor, limit)
        return SpacesOut(count=page.total_count, current_space_id=current, spaces=[SpaceSummaryOut(
            **SpaceOut.of(s.space).model_dump(), is_current=s.space.id == current,
            is_owner=s.space.owner_id == w.actor.user_id, members=s.member_count, backlog_items=s.item_count,
            tasks=s.task_count, active_sprint=SprintRef.of(s.active_sprint) if s.active_sprint else None) for s in page.rows], **Paged.of_page(page))


def get_space_info(space_id: SpaceId = None, limit: Limit = None, cursor: Cursor = None, *,
                   ctx: Context) -> SpaceInfoOut:
    """Describe a workspace: members (ids, names, emails, roles; a page of them: total_count and
    next_cursor count members), board columns (ids, names), the active sprint and counts.

    Use it to resolve a person's or a column's name to its id before other tools (or search).
    """
    with work(ctx) as w:
        summary = spaces.space_summary(w.session, w.actor, w.space_id(space_id))
        space = summary.space
        page = pages.slice_page(members.list_members(w.session, w.actor, space.id), "members", space.id, cursor, limit)
        return SpaceInfoOut(
            space=SpaceOut.of(space), is_current=space.id == w.current_space_id(),
            members=[MemberOut.of(m, space.methodology) for m in page.rows],
            columns=[ColumnOut.of(c) for c in board.columns(w.session, space.id)],
            active_sprint=SprintOut.of(summary.active_sprint) if summary.active_sprint else None,
            counts=CountsOut(members=summary.member_count, backlog_items=summary.item_count, tasks=summary.task_count),
            **Paged.of_page(page))


READS = (get_user_spaces, get_space_info, search)
WRITES = (create_space,)


def build() -> MCPServer:
    return new_server("administration", INSTRUCTIONS, reads=READS, writes=WRITES)
