"""Bounded board reads: each column's first cards and its count, the done column most recent
first, and pages for "show older" that together hold every card exactly once."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from apcs_app import db
from apcs_app.domain import InvalidError, NotFoundError
from apcs_app.services import board
from tests.services.conftest import call, item_in


def fill(alice, kanban, cols, todo=7, done=9):
    item = item_in(alice, kanban)
    tasks = [call(board.create_task, alice, item.id, title=f"Card {n}") for n in range(todo + done)]
    for task in tasks[todo:]:
        call(board.move_task, alice, task.id, cols[-1].id)
    return tasks[:todo], tasks[todo:]


def test_each_column_shows_its_first_cards_and_counts_them_all(alice, kanban, cols):
    todo, done = fill(alice, kanban, cols)
    view = {c.id: c for c in call(board.get_board, alice, kanban.id, per_column=3)}
    assert [c.id for c in view[cols[0].id].cards] == [t.id for t in todo[:3]]
    assert (view[cols[0].id].total, view[cols[0].id].has_more) == (7, True)
    # Done: the most recently finished first.
    assert [c.id for c in view[cols[-1].id].cards] == [t.id for t in reversed(done)][:3]
    assert (view[cols[-1].id].total, view[cols[1].id].total, view[cols[1].id].has_more) == (9, 0, False)


@pytest.mark.parametrize("column", [0, -1])
def test_pages_hold_every_card_once_in_board_order(alice, kanban, cols, column):
    todo, done = fill(alice, kanban, cols)
    expected = [t.id for t in todo] if column == 0 else [t.id for t in reversed(done)]
    seen, after = [], None
    while True:
        page = call(board.get_column_page, alice, cols[column].id, limit=4, after=after)
        assert page.column.total == len(expected)
        seen += [c.id for c in page.column.cards]
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == expected


def test_page_arguments_are_checked_and_columns_are_private(alice, mallory, kanban, cols):
    with pytest.raises(InvalidError):
        call(board.get_column_page, alice, cols[0].id, limit=0)
    with pytest.raises(InvalidError):
        call(board.get_board, alice, kanban.id, per_column="lots")
    with pytest.raises(NotFoundError):
        call(board.get_column_page, mallory, cols[0].id)
    # A cursor from elsewhere (or garbage) starts from the top rather than failing.
    assert call(board.get_column_page, alice, cols[0].id, after=999999).next_after is None


def _selects(fn, *args, **kwargs):
    statements = []
    engine = db.get_engine()
    listener = lambda *a: statements.append(a[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        with db.transaction() as s:
            fn(s, *args, **kwargs)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return [s for s in statements if s.lstrip().upper().startswith("SELECT")]


def test_bounded_reads_take_a_fixed_number_of_queries_whatever_the_size(alice, kanban, cols):
    fill(alice, kanban, cols, todo=2, done=2)
    small = (len(_selects(board.get_board, alice, kanban.id, per_column=5)),
             len(_selects(board.get_column_page, alice, cols[-1].id, limit=5, after=None)))
    fill(alice, kanban, cols, todo=20, done=20)
    large = (len(_selects(board.get_board, alice, kanban.id, per_column=5)),
             len(_selects(board.get_column_page, alice, cols[-1].id, limit=5, after=None)))
    # board: membership, columns, counts, cards; page: column with membership, columns, count, cards
    assert small == large == (4, 4)
