"""Workflow tools: the product backlog and the Kanban board (22 tools; card, comment and column
upkeep in workflow_cards.py and workflow_columns.py)."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import BaseModel, ConfigDict, Field

from apcs_app.domain import BacklogItem, BoardColumn, User
from apcs_app.results import (
    BacklogOut,
    BoardOut,
    Change,
    ColumnCardsOut,
    ColumnCreatedOut,
    ColumnOut,
    ColumnRef,
    ColumnTasksOut,
    CommentAddedOut,
    CommentsOut,
    ItemCreatedOut,
    ItemOut,
    ItemRef,
    ItemUpdatedOut,
    Paged,
    PersonOut,
    TaskAssignedOut,
    TaskCreatedOut,
    TaskMovedOut,
    TaskOut,
)
from apcs_app.mcp import by_id, workflow_cards, workflow_columns
from apcs_app.mcp.search import search
from apcs_app.mcp.tooling import (
    POINTS_HELP,
    Cursor,
    Limit,
    PriorityName,
    SpaceId,
    StatusName,
    Words,
    new_server,
    work,
)
from apcs_app.services import backlog, board, comments, pages
from apcs_app.services.pages import Filters

INSTRUCTIONS = (
    "The backlog and Kanban board of the signed-in user's current workspace. Backlog items "
    "(user stories) carry Fibonacci story points; tasks are the cards on the board, each "
    "belonging to a backlog item. Find an item, task, column or member by name with search (it gives "
    "their ids); read whole lists with get_backlog / get_kanban_board only when the user asks for them."
)

ItemId = Annotated[int, Field(description="Backlog item id (see get_backlog).")]
TaskId = Annotated[int, Field(description="Task (card) id (see get_kanban_board).")]
ColumnId = Annotated[int, Field(description="Board column id (see get_kanban_board or get_space_info).")]
Assignee = Annotated[int | str | None, Field(description=(
    "Only tasks assigned to this member (user id, email or name); 'none' for unassigned tasks."))]
ItemStatusFilter = Annotated[StatusName | None, Field(description="Only with this backlog item status "
                                                                  "(TODO, IN_PROGRESS or DONE).")]
PriorityFilter = Annotated[PriorityName | None, Field(description="Only with this priority.")]
InSprint = Annotated[int | None, Field(description="Only those whose backlog item is in this sprint (by id).")]


def create_backlog_item(
    title: Annotated[str, Field(description="Short title of the user story, e.g. 'Export reports to CSV'.")],
    description: Annotated[str | None, Field(description="Optional details or acceptance criteria.")] = None,
    story_points: Annotated[int | None, Field(description=POINTS_HELP + " Omit if the user gave none.")] = None,
    priority: Annotated[PriorityName | None, Field(description="LOW, MEDIUM (the default), HIGH or CRITICAL.")] = None,
    *,
    ctx: Context,
) -> ItemCreatedOut:
    """Add a user story / work item to the current workspace's backlog (at the bottom).

    If the user gives points that are not on the Fibonacci scale, ask them to pick one.
    """
    with work(ctx) as w:
        item = backlog.create_item(w.session, w.actor, w.space_id(), title, description, story_points, priority)
        return ItemCreatedOut(message=f"Created backlog item #{item.id} '{item.title}'.", item=ItemOut.of(item),
                              space_id=item.space_id)


def get_backlog(
    space_id: SpaceId = None,
    status: ItemStatusFilter = None,
    priority: PriorityFilter = None,
    assignee: Annotated[int | str | None, Field(description=(
        "Only items with a task assigned to this member (user id, email or name); 'none': an unassigned task."))] = None,
    sprint_id: InSprint = None,
    words: Words = None,
    limit: Limit = None,
    cursor: Cursor = None,
    *,
    ctx: Context,
) -> BacklogOut:
    """List backlog items in priority order (top first) with their ids, points, priority and
    status, a page at a time (total_count, next_cursor). Filters narrow it; to find one item by
    name, use search."""
    with work(ctx) as w:
        space_id = w.space_id(space_id)
        page = pages.backlog_page(w.session, w.actor, space_id, Filters(
            status=status, priority=priority, assignee=assignee, sprint_id=sprint_id, words=words), cursor, limit)
        return BacklogOut(space_id=space_id, count=page.total_count, total_points=page.total_points,
                          items=[ItemOut.of(i) for i in page.rows], **Paged.of_page(page))


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
) -> ItemUpdatedOut:
    """Change a backlog item's title, description, story points, priority or status."""
    with work(ctx) as w:
        before = ItemOut.of(backlog.get_item(w.session, w.actor, item_id)).data()
        item = backlog.update_item(w.session, w.actor, item_id, updates.model_dump(exclude_unset=True))
        after = ItemOut.of(item)
        changes = {k: Change(**{"from": before[k], "to": v}) for k, v in after.data().items() if before[k] != v}
        message = f"Updated item #{item.id} '{item.title}'." if changes else (
            f"Item #{item.id} '{item.title}' already had these values; nothing changed.")
        return ItemUpdatedOut(message=message, changes=changes, item=after)


