"""A question about one story or card, and what follows it (issue #13): "Who's working on X?"
answers with that card, "tell me about the X story" with that story, and a later 'it' is that
thing; estimates and priorities said loosely; a sprint's days read from the sentence that asks
for it, not from the context before. None of these sentences is in the corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from apcs_app.domain import BacklogItem, Task
from apcs_app.mcp import WRITE_TOOLS
from tests.agents.support import item_id, one, run, task_id, user_id, yes_if_asked


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_who_works_on_a_card_then_it(demo):
    asked = run(demo.alice, "Who's working on Build: Export reports to CSV?", conversation="who")
    assert not [c for c in asked.calls if c["tool"] in WRITE_TOOLS] and asked.calls[-1]["tool"] == "get_kanban_board"
    assert "In Progress" in asked.answer and "Bob Chen" in asked.answer and "Write CSV serializer" not in asked.answer, asked.answer
    taken = run(demo.alice, "switch it over to me", conversation="who")
    assert taken.call("assign_task")["args"] == {"task_id": task_id("Build: Export reports to CSV", demo.phoenix),
                                                 "user_id": user_id("alice@example.com")}, taken.answer
    assert one(Task, Task.title == "Build: Export reports to CSV").assignee_id == user_id("alice@example.com")


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_tell_me_about_a_story_then_it(demo):
    told = run(demo.alice, "Tell me about the Onboarding checklist story", conversation="about")
    assert told.calls[-1]["tool"] == "get_backlog" and "Onboarding checklist" in told.answer, told.answer
    assert "Dark mode" not in told.answer, told.answer
    changed = run(demo.alice, "make it medium priority", conversation="about")
    assert changed.call("update_backlog_item")["args"] == {"item_id": item_id("Onboarding checklist", demo.phoenix),
                                                           "updates": {"priority": "MEDIUM"}}, changed.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "story", "updates"), [
    ("Single sign-on is really more of an 8 than a 13.", "Single sign-on (SAML)", {"story_points": 8}),
    ("ok so the password reset flow estimate was way off tbh, it's an 8 really", "Password reset flow", {"story_points": 8}),
    ("Legal keeps asking about it. Can you move Onboarding checklist up to high priority?", "Onboarding checklist",
     {"priority": "HIGH"}),
    ("bump Onboarding checklist up to critical", "Onboarding checklist", {"priority": "CRITICAL"}),
])
def test_estimates_and_priorities_said_loosely(demo, message, story, updates):
    result = yes_if_asked(demo.alice, message, "loose")
    assert result.call("update_backlog_item")["args"] == {"item_id": item_id(story, demo.phoenix), "updates": updates}, result.answer
    assert not [c for c in result.calls if c["tool"] == "move_task"]
    changed = one(BacklogItem, BacklogItem.title == story)
    assert all(getattr(changed, k) == v for k, v in updates.items())


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_sprints_days_come_from_the_sentence_asking_for_it(demo):
    said = ("Sprint 2 wraps up next week and I'd like to be ready early. Could you create 'Sprint 3' starting in 9 days, "
            "two weeks long?")
    made = yes_if_asked(demo.alice, said, "dates").call("create_sprint")["args"]
    start = dt.date.today() + dt.timedelta(days=9)
    assert made == {"name": "Sprint 3", "start_date": start.isoformat(),
                    "end_date": (start + dt.timedelta(days=14)).isoformat()}, made
    before = yes_if_asked(demo.alice, "We start next Monday. Plan a sprint for two weeks then.", "before").call("create_sprint")
    assert dt.date.fromisoformat(before["args"]["start_date"]).weekday() == 0
