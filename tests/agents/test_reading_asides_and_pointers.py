"""Requests with an aside, a pointer or a shorthand in them (issue #13, read from dev10's
classes): 'it', 'there' and "the same for X" pointing at what was just named or made, a clause
of context before ", so show me …", estimates said as sizes, chat shorthand and doubled
letters, a new card's column said as a move, its story said after "under", the words inside a
new name or a title choosing nothing. None of these sentences is in the corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from apcs_app.domain import SprintItem, Task
from apcs_app.mcp import WRITE_TOOLS
from tests.agents.support import column_id, item_id, one, rows, run, task_id, user_id, yes_if_asked


def _look(result) -> str:
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS], result.calls
    return result.calls[-1]["tool"]


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_the_same_look_for_another_workspace(demo):
    run(demo.alice, "show me the board", conversation="same")
    there = run(demo.alice, "and the same for Support Desk", conversation="same")
    assert there.calls[-1]["tool"] == "get_kanban_board" and there.calls[-1]["args"] == {"space_id": demo.desk}, there.calls
    back = run(demo.alice, "same for Project Phoenix", conversation="same")
    assert back.calls[-1]["tool"] == "get_kanban_board" and back.calls[-1]["args"] == {"space_id": demo.phoenix}, back.calls


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_it_in_the_asking_sentence_is_what_the_context_named(demo):
    people = run(demo.alice, "I'm going to hand out cards on Support Desk. Who's in it and what columns does it have?")
    assert people.calls[-1] == {**people.calls[-1], "tool": "get_space_info", "args": {"space_id": demo.desk}}, people.calls
    sprint = run(demo.alice, "Planning is soon and I forgot what we committed to this sprint. What's in it?")
    assert _look(sprint) == "get_sprint_backlog", sprint.calls


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_title_holding_look_words_chooses_no_look(demo):
    asked = run(demo.alice, "Show me the sprint backlog, I'd like to see whether Dashboard with sprint health got in.")
    assert _look(asked) == "get_sprint_backlog", asked.calls
    upcoming = run(demo.alice, "The next sprint starts soon and I'd like to prepare, so what could we put into it?")
    assert _look(upcoming) == "get_product_backlog", upcoming.calls


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_chat_shorthand_and_doubled_letters(demo):
    listed = run(demo.alice, "wich sprints r finished?")
    assert _look(listed) == "list_sprints", listed.calls
    run(demo.alice, "complete sprint 2", conversation="typed")
    planned = yes_if_asked(demo.alice, "make sprint 3 starting tommorow for 10 days", "typed")
    start = dt.date.today() + dt.timedelta(days=1)
    assert planned.call("create_sprint")["args"]["start_date"] == start.isoformat(), planned.answer
    started = yes_if_asked(demo.alice, "ok kick of sprint 3", "typed")
    assert started.call("start_sprint"), started.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_sprint_ending_days_after_its_start(demo):
    made = yes_if_asked(demo.alice, "Plan a sprint, Sprint 3, starting in three days and ending 10 days after that").call("create_sprint")
    start = dt.date.fromisoformat(made["args"]["start_date"])
    assert (start - dt.date.today()).days == 3
    assert (dt.date.fromisoformat(made["args"]["end_date"]) - start).days == 10


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_estimates_said_as_sizes(demo):
    sized = yes_if_asked(demo.alice, "Onboarding checklist is more of an 8 than a 13", "size")
    assert sized.call("update_backlog_item")["args"] == {"item_id": item_id("Onboarding checklist", demo.phoenix),
                                                         "updates": {"story_points": 8}}, sized.answer
    run(demo.alice, "Create a story 'Bulk archive' with 3 points", conversation="rethink")
    again = run(demo.alice, "hmm, on second thought that one's more like a 5", conversation="rethink")
    assert again.call("update_backlog_item")["args"]["updates"] == {"story_points": 5}, again.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_there_is_the_column_just_made(demo):
    run(demo.alice, "Add a column called QA Check", conversation="there")
    moved = run(demo.alice, "move Write CSV serializer there", conversation="there")
    assert moved.call("move_task")["args"] == {"task_id": task_id("Write CSV serializer", demo.phoenix),
                                               "column_id": column_id("QA Check", demo.phoenix)}, moved.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_new_cards_column_said_as_a_move_and_its_story_after_under(demo):
    placed = yes_if_asked(demo.alice, "Could you add a card for Onboarding checklist and put it straight into In Progress, please?", "put")
    assert placed.call("create_task")["args"] == {"backlog_item_id": item_id("Onboarding checklist", demo.phoenix),
                                                  "column_id": column_id("In Progress", demo.phoenix)}, placed.answer
    assert not [c for c in placed.calls if c["tool"] == "move_task"]
    under = yes_if_asked(demo.alice, "The dashboard story needs its own piece for the charts, so add a task called "
                                     "'Render velocity chart' under Dashboard with sprint health.", "under")
    assert under.call("create_task")["args"] == {"title": "Render velocity chart",
                                                 "backlog_item_id": item_id("Dashboard with sprint health", demo.phoenix)}


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_the_words_of_a_new_name_choose_nothing(demo):
    card = yes_if_asked(demo.alice, "Create a task named Move backlog to new board for Onboarding checklist", "named")
    assert card.call("create_task")["args"]["backlog_item_id"] == item_id("Onboarding checklist", demo.phoenix), card.answer
    assert one(Task, Task.title == "Move backlog to new board")
    renamed = yes_if_asked(demo.alice, "Rename the story Mobile-friendly board to Board on phones", "rename")
    assert renamed.call("update_backlog_item")["args"]["updates"] == {"title": "Board on phones"}, renamed.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_it_is_the_one_thing_named_before_it(demo):
    lowered = yes_if_asked(demo.alice, "Refund request #4411 isn't that urgent after all, lower it to medium.", "it")
    assert lowered.call("update_backlog_item")["args"] == {"item_id": item_id("Refund request #4411", demo.desk),
                                                           "updates": {"priority": "MEDIUM"}}, lowered.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_who_had_it_before_is_not_who_gets_it(demo):
    taken = yes_if_asked(demo.alice, "Starting today I'll take care of Customer cannot reset password instead of Bob.", "mine")
    assert taken.call("assign_task")["args"] == {"task_id": task_id("Customer cannot reset password", demo.desk),
                                                 "user_id": user_id("alice@example.com")}, taken.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_the_ask_after_a_clause_of_context(demo):
    pulled = yes_if_asked(demo.alice, "We have room this sprint because the login work finished early, so let's pull Onboarding checklist in.", "pull")
    assert pulled.call("add_to_sprint_backlog")["args"] == {"backlog_item_id": item_id("Onboarding checklist", demo.phoenix)}
    assert not [c for c in pulled.calls if c["tool"] == "update_backlog_item"]
    assert rows(SprintItem, SprintItem.backlog_item_id == item_id("Onboarding checklist", demo.phoenix))
    shown = run(demo.alice, "I'd like to double-check the estimates on everything we've ever put into Phoenix, so show me the complete backlog.")
    assert _look(shown) == "get_backlog", shown.calls


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_another_story_named_between_commas_and_one_got_in(demo):
    run(demo.alice, "Add a story called Avatar upload with 5 points", conversation="another")
    again = run(demo.alice, "and another one, Avatar cropping, same points", conversation="another")
    assert again.call("create_backlog_item")["args"] == {"title": "Avatar cropping", "story_points": 5}, again.answer
    got = yes_if_asked(demo.alice, "In the retro people said nobody knows what changed. Let's get a story in for a release "
                                   "notes page, medium priority.", "got")
    assert got.call("create_backlog_item")["args"] == {"title": "Release notes page", "priority": "MEDIUM"}, got.answer
