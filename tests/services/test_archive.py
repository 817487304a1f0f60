"""Archiving done cards: off the board, still found, exported and counted; restored on demand;
the rule "archive done cards older than N days"; and undo of an archive or a deletion."""

import datetime as dt

import pytest

from apcs_app import db
from apcs_app.domain import ConflictError, DomainError, InvalidError, NotFoundError, Task, Via
from apcs_app.domain.models import utcnow
from apcs_app.services import activity, archive, backlog, board, exchange, flow, search, sprints, undo
from apcs_app.services.access import Actor
from tests.services.conftest import call, item_in


def on_board(actor, space_id) -> dict[str, list[str]]:
    return {c.name: [card.title for card in c.cards] for c in call(board.get_board, actor, space_id)}


def done_task(actor, space, cols, title="Shipped"):
    task = call(board.create_task, actor, item_in(actor, space, title).id)
    call(board.move_task, actor, task.id, cols[-1].id)
    return task


def done_days_ago(task_id: int, days: float) -> None:
    with db.transaction() as s:
        s.get(Task, task_id).done_at = utcnow() - dt.timedelta(days=days)


def test_an_archived_card_leaves_the_board_and_comes_back_when_restored(alice, kanban, cols):
    task = done_task(alice, kanban, cols)
    archived = call(archive.archive_task, alice, task.id)
    assert archived.archived_at is not None
    assert "Shipped" not in on_board(alice, kanban.id)["Done"]
    assert [t.title for t in call(archive.list_archived, alice, kanban.id)] == ["Shipped"]
    feed = call(activity.list_activity, alice, kanban.id)
    assert (feed[0].action, feed[0].summary) == ("archive_task", f"archived task #{task.id} 'Shipped'")

    call(archive.unarchive_task, alice, task.id)
    assert on_board(alice, kanban.id)["Done"] == ["Shipped"]
    assert call(archive.list_archived, alice, kanban.id) == []
    assert call(activity.list_activity, alice, kanban.id)[0].action == "unarchive_task"


def test_archiving_twice_restoring_a_card_on_the_board_or_an_unfinished_card_is_refused(alice, kanban, cols,
                                                                                         unchanged):
    task = done_task(alice, kanban, cols)
    open_task = call(board.create_task, alice, item_in(alice, kanban, "Still open").id)
    with unchanged(ConflictError, "is not archived"):
        call(archive.unarchive_task, alice, task.id)
    with unchanged(ConflictError, "only done cards are archived"):
        call(archive.archive_task, alice, open_task.id)
    call(archive.archive_task, alice, task.id)
    with unchanged(ConflictError, "already archived"):
        call(archive.archive_task, alice, task.id)


def test_any_member_may_archive_and_restore(alice, bob, kanban, cols):
    task = done_task(alice, kanban, cols)
    call(archive.archive_task, bob, task.id)
    call(archive.unarchive_task, bob, task.id)


def test_the_rule_archives_only_done_cards_done_longer_ago_than_the_days_given(alice, kanban, cols, unchanged):
    old, recent = done_task(alice, kanban, cols, "Old"), done_task(alice, kanban, cols, "Recent")
    call(board.create_task, alice, item_in(alice, kanban, "Open").id)
    done_days_ago(old.id, 20)
    done_days_ago(recent.id, 3)
    archived = call(archive.archive_done_older_than, alice, kanban.id, 14)
    assert [t.title for t in archived] == ["Old"]
    assert on_board(alice, kanban.id) == {"To Do": ["Open"], "In Progress": [], "Done": ["Recent"]}
    assert call(archive.archive_done_older_than, alice, kanban.id, 14) == []  # nothing left to do
    with unchanged(InvalidError, "Days must be at least 0"):
        call(archive.archive_done_older_than, alice, kanban.id, -1)
    with unchanged(InvalidError, "Days must be a whole number"):
        call(archive.archive_done_older_than, alice, kanban.id, "soon")


