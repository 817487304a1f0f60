"""Looks at the cards, a workspace and a sprint, said as people say them (issue #13): the cards
with no word "board", a workspace as the place of the cards (never a column), a follow-up about
the workspace or sprint the conversation is on, a sprint by its number said in words, and a
slip in the question word. None of these sentences is in the corpus."""

from __future__ import annotations

import pytest

from apcs_app.domain import Sprint
from apcs_app.mcp import WRITE_TOOLS
from tests import dbstate
from tests.agents.support import one, run

_WHERE = {"phoenix": None, "desk": "desk"}


def _look(demo, message: str, tool: str, conversation: str | None = None) -> dict:
    before = dbstate.dump()
    result = run(demo.alice, message, conversation=conversation)
    assert result.calls and result.calls[-1]["tool"] == tool, (result.calls, result.answer)
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS]
    assert dbstate.dump() == before
    return result.calls[-1]["args"]


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "where"), [
    ("show me all the cards", "phoenix"),
    ("list every task we have", "phoenix"),
    ("cards of Support Desk please", "desk"),
    ("could I see the tickets' cards in support desk?", "desk"),
    ("show me the tasks over in Support Desk", "desk"),
])
def test_the_cards_are_the_board(demo, message, where):
    args = _look(demo, message, "get_kanban_board")
    assert args.get("space_id") == (demo.desk if _WHERE[where] else None), args


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("first", "then", "tool"), [
    ("pull up the support desk board", "now its backlog too", "get_backlog"),
    ("what's in the Support Desk backlog?", "and who is on that team?", "get_space_info"),
    ("who is in the support desk workspace?", "and what about its board", "get_kanban_board"),
])
def test_a_follow_up_stays_in_the_workspace_it_is_about(demo, first, then, tool):
    run(demo.alice, first, conversation="there")
    assert _look(demo, then, tool, conversation="there").get("space_id") == demo.desk


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_follow_up_stays_on_the_sprint_it_is_about(demo):
    first = one(Sprint, Sprint.name == "Sprint 1").id
    run(demo.alice, "what did sprint 1 hold?", conversation="sprint")
    assert _look(demo, "how about its velocity", "get_sprint_metrics", conversation="sprint").get("sprint_id") == first


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_follow_up_without_a_pronoun_is_about_what_it_names(demo):
    run(demo.alice, "pull up the support desk board", conversation="named")
    # Named, the open workspace may be passed or left out; never the one the conversation was on.
    assert _look(demo, "and the Project Phoenix backlog?", "get_backlog", conversation="named").get("space_id") in (
        None, demo.phoenix)


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "sprint"), [
    ("burndown for sprint number one", "Sprint 1"),
    ("how did sprint 1 go?", "Sprint 1"),
    ("and how is it burning down?", None),
])
def test_a_sprint_look_said_in_words(demo, message, sprint):
    args = _look(demo, message, "get_sprint_metrics")
    expected = one(Sprint, Sprint.name == sprint).id if sprint else None
    assert args.get("sprint_id") == expected, args


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_slip_in_the_question_word(demo):
    assert _look(demo, "wats in the backlog of support desk", "get_backlog").get("space_id") == demo.desk


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_workspace_named_by_its_method(demo):
    assert _look(demo, "pull up the backlog of the kanban one", "get_backlog").get("space_id") == demo.desk


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_method_two_workspaces_share_is_asked_about(demo):
    run(demo.alice, "create a kanban workspace called Ops Queue", conversation="two")
    before = dbstate.dump()
    result = run(demo.alice, "show the board of the kanban workspace", conversation="two")
    assert "Which workspace" in result.answer and "Support Desk" in result.answer, result.answer
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_follow_up_with_a_trailing_remark(demo):
    run(demo.alice, "pull up the support desk board", conversation="remark")
    assert _look(demo, "and its backlog, all of it", "get_backlog", conversation="remark").get("space_id") == demo.desk
