"""Administration tools: workspaces and who is in them (3 tools)."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from apcs_app.results import ColumnOut, MemberOut, SpaceOut, SprintOut
from apcs_app.mcp.search import search
from apcs_app.mcp.tooling import MethodologyName, SpaceId, new_server, work
from apcs_app.services import board, members, spaces

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
) -> dict[str, Any]:
    """Create a new workspace with a methodology; the caller becomes its owner.

    Use when the user asks for a new workspace/project/space. It starts with the board
    columns To Do, In Progress and Done.
    """
    with work(ctx) as w:
        space = spaces.create_space(w.session, w.actor, name, methodology, description)
        cols = board.columns(w.session, space.id)
        return {
            "message": f"Created {space.methodology} workspace '{space.name}' (id {space.id}); you are its owner.",
            "space": SpaceOut.of(space).data(),
            "columns": [ColumnOut.of(c).data() for c in cols],
        }


def get_user_spaces(*, ctx: Context) -> dict[str, Any]:
    """List the workspaces the user belongs to, with their ids, methodology and size.

    Use to answer "which workspaces do I have" or to find a workspace's id by its name.
    """
    with work(ctx) as w:
        summaries = spaces.list_user_spaces(w.session, w.actor)
        current = w.current_space_id()
        return {
            "count": len(summaries),
            "current_space_id": current,
            "spaces": [
                SpaceOut.of(s.space).data()
                | {
                    "is_current": s.space.id == current,
                    "is_owner": s.space.owner_id == w.actor.user_id,
                    "members": s.member_count,
                    "backlog_items": s.item_count,
                    "tasks": s.task_count,
                    "active_sprint": {"id": s.active_sprint.id, "name": s.active_sprint.name} if s.active_sprint else None,
                }
                for s in summaries
            ],
        }


def get_space_info(space_id: SpaceId = None, *, ctx: Context) -> dict[str, Any]:
    """Describe a workspace: members (ids, names, emails, roles), board columns (ids, names),
    the active sprint and counts.

    Use it to resolve a person's or a column's name to its id before other tools.
    """
    with work(ctx) as w:
        summary = spaces.space_summary(w.session, w.actor, w.space_id(space_id))
        space = summary.space
        people = members.list_members(w.session, w.actor, space.id)
        return {
            "space": SpaceOut.of(space).data(),
            "is_current": space.id == w.current_space_id(),
            "members": [MemberOut.of(m, space.methodology).data() for m in people],
            "columns": [ColumnOut.of(c).data() for c in board.columns(w.session, space.id)],
            "active_sprint": SprintOut.of(summary.active_sprint).data() if summary.active_sprint else None,
            "counts": {"members": summary.member_count, "backlog_items": summary.item_count, "tasks": summary.task_count},
        }


READS = (get_user_spaces, get_space_info, search)
WRITES = (create_space,)


def build() -> MCPServer:
    return new_server("administration", INSTRUCTIONS, reads=READS, writes=WRITES)