def test_a_card_moved_out_of_the_done_column_is_not_archived_by_the_rule(alice, kanban, cols):
    task = done_task(alice, kanban, cols, "Reopened")
    done_days_ago(task.id, 30)
    call(board.move_task, alice, task.id, cols[1].id)
    assert call(archive.archive_done_older_than, alice, kanban.id, 1) == []


def test_archived_cards_stay_in_search_export_and_metrics(alice, kanban, cols):
    task = done_task(alice, kanban, cols, "Quarterly invoice run")
    before_flow = call(flow.throughput, alice, kanban.id, 2)
    before_cycle = call(flow.cycle_times, alice, kanban.id)
    call(archive.archive_task, alice, task.id)

    hits = call(search.search, alice, kanban.id, "quarterly invoice", ["task"]).hits
    assert [(h.kind, h.id) for h in hits] == [("task", task.id)]
    doc = call(exchange.export_space, alice, kanban.id)
    exported = next(t for t in doc["tasks"] if t["key"] == task.id)
    assert exported["archived_at"] is not None
    assert "Quarterly invoice run" in call(exchange.export_backlog_csv, alice, kanban.id)
    assert call(flow.throughput, alice, kanban.id, 2) == before_flow
    assert sum(w.count for w in before_flow) == 1
    assert call(flow.cycle_times, alice, kanban.id) == before_cycle


def test_an_imported_archived_card_stays_archived(alice, kanban, cols):
    call(archive.archive_task, alice, done_task(alice, kanban, cols, "Filed away").id)
    doc = call(exchange.export_space, alice, kanban.id)
    result = call(exchange.import_space, alice, doc, "Copy")
    assert "Filed away" not in on_board(alice, result.space.id)["Done"]
    assert [t.title for t in call(archive.list_archived, alice, result.space.id)] == ["Filed away"]


def test_archived_cards_do_not_count_towards_a_wip_limit(alice, kanban, cols):
    call(board.update_column, alice, cols[-1].id, wip_limit=1)
    call(archive.archive_task, alice, done_task(alice, kanban, cols, "First").id)
    done_task(alice, kanban, cols, "Second")  # the archived card leaves room
    assert on_board(alice, kanban.id)["Done"] == ["Second"]


def test_restoring_into_a_full_column_is_refused(alice, kanban, cols, unchanged):
    first = done_task(alice, kanban, cols, "First")
    call(archive.archive_task, alice, first.id)
    done_task(alice, kanban, cols, "Second")
    call(board.update_column, alice, cols[-1].id, wip_limit=1)
    with unchanged(ConflictError, "WIP limit"):
        call(archive.unarchive_task, alice, first.id)


# ---------------------------------------------------------------- undo


def as_run(actor: Actor, request_id: str) -> Actor:
    return Actor(actor.user_id, Via.UI, request_id)


def test_undo_a_deleted_task_brings_it_back_where_it_was(alice, bob, kanban, cols):
    item = item_in(alice, kanban, "Deleted by mistake")
    task = call(board.create_task, alice, item.id)
    call(board.create_task, alice, item_in(alice, kanban, "Above").id)
    call(board.move_task, alice, task.id, cols[1].id)
    neighbour = call(board.create_task, alice, item_in(alice, kanban, "Neighbour").id)
    call(board.move_task, alice, neighbour.id, cols[1].id)
    call(board.assign_task, alice, task.id, bob.user_id)
    with db.read() as s:
        kept = s.get(Task, task.id).model_dump()
        status = backlog.get_item(s, alice, item.id).status
    history = len(call(board.task_history, alice, task.id))

    call(board.delete_task, as_run(alice, "ui-delete"), task.id)
    assert on_board(alice, kanban.id)["In Progress"] == ["Neighbour"]
    report = call(undo.undo_run, alice, kanban.id, "ui-delete")
    assert report.reversed == [f"restored task #{task.id} 'Deleted by mistake' in In Progress"]
    assert on_board(alice, kanban.id)["In Progress"] == ["Deleted by mistake", "Neighbour"]
    with db.read() as s:
        assert s.get(Task, task.id).model_dump() == kept  # id, assignee, rank, times: all as they were
        assert backlog.get_item(s, alice, item.id).status == status
    # The same task id again: its history reads on, with the deletion and its undo in it.
    actions = [a.action for a in call(board.task_history, alice, task.id)]
    assert len(actions) == history + 2 and actions[:2] == ["undo_delete_task", "delete_task"]


