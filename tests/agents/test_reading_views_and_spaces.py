"""Looks said with other verbs, and new workspaces said without a creation verb (issue #13).
None of these sentences is in the corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from apcs_app.domain import Sprint
from apcs_app.mcp import WRITE_TOOLS
from tests import dbstate
from tests.agents.support import one, run


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool", "where"), [
    ("could you bring up the Support Desk backlog", "get_backlog", "desk"),
    ("we're after every ticket of support desk", "get_backlog", "desk"),
    ("fetch all the stories in this workspace, finished ones too", "get_backlog", None),
    ("pull up the board of the Support Desk workspace", "get_kanban_board", "desk"),
])
def test_a_look_said_with_another_verb(demo, message, tool, where):
    before = dbstate.dump()
    result = run(demo.alice, message)
    args = result.call(tool)["args"]
    assert args.get("space_id") == (demo.desk if where else None), (args, result.answer)
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS]
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "args"), [
    ("the finance folks deserve their own scrum workspace, call it Ledger", {"name": "Ledger", "methodology": "SCRUM"}),
    ("stand up a kanban space named Field Service for us", {"name": "Field Service", "methodology": "KANBAN"}),
    ("would it be possible to create a Scrum workspace called Atlas?", {"name": "Atlas", "methodology": "SCRUM"}),
    ("kanban project Hiring Pipeline", {"name": "Hiring Pipeline", "methodology": "KANBAN"}),
])
def test_a_new_workspace_said_as_a_need(demo, message, args):
    result = run(demo.alice, message)
    assert result.call("create_space")["args"] == args, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool"), [
    ("which of our stories aren't done yet?", "get_product_backlog"),
    ("anything still to be planned?", "get_product_backlog"),
    ("who's doing what at the moment?", "get_kanban_board"),
    ("I want the dates of all our sprints", "list_sprints"),
    ("did we hold more than three sprints already?", "list_sprints"),
    ("let me review the stories in the current sprint", "get_sprint_backlog"),
    ("sprint items please", "get_sprint_backlog"),
])
def test_a_look_said_as_people_ask_it(demo, message, tool):
    before = dbstate.dump()
    result = run(demo.alice, message)
    # Titles may be read first (names before keywords); the answer is the look asked for, read last.
    assert result.calls[-1]["tool"] == tool and "I'm not sure" not in result.answer, result.answer
    assert [c["tool"] for c in result.calls if c["tool"] in WRITE_TOOLS] == []
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool"), [
    ("standup starts soon, could you bring up the board for me", "get_kanban_board"),
    ("before standup: what is still waiting in In Progress?", "get_column_tasks"),
    ("prepping the sprint review, show the stories of this sprint", "get_sprint_backlog"),
])
def test_the_meeting_is_when_the_view_is_what(demo, message, tool):
    before = dbstate.dump()
    result = run(demo.alice, message)
    assert result.calls[-1]["tool"] == tool and "I'm not sure" not in result.answer, result.answer
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", ["ok people, we're kicking off Sprint 3 now", "right team, let's get Sprint 3 underway"])
def test_a_planned_sprint_started_in_chat_words(demo, message):
    run(demo.alice, "complete the active sprint")
    today = dt.date.today()
    run(demo.alice, f"create Sprint 3 from {today.isoformat()} to {(today + dt.timedelta(days=14)).isoformat()}")
    result = run(demo.alice, message)
    assert result.call("start_sprint")["args"] == {"sprint_id": one(Sprint, Sprint.name == "Sprint 3").id}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", [
    "who could I hand this card to?",
    "is there a list of everybody in this workspace?",
    "which people work here?",
    "who else is here besides me?",
])
def test_the_people_of_a_workspace_asked_for_in_other_words(demo, message):
    result = run(demo.alice, message)
    assert result.calls[-1]["tool"] == "get_space_info", (result.calls, result.answer)
    assert "Bob Chen" in result.answer
