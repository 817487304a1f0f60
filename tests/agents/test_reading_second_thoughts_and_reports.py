"""Requests read from dev12's classes (issue #13): a sprint's dates asked about are no sprint
ended, a value taken back in the same breath gives the one said last, and 'that' after a
report is the report. None of these sentences is in the corpus."""

from __future__ import annotations

import pytest
from sqlmodel import select

from apcs_app import db
from apcs_app.domain import BacklogItem, Priority, Sprint, SprintStatus
from apcs_app.mcp import WRITE_TOOLS
from tests.agents.support import column_id, one, run, yes_if_asked


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


def _only_looked(result) -> str:
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS], result.calls
    return result.calls[-1]["tool"]


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_sprint_counted_from_another_day(demo):
    import datetime as dt

    from tests.agents.support import next_weekday
    planned = yes_if_asked(demo.alice, "plan Sprint 3 starting two weeks from next monday for 10 days", "plan")
    start = next_weekday(dt.date.today(), "monday") + dt.timedelta(days=14)
    assert planned.call("create_sprint")["args"]["start_date"] == start.isoformat(), planned.calls
    assert planned.call("create_sprint")["args"]["end_date"] == (start + dt.timedelta(days=10)).isoformat()


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_planned_sprint_that_begins_is_started(demo):
    yes_if_asked(demo.alice, "complete sprint 2", "begins")
    yes_if_asked(demo.alice, "plan Sprint 3 starting today for a week", "begins")
    begun = yes_if_asked(demo.alice, "Sprint 3 begins now.", "begins")
    assert begun.call("start_sprint"), begun.calls
    assert one(Sprint, Sprint.name == "Sprint 3").status == SprintStatus.ACTIVE


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_what_follows_the_ask_goes_on_with_it(demo):
    from apcs_app.domain import Task
    made = yes_if_asked(demo.alice, "SAML needs a metadata endpoint first, I reckon. Could you create a card for that? "
                                    "Name it 'Draft metadata endpoint'.", "after")
    assert made.call("create_task")["args"]["title"] == "Draft metadata endpoint", made.calls
    placed = yes_if_asked(demo.alice, "Would you add a task 'Wire up rate limiter' for the Rate-limit the public API story? "
                                      "Then move it to In Progress.", "placed")
    assert placed.call("create_task")["args"]["title"] == "Wire up rate limiter", placed.calls
    assert not [c for c in placed.calls if c["tool"] == "move_task"], placed.calls
    assert one(Task, Task.title == "Wire up rate limiter").column_id == column_id("In Progress", demo.phoenix)
    run(demo.alice, "Add a story called 'Weekly digest email' with 3 points", conversation="new")
    card = yes_if_asked(demo.alice, "now add a task for it: 'Digest template'", "new")
    story = one(BacklogItem, BacklogItem.title == "Weekly digest email")
    assert card.call("create_task")["args"] == {"title": "Digest template", "backlog_item_id": story.id}, card.calls


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_context_then_a_dash_and_a_task_named_by_plain_words(demo):
    from apcs_app.domain import Task
    taken = yes_if_asked(demo.alice, "Nobody has touched the dashboard build yet — give it to me.", "dash")
    assert taken.call("assign_task")["args"]["task_id"] == one(Task, Task.title == "Build: Dashboard with sprint health").id
    done = yes_if_asked(demo.alice, "The dashboard build is finished.", "plain")
    assert done.call("move_task"), done.calls
    assert one(Task, Task.title == "Build: Dashboard with sprint health").column_id == column_id("Done", demo.phoenix)


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("said, title, values", [
    ("Good catch in the demo. Let's capture it: story 'Undo for card moves', 2 points.", "Undo for card moves", {"story_points": 2}),
    ("'Offline mode' should be in the backlog, low.", "Offline mode", {"priority": "LOW"}),
    ("We ought to track 'Invoice reminders' on the backlog - 3 points", "Invoice reminders", {"story_points": 3}),
    ("The support team needs a story for canned replies, high priority", "Canned replies", {"priority": "HIGH"}),
])
def test_a_new_story_said_as_what_is_needed_or_captured(demo, said, title, values):
    made = yes_if_asked(demo.alice, said)
    assert made.call("create_backlog_item")["args"] == {"title": title, **values}, made.calls


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_do_then_see_and_a_question_after_i_cant_recall(demo):
    closed = yes_if_asked(demo.alice, "Review's done. Let's close the sprint and check how the velocity looks.")
    assert closed.call("complete_sprint"), closed.calls
    people = run(demo.alice, "Planning work for next week and I can't recall who else is on Project Phoenix. Could you look?")
    assert _only_looked(people) == "get_space_info", people.calls


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_workspace_named_before_its_noun_and_a_meeting_said_as_when(demo):
    from apcs_app.domain import Methodology, Space
    made = yes_if_asked(demo.alice, "Please create a Growth Experiments workspace, scrum.", "named")
    assert made.call("create_space")["args"] == {"name": "Growth Experiments", "methodology": "SCRUM"}, made.calls
    asked = run(demo.alice, "Hi! Before standup: I need a new kanban space named Vendor Intake.", conversation="meeting")
    if "go ahead" in asked.answer:
        asked = run(demo.alice, "yes", conversation="meeting")
    assert asked.call("create_space")["args"]["name"] == "Vendor Intake", asked.calls
    assert one(Space, Space.name == "Vendor Intake").methodology == Methodology.KANBAN
    card = yes_if_asked(demo.alice, "pls add task 'Log retention job' undr the audit log story", "typo")
    assert card.call("create_task")["args"]["title"] == "Log retention job", card.calls