def test_undo_a_deleted_done_task_keeps_its_done_time_and_the_item_done(alice, kanban, cols):
    task = done_task(alice, kanban, cols, "Done and gone")
    done_days_ago(task.id, 5)
    with db.read() as s:
        done_at = s.get(Task, task.id).done_at
    call(board.delete_task, as_run(alice, "ui-del-done"), task.id)
    call(undo.undo_run, alice, kanban.id, "ui-del-done")
    with db.read() as s:
        restored = s.get(Task, task.id)
        assert restored.done_at == done_at
        assert backlog.get_item(s, alice, restored.backlog_item_id).status == "DONE"


def test_undo_a_deletion_is_refused_when_its_item_or_column_is_gone(alice, kanban, cols, unchanged):
    task = call(board.create_task, alice, item_in(alice, kanban, "Orphan").id)
    call(board.move_task, alice, task.id, cols[1].id)
    call(board.delete_task, as_run(alice, "ui-del-col"), task.id)
    call(board.delete_column, alice, cols[1].id)
    with unchanged(ConflictError, "column .* no longer exists"):
        call(undo.undo_run, alice, kanban.id, "ui-del-col")

    item = item_in(alice, kanban, "Item goes too")
    other = call(board.create_task, alice, item.id)
    call(board.delete_task, as_run(alice, "ui-del-item"), other.id)
    call(backlog.delete_item, alice, item.id)
    with unchanged(ConflictError, "backlog item .* no longer exists"):
        call(undo.undo_run, alice, kanban.id, "ui-del-item")


def test_undo_a_deletion_keeps_the_wip_limit(alice, kanban, cols, unchanged):
    task = call(board.create_task, alice, item_in(alice, kanban, "Was here").id)
    call(board.create_task, alice, item_in(alice, kanban, "Stays").id)
    call(board.delete_task, as_run(alice, "ui-del-wip"), task.id)
    call(board.update_column, alice, cols[0].id, wip_limit=2)
    call(board.create_task, alice, item_in(alice, kanban, "Took its place").id)
    with unchanged(ConflictError, "WIP limit"):
        call(undo.undo_run, alice, kanban.id, "ui-del-wip")


def test_undo_an_archive_and_the_archive_rule(alice, kanban, cols):
    task = done_task(alice, kanban, cols, "Archived by mistake")
    call(archive.archive_task, as_run(alice, "ui-archive"), task.id)
    call(undo.undo_run, alice, kanban.id, "ui-archive")
    assert on_board(alice, kanban.id)["Done"] == ["Archived by mistake"]
    assert call(activity.list_activity, alice, kanban.id)[1].action == "undo_archive_task"

    other = done_task(alice, kanban, cols, "Old too")
    done_days_ago(task.id, 30)
    done_days_ago(other.id, 30)
    assert len(call(archive.archive_done_older_than, as_run(alice, "rule-run"), kanban.id, 7)) == 2
    assert on_board(alice, kanban.id)["Done"] == []
    assert len(call(undo.undo_run, alice, kanban.id, "rule-run").reversed) == 2
    assert sorted(on_board(alice, kanban.id)["Done"]) == ["Archived by mistake", "Old too"]


def test_undo_a_restore_archives_again(alice, kanban, cols):
    task = done_task(alice, kanban, cols, "Back and forth")
    call(archive.archive_task, alice, task.id)
    call(archive.unarchive_task, as_run(alice, "ui-restore"), task.id)
    call(undo.undo_run, alice, kanban.id, "ui-restore")
    assert on_board(alice, kanban.id)["Done"] == []


def test_undo_of_a_deletion_is_refused_once_the_task_changed_again(alice, kanban, cols, unchanged):
    task = done_task(alice, kanban, cols, "Archived then deleted")
    call(archive.archive_task, as_run(alice, "ui-arch-2"), task.id)
    call(board.delete_task, alice, task.id)
    with unchanged(ConflictError, "changed this since"):
        call(undo.undo_run, alice, kanban.id, "ui-arch-2")


