"""Workflow tools: the product backlog and the Kanban board (9 tools)."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from pydantic import BaseModel, ConfigDict, Field

from apcs_app.domain import BacklogItem, BoardColumn, User
from apcs_app.results import ColumnCardsOut, ColumnOut, ColumnRef, ItemOut, ItemRef, TaskOut
from apcs_app.mcp.search import search
from apcs_app.mcp.tooling import POINTS_HELP, PriorityName, SpaceId, StatusName, new_server, work
from apcs_app.services import backlog, board, comments

INSTRUCTIONS = (
    "The backlog and Kanban board of the signed-in user's current workspace. Backlog items "
    "(user stories) carry Fibonacci story points; tasks are the cards on the board, each "
    "belonging to a backlog item. Find an item, task, column or member by name with search (it gives "
    "their ids); read whole lists with get_backlog / get_kanban_board only when the user asks for them."
)

ItemId = Annotated[int, Field(description="Backlog item id (see get_backlog).")]
TaskId = Annotated[int, Field(description="Task (card) id (see get_kanban_board).")]
ColumnId = Annotated[int, Field(description="Board column id (see get_kanban_board or get_space_info).")]


def create_backlog_item(
    title: Annotated[str, Field(description="Short title of the user story, e.g. 'Export reports to CSV'.")],
    description: Annotated[str | None, Field(description="Optional details or acceptance criteria.")] = None,
    story_points: Annotated[int | None, Field(description=POINTS_HELP + " Omit if the user gave none.")] = None,
    priority: Annotated[PriorityName | None, Field(description="LOW, MEDIUM (the default), HIGH or CRITICAL.")] = None,
    *,
    ctx: Context,
) -> dict[str, Any]:
    """Add a user story / work item to the current workspace's backlog (at the bottom).

    If the user gives points that are not on the Fibonacci scale, ask them to pick one.
    """
    with work(ctx) as w:
        item = backlog.create_item(w.session, w.actor, w.space_id(), title, description, story_points, priority)
        return {"message": f"Created backlog item #{item.id} '{item.title}'.", "item": ItemOut.of(item).data(),
                "space_id": item.space_id}


def get_backlog(space_id: SpaceId = None, *, ctx: Context) -> dict[str, Any]:
    """List the backlog items of a workspace in priority order (top first), with their ids,
    points, priority and status."""
    with work(ctx) as w:
        space_id = w.space_id(space_id)
        items = backlog.list_backlog(w.session, w.actor, space_id)
        return {
            "space_id": space_id,
            "count": len(items),
            "total_points": sum(i.story_points or 0 for i in items),
            "items": [ItemOut.of(i).data() for i in items],
        }


class BacklogItemUpdates(BaseModel):
    """The fields to change; leave out the ones that stay as they are."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, description="New title.")
    description: str | None = Field(default=None, description="New description (null clears it).")
    story_points: int | None = Field(default=None, description=POINTS_HELP + " null clears them.")
    priority: PriorityName | None = Field(default=None, description="LOW, MEDIUM, HIGH or CRITICAL.")
    status: StatusName | None = Field(default=None, description="TODO, IN_PROGRESS or DONE.")


def update_backlog_item(
    item_id: ItemId,
    updates: Annotated[BacklogItemUpdates, Field(description="Only the fields to change, e.g. {\"story_points\": 3}.")],
    *,
    ctx: Context,
) -> dict[str, Any]:
    """Change a backlog item's title, description, story points, priority or status."""
    with work(ctx) as w:
        before = ItemOut.of(backlog.get_item(w.session, w.actor, item_id)).data()
        item = backlog.update_item(w.session, w.actor, item_id, updates.model_dump(exclude_unset=True))
        after = ItemOut.of(item).data()
        changes = {k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]}
        message = f"Updated item #{item.id} '{item.title}'." if changes else (
            f"Item #{item.id} '{item.title}' already had these values; nothing changed.")
        return {"message": message, "changes": changes, "item": after}


def create_task(
    backlog_item_id: ItemId,
    column_id: Annotated[int | None, Field(description="Column to put the task in; omit for the first column.")] = None,
    title: Annotated[str | None, Field(description="Task title; omit to reuse the backlog item's title.")] = None,
    *,
    ctx: Context,
) -> dict[str, Any]:
    """Create a task (a card on the board) for a backlog item."""
    with work(ctx) as w:
        task = board.create_task(w.session, w.actor, backlog_item_id, column_id, title)
        # Rows the service just loaded and authorised: read from the session, no new checks.
        column = w.session.get(BoardColumn, task.column_id)
        item = w.session.get(BacklogItem, task.backlog_item_id)
        return {
            "message": f"Created task #{task.id} '{task.title}' in {column.name}.",
            "task": TaskOut.of(task, column).data(),
            "backlog_item": ItemRef.of(item).data(),
        }


