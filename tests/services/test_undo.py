import pytest

from apcs_app import db
from apcs_app.domain import Action, ConflictError, ForbiddenError, InvalidError, NotFoundError, Via
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


def test_every_action_undo_reverses_has_a_handler_and_an_action_that_records_it():
    undoable = {a for a in Action if a.undoable}
    assert undoable, "no action is undoable: the enum lost its undo_ twins"
    assert set(undo.HANDLERS) == undoable
    assert all(a.undone in Action and a.undone.startswith("undo_") for a in undoable)


def test_an_activity_row_takes_only_an_action_of_the_vocabulary(alice, kanban):
    with pytest.raises(ValueError, match="add_to_sprint_backlog"), db.transaction() as s:
        activity.record(s, alice, space_id=kanban.id, action="add_to_sprint_backlog", entity_type="backlog_item",
                        entity_id=None, summary="a typo'd action")


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
    with unchanged(ForbiddenError, "Only the person who made these changes"):  # a permission: 403, not 409
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


# ---------------------------------------------------------------- undo writes back only what the rules allow


def _planted(space_id: int, actor: Actor, action: str, entity_type: str, entity_id: int, before: dict,
             after: dict | None = None, *, request_id: str = "planted", imported: bool = False) -> None:
    """An activity row as a forged import wrote it before imports were marked (or with the mark)."""
    from apcs_app import db
    from apcs_app.domain import Activity

    with db.transaction() as s:
        s.add(Activity(space_id=space_id, actor_id=actor.user_id, via="agent", action=action, entity_type=entity_type,
                       entity_id=entity_id, summary=f"planted {action}", before=before, after=after or {},
                       request_id=request_id, imported=imported))


@pytest.fixture
def other_space(mallory):
    from apcs_app.services import spaces

    space = call(spaces.create_space, mallory, "Elsewhere", "KANBAN")
    task = call(board.create_task, mallory, item_in(mallory, space, "Mine").id)
    return space, task


def test_undo_never_replays_imported_history(mallory, other_space, unchanged):
    space, task = other_space
    cols = call(board.get_board, mallory, space.id)
    _planted(space.id, mallory, "move_task", "task", task.id,
             {"column_id": cols[1].id, "rank": 1.0, "done_at": None, "item_status": "TODO"}, imported=True)
    with unchanged(NotFoundError, "nothing to undo"):
        call(undo.undo_run, mallory, space.id, "planted")


def test_undo_refuses_to_move_a_task_into_another_workspaces_column(alice, mallory, kanban, cols, other_space,
                                                                      unchanged):
    space, task = other_space
    _planted(space.id, mallory, "move_task", "task", task.id,
             {"column_id": cols[1].id, "rank": 1.0, "done_at": None, "item_status": "TODO"})
    with unchanged(InvalidError, "not on the board"):
        call(undo.undo_run, mallory, space.id, "planted")


def test_undo_keeps_wip_limits(mallory, other_space, unchanged):
    space, task = other_space
    cols = call(board.get_board, mallory, space.id)
    call(board.update_column, mallory, cols[1].id, wip_limit=1)
    call(board.create_task, mallory, item_in(mallory, space, "Full").id, cols[1].id)
    _planted(space.id, mallory, "move_task", "task", task.id,
             {"column_id": cols[1].id, "rank": 1.0, "done_at": None, "item_status": "TODO"})
    with unchanged(ConflictError, "WIP limit"):
        call(undo.undo_run, mallory, space.id, "planted")


@pytest.mark.parametrize("before, match", [
    ({"title": "x" * 50_000}, "limit is 200"),
    ({"story_points": 4}, "Fibonacci"),
    ({"priority": "URGENT"}, "Priority must be one of"),
    ({"status": "WONTFIX"}, "Status must be one of"),
])
def test_undo_refuses_to_write_back_invalid_item_values(mallory, other_space, unchanged, before, match):
    space, task = other_space
    _planted(space.id, mallory, "update_backlog_item", "backlog_item", task.backlog_item_id, before)
    with unchanged(InvalidError, match):
        call(undo.undo_run, mallory, space.id, "planted")


def test_undo_refuses_a_non_member_assignee(alice, mallory, other_space, unchanged):
    space, task = other_space
    _planted(space.id, mallory, "assign_task", "task", task.id, {"assignee_id": alice.user_id})
    with unchanged(ConflictError, "not a member|No member"):
        call(undo.undo_run, mallory, space.id, "planted")


def test_undo_refuses_rows_that_name_another_workspaces_things(alice, mallory, kanban, other_space, unchanged):
    space, _ = other_space
    victims = item_in(alice, kanban, "Victim's item")
    _planted(space.id, mallory, "update_backlog_item", "backlog_item", victims.id, {"title": "pwned"})
    with unchanged(ConflictError, "not in this workspace|no longer exists"):
        call(undo.undo_run, mallory, space.id, "planted")
    _planted(space.id, mallory, "create_backlog_item", "backlog_item", victims.id, {}, request_id="planted-2")
    with unchanged(ConflictError, "not in this workspace|no longer exists"):
        call(undo.undo_run, mallory, space.id, "planted-2")


def test_a_refused_step_rolls_back_the_steps_before_it(mallory, other_space, unchanged):
    space, task = other_space
    _planted(space.id, mallory, "update_backlog_item", "backlog_item", task.backlog_item_id, {"story_points": 4},
             request_id="mixed")
    call(backlog.update_item, as_run(mallory, "mixed"), task.backlog_item_id, {"priority": "HIGH"})  # undone first
    with unchanged(InvalidError, "Fibonacci"):
        call(undo.undo_run, mallory, space.id, "mixed")


@pytest.mark.parametrize("steps", [["create"], ["create", "start"], ["create", "start", "complete"]])
def test_a_demoted_scrum_master_cannot_undo_his_sprint_changes(alice, bob, scrum, unchanged, steps):
    """Undoing a sprint change is a sprint change: it takes the role the change itself took,
    now, not when the run was made."""
    from apcs_app.services import members

    call(members.change_role, alice, scrum.id, bob.user_id, "SCRUM_MASTER")
    run = as_run(bob, f"bob-{len(steps)}")
    if "create" in steps:
        call(sprints.create_sprint, as_run(bob, "bob-setup") if len(steps) > 1 else run, scrum.id, "S",
             "2027-01-04", "2027-01-18")
    if "start" in steps:
        call(sprints.start_sprint, as_run(bob, "bob-setup") if len(steps) > 2 else run, scrum.id)
    if "complete" in steps:
        call(sprints.complete_sprint, run, scrum.id)
    call(members.change_role, alice, scrum.id, bob.user_id, "DEVELOPER")
    with unchanged(ForbiddenError, "Only the Product Owner or Scrum Master"):
        call(undo.undo_run, bob, scrum.id, run.request_id)
    call(undo.undo_run, alice, scrum.id, run.request_id)  # the owner still may
