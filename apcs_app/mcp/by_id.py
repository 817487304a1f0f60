"""Read one task or backlog item by id, on the Workflow and Scrum Master servers: what a
confirmation card or an agent needs to name a thing it holds the id of, without reading a page
of the board or the backlog (on a board of 50,000 cards the thing may not be on that page)."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context
from pydantic import Field

from apcs_app.domain import BoardColumn
from apcs_app.mcp.tooling import work
from apcs_app.results import ColumnOut, ItemReadOut, TaskOut, TaskReadOut
from apcs_app.services import backlog, board

TaskId = Annotated[int, Field(description="Task (card) id (see search or get_kanban_board).")]
ItemId = Annotated[int, Field(description="Backlog item id (see search or get_backlog).")]


def get_task(task_id: TaskId, *, ctx: Context) -> TaskReadOut:
    """One task (card) by id: its title, column, backlog item, assignee and whether it is done,
    with the board's columns in order (to name a column by its id)."""
    with work(ctx) as w:
        task = board.get_task(w.session, w.actor, task_id)
        cols = board.columns(w.session, task.space_id)
        column = next((c for c in cols if c.id == task.column_id), None) or w.session.get(BoardColumn, task.column_id)
        return TaskReadOut(task=TaskOut.of(task, column), columns=[ColumnOut.of(c) for c in cols])


def get_backlog_item(item_id: ItemId, *, ctx: Context) -> ItemReadOut:
    """One backlog item by id: title, description, story points, priority and status."""
    with work(ctx) as w:
        return ItemReadOut.of(backlog.get_item(w.session, w.actor, item_id))