def create_task(
    backlog_item_id: ItemId,
    column_id: Annotated[int | None, Field(description="Column to put the task in; omit for the first column.")] = None,
    title: Annotated[str | None, Field(description="Task title; omit to reuse the backlog item's title.")] = None,
    *,
    ctx: Context,
) -> TaskCreatedOut:
    """Create a task (a card on the board) for a backlog item."""
    with work(ctx) as w:
        task = board.create_task(w.session, w.actor, backlog_item_id, column_id, title)
        # Rows the service just loaded and authorised: read from the session, no new checks.
        column = w.session.get(BoardColumn, task.column_id)
        item = w.session.get(BacklogItem, task.backlog_item_id)
        return TaskCreatedOut(message=f"Created task #{task.id} '{task.title}' in {column.name}.",
                              task=TaskOut.of(task, column), backlog_item=ItemRef.of(item))


def move_task(task_id: TaskId, column_id: ColumnId, *, ctx: Context) -> TaskMovedOut:
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
        return TaskMovedOut(message=message, moved=moved, from_column=ColumnRef.of(from_column),
                            to_column=ColumnRef.of(to_column), task=TaskOut.of(task, to_column),
                            backlog_item=ItemRef.of(item))


def assign_task(
    task_id: TaskId,
    user_id: Annotated[
        int | str,
        Field(description="The member's user id (see get_space_info); their email or name also works."),
    ],
    *,
    ctx: Context,
) -> TaskAssignedOut:
    """Assign a task to a member of its workspace."""
    with work(ctx) as w:
        before = board.get_task(w.session, w.actor, task_id).assignee_id
        task = board.assign_task(w.session, w.actor, task_id, user_id)
        user = w.session.get(User, task.assignee_id)
        column = w.session.get(BoardColumn, task.column_id)
        message = (f"Assigned task #{task.id} '{task.title}' to {user.name}." if before != task.assignee_id
                   else f"Task #{task.id} '{task.title}' was already assigned to {user.name}; nothing changed.")
        return TaskAssignedOut(message=message, changed=before != task.assignee_id,
                               assignee=PersonOut(id=user.id, name=user.name, email=user.email),
                               task=TaskOut.of(task, column))


def create_column(
    name: Annotated[str, Field(description="Column name, e.g. 'Code Review'.")],
    order: Annotated[
        int | None,
        Field(ge=1, description="1-based position (1 = first column); omit to insert it just before the last (done) column."),
    ] = None,
    *,
    ctx: Context,
) -> ColumnCreatedOut:
    """Add a column to the current workspace's board."""
    with work(ctx) as w:
        column = board.create_column(w.session, w.actor, w.space_id(), name, order)
        return ColumnCreatedOut(message=f"Added column '{column.name}' at position {column.position + 1}.",
                                column=ColumnOut.of(column),
                                columns=[ColumnOut.of(c) for c in board.columns(w.session, column.space_id)])


