"""Requests the workspace's state or the words themselves rule out, said before any write (issue
#13): a sprint that cannot start or complete, a count word taken for a name, a request taken back in the same message. And the words
around a value that are no part of a name. None of these sentences is in the corpus."""

from __future__ import annotations

import pytest

from apcs_app.mcp import WRITE_TOOLS
from tests import dbstate
from tests.agents.support import run


def _nothing_written(user, message: str, conversation: str | None = None):
    before = dbstate.dump()
    result = run(user, message, conversation=conversation)
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS], result.answer
    assert dbstate.dump() == before
    return result


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "said"), [
    ("wrap up sprint 1 please", "Sprint 1 was completed already"),
    ("kick off the next sprint", "Sprint 2 is still active"),
    ("Sprint 2 should start now", "Sprint 2 is already running"),
])
def test_a_sprint_that_cannot_start_or_complete_is_explained_not_tried(demo, message, said):
    result = _nothing_written(demo.alice, message)
    assert said in result.answer, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_no_active_sprint_to_complete_says_so(demo):
    run(demo.alice, "complete the current sprint")
    result = _nothing_written(demo.alice, "end the active sprint")
    assert "No sprint is active" in result.answer, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", ["add one more column before Done", "could we get an extra column at the end?"])
def test_a_count_word_is_no_column_name(demo, message):
    result = _nothing_written(demo.alice, message)
    assert "What should it be called?" in result.answer, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", [
    "assign the serializer to Bob. wait, no, forget it",
    "move Write CSV serializer to Done - scratch that",
])
def test_a_request_taken_back_in_the_same_message_does_nothing(demo, message):
    result = _nothing_written(demo.alice, message)
    assert "won't change anything" in result.answer, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "args"), [
    ("new story: Sign in with Google, 3 pts", {"title": "Sign in with Google", "story_points": 3}),
    ("add a story Report of unused licences, 2 points", {"title": "Report of unused licences", "story_points": 2}),
])
def test_with_and_of_inside_a_title_stay_in_it(demo, message, args):
    result = run(demo.alice, message)
    assert result.call("create_backlog_item")["args"] == args, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_column_named_with_its_board_and_its_place_from_either_side(demo):
    result = run(demo.alice, "please put a column named Blocked on our board, third from the left")
    assert result.call("create_column")["args"] == {"name": "Blocked", "order": 3}, result.answer
    result = run(demo.alice, "add a Staging column second from the right")  # To Do, Blocked, In Progress, Done
    assert result.call("create_column")["args"] == {"name": "Staging", "order": 4}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_description_said_a_few_words_before_its_quote(demo):
    result = run(demo.alice, "Create a kanban workspace called Field Ops. As its description, just put 'Site visits'.")
    assert result.call("create_space")["args"] == {"name": "Field Ops", "methodology": "KANBAN",
                                                   "description": "Site visits"}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", ["Dark mode is 3 points, or 5 maybe", "make dark mode 2 points... no, 8? not sure"])
def test_an_undecided_estimate_is_asked_about(demo, message):
    result = _nothing_written(demo.alice, message)
    assert "more than one estimate" in result.answer, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "args"), [
    ("people want printable invoices, so could you put a ticket in the backlog for that? call it 'Printable invoices'",
     {"title": "Printable invoices"}),
    ("make a story called 'Offline mode' and make it high", {"title": "Offline mode", "priority": "HIGH"}),
])
def test_a_new_story_with_its_name_is_made_whatever_words_follow(demo, message, args):
    result = run(demo.alice, message)
    assert result.call("create_backlog_item")["args"] == args, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "said", "answer", "tool", "made"), [
    ("spin up a scrum workspace called project phoenix", "already have a workspace named 'Project Phoenix'",
     "Phoenix Two", "create_space", {"name": "Phoenix Two", "methodology": "SCRUM"}),
    ("we could use a Done column on the board", "already has a column named 'Done'",
     "Shipped", "create_column", {"name": "Shipped"}),
])
def test_a_new_thing_named_like_one_there_is_asked_for_another_name(demo, message, said, answer, tool, made):
    asked = _nothing_written(demo.alice, message, "taken")
    assert said in asked.answer and "What should it be called?" in asked.answer, asked.answer
    named = run(demo.alice, answer, conversation="taken")
    assert named.call(tool)["args"] == made, named.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "said"), [
    ("pull the sprint health dashboard story into the sprint", "is already in Sprint 2; there is nothing to add"),
    ("put Dark mode in the sprint", "already DONE"),
])
def test_a_story_the_sprint_cannot_take_says_why_before_any_yes(demo, message, said):
    result = run(demo.alice, message)
    assert said in result.answer and "Shall I go ahead?" not in result.answer, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_sprint_named_by_a_name_no_sprint_has_is_asked_about_not_dropped(demo):
    result = _nothing_written(demo.alice, "add the onboarding checklist to sprint Hardening")
    assert "no sprint matching 'Hardening'" in result.answer, result.answer
