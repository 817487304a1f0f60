"""Readings of a class, each with sentences of this file's own (issue #13): a slip in a short
word, a state said of a card (a move on the board, not a story's status), the user's projects,
and a new column's name said before its place. None of these sentences is in the corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from apcs_app.mcp import WRITE_TOOLS
from tests import dbstate
from tests.agents.support import column_id, item_id, run, task_id


def _run_confirmed(user, message: str, conversation: str = "slips"):
    result = run(user, message, conversation=conversation)
    if "Shall I go ahead?" in result.answer:
        assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS], result.answer
        result = run(user, "yes", conversation=conversation)
    return result


def _shown_first(user, message: str, conversation: str, shown: str) -> None:
    """The reading is shown for a yes, naming `shown`, and nothing is written yet."""
    before = dbstate.dump()
    asked = run(user, message, conversation=conversation)
    assert not [c for c in asked.calls if c["tool"] in WRITE_TOOLS], asked.answer
    assert shown in asked.answer
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool"), [
    ("pls shwo teh bord", "get_kanban_board"),
    ("wat is planned in this sprnt", "get_sprint_backlog"),
    ("what did we comit to for this sprint?", "get_sprint_backlog"),
    ("which projects am I in?", "get_user_spaces"),
    ("my projects please", "get_user_spaces"),
])
def test_a_slip_or_a_short_request_still_reads(demo, message, tool):
    before = dbstate.dump()
    result = run(demo.alice, message)
    assert result.call(tool), result.answer
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "column"), [
    ("close the Write CSV serializer card", "Done"),
    ("The serializer task is finished now", "Done"),
    ("mark the Write CSV serializer task as in progress", "In Progress"),
])
def test_a_state_said_of_a_card_moves_it(demo, message, column):
    result = _run_confirmed(demo.alice, message)
    args = result.call("move_task")["args"]
    assert args == {"task_id": task_id("Write CSV serializer", demo.phoenix), "column_id": column_id(column, demo.phoenix)}
    assert "update_backlog_item" not in [c["tool"] for c in result.calls]


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_card_state_that_fits_two_cards_is_asked_about(demo):
    before = dbstate.dump()
    result = run(demo.alice, "the CSV card is done")  # 'Build: Export reports to CSV' and 'Write CSV serializer'
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS], result.answer
    assert "Write CSV serializer" in result.answer and "Export reports to CSV" in result.answer
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_new_columns_name_said_before_its_place(demo):
    result = run(demo.alice, "Add a column Design as the third column")
    assert result.call("create_column")["args"] == {"name": "Design", "order": 3}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", ["please set this sprint to finished", "mark our current iteration done"])
def test_a_state_said_of_the_sprint_completes_it_and_no_story(demo, message):
    # 'Dashboard with sprint health' holds the word 'sprint'; it is not what is meant.
    result = _run_confirmed(demo.alice, message)
    assert result.call("complete_sprint"), result.answer
    assert "update_backlog_item" not in [c["tool"] for c in result.calls]


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_sprint_longer_than_a_month_is_asked_about_before_any_write(demo):
    before = dbstate.dump()
    asked = run(demo.alice, "set up a sprint from tomorrow lasting 7 weeks", conversation="long")
    assert not [c for c in asked.calls if c["tool"] in WRITE_TOOLS], asked.answer
    assert "31 days" in asked.answer
    again = run(demo.alice, "ten weeks then", conversation="long")  # still too long: asked again
    assert not [c for c in again.calls if c["tool"] in WRITE_TOOLS], again.answer
    assert dbstate.dump() == before
    planned = _run_confirmed(demo.alice, "three weeks", "long")
    args = planned.call("create_sprint")["args"]
    days = (dt.date.fromisoformat(args["end_date"]) - dt.date.fromisoformat(args["start_date"])).days
    assert days == 21, args


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", ["story: Dark mode, 3 pts", "please add a story called dark mode"])
def test_a_new_story_titled_like_one_there_is_shown_first(demo, message):
    _shown_first(demo.alice, message, "twin", f"#{item_id('Dark mode', demo.phoenix)}")
    made = run(demo.alice, "yes", conversation="twin")
    assert made.call("create_backlog_item")["args"]["title"].casefold() == "dark mode"


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_labelled_new_story_with_its_values(demo):
    result = run(demo.alice, "bug: Login button misaligned on Safari, 3 points, high")
    assert result.call("create_backlog_item")["args"] == {"title": "Login button misaligned on Safari",
                                                          "story_points": 3, "priority": "HIGH"}


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "title", "text"), [
    ("change the description of Export reports to CSV to 'One file per sprint, UTF-8'", "Export reports to CSV",
     "One file per sprint, UTF-8"),
    ("set Dark mode's description to: a darker theme, easy to read at night", "Dark mode",
     "a darker theme, easy to read at night"),
])
def test_a_new_description_is_the_text_after_the_word_and_the_story_before_it(demo, message, title, text):
    result = _run_confirmed(demo.alice, message)
    assert result.call("update_backlog_item")["args"] == {"item_id": item_id(title, demo.phoenix),
                                                          "updates": {"description": text}}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_it_is_the_story_an_earlier_sentence_names_loosely_shown_first(demo):
    _shown_first(demo.alice, "The onboarding one keeps slipping. Bump it to critical.", "loose-it", "Onboarding checklist")
    done = run(demo.alice, "yes", conversation="loose-it")
    assert done.call("update_backlog_item")["args"] == {"item_id": item_id("Onboarding checklist", demo.phoenix),
                                                        "updates": {"priority": "CRITICAL"}}


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "slip", "tool"), [
    ("asign the Write CSV serializer task to Bob", "'asign' read as 'assign'", "assign_task"),
    ("add a stroy called Bulk edit worth 3 points", "'stroy' read as 'story'", "create_backlog_item"),
])
def test_a_write_read_through_a_slip_of_the_keys_is_shown_first(demo, message, slip, tool):
    before = dbstate.dump()
    shown = run(demo.alice, message, conversation="slip")
    assert slip in shown.answer and "Shall I go ahead?" in shown.answer, shown.answer
    assert dbstate.dump() == before
    assert run(demo.alice, "yes", conversation="slip").call(tool)


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "task", "column"), [
    # the story's name said with "task": its one card, shown first
    ("put the Dark mode task back in In Progress, the contrast regressed", "Build: Dark mode", "In Progress"),
    # a reason after the column is no part of its name
    ("move the Dark mode card to To Do because design wants changes", "Build: Dark mode", "To Do"),
    # a second clause saying the same of 'it'
    ("reopen the audit log card and drag it to To Do", "Build: Audit log for admin actions", "To Do"),
])
def test_a_card_moved_back_by_its_storys_name_with_a_reason(demo, message, task, column):
    result = _run_confirmed(demo.alice, message, "card-back")
    assert result.call("move_task")["args"] == {"task_id": task_id(task, demo.phoenix),
                                                "column_id": column_id(column, demo.phoenix)}, result.answer
    assert "update_backlog_item" not in [c["tool"] for c in result.calls], result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool", "args"), [
    ("export build -> done", "move_task", {"task_id": ("Build: Export reports to CSV", "phoenix"), "column_id": ("Done", "phoenix")}),
    ("sign-up build → in progress", "move_task", {"task_id": ("User sign-up with email confirmation", "phoenix"),
                                                   "column_id": ("In Progress", "phoenix")}),
    ("the export build => bob", "assign_task", {"task_id": ("Build: Export reports to CSV", "phoenix"), "user_id": "bob"}),
])
def test_an_arrow_after_a_loose_name(demo, message, tool, args):
    result = _run_confirmed(demo.alice, message, "arrow")
    space = {"phoenix": demo.phoenix, "desk": demo.desk}
    expected = {"task_id": task_id(args["task_id"][0], space[args["task_id"][1]])}
    expected.update({"column_id": column_id(args["column_id"][0], demo.phoenix)} if "column_id" in args
                    else {"user_id": demo.members[args["user_id"]]})
    assert result.call(tool)["args"] == expected, result.answer
