"""Follow-ups about what the conversation just made or named (issue #13): "it" and "that one"
after a new story, with the words people put after a pronoun, and a story put in a sprint by
verbs and arrows the sprint readers did not know. None of these sentences is in the corpus."""

from __future__ import annotations

import pytest

from apcs_app.domain import BacklogItem, Sprint
from apcs_app.mcp import WRITE_TOOLS
from tests import dbstate
from tests.agents.support import column_id, item_id, one, run, task_id, yes_if_asked


def _new_story(demo, conversation: str) -> int:
    made = run(demo.alice, "add a story called Release notes page", conversation=conversation)
    assert made.call("create_backlog_item")
    return one(BacklogItem, BacklogItem.title == "Release notes page").id


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "updates"), [
    ("ok make it 2 points", {"story_points": 2}),
    ("flag that one critical", {"priority": "CRITICAL"}),
    ("give it 13 points please", {"story_points": 13}),
])
def test_a_value_for_the_story_just_made(demo, message, updates):
    story = _new_story(demo, "after-create")
    result = run(demo.alice, message, conversation="after-create")
    assert result.call("update_backlog_item")["args"] == {"item_id": story, "updates": updates}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_task_for_it_right_away(demo):
    story = _new_story(demo, "task-after")
    result = run(demo.alice, "and create a task for it right away", conversation="task-after")
    assert result.call("create_task")["args"]["backlog_item_id"] == story, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_tossed_into_the_sprint(demo):
    story = _new_story(demo, "toss")
    result = run(demo.alice, "toss it into the current sprint", conversation="toss")
    assert result.call("add_to_sprint_backlog")["args"] == {"backlog_item_id": story}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", ["Onboarding checklist into the current sprint", "onboarding checklist -> sprint"])