# ---------------------------------------------------------------- sprint of an item


@pytest.fixture
def two_sprints(alice, scrum):
    a = call(sprints.create_sprint, alice, scrum.id, "Sprint A", dt.date(2027, 1, 4), dt.date(2027, 1, 18))
    b = call(sprints.create_sprint, alice, scrum.id, "Sprint B", dt.date(2027, 1, 18), dt.date(2027, 2, 1))
    return a, b


def test_set_the_sprint_of_an_item_moves_it_between_sprints_or_out(alice, scrum, two_sprints):
    a, b = two_sprints
    item = item_in(alice, scrum, "Sprinted")
    assert call(sprints.set_item_sprint, alice, scrum.id, item.id, a.id).id == a.id
    assert call(sprints.item_sprint, alice, scrum.id, item.id).id == a.id
    call(sprints.set_item_sprint, alice, scrum.id, item.id, b.id)
    assert [i.title for i in call(sprints.get_sprint_backlog, alice, scrum.id, a.id).items] == []
    assert [i.title for i in call(sprints.get_sprint_backlog, alice, scrum.id, b.id).items] == ["Sprinted"]
    assert call(sprints.set_item_sprint, alice, scrum.id, item.id, None) is None
    assert call(sprints.item_sprint, alice, scrum.id, item.id) is None
    feed = [a.action for a in call(activity.list_activity, alice, scrum.id)][:3]
    assert feed == ["remove_from_sprint", "add_to_sprint", "remove_from_sprint"]


def test_set_the_sprint_refuses_what_a_sprint_refuses(alice, scrum, kanban, two_sprints, unchanged):
    a, _ = two_sprints
    item = item_in(alice, scrum, "Sprinted")
    call(sprints.set_item_sprint, alice, scrum.id, item.id, a.id)
    with unchanged(DomainError):  # already there: nothing changes
        call(sprints.set_item_sprint, alice, scrum.id, item.id, a.id)
        raise DomainError("nothing to see")
    with unchanged(NotFoundError, "not found"):
        call(sprints.set_item_sprint, alice, scrum.id, item.id, 99999)
    call(sprints.complete_sprint, alice, scrum.id, call(sprints.start_sprint, alice, scrum.id, a.id).id)
    with unchanged(ConflictError, "completed"):
        call(sprints.set_item_sprint, alice, scrum.id, item.id, a.id)
    elsewhere = item_in(alice, kanban)
    with unchanged(InvalidError, "only in SCRUM workspaces"):
        call(sprints.set_item_sprint, alice, kanban.id, elsewhere.id, None)


def test_an_archived_card_cannot_be_moved_until_restored(alice, kanban, cols, unchanged):
    task = done_task(alice, kanban, cols, "Filed")
    call(archive.archive_task, alice, task.id)
    with unchanged(ConflictError, "is archived; restore it"):
        call(board.move_task, alice, task.id, cols[0].id)


def test_deleting_the_done_column_brings_its_archived_cards_back_as_unfinished_work(alice, kanban, cols):
    task = done_task(alice, kanban, cols, "Filed")
    call(archive.archive_task, alice, task.id)
    call(board.delete_column, alice, cols[-1].id, move_cards_to=cols[1].id)
    # "In Progress" is the done column now: the card is done there, and still archived.
    assert on_board(alice, kanban.id) == {"To Do": [], "In Progress": []}
    assert [t.column_id for t in call(archive.list_archived, alice, kanban.id)] == [cols[1].id]


def test_moving_the_done_column_away_puts_its_archived_cards_back_on_the_board(alice, kanban, cols):
    task = done_task(alice, kanban, cols, "Filed")
    call(archive.archive_task, alice, task.id)
    call(board.move_column, alice, cols[-1].id, 1)  # the old done column is first now: not done
    assert on_board(alice, kanban.id)["Done"] == ["Filed"]
    assert call(archive.list_archived, alice, kanban.id) == []
