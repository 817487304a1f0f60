"""Workflow tools over the in-process transport: every tool's happy path and its errors,
with the database checked afterwards."""

from __future__ import annotations

import pytest
from sqlmodel import select

from apcs_app import db
from apcs_app.domain import Activity, BacklogItem, BoardColumn, Task
from apcs_app.services import board
from tests.mcp.conftest import call, item, make_space, ok, refused, session

pytestmark = pytest.mark.anyio


def row(model, id_):
    with db.transaction() as s:
        return s.get(model, id_)


async def test_create_backlog_item(alice, kanban):
    async with session("workflow", alice, kanban.id) as s:
        out = await ok(s, "create_backlog_item", title="Export reports to CSV", story_points=5, priority="HIGH",
                       description="as a manager")
        plain = await ok(s, "create_backlog_item", title="Fix flaky login test")
    saved = row(BacklogItem, out["item"]["id"])
    assert (saved.space_id, saved.title, saved.story_points, saved.priority, saved.description, saved.created_by) == (
        kanban.id, "Export reports to CSV", 5, "HIGH", "as a manager", alice.user_id)
    assert out["item"]["status"] == "TODO" and out["space_id"] == kanban.id
    assert (plain["item"]["priority"], plain["item"]["story_points"]) == ("MEDIUM", None)


async def test_create_backlog_item_errors(alice, kanban):
    async with session("workflow", alice, kanban.id) as s:
        text = await refused(s, "create_backlog_item", title="Dark mode", story_points=4)
        assert "Fibonacci" in text and "nearest value is 3" in text
        assert "LOW" in await refused(s, "create_backlog_item", title="Dark mode", priority="URGENT")
        assert "Title cannot be empty" in await refused(s, "create_backlog_item", title=" ")
        assert "limit is 200" in await refused(s, "create_backlog_item", title="x" * 201)


async def test_get_backlog_in_order_with_totals(alice, kanban):
    first, second = item(alice, kanban, "First", 3), item(alice, kanban, "Second", None)
    other = make_space(alice, "Other", "KANBAN")
    item(alice, other, "Elsewhere", 8)
    async with session("workflow", alice, kanban.id) as s:
        out = await ok(s, "get_backlog")
        elsewhere = await ok(s, "get_backlog", space_id=other.id)
        assert "not found among your workspaces" in await refused(s, "get_backlog", space_id=9999)
    assert [i["id"] for i in out["items"]] == [first.id, second.id]
    assert (out["count"], out["total_points"], out["space_id"]) == (2, 3, kanban.id)
    assert [i["title"] for i in elsewhere["items"]] == ["Elsewhere"]


async def test_update_backlog_item_reports_what_changed(alice, kanban):
    story = item(alice, kanban, "Export reports to CSV", 5)
    async with session("workflow", alice, kanban.id) as s:
        out = await ok(s, "update_backlog_item", item_id=story.id, updates={"story_points": 3, "status": "IN_PROGRESS"})
        again = await ok(s, "update_backlog_item", item_id=story.id, updates={"story_points": 3})
        cleared = await ok(s, "update_backlog_item", item_id=story.id, updates={"description": None, "title": "CSV export"})
    assert out["changes"] == {"story_points": {"from": 5, "to": 3}, "status": {"from": "TODO", "to": "IN_PROGRESS"}}
    assert again["changes"] == {} and "nothing changed" in again["message"]
    assert cleared["changes"] == {"title": {"from": "Export reports to CSV", "to": "CSV export"}}
    saved = row(BacklogItem, story.id)
    assert (saved.title, saved.story_points, saved.status) == ("CSV export", 3, "IN_PROGRESS")


async def test_update_backlog_item_errors(alice, kanban):
    story = item(alice, kanban, "Story", 5)
    async with session("workflow", alice, kanban.id) as s:
        assert "nearest value is 3" in await refused(s, "update_backlog_item", item_id=story.id, updates={"story_points": 4})
        assert "at least one field" in await refused(s, "update_backlog_item", item_id=story.id, updates={})
        assert "points" in await refused(s, "update_backlog_item", item_id=story.id, updates={"points": 3})
        assert "IN_PROGRESS" in await refused(s, "update_backlog_item", item_id=story.id, updates={"status": "STARTED"})
        text = await refused(s, "update_backlog_item", item_id=9999, updates={"title": "x"})
        assert "#9999 was not found" in text and "get_backlog" in text


async def test_create_task(alice, kanban):
    story = item(alice, kanban, "Export reports to CSV")
    async with session("workflow", alice, kanban.id) as s:
        default = await ok(s, "create_task", backlog_item_id=story.id)
        named = await ok(s, "create_task", backlog_item_id=story.id, column_id=kanban.columns[1], title="Write serializer")
    assert default["task"]["title"] == "Export reports to CSV"
    assert default["task"]["column"] == {"id": kanban.columns[0], "name": "To Do"}
    assert named["task"]["column"]["name"] == "In Progress" and named["backlog_item"]["status"] == "IN_PROGRESS"
    saved = row(Task, named["task"]["id"])
    assert (saved.title, saved.column_id, saved.backlog_item_id) == ("Write serializer", kanban.columns[1], story.id)


async def test_create_task_errors(alice, kanban):
    story = item(alice, kanban)
    other = make_space(alice, "Other", "KANBAN")
    async with session("workflow", alice, kanban.id) as s:
        text = await refused(s, "create_task", backlog_item_id=story.id, column_id=other.columns[0])
        assert "is not on this workspace's board" in text and "To Do (id" in text
        assert "was not found" in await refused(s, "create_task", backlog_item_id=9999)


