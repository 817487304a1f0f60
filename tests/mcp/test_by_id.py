"""get_task and get_backlog_item over the real MCP client: one thing by id, with the names a
confirmation card shows, only inside the caller's workspaces."""

from __future__ import annotations

import pytest

from apcs_app.services import board
from tests.mcp.conftest import call, item, make_space, ok, refused, session

pytestmark = pytest.mark.anyio


async def test_a_task_by_id_names_its_column_and_the_boards_columns(alice, kanban):
    story = item(alice, kanban, "Write the CSV serializer", 5)
    task = call(board.create_task, alice, story.id, kanban.columns[1])
    async with session("workflow", alice, kanban.id) as s:
        out = await ok(s, "get_task", task_id=task.id)
        story_out = await ok(s, "get_backlog_item", item_id=story.id)
    assert out["task"]["title"] == "Write the CSV serializer" and out["task"]["column"]["id"] == kanban.columns[1]
    assert out["task"]["backlog_item_id"] == story.id and out["task"]["done"] is False
    assert [c["id"] for c in out["columns"]] == kanban.columns and out["columns"][0]["position"] == 1
    assert (story_out["title"], story_out["story_points"]) == ("Write the CSV serializer", 5)


async def test_another_workspaces_task_or_item_is_not_found_and_not_described(alice, bob, kanban):
    theirs = make_space(bob, "Bob's own", "KANBAN")
    secret = item(bob, theirs, "Bob's secret plan")
    secret_task = call(board.create_task, bob, secret.id)
    async with session("workflow", alice, kanban.id) as s:
        texts = [await refused(s, "get_task", task_id=secret_task.id),
                 await refused(s, "get_backlog_item", item_id=secret.id),
                 await refused(s, "get_task", task_id=10**9)]
    async with session("scrum_master", alice, kanban.id) as s:
        texts.append(await refused(s, "get_backlog_item", item_id=secret.id))
    assert all("not found" in t and "secret" not in t for t in texts)
