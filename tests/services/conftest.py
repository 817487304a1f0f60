from __future__ import annotations

import pytest

from apcs_app import db
from apcs_app.domain import DomainError
from apcs_app.services import backlog, board, members, spaces
from tests import dbstate


def call(fn, *args, **kwargs):
    """Run one service call as its own transaction, like every adapter does."""
    with db.transaction() as s:
        return fn(s, *args, **kwargs)


@pytest.fixture
def unchanged():
    """`with unchanged(SomeError, "words"):` — the call fails with that error and writes nothing."""
    import contextlib

    @contextlib.contextmanager
    def check(error: type[DomainError], match: str | None = None):
        before = dbstate.dump()
        with pytest.raises(error, match=match) as info:
            yield info
        assert dbstate.dump() == before, "a failed operation changed the database"

    return check


@pytest.fixture
def scrum(alice, bob):
    space = call(spaces.create_space, alice, "Phoenix", "SCRUM", "portal")
    call(members.invite_member, alice, space.id, "bob@example.com", "DEVELOPER")
    return space


@pytest.fixture
def kanban(alice, bob):
    space = call(spaces.create_space, alice, "Desk", "kanban")
    call(members.invite_member, alice, space.id, "bob@example.com")
    return space


@pytest.fixture
def cols(kanban):
    with db.transaction() as s:
        return board.columns(s, kanban.id)


def item_in(actor, space, title="Story", points=3, priority="MEDIUM"):
    return call(backlog.create_item, actor, space.id, title, story_points=points, priority=priority)
