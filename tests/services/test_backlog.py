import pytest

from apcs_app.domain import ConflictError, InvalidError, NotFoundError
from apcs_app.services import backlog
from tests import dbstate
from tests.services.conftest import call, item_in


def test_create_item_with_fibonacci_points_and_priority(alice, scrum):
    item = call(backlog.create_item, alice, scrum.id, "  Export   reports ", "as CSV", 5, "high")
    assert (item.title, item.description, item.story_points, item.priority, item.status) == (
        "Export reports", "as CSV", 5, "HIGH", "TODO")
    assert item_in(alice, scrum, points=None).priority == "MEDIUM"


@pytest.mark.parametrize("points", [4, 0, -1, 100, "many", 2.5, True])
def test_points_off_the_scale_are_refused_and_change_nothing(alice, scrum, unchanged, points):
    with unchanged(InvalidError, "Story points must be"):
        call(backlog.create_item, alice, scrum.id, "Dark mode", story_points=points)


def test_off_scale_points_message_suggests_the_nearest(alice, scrum):
    with pytest.raises(InvalidError, match="nearest value is 3"):
        call(backlog.create_item, alice, scrum.id, "Dark mode", story_points=4)


def test_bad_title_or_priority_is_refused(alice, scrum, unchanged):
    with unchanged(InvalidError, "Title cannot be empty"):
        call(backlog.create_item, alice, scrum.id, "  ")
    with unchanged(InvalidError, "LOW, MEDIUM, HIGH, CRITICAL"):
        call(backlog.create_item, alice, scrum.id, "X", priority="urgent")


def test_update_fields_records_before_and_after(alice, scrum):
    item = item_in(alice, scrum, "Export", 5)
    updated = call(backlog.update_item, alice, item.id, {"story_points": 3, "status": "in progress"})
    assert (updated.story_points, updated.status, updated.version) == (3, "IN_PROGRESS", 2)
    assert dbstate.count("activity", "action = 'update_backlog_item'") == 1


def test_status_done_records_the_completion_time_and_reopening_clears_it(alice, scrum):
    item = item_in(alice, scrum)
    assert call(backlog.update_item, alice, item.id, {"status": "DONE"}).completed_at is not None
    assert call(backlog.update_item, alice, item.id, {"status": "TODO"}).completed_at is None


def test_update_errors_change_nothing(alice, mallory, scrum, unchanged):
    item = item_in(alice, scrum)
    with unchanged(InvalidError, "editable fields are"):
        call(backlog.update_item, alice, item.id, {"space_id": 7})
    with unchanged(InvalidError, "at least one field"):
        call(backlog.update_item, alice, item.id, {})
    with unchanged(InvalidError, "Fibonacci"):
        call(backlog.update_item, alice, item.id, {"title": "Renamed", "story_points": 6})
    with unchanged(NotFoundError, "not found in your workspaces"):
        call(backlog.update_item, mallory, item.id, {"title": "Mine now"})


def test_an_identical_update_is_a_no_op(alice, scrum):
    item = item_in(alice, scrum, points=3)
    again = call(backlog.update_item, alice, item.id, {"story_points": 3})
    assert again.version == 1
    assert dbstate.count("activity", "action = 'update_backlog_item'") == 0


def test_reorder_and_filters(alice, scrum):
    a, b, c = (item_in(alice, scrum, t, priority=p) for t, p in (("A", "LOW"), ("B", "HIGH"), ("C", "HIGH")))
    call(backlog.reorder_item, alice, c.id, 0)
    assert [i.title for i in call(backlog.list_backlog, alice, scrum.id)] == ["C", "A", "B"]
    call(backlog.reorder_item, alice, c.id, 99)
    assert [i.title for i in call(backlog.list_backlog, alice, scrum.id)] == ["A", "B", "C"]
    assert [i.title for i in call(backlog.list_backlog, alice, scrum.id, priority="high")] == ["B", "C"]
    call(backlog.update_item, alice, a.id, {"status": "DONE"})
    assert [i.title for i in call(backlog.list_backlog, alice, scrum.id, status="done")] == ["A"]


def test_reorder_with_a_stale_version_is_a_conflict(alice, bob, scrum, unchanged):
    a, b = item_in(alice, scrum, "A"), item_in(alice, scrum, "B")
    call(backlog.reorder_item, bob, a.id, 1)
    with unchanged(ConflictError, "changed by someone else"):
        call(backlog.reorder_item, alice, a.id, 0, expected_version=1)


def test_many_reorders_keep_a_consistent_order(alice, scrum):
    items = [item_in(alice, scrum, f"I{n}") for n in range(6)]
    for _ in range(40):  # always into the same gap: forces renumbering
        call(backlog.reorder_item, alice, items[5].id, 1)
        call(backlog.reorder_item, alice, items[4].id, 1)
    ranks = [i.rank for i in call(backlog.list_backlog, alice, scrum.id)]
    assert len(set(ranks)) == 6 and ranks == sorted(ranks)


def test_delete_item_removes_its_tasks(alice, scrum):
    from apcs_app.services import board

    item = item_in(alice, scrum)
    call(board.create_task, alice, item.id)
    call(backlog.delete_item, alice, item.id)
    assert dbstate.count("backlog_items") == dbstate.count("tasks") == 0


def test_a_backlog_page_is_its_ranked_slice_with_the_backlogs_size(alice, kanban):
    titles = [f"Story {n}" for n in range(7)]
    for title in titles:
        item_in(alice, kanban, title)
    first, total = call(backlog.backlog_page, alice, kanban.id, limit=3)
    rest, _ = call(backlog.backlog_page, alice, kanban.id, limit=3, offset=3)
    last, _ = call(backlog.backlog_page, alice, kanban.id, limit=3, offset=6)
    assert total == 7
    assert [i.title for i in first + rest + last] == [i.title for i in call(backlog.list_backlog, alice, kanban.id)]
    assert len(last) == 1
    with pytest.raises(InvalidError):
        call(backlog.backlog_page, alice, kanban.id, limit=0)
    with pytest.raises(InvalidError):
        call(backlog.backlog_page, alice, kanban.id, limit=3, offset=-1)
