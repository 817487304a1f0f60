"""Writes lock what their rule needs, not the workspace: while one move into a column is still
open, a move into another column of the same board goes through at once, and a move into the
same column waits for it (the WIP check and the ranks need that column to themselves)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from apcs_app import db
from apcs_app.services import backlog, board, spaces
from tests.services.conftest import call

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("database", ["postgres"], indirect=True)]


def _board(alice):
    space = call(spaces.create_space, alice, "Two lanes", "KANBAN")
    call(board.create_column, alice, space.id, "Review")
    with db.transaction() as s:
        cols = board.columns(s, space.id)
    call(board.update_column, alice, cols[1].id, wip_limit=1)
    # One item per card: cards of one item do wait on each other (its status follows them all).
    items = [call(backlog.create_item, alice, space.id, f"Story {n}", story_points=3) for n in range(3)]
    tasks = [call(board.create_task, alice, item.id, title=f"Card {n}") for n, item in enumerate(items)]
    return cols, tasks


def _move_with_timeout(alice, task_id, column_id, out):
    try:
        with db.transaction() as s:
            s.execute(text("SET LOCAL lock_timeout = '3s'"))
            board.move_task(s, alice, task_id, column_id)
        out.append("moved")
    except Exception as exc:  # noqa: BLE001 — the outcome is what the test reads
        out.append(f"{type(exc).__name__}: {exc}"[:300])


def test_moves_into_different_columns_do_not_wait_on_each_other(alice):
    cols, tasks = _board(alice)
    outcome: list[str] = []
    with db.transaction() as s:  # the first move stays open while the second runs
        board.move_task(s, alice, tasks[0].id, cols[1].id)
        other = threading.Thread(target=_move_with_timeout, args=(alice, tasks[1].id, cols[2].id, outcome))
        other.start()
        other.join(10)
    assert outcome == ["moved"]


def test_a_move_into_the_same_full_column_waits_and_then_sees_the_limit(alice):
    cols, tasks = _board(alice)
    outcome: list[str] = []
    with db.transaction() as s:
        board.move_task(s, alice, tasks[0].id, cols[1].id)
        other = threading.Thread(target=_move_with_timeout, args=(alice, tasks[1].id, cols[1].id, outcome))
        other.start()
        other.join(1)
        assert other.is_alive(), "the second move into the WIP-limited column waits for the first"
    other.join(10)
    assert len(outcome) == 1 and "WIP limit" in outcome[0]
