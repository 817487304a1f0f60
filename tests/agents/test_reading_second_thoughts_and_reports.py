"""Requests read from dev12's classes (issue #13): a sprint's dates asked about are no sprint
ended, a value taken back in the same breath gives the one said last, and 'that' after a
report is the report. None of these sentences is in the corpus."""

from __future__ import annotations

import pytest
from sqlmodel import select

from apcs_app import db
from apcs_app.domain import BacklogItem, Priority, Sprint, SprintStatus
from apcs_app.mcp import WRITE_TOOLS
from tests.agents.support import one, run, yes_if_asked


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("asked", ["Give me all our sprints with their start and end dates please",
                                   "what were the end dates of the sprints so far?",
                                   "list every sprint, start & finish dates included"])
def test_dates_asked_about_end_no_sprint(demo, asked):
    result = run(demo.alice, asked)
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS], result.calls
    assert result.calls[-1]["tool"] == "list_sprints", result.calls
    with db.read() as session:
        assert session.exec(select(Sprint).where(Sprint.name == "Sprint 2")).one().status == SprintStatus.ACTIVE


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_value_taken_back_gives_the_one_said_last(demo):
    made = yes_if_asked(demo.alice, "Add a story called Export audit trail, 3 points — sorry, make that 5, "
                                    "medium priority, no wait, high")
    assert made.call("create_backlog_item")["args"] == {"title": "Export audit trail", "story_points": 5,
                                                         "priority": "HIGH"}, made.calls
    item = one(BacklogItem, BacklogItem.title == "Export audit trail")
    assert (item.story_points, item.priority) == (5, Priority.HIGH)


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_that_after_a_report_is_the_report(demo):
    asked = run(demo.alice, "Heard from support again. Invoices show the wrong currency for Swiss customers. "
                            "Can you file that as a bug? High priority.", conversation="report")
    assert not [c for c in asked.calls if c["tool"] in WRITE_TOOLS], asked.calls  # a guess is shown first
    assert "Invoices show the wrong currency for Swiss customers" in asked.answer, asked.answer
    made = run(demo.alice, "yes", conversation="report")
    assert made.call("create_backlog_item")["args"]["title"] == "Invoices show the wrong currency for Swiss customers"
    assert one(BacklogItem, BacklogItem.title == "Invoices show the wrong currency for Swiss customers").priority == Priority.HIGH


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_the_talk_before_a_request_names_no_story(demo):
    made = yes_if_asked(demo.alice, "another bug report came in from sales today. Could you add a story "
                                    "for quote PDF export, 2 points?")
    assert made.call("create_backlog_item")["args"]["title"] == "Quote PDF export", made.calls