async def test_move_task_says_from_where_to_where(alice, kanban):
    story = item(alice, kanban, "Story")
    task = call(board.create_task, alice, story.id)
    async with session("workflow", alice, kanban.id) as s:
        out = await ok(s, "move_task", task_id=task.id, column_id=kanban.columns[2])
        again = await ok(s, "move_task", task_id=task.id, column_id=kanban.columns[2])
    assert out["moved"] is True and out["message"] == f"Moved task #{task.id} 'Story' from To Do to Done."
    assert (out["from_column"]["name"], out["to_column"]["name"], out["task"]["done"]) == ("To Do", "Done", True)
    assert out["backlog_item"]["status"] == "DONE"
    assert again["moved"] is False and "already in Done" in again["message"]
    assert row(Task, task.id).column_id == kanban.columns[2]
    with db.transaction() as s:
        moves = s.exec(select(Activity).where(Activity.action == "move_task")).all()
    assert len(moves) == 1  # the no-op wrote nothing


async def test_move_task_errors(alice, kanban):
    task = call(board.create_task, alice, item(alice, kanban).id)
    other_task = call(board.create_task, alice, item(alice, kanban, "Other").id, kanban.columns[1])
    call(board.update_column, alice, kanban.columns[1], wip_limit=1)
    other = make_space(alice, "Other", "KANBAN")
    async with session("workflow", alice, kanban.id) as s:
        assert "WIP limit" in await refused(s, "move_task", task_id=task.id, column_id=kanban.columns[1])
        text = await refused(s, "move_task", task_id=task.id, column_id=other.columns[1])
        assert "is not on the board" in text and "In Progress (id" in text
        assert "Task 9999 was not found" in await refused(s, "move_task", task_id=9999, column_id=kanban.columns[1])
    assert (row(Task, task.id).column_id, row(Task, other_task.id).column_id) == (kanban.columns[0], kanban.columns[1])


async def test_assign_task_by_id_or_name(alice, bob, kanban):
    task = call(board.create_task, alice, item(alice, kanban).id)
    async with session("workflow", alice, kanban.id) as s:
        out = await ok(s, "assign_task", task_id=task.id, user_id=bob.user_id)
        again = await ok(s, "assign_task", task_id=task.id, user_id="Bob")
        by_email = await ok(s, "assign_task", task_id=task.id, user_id="alice@example.com")
    assert out["assignee"] == {"id": bob.user_id, "name": "Bob Roe", "email": "bob@example.com"} and out["changed"]
    assert again["changed"] is False and "already assigned to Bob Roe" in again["message"]
    assert by_email["assignee"]["id"] == alice.user_id
    assert row(Task, task.id).assignee_id == alice.user_id


async def test_assign_task_errors(alice, mallory, kanban):
    task = call(board.create_task, alice, item(alice, kanban).id)
    async with session("workflow", alice, kanban.id) as s:
        text = await refused(s, "assign_task", task_id=task.id, user_id=mallory.user_id)
        assert "No member of this workspace matches" in text and "Mallory" not in text
        assert "Task 9999 was not found" in await refused(s, "assign_task", task_id=9999, user_id=alice.user_id)


async def test_create_column(alice, kanban):
    async with session("workflow", alice, kanban.id) as s:
        review = await ok(s, "create_column", name="Code Review")
        qa = await ok(s, "create_column", name="QA", order=1)
    assert review["column"]["position"] == 3  # before the done column
    assert [c["name"] for c in qa["columns"]] == ["QA", "To Do", "In Progress", "Code Review", "Done"]
    with db.transaction() as s:
        assert [c.name for c in board.columns(s, kanban.id)] == ["QA", "To Do", "In Progress", "Code Review", "Done"]
    assert row(BoardColumn, qa["column"]["id"]).space_id == kanban.id


async def test_create_column_errors(alice, kanban):
    async with session("workflow", alice, kanban.id) as s:
        assert "already has a column named 'done'" in await refused(s, "create_column", name="done")
        assert "greater than or equal to 1" in await refused(s, "create_column", name="QA", order=0)
        assert "cannot be empty" in await refused(s, "create_column", name="")


async def test_get_kanban_board_and_column_tasks(alice, bob, kanban):
    story = item(alice, kanban, "Story", 5)
    t1 = call(board.create_task, alice, story.id, None, "One")
    t2 = call(board.create_task, alice, story.id, kanban.columns[1], "Two")
    call(board.assign_task, alice, t2.id, bob.user_id)
    async with session("workflow", bob, kanban.id) as s:
        out = await ok(s, "get_kanban_board")
        column = await ok(s, "get_column_tasks", column_id=kanban.columns[1])
        assert "Column 9999 was not found" in await refused(s, "get_column_tasks", column_id=9999)
        assert "not found among your workspaces" in await refused(s, "get_kanban_board", space_id=9999)
    assert [(c["name"], [t["id"] for t in c["tasks"]]) for c in out["columns"]] == [
        ("To Do", [t1.id]), ("In Progress", [t2.id]), ("Done", [])]
    card = out["columns"][1]["tasks"][0]
    assert card == {"id": t2.id, "title": "Two", "backlog_item": {"id": story.id, "title": "Story"}, "story_points": 5,
                    "priority": "MEDIUM", "assignee": {"id": bob.user_id, "name": "Bob Roe"}, "done": False}
    assert (column["name"], column["task_count"], column["tasks"][0]["id"]) == ("In Progress", 1, t2.id)
