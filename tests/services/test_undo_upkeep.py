"""Undo of an agent run's upkeep writes: renames, deletions, column reshaping, comment edits."""

from apcs_app.domain import Via
from apcs_app.services import archive, board, comments, undo
from apcs_app.services.access import Actor
from tests import dbstate
from tests.services.conftest import call, item_in


def as_run(actor: Actor, request_id: str) -> Actor:
    return Actor(actor.user_id, Via.AGENT, request_id)


def tasks_but_versions(dump: dict) -> list[tuple]:
    """Every card row but its version (each write moves it on, undo too)."""
    from apcs_app.domain import Task
    at = [c.name for c in Task.__table__.columns].index("version")
    return [r[:at] + r[at + 1:] for r in dump["tasks"]]


def test_undo_of_every_upkeep_write_puts_the_data_back(alice, kanban, cols):
    item = item_in(alice, kanban, "Invoice bug")
    review = call(board.create_column, alice, kanban.id, "Review", 2)
    waiting = call(board.create_task, alice, item.id, review.id, "Waiting")
    shipped = call(board.create_task, alice, item.id, cols[-1].id, "Shipped")
    gone = call(board.create_task, alice, item.id, None, "Gone")
    note = call(comments.add_comment, alice, item.id, "First")
    other = call(comments.add_comment, alice, item.id, "Second")
    before = dbstate.dump()
    run = as_run(alice, "run-upkeep")
    call(board.update_task, run, waiting.id, "Renamed")
    call(board.update_column, run, cols[0].id, name="Ready", wip_limit=4)
    call(board.move_column, run, cols[0].id, 2)
    call(archive.archive_task, run, shipped.id)
    call(comments.edit_comment, run, note.id, "Edited")
    call(comments.delete_comment, run, other.id)
    call(board.delete_task, run, gone.id)
    call(board.delete_column, run, review.id, move_cards_to=cols[0].id)

    report = call(undo.undo_run, alice, kanban.id, "run-upkeep")

    assert len(report.reversed) >= 8
    after = dbstate.dump()
    for table in ("board_columns", "comments", "backlog_items"):
        assert after[table] == before[table], table
    assert tasks_but_versions(after) == tasks_but_versions(before)
    now = {t.id: (t.title, t.column_id, t.rank, t.archived_at) for t in
           [call(board.get_task, alice, i) for i in (waiting.id, shipped.id, gone.id)]}
    assert now[waiting.id][:2] == ("Waiting", review.id) and now[shipped.id][3] is None
    assert now[gone.id][:2] == ("Gone", cols[0].id)
