"""A move or a create does the same work on a large board as on a small one: the same SQL
statements, and only a handful of rows read (ranks come from the two neighbours, the WIP check
is a COUNT), however many cards the column and the board hold."""

from __future__ import annotations

import contextlib

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from apcs_app import db
from apcs_app.services import backlog, board
from tests.services.conftest import call, item_in


@contextlib.contextmanager
def watched():
    """Statements run and ORM rows loaded inside the block."""
    seen = {"statements": [], "loaded": 0}
    engine = db.get_engine()

    def on_statement(*args):
        seen["statements"].append(args[2])

    def on_load(*_args):
        seen["loaded"] += 1

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(OrmSession, "loaded_as_persistent", on_load)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(OrmSession, "loaded_as_persistent", on_load)


def grow(actor, space, cols, cards: int) -> int:
    item = item_in(actor, space, f"Bulk {cards}")
    ids = [call(board.create_task, actor, item.id, cols[0].id, f"Card {n}").id for n in range(cards)]
    for task_id in ids[::2]:
        call(board.move_task, actor, task_id, cols[1].id)
    return item.id


def costs(actor, space, cols):
    """(statements, rows loaded) of: a create, a move to the end, a move to position 1 of
    another column, a reorder inside that column, and a backlog item create."""
    item_id = item_in(actor, space, "Probe story").id
    out = []
    with watched() as seen:
        task = call(board.create_task, actor, item_id, cols[0].id, "Probe")
    out.append(("create_task", len(seen["statements"]), seen["loaded"]))
    with watched() as seen:
        call(board.move_task, actor, task.id, cols[1].id)
    out.append(("move to end", len(seen["statements"]), seen["loaded"]))
    with watched() as seen:
        call(board.move_task, actor, task.id, cols[0].id, 1)
    out.append(("move to position 1", len(seen["statements"]), seen["loaded"]))
    with watched() as seen:
        call(board.move_task, actor, task.id, cols[0].id, 0)
    out.append(("reorder", len(seen["statements"]), seen["loaded"]))
    with watched() as seen:
        call(backlog.create_item, actor, space.id, "Probe item", story_points=2)
    out.append(("create_item", len(seen["statements"]), seen["loaded"]))
    return out


def test_moves_and_creates_cost_the_same_whatever_the_board_size(alice, kanban, cols):
    grow(alice, kanban, cols, 6)
    small = costs(alice, kanban, cols)
    grow(alice, kanban, cols, 60)  # the board around the probe grows tenfold
    for n in range(30):
        item_in(alice, kanban, f"Filler {n}")
    large = costs(alice, kanban, cols)
    assert [(name, statements) for name, statements, _ in large] == [(name, s) for name, s, _ in small]
    for (name, _, rows_small), (_, _, rows_large) in zip(small, large, strict=True):
        assert rows_large == rows_small, f"{name} read {rows_large} rows on a large board, {rows_small} on a small one"
        assert rows_large <= 12, f"{name} read {rows_large} rows"


def test_squeezing_cards_into_the_same_gap_rebalances_and_keeps_order(alice, kanban, cols):
    item = item_in(alice, kanban)
    first = call(board.create_task, alice, item.id, title="first")
    last = call(board.create_task, alice, item.id, title="last")
    expected = ["first", "last"]
    for n in range(70):  # each lands right after "first": the gap halves every time
        task = call(board.create_task, alice, item.id, title=f"n{n}")
        call(board.move_task, alice, task.id, cols[0].id, 1)
        expected.insert(1, f"n{n}")
    with db.transaction() as s:
        column = board.get_board(s, alice, kanban.id)[0]
    assert [c.title for c in column.cards] == expected
    ranks = [c.rank for c in column.cards]
    assert len(set(ranks)) == len(ranks) and ranks == sorted(ranks)
    assert {first.id, last.id} <= {c.id for c in column.cards}


def test_backlog_items_are_appended_in_order_with_unique_ranks(alice, kanban):
    titles = [f"Story {n}" for n in range(5)]
    for title in titles:
        item_in(alice, kanban, title)
    items = call(backlog.list_backlog, alice, kanban.id)
    assert [i.title for i in items] == titles
    assert len({i.rank for i in items}) == len(items)
