"""The Scrum Master's reports through the offline model, end to end: message → router → agent →
real MCP server → services, and the answer is the data, as plain text."""

from __future__ import annotations

import datetime as dt

import pytest

from apcs_app import db
from apcs_app.agents.offline.intents import understand
from apcs_app.services import board
from tests.agents.support import column_id, run, task_id

pytestmark = pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)


@pytest.mark.parametrize(("message", "tool", "args"), [
    ("give me today's stand-up", "get_standup_digest", {}),
    ("what happened since yesterday?", "get_standup_digest", {}),
    ("when will the remaining 8 items be done?", "forecast_completion", {"items": 8}),
    ("forecast five items", "forecast_completion", {"items": 5}),
    ("how is our flow / cycle time?", "get_flow_metrics", {}),
    ("sprint report please", "get_sprint_report", {}),
])
def test_reading(message, tool, args, demo_database):
    intent = understand(message, dt.date(2026, 12, 4))
    assert (intent.tool, intent.args, intent.missing) == (tool, args, [])


def test_standup_lists_the_card_that_moved(demo):
    card = task_id("Write CSV serializer", demo.phoenix)
    with db.transaction() as s:
        board.move_task(s, demo.bob, card, column_id("In Progress", demo.phoenix))
    result = run(demo.alice, "give me today's stand-up")
    assert result.call("get_standup_digest")
    assert "Bob Chen" in result.answer and "Write CSV serializer" in result.answer


def test_sprint_report_names_the_sprint(demo):
    result = run(demo.alice, "sprint report for Sprint 1")
    assert result.call("get_sprint_report")
    assert "Sprint report: Sprint 1" in result.answer and "Completed:" in result.answer


def test_forecast_gives_dates(demo):
    result = run(demo.alice, "when will the remaining 8 items be done?")
    assert result.call("forecast_completion")["args"] == {"items": 8}
    assert "50% likely done by" in result.answer and "95% likely by" in result.answer


def test_flow_metrics_on_a_kanban_workspace(demo):
    result = run(demo.alice, "how is our flow?", space_id=demo.desk)
    assert result.call("get_flow_metrics")
    assert "Cycle time:" in result.answer and "Customer cannot reset password" in result.answer


def test_standup_on_a_kanban_workspace(demo):
    result = run(demo.alice, "daily stand-up", space_id=demo.desk)
    assert result.call("get_standup_digest")
    assert "Stand-up digest for Support Desk" in result.answer


def test_comments_read_back_with_their_author(demo):
    from apcs_app.services import comments
    from tests.agents.support import item_id

    export = item_id("Export reports to CSV", demo.phoenix)
    with db.transaction() as s:
        comments.add_comment(s, demo.alice, export, "Commas are fine for us.")
        comments.add_comment(s, demo.bob, export, "Use semicolons, Excel in Europe wants them.")
    result = run(demo.alice, "what did Bob say about Export reports to CSV?")
    assert result.call("get_comments")["args"] == {"backlog_item_id": export, "author": "Bob"}
    assert "Bob Chen" in result.answer and "Use semicolons, Excel in Europe wants them." in result.answer
    assert "Commas are fine" not in result.answer  # only Bob's words answer "what did Bob say"
    everyone = run(demo.alice, "show the comments on Export reports to CSV")
    assert "Commas are fine" in everyone.answer and "Use semicolons" in everyone.answer
    nobody = run(demo.alice, "what did Carol say about Export reports to CSV?")
    assert "Use semicolons" not in nobody.answer and "Carol" in nobody.answer


def test_a_comment_added_offline_is_plain_text(demo):
    from apcs_app.domain import Comment
    from tests.agents.support import item_id, one

    hostile = "<img src=x onerror=alert(1)>"
    result = run(demo.alice, f"comment on Dark mode: {hostile}")
    assert result.call("add_comment")["args"]["text"] == hostile
    assert one(Comment, Comment.backlog_item_id == item_id("Dark mode", demo.phoenix)).text == hostile
    shown = run(demo.alice, "show the comments on Dark mode")
    assert hostile in shown.answer and "&lt;" not in shown.answer
