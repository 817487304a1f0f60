import datetime as dt

from sqlmodel import select

from apcs_app import db
from apcs_app.domain import BacklogItem, Sprint, SprintItem
from apcs_app.services import backlog, metrics, sprints
from tests.services.conftest import call, item_in


def run_sprint(alice, space, name, points_done, points_open, start):
    sprint = call(sprints.create_sprint, alice, space.id, name, start, start + dt.timedelta(days=14))
    items = [item_in(alice, space, f"{name}-{p}-{i}", p) for i, p in enumerate(points_done + points_open)]
    for item in items:
        call(sprints.add_to_sprint, alice, space.id, item.id, sprint.id)
    call(sprints.start_sprint, alice, space.id, sprint.id)
    for item in items[: len(points_done)]:
        call(backlog.update_item, alice, item.id, {"status": "DONE"})
    call(sprints.complete_sprint, alice, space.id, sprint.id)
    return sprint


def test_velocity_lists_completed_sprints_and_averages_the_last_three(alice, scrum):
    start = dt.date(2026, 1, 5)
    for n, done in enumerate(([5, 8], [3], [13, 2], [8])):
        run_sprint(alice, scrum, f"S{n + 1}", done, [1], start + dt.timedelta(days=15 * n))
    v = call(metrics.velocity, alice, scrum.id)
    assert [(p.name, p.committed, p.completed) for p in v.sprints] == [
        ("S1", 14, 13), ("S2", 4, 3), ("S3", 16, 15), ("S4", 9, 8)]
    assert v.average_last_three == round((3 + 15 + 8) / 3, 1)


def test_velocity_of_a_new_space_is_empty(alice, scrum):
    assert call(metrics.velocity, alice, scrum.id).average_last_three is None


def test_burndown_follows_recorded_completion_times(alice, scrum):
    start = dt.date.today() - dt.timedelta(days=4)
    sprint = call(sprints.create_sprint, alice, scrum.id, "Now", start, start + dt.timedelta(days=10))
    items = [item_in(alice, scrum, f"I{p}", p) for p in (8, 5, 3)]
    for item in items:
        call(sprints.add_to_sprint, alice, scrum.id, item.id)
    call(sprints.start_sprint, alice, scrum.id)
    for item in items[:2]:
        call(backlog.update_item, alice, item.id, {"status": "DONE"})
    at = lambda d: dt.datetime.combine(start + dt.timedelta(days=d), dt.time(12), tzinfo=dt.UTC)  # noqa: E731
    with db.transaction() as s:  # history: item 8 done on day 1, item 5 on day 3
        s.get(BacklogItem, items[0].id).completed_at = at(1)
        s.get(BacklogItem, items[1].id).completed_at = at(3)
        for link in s.exec(select(SprintItem)):
            link.added_at = at(0)
    series = call(metrics.burndown, alice, scrum.id)
    assert [d.remaining for d in series] == [16, 8, 8, 3, 3] + [None] * 6
    assert (series[0].ideal, series[-1].ideal, len(series)) == (16, 0, 11)
    with db.transaction() as s:
        assert s.get(Sprint, sprint.id).committed_points == 16


def test_burndown_of_a_planned_sprint_has_only_the_ideal_line(alice, scrum):
    call(sprints.create_sprint, alice, scrum.id, "Later", dt.date(2027, 3, 1), dt.date(2027, 3, 8))
    call(sprints.add_to_sprint, alice, scrum.id, item_in(alice, scrum, points=5).id)
    series = call(metrics.burndown, alice, scrum.id)
    assert [d.remaining for d in series] == [None] * 8 and series[0].ideal == 5
