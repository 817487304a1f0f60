"""Readings that hold for a class of phrasing, not one sentence (issue #13): some words of a
title before "task"/"card" name that thing (and a write on such a guess is shown first), a
command word with two letters swapped, "N weeks from now" as an end date, an item's title
after "under", and 'it' in a second sentence meaning what the first one names. The sentences
here are this file's own, in neither part of the evaluation corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from apcs_app.mcp import WRITE_TOOLS
from tests import dbstate
from tests.agents.support import column_id, item_id, run, task_id


def _days(n: int) -> str:
    return (dt.date.today() + dt.timedelta(days=n)).isoformat()


# (message, tool, expected args from the demo, agent)
CASES = [
    ("Shift the admin audit task to In Progress", "move_task",
     lambda d: {"task_id": task_id("Build: Audit log for admin actions", d.phoenix),
                "column_id": column_id("In Progress", d.phoenix)}, "workflow"),
    # "sprint" in the words of a card's title does not make it a sprint request.
    ("mvoe the sprint health card to done", "move_task",
     lambda d: {"task_id": task_id("Build: Dashboard with sprint health", d.phoenix),
                "column_id": column_id("Done", d.phoenix)}, "workflow"),
    ("Bob takes the serializer task from now on", "assign_task",
     lambda d: {"task_id": task_id("Write CSV serializer", d.phoenix), "user_id": d.bob.user_id}, "workflow"),
    ("Plan Sprint 3: it begins in 5 days and ends 3 weeks from now.", "create_sprint",
     lambda d: {"name": "Sprint 3", "start_date": _days(5), "end_date": _days(21)}, "scrum_master"),
    ("Set up Sprint 3 to begin tomorrow, finishing 20 days from today", "create_sprint",
     lambda d: {"name": "Sprint 3", "start_date": _days(1), "end_date": _days(20)}, "scrum_master"),
]


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool", "args", "agent"), CASES, ids=[c[0][:40] for c in CASES])
def test_a_guessed_reading_is_shown_then_written_right(demo, message, tool, args, agent):
    before = dbstate.dump()
    result = run(demo.alice, message, conversation="by-design")
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS], result.answer
    assert "Shall I go ahead?" in result.answer, result.answer
    assert dbstate.dump() == before
    result = run(demo.alice, "yes", conversation="by-design")
    assert result.done["agent"] == agent
    assert result.call(tool)["args"] == args(demo)


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_task_under_a_story_is_for_that_story(demo):
    result = run(demo.alice, "Add a task 'Write the IdP adapter' under Single sign-on (SAML).")
    args = result.call("create_task")["args"]
    assert args["backlog_item_id"] == item_id("Single sign-on (SAML)", demo.phoenix)
    assert args["title"] == "Write the IdP adapter" and "column_id" not in args


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_it_in_a_second_sentence_is_what_the_first_names(demo):
    result = run(demo.alice, "Dark mode got more complicated. Make a task 'Theme tokens' for it.")
    args = result.call("create_task")["args"]
    assert args["backlog_item_id"] == item_id("Dark mode", demo.phoenix) and args["title"] == "Theme tokens"


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool"), [
    ("What's on the support desk board right now?", "get_kanban_board"),
    ("Who belongs to the Support Desk workspace?", "get_space_info"),
    ("show me Support Desk's backlog please", "get_backlog"),
])
def test_a_read_is_about_the_workspace_the_message_names(demo, message, tool):
    before = dbstate.dump()
    result = run(demo.alice, message)  # Alice is in Project Phoenix
    assert result.call(tool)["args"].get("space_id") == demo.desk, result.answer
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", ["The current sprint is over.", "We're closing Sprint 2 today."])
def test_a_statement_that_the_sprint_is_over_completes_it(demo, message):
    result = run(demo.alice, message)
    assert result.call("complete_sprint"), result.answer
    assert result.done["agent"] == "scrum_master"


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_story_that_belongs_in_the_sprint_is_added_to_it(demo):
    result = run(demo.alice, "Mobile-friendly board belongs in Sprint 2.")
    assert result.call("add_to_sprint_backlog")["args"]["backlog_item_id"] == item_id("Mobile-friendly board", demo.phoenix)


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_terse_view_of_another_workspace(demo):
    result = run(demo.alice, "support desk members?")
    assert result.call("get_space_info")["args"].get("space_id") == demo.desk, result.answer


# A name given in so many words wins over the other words of the request: a quote standing
# for a description is not the name, "call it X" in a later sentence names the thing, and a
# name after "named" ends at the next attribute or clause.
NAMED = [
    ("Open a kanban workspace named Field Ops with the description 'Trucks and crews'", "create_space",
     {"name": "Field Ops", "methodology": "KANBAN", "description": "Trucks and crews"}),
    ("We keep losing track of vendor contracts, so add a story for that. Call it Vendor contract tracker, 5 points.",
     "create_backlog_item", {"title": "Vendor contract tracker", "story_points": 5}),
    ("Cards that wait for legal need a home. Create a column named Legal Review.", "create_column",
     {"name": "Legal Review"}),
    ("Add a column called Intake and put it first", "create_column", {"name": "Intake", "order": 1}),
    ("Log a bug 'Export drops accents' to the backlog, it's a 2-pointer.", "create_backlog_item",
     {"title": "Export drops accents", "story_points": 2}),
]


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool", "args"), NAMED, ids=[c[0][:40] for c in NAMED])
def test_a_stated_name_is_the_name(demo, message, tool, args):
    result = run(demo.alice, message)
    assert result.call(tool)["args"] == args, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", ["Add a story to the backlog worth 3 points",
                                     "Please put a new 8-point story on the product backlog"])
def test_a_story_with_no_name_is_asked_for_its_name(demo, message):
    before = dbstate.dump()
    result = run(demo.alice, message)
    assert "What should the item be called?" in result.answer, result.answer
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", ["Add a ticket 'Printer jams on floor 2' to the Support Desk backlog",
                                     "Create a column QA on the Support Desk board"])
def test_a_write_named_for_another_workspace_is_not_done_in_the_open_one(demo, message):
    before = dbstate.dump()  # Alice has Project Phoenix open
    result = run(demo.alice, message)
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS], result.answer
    assert "Support Desk" in result.answer and "Project Phoenix" in result.answer
    assert dbstate.dump() == before
    same = run(demo.alice, "Add a ticket 'Printer jams on floor 2' to the Project Phoenix backlog")
    assert same.call("create_backlog_item")["args"]["title"] == "Printer jams on floor 2"


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool"), [
    ("I'd like a quick overview of every project I'm part of", "get_user_spaces"),
    ("Could you describe the current workspace for me?", "get_space_info"),
    ("members of this workspace?", "get_space_info"),
    ("Is Alice a member here?", "get_space_info"),
])
def test_reads_about_workspaces_and_their_people(demo, message, tool):
    before = dbstate.dump()
    result = run(demo.alice, message)
    assert result.call(tool)["args"].get("space_id") in (None, demo.phoenix), result.answer
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS]
    assert dbstate.dump() == before
