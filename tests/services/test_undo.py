import pytest

from apcs_app.domain import ConflictError, NotFoundError, Via
from apcs_app.services import activity, backlog, board, sprints, undo
from apcs_app.services.access import Actor
from tests import dbstate
from tests.services.conftest import call, item_in


def as_run(actor: Actor, request_id: str) -> Actor:
    return Actor(actor.user_id, Via.AGENT, request_id)


def test_undo_reverses_exactly_one_run_and_the_feed_shows_it(alice, kanban, cols):
    item = item_in(alice, kanban, "Invoice bug")
    task = call(board.create_task, alice, item.id)
    before = dbstate.dump()
    run = as_run(alice, "run-1")
    created = call(backlog.create_item, run, kanban.id, "From the agent", story_points=3)
    call(board.create_task, run, created.id)
    call(board.move_task, run, task.id, cols[2].id)
    call(backlog.update_item, run, item.id, {"priority": "HIGH"})
    assert call(backlog.get_item, alice, item.id).status == "DONE"

    report = call(undo.undo_run, alice, kanban.id, "run-1")
    assert len(report.reversed) == 4
    after = dbstate.dump()
    for table in ("backlog_items", "tasks", "board_columns", "sprints", "sprint_items"):
        assert len(after[table]) == len(before[table]), table
    reverted = call(backlog.get_item, alice, item.id)
    assert (reverted.status, reverted.priority, reverted.completed_at) == ("TODO", "MEDIUM", None)
    assert call(board.get_task, alice, task.id).column_id == cols[0].id
    feed = [a.action for a in call(activity.list_activity, alice, kanban.id)]
    assert feed[0] == "undo_run" and "undo_move_task" in feed and "move_task" in feed


def test_undo_is_refused_when_someone_changed_the_same_card_since(alice, bob, kanban, cols, unchanged):
    task = call(board.create_task, alice, item_in(alice, kanban).id)
    call(board.move_task, as_run(alice, "run-2"), task.id, cols[1].id)
    call(board.move_task, bob, task.id, cols[2].id)
    with unchanged(ConflictError, "Bob Roe changed this since"):
        call(undo.undo_run, alice, kanban.id, "run-2")


def test_undo_twice_or_of_nothing_is_a_clear_error(alice, kanban, unchanged):
    call(backlog.create_item, as_run(alice, "run-3"), kanban.id, "Once")
    call(undo.undo_run, alice, kanban.id, "run-3")
    with unchanged(ConflictError, "already undone"):
        call(undo.undo_run, alice, kanban.id, "run-3")
    with unchanged(NotFoundError, "nothing to undo"):
        call(undo.undo_run, alice, kanban.id, "no-such-run")


def test_only_the_runs_author_or_the_owner_may_undo(alice, bob, kanban, unchanged):
    call(backlog.create_item, as_run(alice, "run-4"), kanban.id, "Alice's")
    with unchanged(ConflictError, "Only the person who made these changes"):
        call(undo.undo_run, bob, kanban.id, "run-4")
    call(backlog.create_item, as_run(bob, "run-5"), kanban.id, "Bob's")
    call(undo.undo_run, alice, kanban.id, "run-5")  # the owner may


def test_undo_a_sprint_lifecycle_run(alice, scrum):
    item = item_in(alice, scrum, points=5)
    run = as_run(alice, "run-6")
    sprint = call(sprints.create_sprint, run, scrum.id, "S", "2027-01-04", "2027-01-18")
    call(sprints.add_to_sprint, run, scrum.id, item.id)
    call(sprints.start_sprint, run, scrum.id)
    call(undo.undo_run, alice, scrum.id, "run-6")
    assert dbstate.count("sprints") == dbstate.count("sprint_items") == 0
    assert sprint.id is not None


def test_non_members_cannot_undo(alice, mallory, kanban, unchanged):
    call(backlog.create_item, as_run(alice, "run-7"), kanban.id, "X")
    with unchanged(NotFoundError):
        call(undo.undo_run, mallory, kanban.id, "run-7")
