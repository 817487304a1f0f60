import datetime as dt

import pytest
from sqlmodel import select

from apcs_app import db
from apcs_app.domain import ConflictError, ForbiddenError, InvalidError, NotFoundError, SprintItem
from apcs_app.services import backlog, board, members, sprints
from tests import dbstate
from tests.services.conftest import call, item_in

D0 = dt.date(2027, 1, 4)


def plan(actor, space, name="Sprint A", days=14, start=D0):
    return call(sprints.create_sprint, actor, space.id, name, start, start + dt.timedelta(days=days))


def test_create_sprint_with_iso_dates_and_a_default_name(alice, scrum):
    sprint = call(sprints.create_sprint, alice, scrum.id, "Sprint 7", "2027-01-04", "2027-01-15", "Ship it")
    assert (sprint.name, sprint.start_date, sprint.end_date, sprint.status, sprint.goal) == (
        "Sprint 7", dt.date(2027, 1, 4), dt.date(2027, 1, 15), "PLANNING", "Ship it")
    assert call(sprints.create_sprint, alice, scrum.id, None, D0, D0 + dt.timedelta(days=7)).name == "Sprint 2"


def test_sprint_rules_refuse_bad_input(alice, scrum, kanban, unchanged):
    with unchanged(InvalidError, "only in SCRUM workspaces"):
        plan(alice, kanban)
    with unchanged(InvalidError, "must be after the start date"):
        call(sprints.create_sprint, alice, scrum.id, "S", "2027-01-15", "2027-01-04")
    with unchanged(InvalidError, "must be after the start date"):
        call(sprints.create_sprint, alice, scrum.id, "S", "2027-01-04", "2027-01-04")
    with unchanged(InvalidError, "YYYY-MM-DD"):
        call(sprints.create_sprint, alice, scrum.id, "S", "next week", "2027-01-04")
    with unchanged(InvalidError, "a month or less"):
        plan(alice, scrum, days=60)


def test_developers_cannot_run_the_sprint_lifecycle(alice, bob, scrum, unchanged):
    with unchanged(ForbiddenError, "Product Owner or Scrum Master"):
        plan(bob, scrum)
    sprint = plan(alice, scrum)
    with unchanged(ForbiddenError, "Product Owner or Scrum Master"):
        call(sprints.start_sprint, bob, scrum.id, sprint.id)
    call(members.change_role, alice, scrum.id, bob.user_id, "SCRUM_MASTER")
    assert call(sprints.start_sprint, bob, scrum.id, sprint.id).status == "ACTIVE"


def test_start_records_the_commitment_and_only_one_sprint_is_active(alice, scrum, unchanged):
    first, second = plan(alice, scrum, "A"), plan(alice, scrum, "B", start=D0 + dt.timedelta(days=14))
    for points in (5, 8):
        call(sprints.add_to_sprint, alice, scrum.id, item_in(alice, scrum, points=points).id)
    started = call(sprints.start_sprint, alice, scrum.id)  # no id: the next planned sprint
    assert (started.id, started.status, started.committed_points) == (first.id, "ACTIVE", 13)
    with unchanged(ConflictError, "only a PLANNING sprint can be started"):
        call(sprints.start_sprint, alice, scrum.id, first.id)  # retrying is a clear conflict
    with unchanged(ConflictError, "A is already active"):
        call(sprints.start_sprint, alice, scrum.id, second.id)
    assert dbstate.count("sprints", "status = 'ACTIVE'") == 1


