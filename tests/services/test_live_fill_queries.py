"""The live fills every browser on a workspace waits for do the same number of SQL statements
however many sprints and items the workspace holds (they used to ask once per sprint)."""

from __future__ import annotations

import datetime as dt

from apcs_app import db
from apcs_app.services import sprints
from apcs_app.ui.state.live import LiveActivity, LiveBacklog, LiveSprints
from tests.services.conftest import call, item_in
from tests.services.test_board_constant_work import watched

D0 = dt.date(2027, 1, 4)


def statements(kind, actor, space) -> int:
    with db.transaction() as s, watched() as seen:
        kind._read(s, actor, space.id)
    return len(seen["statements"])


def plan(actor, space, count: int, start: int) -> None:
    for n in range(start, start + count):
        sprint = call(sprints.create_sprint, actor, space.id, f"S{n}", D0 + dt.timedelta(days=14 * n),
                      D0 + dt.timedelta(days=14 * n + 13))
        for k in range(2):
            item = item_in(actor, space, f"S{n} story {k}")
            call(sprints.add_to_sprint, actor, space.id, item.id, sprint.id)


def test_backlog_and_sprints_fills_cost_the_same_with_2_and_20_sprints(alice, scrum):
    plan(alice, scrum, 2, 0)
    call(sprints.start_sprint, alice, scrum.id)
    small = {kind.__name__: statements(kind, alice, scrum) for kind in (LiveBacklog, LiveSprints)}
    plan(alice, scrum, 18, 2)
    large = {kind.__name__: statements(kind, alice, scrum) for kind in (LiveBacklog, LiveSprints)}
    assert large == small


def test_activity_fill_costs_the_same_with_10_and_500_items(alice, scrum):
    for n in range(10):
        item_in(alice, scrum, f"Story {n}")
    small = statements(LiveActivity, alice, scrum)
    for n in range(490):
        item_in(alice, scrum, f"More {n}")
    assert statements(LiveActivity, alice, scrum) == small
