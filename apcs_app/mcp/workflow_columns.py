"""Workflow tools that reshape the board: rename a column, set its WIP limit, move or delete it."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context
from pydantic import Field

from apcs_app.mcp.tooling import work
from apcs_app.results import ColumnChangedOut, ColumnDeletedOut, ColumnOut, ColumnRef
from apcs_app.services import board

ColumnId = Annotated[int, Field(description="Board column id (see get_kanban_board or get_space_info).")]


def _columns(w, space_id: int) -> list[ColumnOut]:
    return [ColumnOut.of(c) for c in board.columns(w.session, space_id)]


def update_column(
    column_id: ColumnId,
    name: Annotated[str | None, Field(description="New column name (up to 60 characters); omit to keep it.")] = None,
    wip_limit: Annotated[int | None, Field(ge=0, description=(
        "New WIP limit (most cards the column may hold); 0 removes the limit; omit to keep it."))] = None,
    *,
    ctx: Context,
) -> ColumnChangedOut:
    """Rename a board column and/or set its WIP limit."""
    with work(ctx) as w:
        before = ColumnOut.of(board.get_column(w.session, w.actor, column_id))
        column = board.update_column(w.session, w.actor, column_id, name=name,
                                     **({} if wip_limit is None else {"wip_limit": wip_limit}))
        after = ColumnOut.of(column)
        limit = f"WIP limit {after.wip_limit}" if after.wip_limit else "no WIP limit"
        message = (f"Column '{before.name}' is now '{after.name}' with {limit}." if after != before
                   else f"Column '{after.name}' already has these values ({limit}); nothing changed.")
        return ColumnChangedOut(message=message, column=after, columns=_columns(w, column.space_id))


def move_column(
    column_id: ColumnId,
    position: Annotated[int, Field(ge=1, description=(
        "New 1-based position (1 = first column); past the end puts it last, where it becomes the done column."))],
    *,
    ctx: Context,
) -> ColumnChangedOut:
    """Move a board column to another position; the last column is always the done column."""
    with work(ctx) as w:
        before = board.get_column(w.session, w.actor, column_id).position
        column = board.move_column(w.session, w.actor, column_id, position)
        message = (f"Moved column '{column.name}' to position {column.position + 1}." if column.position != before
                   else f"Column '{column.name}' is already at position {column.position + 1}; nothing changed.")
        return ColumnChangedOut(message=message, column=ColumnOut.of(column), columns=_columns(w, column.space_id))


def delete_column(
    column_id: ColumnId,
    move_cards_to: Annotated[int | None, Field(description=(
        "Column id to move the column's cards to (ask the user which); needed when the column holds cards."))] = None,
    *,
    ctx: Context,
) -> ColumnDeletedOut:
    """Delete a board column. A column holding cards is refused unless move_cards_to names another
    column of the same board, which takes the cards (within its WIP limit)."""
    with work(ctx) as w:
        column = board.get_column(w.session, w.actor, column_id)
        name, space_id = column.name, column.space_id
        board.delete_column(w.session, w.actor, column_id, move_cards_to=move_cards_to)
        target = board.get_column(w.session, w.actor, move_cards_to) if move_cards_to is not None else None
        moved = f"; its cards went to {target.name}" if target else ""
        return ColumnDeletedOut(message=f"Deleted column '{name}'{moved}.", column_id=column_id, name=name,
                                moved_cards_to=ColumnRef.of(target) if target else None,
                                columns=_columns(w, space_id))


WRITES = (update_column, move_column, delete_column)
# Setting the values a column has, or its own position, changes nothing (the result says so).
IDEMPOTENT = (update_column, move_column)
