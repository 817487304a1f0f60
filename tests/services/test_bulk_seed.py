"""A large demo workspace in one go: `seed.seed_large(n)` goes through the service layer's bulk
path (bulk.add_cards), which applies the same rules as one create at a time."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from apcs_app import db, seed
from apcs_app.domain import Activity, BacklogItem, ConflictError, InvalidError, Task
from apcs_app.services import auth, backlog, board, bulk
from apcs_app.services.access import Actor
from tests.services.conftest import call


def test_a_seeded_large_board_is_a_valid_board_with_history(empty_database):
    space_id = seed.seed_large(120, today=dt.date(2026, 11, 20))
    alice = Actor(auth.sign_in("alice@example.com", seed.DEMO_PASSWORD, "127.0.0.1").id)
    with db.transaction() as s:
        cols = board.get_board(s, alice, space_id)
        tasks = list(s.exec(select(Task).where(Task.space_id == space_id)))
        items = {i.id: i for i in s.exec(select(BacklogItem).where(BacklogItem.space_id == space_id))}
        history = list(s.exec(select(Activity).where(Activity.space_id == space_id)))
    assert len(tasks) == 120 == sum(c.count for c in cols)
    assert all(c.count for c in cols), "the cards are spread over every column"
    for c in cols:
        ranks = [t.rank for t in tasks if t.column_id == c.id]
        assert len(set(ranks)) == len(ranks), f"two cards share a rank in {c.name}"
        assert c.wip_limit is None or c.count <= c.wip_limit
    done_id = cols[-1].id
    assert all((t.done_at is not None) == (t.column_id == done_id) for t in tasks)
    for t in tasks:
        status = items[t.backlog_item_id].status
        assert status == ("DONE" if t.column_id == done_id else "TODO" if t.column_id == cols[0].id else "IN_PROGRESS")
    assert len({i.rank for i in items.values()}) == len(items)
    moves = [a for a in history if a.action == "move_task"]
    assert len([a for a in history if a.action == "create_task"]) == 120
    assert len(moves) == sum(c.count for c in cols[1:]) + cols[-1].count, "each card's trip is in the history"
    days = {a.created_at.date() for a in history}
    assert len(days) > 20, "the history spreads over weeks"
    assert max(days) <= dt.date(2026, 11, 20)
    # An ordinary move still works on the seeded board.
    card = cols[0].cards[0]
    moved, changed = call(board.move_task, alice, card.id, cols[1].id, 0)
    assert changed


def test_the_bulk_path_refuses_what_a_single_create_refuses(alice, kanban, cols, unchanged):
    with unchanged(InvalidError, "Title"):
        call(bulk.add_cards, alice, kanban.id, [bulk.NewCard("ok"), bulk.NewCard("   ")])
    with unchanged(InvalidError, "Story points"):
        call(bulk.add_cards, alice, kanban.id, [bulk.NewCard("ok", story_points=-4)])
    with unchanged(InvalidError, "Column"):
        call(bulk.add_cards, alice, kanban.id, [bulk.NewCard("ok", column=7)])
    call(board.update_column, alice, cols[1].id, wip_limit=2)
    with unchanged(ConflictError, "WIP limit"):
        call(bulk.add_cards, alice, kanban.id, [bulk.NewCard(f"c{n}", column=1) for n in range(3)])


def test_bulk_cards_go_after_the_cards_already_there(alice, kanban, cols):
    item = call(backlog.create_item, alice, kanban.id, "First")
    call(board.create_task, alice, item.id)
    call(bulk.add_cards, alice, kanban.id, [bulk.NewCard(f"Bulk {n}", story_points=3) for n in range(3)])
    with db.transaction() as s:
        first = board.get_board(s, alice, kanban.id)[0]
    assert [c.title for c in first.cards] == ["First", "Bulk 0", "Bulk 1", "Bulk 2"]


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_bulk_path_is_for_members_only(alice, mallory, kanban, unchanged):
    from apcs_app.domain import NotFoundError

    with unchanged(NotFoundError):
        call(bulk.add_cards, mallory, kanban.id, [bulk.NewCard("Injected")])
