from apcs_app import db
from apcs_app.domain import BacklogItem, ConflictError, InvalidError, NotFoundError
from apcs_app.services import backlog, board, spaces
from tests import dbstate
from tests.services.conftest import call, item_in


def names(space_id, actor):
    return {c.name: [card.title for card in c.cards] for c in call(board.get_board, actor, space_id)}


def test_create_task_goes_to_the_first_column_titled_after_its_item(alice, kanban, cols):
    item = item_in(alice, kanban, "Fix login")
    task = call(board.create_task, alice, item.id)
    assert (task.title, task.column_id) == ("Fix login", cols[0].id)
    named = call(board.create_task, alice, item.id, cols[1].id, "Write test")
    assert names(kanban.id, alice) == {"To Do": ["Fix login"], "In Progress": ["Write test"], "Done": []}
    assert call(backlog.get_item, alice, item.id).status == "IN_PROGRESS"
    assert named.done_at is None


def test_moving_to_the_last_column_marks_done_and_the_item_follows(alice, kanban, cols):
    item = item_in(alice, kanban)
    t1, t2 = call(board.create_task, alice, item.id), call(board.create_task, alice, item.id)
    call(board.move_task, alice, t1.id, cols[2].id)
    assert call(backlog.get_item, alice, item.id).status == "IN_PROGRESS"
    moved, changed = call(board.move_task, alice, t2.id, cols[2].id)
    assert changed and moved.done_at is not None
    done = call(backlog.get_item, alice, item.id)
    assert (done.status, done.completed_at is not None) == ("DONE", True)
    call(board.move_task, alice, t2.id, cols[1].id)  # reopened
    reopened = call(backlog.get_item, alice, item.id)
    assert (reopened.status, reopened.completed_at) == ("IN_PROGRESS", None)


def test_moving_to_the_column_it_is_in_is_a_no_op(alice, kanban, cols):
    task = call(board.create_task, alice, item_in(alice, kanban).id)
    before = dbstate.dump()
    _, changed = call(board.move_task, alice, task.id, cols[0].id)
    assert not changed and dbstate.dump() == before


def test_a_task_cannot_move_to_another_space_column(alice, kanban, scrum, unchanged):
    task = call(board.create_task, alice, item_in(alice, kanban).id)
    with db.transaction() as s:
        foreign = board.columns(s, scrum.id)[1]
    with unchanged(InvalidError, "not on the board of this task's workspace"):
        call(board.move_task, alice, task.id, foreign.id)


def test_wip_limit_is_enforced_on_move_and_create(alice, kanban, cols, unchanged):
    call(board.update_column, alice, cols[1].id, wip_limit=1)
    item = item_in(alice, kanban)
    t1, t2 = call(board.create_task, alice, item.id), call(board.create_task, alice, item.id)
    call(board.move_task, alice, t1.id, cols[1].id)
    with unchanged(ConflictError, r"WIP limit \(1/1\)"):
        call(board.move_task, alice, t2.id, cols[1].id)
    with unchanged(ConflictError, "WIP limit"):
        call(board.create_task, alice, item.id, cols[1].id)
    call(board.move_task, alice, t1.id, cols[1].id, 0)  # reordering inside a full column is fine
    call(board.update_column, alice, cols[1].id, wip_limit=None)
    call(board.move_task, alice, t2.id, cols[1].id)


def test_position_within_a_column(alice, kanban, cols):
    item = item_in(alice, kanban)
    tasks = [call(board.create_task, alice, item.id, title=f"T{n}") for n in range(3)]
    call(board.move_task, alice, tasks[2].id, cols[0].id, 0)
    assert names(kanban.id, alice)["To Do"] == ["T2", "T0", "T1"]
    call(board.move_task, alice, tasks[2].id, cols[1].id)
    call(board.move_task, alice, tasks[0].id, cols[1].id, 0)
    assert names(kanban.id, alice)["In Progress"] == ["T0", "T2"]


def test_stale_version_move_is_a_conflict(alice, bob, kanban, cols, unchanged):
    task = call(board.create_task, alice, item_in(alice, kanban).id)
    call(board.move_task, bob, task.id, cols[1].id)
    with unchanged(ConflictError, "moved or changed by someone else"):
        call(board.move_task, alice, task.id, cols[2].id, expected_version=task.version)


def test_columns_insert_before_done_by_default_and_at_an_order(alice, kanban):
    call(board.create_column, alice, kanban.id, "Code Review")
    call(board.create_column, alice, kanban.id, "QA", order=3)
    assert list(names(kanban.id, alice)) == ["To Do", "In Progress", "QA", "Code Review", "Done"]


def test_column_errors(alice, kanban, cols, unchanged):
    with unchanged(ConflictError, "already has a column named"):
        call(board.create_column, alice, kanban.id, "done")
    with unchanged(InvalidError, "at least 1"):
        call(board.create_column, alice, kanban.id, "X", order=0)
    task = call(board.create_task, alice, item_in(alice, kanban).id)
    with unchanged(ConflictError, "still holds 1 task"):
        call(board.delete_column, alice, cols[0].id)
    call(board.move_task, alice, task.id, cols[2].id)
    call(board.delete_column, alice, cols[0].id)
    with unchanged(ConflictError, "at least 2 columns"):
        call(board.delete_column, alice, cols[1].id)


