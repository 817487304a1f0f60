"""Undo an agent run through the runner layer: every change of the run goes back in one
transaction, and a later change by someone else blocks it with a clear message."""

from __future__ import annotations

import asyncio

import pytest

from apcs_app import db
from apcs_app.agents.undo import undo
from apcs_app.domain import Activity, BacklogItem, ConflictError, Task
from apcs_app.services import board
from tests import dbstate
from tests.agents.support import card, column_id, one, resume, rows, run, task_id

pytestmark = pytest.mark.parametrize("demo_database", ["sqlite", "postgres"], indirect=True)


def test_undo_puts_an_agent_move_back(demo):
    before = board_state()
    moved = run(demo.alice, "Move 'Write CSV serializer' to Done")
    assert moved.done["changed"] is True

    report = asyncio.run(undo(demo.alice, demo.phoenix, moved.done["request_id"]))

    serializer = one(Task, Task.id == task_id("Write CSV serializer", demo.phoenix))
    assert serializer.column_id == column_id("To Do", demo.phoenix) and serializer.done_at is None
    assert report["reversed"] == ["moved task #%d 'Write CSV serializer' back to To Do" % serializer.id]
    assert rows(Activity, Activity.action == "undo_run")
    assert board_state() == before


def board_state() -> list[tuple]:
    """Where every card is and what its item's status says (versions and the log move on)."""
    return sorted((t.id, t.column_id, t.rank, t.done_at, t.assignee_id) for t in rows(Task)) + sorted(
        (i.id, i.status) for i in rows(BacklogItem))


def test_a_confirmed_run_is_undone_under_the_request_id_it_paused_with(demo):
    paused = run(demo.alice, "Move 'Write CSV serializer' to Done", confirm="destructive")
    resume(demo.alice, card(paused)["run_id"], "confirm")

    asyncio.run(undo(demo.alice, demo.phoenix, paused.done["request_id"]))

    assert one(Task, Task.title == "Write CSV serializer").column_id == column_id("To Do", demo.phoenix)


def test_undo_is_refused_after_someone_else_moved_the_card_again(demo):
    moved = run(demo.alice, "Move 'Write CSV serializer' to Done")
    serializer = task_id("Write CSV serializer", demo.phoenix)
    with db.transaction() as s:
        board.move_task(s, demo.bob, serializer, column_id("In Progress", demo.phoenix))
    before = dbstate.dump()

    with pytest.raises(ConflictError, match="Cannot undo: Bob Chen changed this since"):
        asyncio.run(undo(demo.alice, demo.phoenix, moved.done["request_id"]))

    assert dbstate.dump() == before
    assert one(Task, Task.id == serializer).column_id == column_id("In Progress", demo.phoenix)


def test_a_read_only_run_has_nothing_to_undo(demo):
    shown = run(demo.alice, "Show me the backlog")
    assert shown.done["changed"] is False
    with pytest.raises(Exception, match="changed nothing in this workspace"):
        asyncio.run(undo(demo.alice, demo.phoenix, shown.done["request_id"]))