def move_task(task_id: TaskId, column_id: ColumnId, *, ctx: Context) -> dict[str, Any]:
    """Move a task to another column of its board (e.g. from To Do to In Progress or Done).

    Moving into the last column marks the task done; the backlog item's status follows.
    """
    with work(ctx) as w:
        from_id = board.get_task(w.session, w.actor, task_id).column_id
        task, moved = board.move_task(w.session, w.actor, task_id, column_id)
        from_column, to_column = w.session.get(BoardColumn, from_id), w.session.get(BoardColumn, task.column_id)
        item = w.session.get(BacklogItem, task.backlog_item_id)
        message = (f"Moved task #{task.id} '{task.title}' from {from_column.name} to {to_column.name}." if moved
                   else f"Task #{task.id} '{task.title}' is already in {to_column.name}; nothing changed.")
        return {
            "message": message,
            "moved": moved,
            "from_column": ColumnRef.of(from_column).data(),
            "to_column": ColumnRef.of(to_column).data(),
            "task": TaskOut.of(task, to_column).data(),
            "backlog_item": ItemRef.of(item).data(),
        }


def assign_task(
    task_id: TaskId,
    user_id: Annotated[
        int | str,
        Field(description="The member's user id (see get_space_info); their email or name also works."),
    ],
    *,
    ctx: Context,
) -> dict[str, Any]:
    """Assign a task to a member of its workspace."""
    with work(ctx) as w:
        before = board.get_task(w.session, w.actor, task_id).assignee_id
        task = board.assign_task(w.session, w.actor, task_id, user_id)
        user = w.session.get(User, task.assignee_id)
        column = w.session.get(BoardColumn, task.column_id)
        message = (f"Assigned task #{task.id} '{task.title}' to {user.name}." if before != task.assignee_id
                   else f"Task #{task.id} '{task.title}' was already assigned to {user.name}; nothing changed.")
        return {
            "message": message,
            "changed": before != task.assignee_id,
            "assignee": {"id": user.id, "name": user.name, "email": user.email},
            "task": TaskOut.of(task, column).data(),
        }


def create_column(
    name: Annotated[str, Field(description="Column name, e.g. 'Code Review'.")],
    order: Annotated[
        int | None,
        Field(ge=1, description="1-based position (1 = first column); omit to insert it just before the last (done) column."),
    ] = None,
    *,
    ctx: Context,
) -> dict[str, Any]:
    """Add a column to the current workspace's board."""
    with work(ctx) as w:
        column = board.create_column(w.session, w.actor, w.space_id(), name, order)
        return {
            "message": f"Added column '{column.name}' at position {column.position + 1}.",
            "column": ColumnOut.of(column).data(),
            "columns": [ColumnOut.of(c).data() for c in board.columns(w.session, column.space_id)],
        }


def get_kanban_board(space_id: SpaceId = None, *, ctx: Context) -> dict[str, Any]:
    """Show the whole board: columns in order, each with its tasks (ids, titles, assignees)."""
    with work(ctx) as w:
        space_id = w.space_id(space_id)
        columns = board.get_board(w.session, w.actor, space_id)
        return {"space_id": space_id, "columns": [ColumnCardsOut.of(c).data() for c in columns]}


def get_column_tasks(column_id: ColumnId, *, ctx: Context) -> dict[str, Any]:
    """List the tasks in one board column."""
    with work(ctx) as w:
        return ColumnCardsOut.of(board.get_column_tasks(w.session, w.actor, column_id)).data()


READS = (get_backlog, get_kanban_board, get_column_tasks, search)
WRITES = (create_backlog_item, update_backlog_item, create_task, move_task, assign_task, create_column)


def build() -> MCPServer:
    return new_server("workflow", INSTRUCTIONS, reads=READS, writes=WRITES)


# ---------------------------------------------------------------- comments

def add_comment(
    backlog_item_id: ItemId,
    text: Annotated[str, Field(description="The comment, plain text (up to 4000 characters).")],
    *,
    ctx: Context,
) -> dict[str, Any]:
    """Add a comment to a backlog item, written on behalf of the signed-in user (it shows that
    an agent wrote it). Use it when the user asks to note, reply or comment on an item."""
    with work(ctx) as w:
        comment = comments.add_comment(w.session, w.actor, backlog_item_id, text)
        item = w.session.get(BacklogItem, comment.backlog_item_id)
        author = w.session.get(User, comment.author_id)
        return {"message": f"Commented on item #{item.id} '{item.title}'.",
                "comment": comments.view(comment, item, author.name).model_dump(mode="json")}


def get_comments(
    backlog_item_id: ItemId,
    limit: Annotated[int | None, Field(ge=1, le=200, description="Only the latest N comments; omit for all (up to 200).")] = None,
    *,
    ctx: Context,
) -> dict[str, Any]:
    """Read the comments on a backlog item, oldest first, each with its author, time and
    whether an agent wrote it on the author's behalf. Use it to answer questions such as
    "what did Bob say about the CSV export?": find the item with get_backlog, then read its
    comments and quote the author's words."""
    with work(ctx) as w:
        found = comments.list_comments(w.session, w.actor, backlog_item_id, limit)
        return {"backlog_item_id": backlog_item_id, "count": len(found),
                "comments": [c.model_dump(mode="json") for c in found]}


READS = READS + (get_comments,)
WRITES = WRITES + (add_comment,)