def test_deleting_a_column_can_move_its_cards_to_a_column_the_user_picks(alice, kanban, cols, unchanged):
    first, second = (call(board.create_task, alice, item_in(alice, kanban, t).id, cols[1].id) for t in ("A", "B"))
    with unchanged(InvalidError, "not another column of this board"):
        call(board.delete_column, alice, cols[1].id, move_cards_to=cols[1].id)
    call(board.update_column, alice, cols[0].id, wip_limit=1)
    with unchanged(ConflictError, "WIP limit"):
        call(board.delete_column, alice, cols[1].id, move_cards_to=cols[0].id)
    call(board.delete_column, alice, cols[1].id, move_cards_to=cols[2].id)
    assert names(kanban.id, alice) == {"To Do": [], "Done": ["A", "B"]}
    assert all(call(board.get_task, alice, t.id).done_at is not None for t in (first, second))


def test_deleting_the_done_column_makes_the_new_last_column_done(alice, kanban, cols):
    task = call(board.create_task, alice, item_in(alice, kanban, "Shipped").id, cols[2].id)
    call(board.delete_column, alice, cols[2].id, move_cards_to=cols[1].id)
    assert names(kanban.id, alice) == {"To Do": [], "In Progress": ["Shipped"]}
    assert call(board.get_task, alice, task.id).done_at is not None


def test_a_task_history_holds_its_own_and_its_items_changes_newest_first(alice, kanban, cols):
    item = item_in(alice, kanban, "Report")
    task = call(board.create_task, alice, item.id)
    other = call(board.create_task, alice, item_in(alice, kanban, "Other").id)
    call(board.move_task, alice, task.id, cols[1].id)
    call(board.move_task, alice, other.id, cols[1].id)
    call(backlog.update_item, alice, item.id, {"priority": "HIGH"})
    summaries = [a.summary for a in call(board.task_history, alice, task.id)]
    assert summaries[0].startswith(f"updated item #{item.id}")
    assert summaries[1].startswith(f"moved task #{task.id}")
    assert summaries[-1] == f"created item #{item.id} 'Report'"
    assert not any(f"#{other.id}" in s for s in summaries)


def test_reordering_columns_keeps_the_last_one_as_done(alice, kanban, cols):
    item = item_in(alice, kanban)
    task = call(board.create_task, alice, item.id, cols[1].id)
    call(board.move_column, alice, cols[2].id, 1)  # Done becomes first; In Progress is now last
    with db.transaction() as s:
        assert s.get(BacklogItem, item.id).status == "DONE"
    assert call(board.get_task, alice, task.id).done_at is not None


def test_assign_only_to_members(alice, bob, mallory, kanban, unchanged):
    task = call(board.create_task, alice, item_in(alice, kanban).id)
    assert call(board.assign_task, alice, task.id, bob.user_id).assignee_id == bob.user_id
    with unchanged(NotFoundError, "No member of this workspace"):
        call(board.assign_task, alice, task.id, mallory.user_id)
    assert call(board.assign_task, alice, task.id, None).assignee_id is None
    card = call(board.get_board, alice, kanban.id)[0].cards[0]
    assert card.assignee_name is None


def test_board_cards_carry_item_fields_and_the_column_view(alice, bob, kanban, cols):
    item = item_in(alice, kanban, "Invoice bug", 5, "CRITICAL")
    task = call(board.create_task, alice, item.id)
    call(board.assign_task, alice, task.id, bob.user_id)
    card = call(board.get_column_tasks, alice, cols[0].id).cards[0]
    assert (card.title, card.story_points, card.priority, card.assignee_name, card.done) == (
        "Invoice bug", 5, "CRITICAL", "Bob Roe", False)


def test_non_members_touch_nothing_on_the_board(alice, mallory, kanban, cols, unchanged):
    task = call(board.create_task, alice, item_in(alice, kanban).id)
    for fn, args in (
        (board.get_board, (kanban.id,)), (board.get_column_tasks, (cols[0].id,)),
        (board.move_task, (task.id, cols[1].id)), (board.assign_task, (task.id, mallory.user_id)),
        (board.create_column, (kanban.id, "Mine")), (board.create_task, (task.backlog_item_id,)),
        (board.update_column, (cols[0].id,)), (board.delete_task, (task.id,)),
    ):
        with unchanged(NotFoundError):
            call(fn, mallory, *args)


def test_board_reads_take_three_queries_whatever_the_size(alice, kanban, cols):
    from sqlalchemy import event

    for n in range(2):
        item = item_in(alice, kanban, f"Item {n}")
        for _ in range(5):
            call(board.create_task, alice, item.id)
    statements = []
    engine = db.get_engine()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        with db.transaction() as s:
            view = board.get_board(s, alice, kanban.id)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    data = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert sum(len(c.cards) for c in view) == 10
    assert len(data) == 3, data


def test_space_summary_counts_tasks(alice, kanban):
    call(board.create_task, alice, item_in(alice, kanban).id)
    summary = call(spaces.space_summary, alice, kanban.id)
    assert (summary.task_count, summary.item_count) == (1, 1)
