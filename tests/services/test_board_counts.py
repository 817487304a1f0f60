"""The live board counts a column's cards up to COUNT_UP_TO and shows "1,000+" past it, so a
refill costs the same however large a column grows; the board the tools read (and WIP
refusals) still count exactly."""

from __future__ import annotations

import pytest

from apcs_app import db
from apcs_app.domain import ConflictError
from apcs_app.services import board, bulk
from apcs_app.ui.state.live import COUNT_UP_TO, LiveBoard
from tests.services.conftest import call
from tests.services.vm_steps import on_sqlite, steps


def cards(actor, space, count: int, start: int = 0, column: int = 0) -> None:
    with db.transaction() as s:
        bulk.add_cards(s, actor, space.id, [bulk.NewCard(title=f"Card {n}", column=column)
                                            for n in range(start, start + count)])


def shown(actor, space) -> dict[str, tuple[str, bool]]:
    with db.read() as s:
        return {c.name: (c.wip, c.more) for c in LiveBoard._read(s, actor, space.id)["columns"]}


def test_a_column_past_the_count_shows_a_floor_and_the_tools_count_it_exactly(alice, kanban, cols):
    call(board.update_column, alice, cols[1].id, wip_limit=None)
    cards(alice, kanban, COUNT_UP_TO + 150)
    cards(alice, kanban, 7, start=5000, column=1)
    board_shown = shown(alice, kanban)
    assert board_shown[cols[0].name] == (f"{COUNT_UP_TO:,}+", True)
    assert board_shown[cols[1].name] == ("7", False)
    exact = {c.name: c.total for c in call(board.get_board, alice, kanban.id, per_column=50)}
    assert exact[cols[0].name] == COUNT_UP_TO + 150 and exact[cols[1].name] == 7


def test_a_wip_limit_counts_up_to_the_limit_and_a_refusal_tells_the_exact_count(alice, kanban, cols):
    call(board.update_column, alice, cols[1].id, wip_limit=None)
    cards(alice, kanban, 5, column=1)
    cards(alice, kanban, 1, start=100)
    call(board.update_column, alice, cols[1].id, wip_limit=3)  # lowered below what the column holds
    assert shown(alice, kanban)[cols[1].name][0] == "5/3"
    task = call(board.get_board, alice, kanban.id)[0].cards[0]
    with pytest.raises(ConflictError, match=r"WIP limit \(5/3\)"):
        call(board.move_task, alice, task.id, cols[1].id)


def test_a_refill_costs_the_same_with_a_column_of_1200_and_of_6000(alice, kanban):
    if not on_sqlite():
        pytest.skip("work counted in SQLite VM steps; bench/ui_board.py measures PostgreSQL")
    cards(alice, kanban, 1200)
    small = steps(lambda s: LiveBoard._read(s, alice, kanban.id))
    cards(alice, kanban, 4800, start=1200)
    large = steps(lambda s: LiveBoard._read(s, alice, kanban.id))
    # counting every card would be about five times the work
    assert large <= small * 1.2 + 10, f"refill: {large} steps with 6,000 cards, {small} with 1,200"
