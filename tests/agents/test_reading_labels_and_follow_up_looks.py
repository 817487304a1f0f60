"""New stories said by their label or their place, names that hold keywords, and follow-up looks
that say only what changed (issue #13). None of these sentences is in the corpus."""

from __future__ import annotations

import pytest

from apcs_app.domain import BacklogItem
from apcs_app.mcp import WRITE_TOOLS
from tests import dbstate
from tests.agents.support import one, run, yes_if_asked


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "expected"), [
    ("stick 'Saved filters' onto our product backlog", {"title": "Saved filters"}),
    ("Record a bug as a backlog item: 'Login loops on Safari'. Make it high, 3 points.",
     {"title": "Login loops on Safari", "priority": "HIGH", "story_points": 3}),
    ("please put this on the backlog as 'Team calendar', we'll estimate it later", {"title": "Team calendar"}),
    ("create a story called Merge duplicate projects worth 2 points", {"title": "Merge duplicate projects", "story_points": 2}),
    ("add a story named Projects overview page", {"title": "Projects overview page"}),
])
def test_a_new_story_said_by_its_label_or_its_place(demo, message, expected):
    result = yes_if_asked(demo.alice, message)
    args = result.call("create_backlog_item")["args"]
    assert {k: args.get(k) for k in expected} == expected, result.answer
    assert [c["tool"] for c in result.calls if c["tool"] in WRITE_TOOLS] == ["create_backlog_item"]
    assert one(BacklogItem, BacklogItem.title == expected["title"])


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_column_named_with_sprint_words_is_looked_at_as_a_column(demo):
    yes_if_asked(demo.alice, "add a column named Sprint Ready", conversation="col")
    result = run(demo.alice, "what cards sit in the Sprint Ready column?", conversation="col")
    assert [c["tool"] for c in result.calls][-1] == "get_column_tasks", (result.calls, result.answer)
    assert "Sprint Ready" in result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("first", "then", "tool", "args"), [
    ("what's the burndown of Sprint 2?", "how about Sprint 1?", "get_sprint_metrics", {"sprint_id": 1}),
    ("show me the product backlog", "no, I mean all of it, done stories too", "get_backlog", {}),
    ("show me the open stories in the product backlog", "actually I want everything, including the closed ones", "get_backlog", {}),
])
def test_a_follow_up_look_says_only_what_changed(demo, first, then, tool, args):
    before = dbstate.dump()
    run(demo.alice, first, conversation="look")
    result = run(demo.alice, then, conversation="look")
    last = result.calls[-1] if result.calls else {}
    assert last.get("tool") == tool, (result.calls, result.answer)
    assert {k: last["args"].get(k) for k in args} == args
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_bare_no_still_calls_off_what_was_shown(demo):
    before = dbstate.dump()
    shown = run(demo.alice, "move the serializer card to Done, I think", conversation="no")
    result = run(demo.alice, "no", conversation="no")
    assert not [c for c in shown.calls + result.calls if c["tool"] in WRITE_TOOLS]
    assert "won't change anything" in result.answer
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("first", "then", "tool", "expected"), [
    ("which columns are on the board?", "add one called Intake, between To Do and In Progress", "create_column",
     {"name": "Intake", "order": 2}),
    ("show me our sprints", "add one more from 2027-03-01 to 2027-03-12", "create_sprint",
     {"start_date": "2027-03-01", "end_date": "2027-03-12"}),
    ("list the workspaces", "I need another one, kanban, called Depot", "create_space", {"name": "Depot", "methodology": "KANBAN"}),
    # a place stands for what it holds: one more on the backlog is one more story
    ("anything left on the backlog?", "right, add one more too: Usage export, 3 points", "create_backlog_item",
     {"title": "Usage export", "story_points": 3}),
])
def test_one_is_one_of_what_was_just_asked_about(demo, first, then, tool, expected):
    run(demo.alice, first, conversation="one")
    result = yes_if_asked(demo.alice, then, conversation="one")
    args = result.call(tool)["args"]
    assert {k: args.get(k) for k in expected} == expected, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool", "expected"), [
    ("ops asked for a column for things on hold, a parking lot really. name it 'On Hold' and put it after In Progress",
     "create_column", {"name": "On Hold", "order": 3}),
    ("can you get us a scrum workspace named Lighthouse up and running?", "create_space",
     {"name": "Lighthouse", "methodology": "SCRUM"}),
])
def test_a_thing_wished_for_and_named_is_made(demo, message, tool, expected):
    result = yes_if_asked(demo.alice, message)
    args = result.call(tool)["args"]
    assert {k: args.get(k) for k in expected} == expected, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", ["do we have another sprint lined up?", "is a sprint scheduled after the active one?"])
def test_asking_whether_a_sprint_is_planned_lists_the_sprints(demo, message):
    result = run(demo.alice, message)
    assert result.calls and result.calls[-1]["tool"] == "list_sprints", (result.calls, result.answer)


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool", "args"), [
    ("'Archive stale cards' should be a story in our backlog.", "create_backlog_item", {"title": "Archive stale cards"}),
    ("'Bulk import' ought to be a backlog item", "create_backlog_item", {"title": "Bulk import"}),
    ("there's no story yet for 'Export invoices as PDF'", "create_backlog_item", {"title": "Export invoices as PDF"}),
    ("We're missing a story about exporting the audit log as JSON.", "create_backlog_item",
     {"title": "Exporting the audit log as JSON"}),
    ("There's a second card missing on the dark mode story: 'Pick colours'", "create_task", {"title": "Pick colours"}),
    ("A 'QA' column belongs right after In Progress", "create_column", {"name": "QA", "order": 3}),
    ("so a Staging column should go at the very end", "create_column", {"name": "Staging", "order": 4}),
])
def test_what_ought_to_exist_said_of_it_is_made(demo, message, tool, args):
    result = yes_if_asked(demo.alice, message)
    made = result.call(tool)["args"]
    assert {key: made.get(key) for key in args} == args, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_an_existing_story_said_to_be_a_story_of_some_size_is_re_estimated(demo):
    result = yes_if_asked(demo.alice, "Dark mode should be a story worth 5 points")
    assert result.call("update_backlog_item")["args"]["updates"] == {"story_points": 5}, result.answer