def get_kanban_board(
    space_id: SpaceId = None,
    column_id: Annotated[int | None, Field(description="Only the tasks of this column (by id).")] = None,
    assignee: Assignee = None,
    status: ItemStatusFilter = None,
    sprint_id: InSprint = None,
    words: Words = None,
    limit: Limit = None,
    cursor: Cursor = None,
    *,
    ctx: Context,
) -> BoardOut:
    """Show the board: every column in order (ids, names, WIP limits, task counts), with the tasks
    (ids, titles, assignees) in board order, a page at a time (total_count, next_cursor). Filters
    narrow the tasks; to find one task by name, use search."""
    with work(ctx) as w:
        space_id = w.space_id(space_id)
        page = pages.board_page(w.session, w.actor, space_id, Filters(
            column_id=column_id, assignee=assignee, status=status, sprint_id=sprint_id, words=words), cursor, limit)
        return BoardOut(space_id=space_id, columns=[ColumnCardsOut.of(c, page.column_counts[c.id]) for c in page.columns],
                        **Paged.of_page(page))


def get_column_tasks(
    column_id: ColumnId,
    assignee: Assignee = None,
    status: ItemStatusFilter = None,
    words: Words = None,
    limit: Limit = None,
    cursor: Cursor = None,
    *,
    ctx: Context,
) -> ColumnTasksOut:
    """List the tasks in one board column, top first, a page at a time (total_count, next_cursor)."""
    with work(ctx) as w:
        view, page = pages.column_page(w.session, w.actor, column_id, Filters(
            assignee=assignee, status=status, words=words), cursor, limit)
        return ColumnTasksOut(**ColumnCardsOut.of(view, page.column_counts[view.id]).model_dump(),
                              **Paged.of_page(page))


# ---------------------------------------------------------------- comments

def add_comment(
    backlog_item_id: ItemId,
    text: Annotated[str, Field(description="The comment, plain text (up to 4000 characters).")],
    *,
    ctx: Context,
) -> CommentAddedOut:
    """Add a comment to a backlog item, written on behalf of the signed-in user (it shows that
    an agent wrote it). Use it when the user asks to note, reply or comment on an item."""
    with work(ctx) as w:
        comment = comments.add_comment(w.session, w.actor, backlog_item_id, text)
        item = w.session.get(BacklogItem, comment.backlog_item_id)
        author = w.session.get(User, comment.author_id)
        return CommentAddedOut(message=f"Commented on item #{item.id} '{item.title}'.",
                               comment=comments.view(comment, item, author.name))


def get_comments(
    backlog_item_id: ItemId,
    limit: Annotated[int | None, Field(ge=1, le=200, description="Only the latest N comments; omit for all (up to 200).")] = None,
    author: Annotated[str | None, Field(max_length=320, description=(
        "Only comments by this member: part of their name or their email (\"Bob\"); omit for everyone's."))] = None,
    *,
    ctx: Context,
) -> CommentsOut:
    """Read the comments on a backlog item, oldest first, each with its author, time and
    whether an agent wrote it on the author's behalf. Use it to answer questions such as
    "what did Bob say about the CSV export?": find the item with get_backlog, then read its
    comments with author="Bob" and quote his words."""
    with work(ctx) as w:
        found = comments.list_comments(w.session, w.actor, backlog_item_id, limit, author)
        return CommentsOut(backlog_item_id=backlog_item_id, author=author, count=len(found), comments=found)


READS = (get_backlog, get_kanban_board, get_column_tasks, get_comments, search, by_id.get_task, by_id.get_backlog_item)
UPKEEP = (*workflow_cards.WRITES, *workflow_columns.WRITES)
WRITES = (create_backlog_item, update_backlog_item, create_task, move_task, assign_task, create_column, add_comment,
          *UPKEEP)


# Moving to the column a task is in, assigning it to its assignee or setting the values an item
# has changes nothing (the result says so). A comment speaks for the user to the team. Every
# upkeep tool alters or removes what exists.
CHANGES = (update_backlog_item, move_task, assign_task)
IDEMPOTENT = (*CHANGES, *workflow_cards.IDEMPOTENT, *workflow_columns.IDEMPOTENT)


def build() -> MCPServer:
    return new_server("workflow", INSTRUCTIONS, reads=READS, writes=WRITES, changes=(*CHANGES, add_comment, *UPKEEP),
                      idempotent=IDEMPOTENT)
