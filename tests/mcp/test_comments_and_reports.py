"""The comment, report and forecast tools over the real in-process MCP transport."""

from __future__ import annotations

import pytest

from apcs_app.services import board, comments
from tests.mcp.conftest import call, item, ok, refused, session

pytestmark = pytest.mark.anyio


async def test_an_agent_comments_in_its_users_name_and_reads_them_back(alice, bob, kanban):
    export = item(alice, kanban, "CSV export", 3)
    call(comments.add_comment, bob, export.id, "Use semicolons for the German locale.")
    async with session("workflow", alice, kanban.id) as s:
        added = await ok(s, "add_comment", backlog_item_id=export.id, text="Agreed, <b>both</b> separators.")
        read = await ok(s, "get_comments", backlog_item_id=export.id)
        latest = await ok(s, "get_comments", backlog_item_id=export.id, limit=1)
        bobs = await ok(s, "get_comments", backlog_item_id=export.id, author="bob")
        by_mail = await ok(s, "get_comments", backlog_item_id=export.id, author="bob@example.com")
        nobodys = await ok(s, "get_comments", backlog_item_id=export.id, author="100%_x")
        assert "limit is 4000" in await refused(s, "add_comment", backlog_item_id=export.id, text="x" * 4001)
        assert "not found" in await refused(s, "get_comments", backlog_item_id=99999)
    assert added["comment"]["via_agent"] is True and added["comment"]["author_name"] == "Alice Doe"
    assert [(c["author_name"], c["text"], c["via_agent"]) for c in read["comments"]] == [
        ("Bob Roe", "Use semicolons for the German locale.", False),
        ("Alice Doe", "Agreed, <b>both</b> separators.", True)]
    assert [c["text"] for c in latest["comments"]] == ["Agreed, <b>both</b> separators."]
    assert [c["author_name"] for c in bobs["comments"]] == ["Bob Roe"] == [c["author_name"] for c in by_mail["comments"]]
    assert nobodys["count"] == 0 and nobodys["author"] == "100%_x"  # LIKE wildcards in a name match nothing


async def test_reports_and_forecast_tools(alice, kanban):
    task = call(board.create_task, alice, item(alice, kanban, "Invoice", 3).id)
    with_cols = call(board.get_board, alice, kanban.id)
    call(board.move_task, alice, task.id, with_cols[1].id)
    async with session("scrum_master", alice, kanban.id) as s:
        digest = await ok(s, "get_standup_digest")
        metrics = await ok(s, "get_flow_metrics")
        no_history = await refused(s, "forecast_completion", items=5)
    assert f"Alice Doe moved task #{task.id} 'Invoice' from To Do to In Progress" in digest["text"]
    assert [c["title"] for c in metrics["aging_wip"]] == ["Invoice"] and metrics["items_done"] == 0
    assert "no throughput" in no_history


async def test_sprint_report_tool_on_a_kanban_workspace_says_why_not(alice, kanban):
    async with session("scrum_master", alice, kanban.id) as s:
        assert "only in SCRUM workspaces" in await refused(s, "get_sprint_report")
