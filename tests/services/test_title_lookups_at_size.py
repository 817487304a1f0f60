"""Finding a card by its name does the same work in a workspace of 6,000 cards as in one of 300:
the assistant's first look at a message (which titles it names) and the search tool read
through the titles' indexes, not every title.

Work is counted in SQLite VM steps (tests/services/vm_steps.py). PostgreSQL's plans depend on
its statistics; bench/ui_board.py measures the same path at 50,000."""

from __future__ import annotations

import pytest
from sqlmodel import select

from apcs_app import db
from apcs_app.domain import Task
from apcs_app.services import search, spaces, title_index
from apcs_app.services.titles import titles_in
from tests.mcp.bulk import fill
from tests.services.conftest import call
from tests.services.vm_steps import on_sqlite, steps

SMALL, LARGE = 300, 6000


def workspace(actor, cards: int) -> tuple[int, str]:
    space = call(spaces.create_space, actor, f"Board of {cards}", "KANBAN")
    fill(space.id, cards)
    with db.read() as s:
        title = s.exec(select(Task.title).where(Task.space_id == space.id).order_by(Task.id.desc()).limit(1)).one()
    return space.id, title


def lookups(actor, space_id: int, title: str) -> dict[str, int]:
    piece = title.split(maxsplit=1)[1]  # a name without its first word, as someone recalls it
    first, rest = title.split(maxsplit=1)
    misspelt = f"{first[0]}{first[2]}{first[1]}{first[3:]} {rest}"  # two letters swapped: no title holds it
    checks = {
        "titles named in a message": lambda s: titles_in(s, actor, space_id, f"Move '{title}' to Done"),
        "titles holding the words before 'task'": lambda s: titles_in(s, actor, space_id, f"close the {piece} task"),
        "search for a whole title": lambda s: search.search(s, actor, space_id, title, kinds=["task"]),
        "search for part of a title": lambda s: search.search(s, actor, space_id, piece, kinds=["task", "item"]),
        "search for a misspelt title": lambda s: search.search(s, actor, space_id, misspelt, kinds=["task"]),
    }
    with db.read() as s:
        assert search.search(s, actor, space_id, misspelt, kinds=["task"]).hits[0].title == title
    return {name: steps(check) for name, check in checks.items()}


def test_finding_a_card_by_name_costs_the_same_on_a_large_board(alice, database, monkeypatch):
    # a misspelt name's candidates are the rows holding its rarest pieces, about NEAR_ROWS of
    # them: set below the small board's size, so that both boards are past it
    monkeypatch.setattr(title_index, "NEAR_ROWS", 100)
    if not on_sqlite():
        pytest.skip("work counted in SQLite VM steps; PostgreSQL is measured by bench/ui_board.py")
    small = lookups(alice, *workspace(alice, SMALL))
    large = lookups(alice, *workspace(alice, LARGE))
    for name in small:
        # a scan of every title would be about LARGE / SMALL = 20 times the work
        assert large[name] <= 2 * small[name] + 20, f"{name}: {large[name]} steps at {LARGE}, {small[name]} at {SMALL}"