def test_a_story_and_where_it_goes_without_a_verb(demo, message):
    result = yes_if_asked(demo.alice, message, "verbless")
    assert result.call("add_to_sprint_backlog")["args"] == {
        "backlog_item_id": item_id("Onboarding checklist", demo.phoenix)}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_it_in_a_second_clause_is_the_story_the_first_names(demo):
    result = yes_if_asked(demo.alice, "Dark mode should be 5 points, and can you make it low priority too?", "clause")
    args = result.call("update_backlog_item")["args"]
    assert args["item_id"] == item_id("Dark mode", demo.phoenix) and args["updates"] == {
        "story_points": 5, "priority": "LOW"}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", [
    "The serializer needs more work. Drag it right back to To Do.",
    "Write CSV serializer isn't ready. Send its card back over to To Do.",
])
def test_a_card_named_in_one_sentence_and_moved_back_in_the_next(demo, message):
    result = yes_if_asked(demo.alice, message, "back")
    assert result.call("move_task")["args"] == {"task_id": task_id("Write CSV serializer", demo.phoenix),
                                                "column_id": column_id("To Do", demo.phoenix)}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "task", "column"), [
    ("the serializer work is stuck on a review, could you drag it back to To Do", "Write CSV serializer", "To Do"),
    ("I'm starting on the audit log build this morning, can you shift it to In Progress?",
     "Build: Audit log for admin actions", "In Progress"),
])
def test_it_in_the_ask_is_the_card_the_clause_before_names(demo, message, task, column):
    result = yes_if_asked(demo.alice, message, "clause-card")
    assert result.call("move_task")["args"] == {"task_id": task_id(task, demo.phoenix),
                                                "column_id": column_id(column, demo.phoenix)}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_card_named_by_its_story_with_a_new_card_verb_is_that_card(demo):
    result = yes_if_asked(demo.alice, "bring Bob in on the rate limit card and make him the owner", "own")
    assert result.call("assign_task")["args"] == {"task_id": task_id("Build: Rate-limit the public API", demo.phoenix),
                                                  "user_id": demo.members["bob"]}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_context_first_then_the_request_with_him(demo):
    message = "Bob has some time on his hands this week, so could you give him the dark mode card?"
    result = yes_if_asked(demo.alice, message, "context")
    assert result.call("assign_task")["args"] == {"task_id": task_id("Build: Dark mode", demo.phoenix),
                                                  "user_id": demo.members["bob"]}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_the_person_is_not_the_aside_after_a_question_mark(demo):
    result = run(demo.alice, "can you hand Write CSV serializer over to bob? I have too much on", conversation="aside")
    assert result.call("assign_task")["args"] == {"task_id": task_id("Write CSV serializer", demo.phoenix),
                                                  "user_id": demo.members["bob"]}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_points_asked_for_without_a_number_are_asked(demo):
    before = dbstate.dump()
    result = run(demo.alice, "Dark mode is bigger than we said. Change its points.")
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS], result.answer  # 'a' in 'Change' is no 1
    assert "How many points" in result.answer
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", [
    "Bob is snowed under, so I'll handle Write CSV serializer myself",
    "could I take over Write CSV serializer from Bob?",
])
def test_who_had_it_is_not_who_gets_it(demo, message):
    result = yes_if_asked(demo.alice, message, "self")
    assert result.call("assign_task")["args"] == {"task_id": task_id("Write CSV serializer", demo.phoenix),
                                                  "user_id": demo.members["alice"]}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", [
    "please wrap up the current sprint and then show me how the burndown ended",
    "end the active sprint & tell us what our velocity is now",
])
def test_a_change_and_a_look_at_its_outcome_is_the_change(demo, message):
    result = run(demo.alice, message)
    assert result.call("complete_sprint") and "Completed Sprint 2" in result.answer, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_it_after_a_new_column_or_sprint_is_that_column_or_sprint(demo):
    assert run(demo.alice, "we could use a column called Staging", conversation="new-place").call("create_column")
    moved = run(demo.alice, "drag Write CSV serializer over into it", conversation="new-place")
    assert moved.call("move_task")["args"] == {"task_id": task_id("Write CSV serializer", demo.phoenix),
                                               "column_id": column_id("Staging", demo.phoenix)}, moved.answer
    planned = yes_if_asked(demo.alice, "plan a sprint called Hardening from 2027-02-01 to 2027-02-12", "new-sprint")
    assert planned.call("create_sprint"), planned.answer
    sprint = one(Sprint, Sprint.name == "Hardening").id
    added = yes_if_asked(demo.alice, "pull the onboarding checklist story into it", "new-sprint")
    assert added.call("add_to_sprint_backlog")["args"] == {"backlog_item_id": item_id("Onboarding checklist", demo.phoenix),
                                                           "sprint_id": sprint}, added.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("look", "ask"), [
    ("how is the sprint looking?", "alright, wrap it up"),
    ("list what the active sprint holds", "fine, end that one then"),
])
def test_it_after_a_look_at_the_sprint_is_that_sprint(demo, look, ask):
    run(demo.alice, look, conversation="sprint-it")
    result = run(demo.alice, ask, conversation="sprint-it")
    assert result.call("complete_sprint") and "Completed Sprint 2" in result.answer, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_it_after_a_new_sprint_starts_that_sprint_even_when_its_name_holds_a_look_word(demo):
    assert run(demo.alice, "close out Sprint 2", conversation="sprint-new").call("complete_sprint")
    planned = yes_if_asked(demo.alice, "plan a sprint called Beta Candidate from 2027-02-01 to 2027-02-12", "sprint-new")
    assert planned.call("create_sprint")["args"]["name"] == "Beta Candidate", planned.answer
    started = run(demo.alice, "great, kick it off", conversation="sprint-new")
    assert started.call("start_sprint")["args"] == {"sprint_id": one(Sprint, Sprint.name == "Beta Candidate").id}, started.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_same_again_makes_the_last_new_thing_again_under_its_new_name(demo):
    assert yes_if_asked(demo.alice, "add a story 'Export to XML' with 3 points", "again").call("create_backlog_item")
    again = yes_if_asked(demo.alice, "same thing for 'Export to JSON' but high priority", "again")
    assert again.call("create_backlog_item")["args"] == {"title": "Export to JSON", "story_points": 3, "priority": "HIGH"}, again.answer
    assert yes_if_asked(demo.alice, "we need a Blocked column", "again-column").call("create_column")
    column = yes_if_asked(demo.alice, "do that again, named Waiting", "again-column")
    assert column.call("create_column")["args"]["name"] == "Waiting", column.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_number_alone_after_a_new_story_is_its_points(demo):
    assert yes_if_asked(demo.alice, "create a story 'Session timeout' worth 2 points", "number").call("create_backlog_item")
    fixed = run(demo.alice, "oops, change that to 5", conversation="number")
    assert fixed.call("update_backlog_item")["args"] == {
        "item_id": one(BacklogItem, BacklogItem.title == "Session timeout").id, "updates": {"story_points": 5}}, fixed.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_look_at_another_workspace_then_ours(demo):
    assert run(demo.alice, "what's in the Support Desk backlog?", conversation="ours").call("get_backlog")["args"] == {
        "space_id": demo.desk}
    ours = run(demo.alice, "ok, now mine", conversation="ours")
    assert ours.call("get_backlog")["args"] in ({}, {"space_id": demo.phoenix}), ours.answer
    about = run(demo.alice, "could you tell me a bit more about Support Desk?", conversation="about")
    assert about.call("get_space_info")["args"] == {"space_id": demo.desk}, about.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", [
    "Mobile-friendly board has to be part of the current sprint.",
    "pencil in Mobile-friendly board for this sprint",
])
def test_where_a_story_belongs_puts_it_in_the_sprint(demo, message):
    result = yes_if_asked(demo.alice, message, "belongs")
    assert result.call("add_to_sprint_backlog")["args"] == {
        "backlog_item_id": item_id("Mobile-friendly board", demo.phoenix)}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("answer", "made"), [
    ("call it Board filters by label, 5 points", {"title": "Board filters by label", "story_points": 5}),
    ("Saved searches, low priority", {"title": "Saved searches", "priority": "LOW"}),
])
def test_a_name_given_as_the_answer_keeps_the_values_said_with_it(demo, answer, made):
    asked = run(demo.alice, "could you add a new story?", conversation="named-answer")
    assert "called" in asked.answer and not [c for c in asked.calls if c["tool"] in WRITE_TOOLS], asked.answer
    result = yes_if_asked(demo.alice, answer, "named-answer")
    args = result.call("create_backlog_item")["args"]
    assert {k: args.get(k) for k in made} == made and set(args) <= {*made, "space_id"}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_slip_in_a_name_of_another_workspace_is_that_name_shown_first(demo):
    first = run(demo.alice, "give Slow serch on the help center to bob", conversation="slip-there")
    assert "Slow search on the help center" in first.answer and "Shall I go ahead?" in first.answer, first.answer
    done = run(demo.alice, "yes", conversation="slip-there")
    assert done.call("assign_task")["args"] == {"task_id": task_id("Slow search on the help center", demo.desk),
                                                "user_id": demo.members["bob"]}, done.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool"), [
    ("how did the previous sprint burn down?", "get_sprint_metrics"),
    ("what did the sprint we wrapped up last month hold?", "get_sprint_backlog"),
    ("velocity of the last completed sprint", "get_sprint_metrics"),
])
def test_the_sprint_before_this_one_is_the_one_completed_last(demo, message, tool):
    result = run(demo.alice, message)
    assert result.call(tool)["args"] == {"sprint_id": one(Sprint, Sprint.name == "Sprint 1").id}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_the_second_one_after_the_sprint_list_is_the_second_sprint(demo):
    assert run(demo.alice, "which sprints have we had?", conversation="listed").call("list_sprints")
    result = run(demo.alice, "and what's in the second one?", conversation="listed")
    assert result.call("get_sprint_backlog")["args"] == {"sprint_id": one(Sprint, Sprint.name == "Sprint 2").id}, result.answer
