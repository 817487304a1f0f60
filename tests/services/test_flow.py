"""Flow metrics against figures worked out by hand (tests/services/flow_history.py)."""

import datetime as dt

import pytest
from sqlmodel import select

from apcs_app import db
from apcs_app.domain import Activity, BacklogItem, InvalidError, SprintItem, Task
from apcs_app.services import board, flow, sprints
from tests.services.conftest import call, item_in
from tests.services.flow_history import NOW, at, history


def test_cumulative_flow_counts_each_columns_cards_at_the_end_of_each_day():
    cfd = flow.cfd_of(history(), dt.date(2026, 11, 2), dt.date(2026, 11, 6))
    assert [c.name for c in cfd.columns] == ["To Do", "Doing", "Done"]
    assert [d.counts for d in cfd.days] == [[2, 0, 0], [2, 1, 0], [1, 3, 0], [2, 2, 1], [3, 2, 1]]


def test_cycle_and_lead_times_with_nearest_rank_percentiles():
    times = flow.cycle_times_of(history())
    assert [(i.title, i.cycle_days, i.lead_days) for i in times.items] == [
        ("A", 2.0, 3.0), ("B", 6.5, 8.5), ("C", 2.0, 8.0), ("D", 12.0, 12.0)]
    assert (times.cycle.p50, times.cycle.p85, times.cycle.p95) == (2.0, 12.0, 12.0)
    assert (times.lead.p50, times.lead.p85, times.lead.p95) == (8.0, 12.0, 12.0)


def test_throughput_per_iso_week_and_aging_work_in_progress():
    assert [(w.week_start.day, w.count) for w in flow.throughput_of(history(), 3, NOW.date())] == [(2, 1), (9, 2), (16, 1)]
    assert [(c.title, c.column, c.age_days) for c in flow.aging_of(history(), NOW)] == [("Card E", "Doing", 6.0)]


def test_forecast_percentiles_on_a_fixed_history_and_seed():
    # Weekly throughput 1 or 2, equally likely: 3 items take 2 weeks unless the first two
    # weeks are both 1 (a chance of 1 in 4), then 3 — so P50 is 2 weeks, P85 and P95 are 3.
    result = flow.monte_carlo([1, 2], 3, NOW.date(), seed=7)
    assert (result.p50_weeks, result.p85_weeks, result.p95_weeks) == (2, 3, 3)
    assert (result.p50, result.p85, result.p95) == (dt.date(2026, 12, 2), dt.date(2026, 12, 9), dt.date(2026, 12, 9))
    assert flow.monte_carlo([1, 2], 3, NOW.date(), seed=7) == result
    assert flow.monte_carlo([1, 2], 1, NOW.date(), seed=7).p95_weeks == 1


def test_no_throughput_is_no_forecast():
    with pytest.raises(InvalidError, match="no throughput"):
        flow.monte_carlo([0, 0, 0], 3, NOW.date(), seed=1)


def _shift(session, model, row_id, **times):
    row = session.get(model, row_id)
    for name, value in times.items():
        setattr(row, name, value)


def test_the_recorded_moves_of_a_real_board_give_its_cycle_time_and_forecast(alice, kanban, cols):
    """The same definitions read from the database: created, moved and finished through the
    services, then dated as the history describes."""
    item = item_in(alice, kanban, "Invoice export")
    task = call(board.create_task, alice, item.id)
    call(board.move_task, alice, task.id, cols[1].id)
    call(board.move_task, alice, task.id, cols[-1].id)
    with db.transaction() as s:
        rows = list(s.exec(select(Activity).where(Activity.entity_type == "task").order_by(Activity.id)))
        for row, when in zip(rows, (at(2), at(3), at(5)), strict=True):
            row.created_at = when
        _shift(s, BacklogItem, item.id, created_at=at(2), completed_at=at(5))
        _shift(s, Task, task.id, created_at=at(2), done_at=at(5))
    times = call(flow.cycle_times, alice, kanban.id, now=NOW)
    assert [(i.cycle_days, i.lead_days) for i in times.items] == [(2.0, 3.0)]
    cfd = call(flow.cumulative_flow, alice, kanban.id, days=5, now=at(6))
    assert [d.counts for d in cfd.days] == [[1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]]
    # one item in the week of 2 Nov, none in the week of 9 Nov
    forecast = call(flow.forecast, alice, kanban.id, 2, weeks=2, seed=3, now=NOW)
    assert forecast.weekly_throughput == [1, 0]


def test_burnup_shows_scope_added_during_the_sprint(alice, scrum):
    first = item_in(alice, scrum, "Login", 5)
    late = item_in(alice, scrum, "Audit log", 3)
    sprint = call(sprints.create_sprint, alice, scrum.id, "S1", dt.date(2026, 11, 2), dt.date(2026, 11, 6))
    call(sprints.add_to_sprint, alice, scrum.id, first.id, sprint.id)
    call(sprints.start_sprint, alice, scrum.id, sprint.id)
    call(sprints.add_to_sprint, alice, scrum.id, late.id, sprint.id)
    with db.transaction() as s:
        for link in s.exec(select(SprintItem)):
            link.added_at = at(1) if link.backlog_item_id == first.id else at(4)
        _shift(s, BacklogItem, first.id, completed_at=at(3))
    result = call(flow.burnup, alice, scrum.id, sprint.id, now=at(5))
    assert [(d.scope, d.completed) for d in result.days] == [(5, 0), (5, 5), (8, 5), (8, 5), (8, None)]


@pytest.mark.parametrize("kwargs", [{"days": 0}, {"days": 10_000}, {"days": "x"}])
def test_ranges_are_checked(alice, kanban, kwargs, unchanged):
    with unchanged(InvalidError):
        call(flow.cumulative_flow, alice, kanban.id, **kwargs)
