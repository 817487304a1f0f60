"""A user who is not a member can neither read nor change a workspace, whatever the operation."""

import datetime as dt

import pytest

from apcs_app import db
from apcs_app.domain import Comment, DomainError
from apcs_app.services import (activity, archive, backlog, board, bulk, comments, exchange, filters, flow, members,
                               metrics, reports, spaces, sprints, undo)
from tests import dbstate
from tests.services.conftest import call, item_in


@pytest.fixture
def world(alice, scrum):
    item = item_in(alice, scrum, "Secret roadmap item", 5)
    task = call(board.create_task, alice, item.id)
    sprint = call(sprints.create_sprint, alice, scrum.id, "Secret sprint", dt.date(2027, 1, 4), dt.date(2027, 1, 18))
    call(sprints.add_to_sprint, alice, scrum.id, item.id)
    with db.transaction() as s:
        column = board.columns(s, scrum.id)[1]
    comment = call(comments.add_comment, alice, item.id, "Secret remark")
    return {"space": scrum.id, "item": item.id, "task": task.id, "sprint": sprint.id, "column": column.id,
            "comment": comment.id}


class Kw(dict):
    """Keyword arguments of an operation in the matrix."""


OPERATIONS = {
    "get_space": lambda w: (spaces.get_space, w["space"]),
    "space_summary": lambda w: (spaces.space_summary, w["space"]),
    "update_space": lambda w: (spaces.update_space, w["space"]),
    "delete_space": lambda w: (spaces.delete_space, w["space"]),
    "set_default_space": lambda w: (spaces.set_default_space, w["space"]),
    "resolve_space": lambda w: (spaces.resolve_space, str(w["space"])),
    "list_members": lambda w: (members.list_members, w["space"]),
    "invite_member": lambda w: (members.invite_member, w["space"], "mallory@example.com"),
    "change_role": lambda w: (members.change_role, w["space"], 1, "DEVELOPER"),
    "remove_member": lambda w: (members.remove_member, w["space"], 1),
    "create_item": lambda w: (backlog.create_item, w["space"], "Injected"),
    "list_backlog": lambda w: (backlog.list_backlog, w["space"]),
    "backlog_page": lambda w: (backlog.backlog_page, w["space"], Kw(limit=10)),
    "get_item": lambda w: (backlog.get_item, w["item"]),
    "update_item": lambda w: (backlog.update_item, w["item"], {"title": "Mine"}),
    "delete_item": lambda w: (backlog.delete_item, w["item"]),
    "reorder_item": lambda w: (backlog.reorder_item, w["item"], 0),
    "get_board": lambda w: (board.get_board, w["space"]),
    "get_column_tasks": lambda w: (board.get_column_tasks, w["column"]),
    "get_column_page": lambda w: (board.get_column_page, w["column"]),
    "create_column": lambda w: (board.create_column, w["space"], "Mine"),
    "update_column": lambda w: (board.update_column, w["column"], Kw(name="Renamed")),
    "move_column": lambda w: (board.move_column, w["column"], 1),
    "delete_column": lambda w: (board.delete_column, w["column"]),
    "put_column_back": lambda w: (board.put_column_back, w["space"], 9_999, "Injected", 0, None),
    "delete_column_moving_cards": lambda w: (board.delete_column, w["column"], Kw(move_cards_to=w["column"])),
    "task_history": lambda w: (board.task_history, w["task"]),
    "find_cards": lambda w: (board.find_cards, w["space"], filters.Filter(words=("secret",))),
    "find_cards_paged": lambda w: (board.find_cards, w["space"], filters.Filter(words=("secret",)), Kw(per_column=5)),
    "find_items": lambda w: (filters.find_items, w["space"], filters.Filter()),
    "find_items_page": lambda w: (filters.find_items_page, w["space"], filters.Filter(), 10),
    "create_task": lambda w: (board.create_task, w["item"]),
    "bulk_add_cards": lambda w: (bulk.add_cards, w["space"], [bulk.NewCard("Injected")]),
    "get_task": lambda w: (board.get_task, w["task"]),
    "move_task": lambda w: (board.move_task, w["task"], w["column"]),
    "assign_task": lambda w: (board.assign_task, w["task"], None),
    "update_task": lambda w: (board.update_task, w["task"], "Mine"),
    "delete_task": lambda w: (board.delete_task, w["task"]),
    "list_sprints": lambda w: (sprints.list_sprints, w["space"]),
    "sprint_backlogs": lambda w: (sprints.sprint_backlogs, w["space"]),
    "get_sprint": lambda w: (sprints.get_sprint, w["space"], w["sprint"]),
    "create_sprint": lambda w: (sprints.create_sprint, w["space"], "S", "2027-02-01", "2027-02-08"),
    "start_sprint": lambda w: (sprints.start_sprint, w["space"], w["sprint"]),
    "complete_sprint": lambda w: (sprints.complete_sprint, w["space"], w["sprint"]),
    "delete_planned_sprint": lambda w: (sprints.delete_planned_sprint, w["space"], w["sprint"]),
    "return_to_planning": lambda w: (sprints.return_to_planning, w["space"], w["sprint"]),
    "reopen_sprint": lambda w: (sprints.reopen_sprint, w["space"], w["sprint"]),
    "get_sprint_backlog": lambda w: (sprints.get_sprint_backlog, w["space"], w["sprint"]),
    "product_backlog": lambda w: (sprints.product_backlog, w["space"]),
    "add_to_sprint": lambda w: (sprints.add_to_sprint, w["space"], w["item"]),
    "remove_from_sprint": lambda w: (sprints.remove_from_sprint, w["space"], w["item"]),
    "velocity": lambda w: (metrics.velocity, w["space"]),
    "burndown": lambda w: (metrics.burndown, w["space"], w["sprint"]),
    "list_activity": lambda w: (activity.list_activity, w["space"]),
    "get_column": lambda w: (board.get_column, w["column"]),
    "resolve_member": lambda w: (members.resolve_member, w["space"], "1"),
    "require_scrum_space": lambda w: (sprints.require_scrum_space, w["space"]),
    "export_space": lambda w: (exchange.export_space, w["space"]),
    "export_backlog_csv": lambda w: (exchange.export_backlog_csv, w["space"]),
    "add_comment": lambda w: (comments.add_comment, w["item"], "Injected"),
    "list_comments": lambda w: (comments.list_comments, w["item"]),
    "get_comment": lambda w: (comments.get_comment, w["comment"]),
    "edit_comment": lambda w: (comments.edit_comment, w["comment"], "Mine"),
    "delete_comment": lambda w: (comments.delete_comment, w["comment"]),
    "put_comment_back": lambda w: (comments.put_comment_back, w["item"], Comment(id=9_999, text="Injected")),
    "cumulative_flow": lambda w: (flow.cumulative_flow, w["space"]),
    "cycle_times": lambda w: (flow.cycle_times, w["space"]),
    "throughput": lambda w: (flow.throughput, w["space"]),
    "aging_wip": lambda w: (flow.aging_wip, w["space"]),
    "overview": lambda w: (flow.overview, w["space"]),
    "burnup": lambda w: (flow.burnup, w["space"], w["sprint"]),
    "forecast": lambda w: (flow.forecast, w["space"], 3),
    "standup_digest": lambda w: (reports.standup_digest, w["space"]),
    "sprint_report": lambda w: (reports.sprint_report, w["space"], w["sprint"]),
    "run_changes": lambda w: (undo.run_changes, w["space"], "seed-run"),
    "undo_run": lambda w: (undo.undo_run, w["space"], "seed-run"),
    "archive_task": lambda w: (archive.archive_task, w["task"]),
    "unarchive_task": lambda w: (archive.unarchive_task, w["task"]),
    "archive_done_older_than": lambda w: (archive.archive_done_older_than, w["space"], 0),
    "list_archived": lambda w: (archive.list_archived, w["space"]),
    "item_sprint": lambda w: (sprints.item_sprint, w["space"], w["item"]),
    "set_item_sprint": lambda w: (sprints.set_item_sprint, w["space"], w["item"], None),
}
# Operations on the actor's own account, not on a given workspace.
NOT_SPACE_SCOPED = {"create_space", "list_user_spaces", "default_space_id", "import_space"}
# Called by the services themselves after their own checks.
INTERNAL = {"record"}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_non_member_is_refused_without_learning_anything(mallory, world, operation):
    fn, *args = OPERATIONS[operation](world)
    kwargs = args.pop() if args and isinstance(args[-1], Kw) else {}
    before = dbstate.dump()
    with pytest.raises(DomainError) as info:
        call(fn, mallory, *args, **kwargs)
    assert info.value.code == "not_found", info.value.message
    for secret in ("Secret", "Phoenix", "Alice"):
        assert secret not in info.value.message
    assert dbstate.dump() == before


def test_every_public_service_operation_is_covered():
    """A new service function must join the matrix above."""
    import inspect

    covered = {fn.__name__ for make in OPERATIONS.values() for fn in [make(_AnyIds())[0]]}
    public = set()
    for module in (spaces, members, backlog, board, sprints, metrics, activity, exchange, undo, comments, flow, reports,
                   filters, archive):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            params = list(inspect.signature(fn).parameters)
            if fn.__module__ == module.__name__ and not name.startswith("_") and params[:2] == ["session", "actor"]:
                public.add(name)
    assert public - covered - NOT_SPACE_SCOPED - INTERNAL == set()


class _AnyIds(dict):
    def __missing__(self, key):
        return 1