def test_complete_returns_unfinished_items_and_records_points(alice, scrum):
    sprint = plan(alice, scrum)
    done_item, open_item = item_in(alice, scrum, "Done", 5), item_in(alice, scrum, "Open", 8)
    for item in (done_item, open_item):
        call(sprints.add_to_sprint, alice, scrum.id, item.id)
    call(sprints.start_sprint, alice, scrum.id)
    cols = call(board.get_board, alice, scrum.id)
    task = call(board.create_task, alice, done_item.id)
    call(board.move_task, alice, task.id, cols[-1].id)
    report = call(sprints.complete_sprint, alice, scrum.id)
    assert (report.sprint.status, report.sprint.committed_points, report.sprint.completed_points) == ("COMPLETED", 13, 5)
    assert [i.title for i in report.returned_items] == ["Open"]
    with db.transaction() as s:
        outcomes = {l.backlog_item_id: l.completed_in_sprint for l in s.exec(select(SprintItem))}
    assert outcomes == {done_item.id: True, open_item.id: False}
    # The unfinished item is free again: it can join the next sprint.
    nxt = plan(alice, scrum, "Next", start=D0 + dt.timedelta(days=14))
    assert call(sprints.add_to_sprint, alice, scrum.id, open_item.id)[0].id == nxt.id


def test_only_the_active_sprint_completes(alice, scrum, unchanged):
    sprint = plan(alice, scrum)
    with unchanged(NotFoundError, "no active sprint"):
        call(sprints.complete_sprint, alice, scrum.id)
    with unchanged(ConflictError, "only the ACTIVE sprint can be completed"):
        call(sprints.complete_sprint, alice, scrum.id, sprint.id)


def test_sprint_backlog_add_is_idempotent_and_checks_the_item(alice, scrum, unchanged):
    sprint = plan(alice, scrum)
    item = item_in(alice, scrum, "Export", 5)
    assert call(sprints.add_to_sprint, alice, scrum.id, item.id)[2] is True
    assert call(sprints.add_to_sprint, alice, scrum.id, item.id)[2] is False
    other = plan(alice, scrum, "Other", start=D0 + dt.timedelta(days=20))
    with unchanged(ConflictError, "already in Sprint A"):
        call(sprints.add_to_sprint, alice, scrum.id, item.id, other.id)
    done = item_in(alice, scrum, "Finished")
    call(backlog.update_item, alice, done.id, {"status": "DONE"})
    with unchanged(InvalidError, "already DONE"):
        call(sprints.add_to_sprint, alice, scrum.id, done.id)
    view = call(sprints.get_sprint_backlog, alice, scrum.id)
    assert (view.sprint.id, [i.title for i in view.items], view.total_points) == (sprint.id, ["Export"], 5)
    call(sprints.remove_from_sprint, alice, scrum.id, item.id)
    assert call(sprints.get_sprint_backlog, alice, scrum.id).items == []
    with unchanged(NotFoundError, "is not in Sprint A"):
        call(sprints.remove_from_sprint, alice, scrum.id, item.id)


def test_items_of_another_space_cannot_join(alice, scrum, kanban, unchanged):
    plan(alice, scrum)
    foreign = item_in(alice, kanban)
    with unchanged(InvalidError, "belongs to another workspace"):
        call(sprints.add_to_sprint, alice, scrum.id, foreign.id)


def test_non_members_cannot_touch_sprints(alice, mallory, scrum, unchanged):
    sprint = plan(alice, scrum)
    item = item_in(alice, scrum)
    for fn, args in (
        (sprints.list_sprints, ()), (sprints.start_sprint, (sprint.id,)), (sprints.complete_sprint, (sprint.id,)),
        (sprints.get_sprint_backlog, (sprint.id,)), (sprints.add_to_sprint, (item.id,)),
        (sprints.create_sprint, ("S", D0, D0 + dt.timedelta(days=7))),
    ):
        with unchanged(NotFoundError, "not found among your workspaces"):
            call(fn, mallory, scrum.id, *args)


@pytest.mark.postgres
@pytest.mark.parametrize("database", ["postgres"], indirect=True)
def test_concurrent_starts_leave_exactly_one_active_sprint(alice, scrum):
    from concurrent.futures import ThreadPoolExecutor

    ids = [plan(alice, scrum, f"S{n}", start=D0 + dt.timedelta(days=15 * n)).id for n in range(6)]

    def start(sprint_id):
        try:
            call(sprints.start_sprint, alice, scrum.id, sprint_id)
            return "ok"
        except ConflictError:
            return "conflict"

    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(start, ids))
    assert sorted(outcomes) == ["conflict"] * 5 + ["ok"]
    assert dbstate.count("sprints", "status = 'ACTIVE'") == 1
