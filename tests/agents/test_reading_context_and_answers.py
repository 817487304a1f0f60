"""Context before the question, the sprints as a series, and answers that say more than was
asked (issue #13). None of these sentences is in the corpus."""

from __future__ import annotations

import pytest

from apcs_app.domain import BacklogItem, Space, Sprint
from apcs_app.mcp import WRITE_TOOLS
from tests import dbstate
from tests.agents.support import one, run, yes_if_asked


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool"), [
    ("Demo day is next Thursday. Show me the stories in the current sprint.", "get_sprint_backlog"),
    ("Carol thinks the sprint is stuck in progress, as always. Show me the board so we can see.", "get_kanban_board"),
    ("Half the team is out this week. Are we on track against the ideal line?", "get_sprint_metrics"),
    ("which sprint was running two weeks ago?", "list_sprints"),
    ("anything scheduled after the current sprint?", "list_sprints"),
    ("show me the sprint timeline", "list_sprints"),
])
def test_the_look_asked_for_after_context(demo, message, tool):
    before = dbstate.dump()
    result = run(demo.alice, message)
    assert result.calls and result.calls[-1]["tool"] == tool, (result.calls, result.answer)
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS]
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("first", "answer", "expected"), [
    ("I want a new Scrum workspace", "let's call it Orbit", {"name": "Orbit", "methodology": "SCRUM"}),
    ("set up a workspace for the legal team", "Scrum; name it Counsel", {"name": "Counsel", "methodology": "SCRUM"}),
])
def test_an_answer_gives_what_it_states(demo, first, answer, expected):
    run(demo.alice, first, conversation="answer")
    result = yes_if_asked(demo.alice, answer, conversation="answer")
    args = result.call("create_space")["args"]
    assert {k: args.get(k) for k in expected} == expected, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "expected"), [
    ("make a flow-based workspace called Ops Queue", {"name": "Ops Queue", "methodology": "KANBAN"}),
    ("spin up a sprint-driven workspace named Orbit", {"name": "Orbit", "methodology": "SCRUM"}),
    ("For the legal folks, a scrum workspace named Contracts", {"name": "Contracts", "methodology": "SCRUM"}),
])
def test_a_new_workspace_said_without_the_usual_words(demo, message, expected):
    result = yes_if_asked(demo.alice, message)
    args = result.call("create_space")["args"]
    assert {k: args.get(k) for k in expected} == expected, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_purpose_said_first_describes_the_workspace_after_a_yes(demo):
    message = "Like Support Desk but for the sales team: a new kanban workspace called Sales Desk"
    shown = run(demo.alice, message, conversation="purpose")
    assert "Shall I go ahead?" in shown.answer and "sales team" in shown.answer
    assert not [c for c in shown.calls if c["tool"] in WRITE_TOOLS]
    run(demo.alice, "yes", conversation="purpose")
    assert "sales team" in one(Space, Space.name == "Sales Desk").description


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", ["put 1.5 points on Dark mode", "Dark mode is worth 0.5 pts"])
def test_part_of_a_point_is_asked_about(demo, message):
    before = dbstate.dump()
    result = run(demo.alice, message)
    assert "Fibonacci" in result.answer, result.answer
    assert dbstate.dump() == before
    assert one(BacklogItem, BacklogItem.title == "Dark mode").story_points == 3


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_another_workspace_board_is_the_answer_not_the_titles_read_first(demo):
    result = run(demo.alice, "Open the board of Support Desk, please.")
    last = result.calls[-1]
    assert last["tool"] == "get_kanban_board" and last["args"].get("space_id") == demo.desk, result.calls
    assert "Refund request #4411" in result.answer and "Dark mode" not in result.answer, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_the_person_who_had_it_is_not_who_gets_it(demo):
    result = yes_if_asked(demo.alice, "please assign Build: Dashboard with sprint health to me rather than Bob")
    assert result.call("assign_task")["args"]["user_id"] == demo.members["alice"], result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_wrapping_the_sprint_up_with_words_between(demo):
    result = yes_if_asked(demo.alice, "alright, wrap the current sprint up")
    assert result.call("complete_sprint"), result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_two_statuses_for_one_story_are_asked_about(demo):
    before = dbstate.dump()
    result = run(demo.alice, "mark Dark mode as done and in progress")
    assert "Which status" in result.answer, result.answer
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_that_workspace_is_the_one_just_looked_at(demo):
    run(demo.alice, "show me the support desk board", conversation="that")
    result = run(demo.alice, "then the backlog of that one", conversation="that")
    assert result.calls[-1]["tool"] == "get_backlog" and result.calls[-1]["args"].get("space_id") == demo.desk, result.calls


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", [
    "Retro is tomorrow. Give me the open stories, highest priority first.",
    "Before we start cleaning up, show me what's still open in the product backlog.",
])
def test_a_look_with_a_verb_that_changes_nothing(demo, message):
    before = dbstate.dump()
    result = run(demo.alice, message)
    assert result.calls and result.calls[-1]["tool"] == "get_product_backlog", (result.calls, result.answer)
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_sprint_by_its_place_in_the_list(demo):
    run(demo.alice, "show every sprint", conversation="place")
    result = run(demo.alice, "and the velocity of the first one?", conversation="place")
    last = result.calls[-1]
    assert last["tool"] == "get_sprint_metrics" and last["args"].get("sprint_id") == one(Sprint, Sprint.name == "Sprint 1").id, \
        result.calls


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_new_word_in_the_context_is_no_new_story(demo):
    message = ("Marketing says it matters for the new launch, and I've begun on the dark mode story. "
               "Could you set it to in progress?")
    result = yes_if_asked(demo.alice, message)
    args = result.call("update_backlog_item")["args"]
    assert args["updates"] == {"status": "IN_PROGRESS"} and args["item_id"] == one(BacklogItem, BacklogItem.title == "Dark mode").id
    assert not [c for c in result.calls if c["tool"] == "create_backlog_item"]
