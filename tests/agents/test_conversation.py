"""Multi-turn use: follow-ups, answers to clarifying questions, names that match nothing or
several things, tool errors in plain words, and an agent asked outside its domain."""

from __future__ import annotations

import datetime as dt

import pytest

from apcs_app.agents.history import READ_RESULT_KEPT
from apcs_app.domain import AgentConversation, BacklogItem, BoardColumn, Space, Sprint, SprintItem, Task
from apcs_app.mcp import WRITE_TOOLS
from tests import dbstate
from tests.agents.support import column_id, next_weekday, one, rows, run, task_id

pytestmark = pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)


def test_it_refers_to_the_item_just_created_even_for_another_agent(demo):
    first = run(demo.alice, "Add a backlog item 'Audit trail export' worth 3 points", conversation="c1")
    created = first.call("create_backlog_item")
    item = one(BacklogItem, BacklogItem.title == "Audit trail export")
    assert first.done["agent"] == "workflow"

    follow = run(demo.alice, "add it to the current sprint", conversation="c1")

    assert follow.done["agent"] == "scrum_master"
    assert follow.call("add_to_sprint_backlog")["args"] == {"backlog_item_id": item.id}
    assert rows(SprintItem, SprintItem.backlog_item_id == item.id)
    assert created["args"]["story_points"] == 3


def test_move_it_moves_the_task_created_before(demo):
    run(demo.alice, "Create a task 'Draft the SAML metadata' for 'Single sign-on (SAML)'", conversation="c2")
    task = one(Task, Task.title == "Draft the SAML metadata")

    follow = run(demo.alice, "now move it to Done", conversation="c2")

    assert follow.call("move_task")["args"] == {"task_id": task.id, "column_id": column_id("Done", demo.phoenix)}
    assert one(Task, Task.id == task.id).done_at is not None


def test_conversations_do_not_leak_into_each_other(demo):
    run(demo.alice, "Add a backlog item 'Private thing' worth 2 points", conversation="mine")
    other = run(demo.alice, "add it to the current sprint", conversation="other")
    assert not [c for c in other.calls if c["tool"] in WRITE_TOOLS]
    assert "which backlog item" in other.answer.lower()


def test_methodology_is_confirmed_before_the_workspace_exists(demo):
    asked = run(demo.alice, "Create a workspace called Apollo", conversation="c3")
    assert "SCRUM or KANBAN" in asked.answer and not rows(Space, Space.name == "Apollo")

    answered = run(demo.alice, "kanban please", conversation="c3")

    assert answered.call("create_space")["args"] == {"name": "Apollo", "methodology": "KANBAN"}
    assert one(Space, Space.name == "Apollo").methodology == "KANBAN"


def test_an_answer_that_says_more_is_still_the_answer(demo):
    # "sprints" in the answer make no new sprint: the request the message does not complete yields to the question.
    asked = run(demo.alice, "we want a workspace named Harbor", conversation="c3b")
    assert "SCRUM or KANBAN" in asked.answer
    answered = run(demo.alice, "scrum, and we'll be planning three-week sprints", conversation="c3b")
    assert answered.call("create_space")["args"] == {"name": "Harbor", "methodology": "SCRUM"}, answered.answer


def test_points_off_the_fibonacci_scale_are_asked_again(demo):
    asked = run(demo.alice, "Create a backlog item Night theme with 4 points", conversation="c4")
    assert "Fibonacci" in asked.answer and not rows(BacklogItem, BacklogItem.title == "Night theme")

    answered = run(demo.alice, "five", conversation="c4")

    assert answered.call("create_backlog_item")["args"] == {"title": "Night theme", "story_points": 5}
    assert one(BacklogItem, BacklogItem.title == "Night theme").story_points == 5


def test_a_sprint_is_planned_over_several_answers(demo):
    first = run(demo.alice, "Let's plan a sprint called Gamma", conversation="c5")
    assert "When should the sprint start?" in first.answer
    second = run(demo.alice, "next monday", conversation="c5")
    assert "How long should the sprint run" in second.answer
    third = run(demo.alice, "two weeks", conversation="c5")

    start = next_weekday(dt.datetime.now(dt.UTC).date(), "monday")
    assert third.call("create_sprint")["args"] == {
        "name": "Gamma", "start_date": start.isoformat(), "end_date": (start + dt.timedelta(days=14)).isoformat()}
    assert one(Sprint, Sprint.name == "Gamma").status == "PLANNING"


def test_a_name_matching_several_tasks_is_asked_then_answered_by_id(demo):
    asked = run(demo.alice, "move the CSV task to Done", conversation="c6")
    assert "matches several" in asked.answer and not [c for c in asked.calls if c["tool"] == "move_task"]
    serializer = task_id("Write CSV serializer", demo.phoenix)
    assert f"#{serializer}" in asked.answer

    answered = run(demo.alice, f"#{serializer}", conversation="c6")

    assert answered.call("move_task")["args"] == {"task_id": serializer, "column_id": column_id("Done", demo.phoenix)}


def test_an_unknown_title_is_never_guessed(demo):
    before = dbstate.dump()
    result = run(demo.alice, "Set the story points of 'Quantum teleporter' to 3")
    assert result.calls and not [c for c in result.calls if c["tool"] in WRITE_TOOLS]
    assert "no backlog item matching 'Quantum teleporter'" in result.answer
    assert dbstate.dump() == before


def test_an_unknown_member_is_named_with_the_members_there_are(demo):
    result = run(demo.alice, "assign Write CSV serializer to Zed")
    assert not [c for c in result.calls if c["tool"] == "assign_task"]
    assert "Zed" in result.answer and "Bob Chen" in result.answer


def test_tool_errors_come_back_in_plain_words(demo):
    before = dbstate.dump()
    result = run(demo.bob, "Complete the sprint")  # Bob is a developer: the service refuses him
    outcome = result.result("complete_sprint")
    assert outcome["is_error"] and not outcome["changed"]
    assert result.answer.startswith("⚠️ I couldn't complete the sprint: Only the Product Owner or Scrum Master")
    assert "Traceback" not in result.answer and "TextContent" not in result.answer
    assert dbstate.dump() == before


def test_rules_hold_for_agents_too(demo):
    """Bob is a developer: the service refuses him sprint planning, through the agent as well."""
    result = run(demo.bob, "Create Sprint 9 from 2027-05-03 to 2027-05-14")
    assert result.result("create_sprint")["is_error"]
    assert "Only the Product Owner or Scrum Master" in result.answer
    assert not rows(Sprint, Sprint.name == "Sprint 9")


def test_an_agent_outside_its_domain_says_who_can_help(demo):
    before = dbstate.dump()
    result = run(demo.alice, "Create a 2-week sprint starting next Monday", agent="workflow")
    # It may read the board's titles first (names before keywords); it never writes.
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS] and "Scrum Master Agent" in result.answer
    assert dbstate.dump() == before


def test_work_happens_in_the_chosen_workspace(demo):
    result = run(demo.alice, "Add a column called Escalated", space_id=demo.desk)
    assert result.call("create_column")
    assert one(BoardColumn, BoardColumn.name == "Escalated").space_id == demo.desk


def test_the_run_context_reaches_the_model(demo):
    result = run(demo.alice, "assign Write CSV serializer to me")
    assert result.call("assign_task")["args"]["user_id"] == demo.alice.user_id


def test_nonsense_gets_a_list_of_what_the_agent_can_do(demo):
    result = run(demo.alice, "sing me a song", agent="workflow")
    assert not result.calls and "I can:" in result.answer and "not sure" in result.answer


def test_history_stays_bounded(demo):
    from apcs_app.agents.history import HISTORY_RUNS
    from apcs_app.domain import AgentConversation

    for n in range(HISTORY_RUNS + 3):
        run(demo.alice, "Show me the backlog", conversation="long")
    stored = one(AgentConversation, AgentConversation.key == f"{demo.alice.user_id}|long")
    assert len(stored.session["runs"]) == HISTORY_RUNS
    follow = run(demo.alice, "Add a backlog item 'Still works' worth 1 point", conversation="long")
    assert follow.call("create_backlog_item")


def test_a_negated_request_changes_nothing(demo):
    before = dbstate.dump()
    run(demo.alice, "Create a task 'Undo me' for 'Dark mode'", conversation="neg")
    after_create = dbstate.dump()
    result = run(demo.alice, "no, don't move it to Done", conversation="neg")
    assert not result.calls and "won't change anything" in result.answer
    assert dbstate.dump() == after_create != before


def test_cancelling_a_question_does_not_answer_it(demo):
    asked = run(demo.alice, "make a new workspace", conversation="q")
    assert "What should it be called?" in asked.answer
    result = run(demo.alice, "cancel", conversation="q")
    assert not result.calls and not rows(Space, Space.name == "cancel")


def test_an_internal_fault_is_reported_without_its_details(demo, monkeypatch):
    from apcs_app.agents.offline import model

    def broken(*_args):
        raise RuntimeError("internal detail 0xDEADBEEF")

    monkeypatch.setattr(model, "next_step", broken)  # fault injection: a bug inside the model
    result = run(demo.alice, "Show me the backlog")
    assert result.answer == "Sorry — something went wrong on our side while running the agent. Please try again."
    assert "DEADBEEF" not in str(result.events)


def test_a_message_without_conversation_leaves_no_history(demo):
    from apcs_app.domain import AgentConversation

    run(demo.alice, "Show me the backlog")
    assert rows(AgentConversation) == []


def test_a_missing_column_is_asked_for_then_used(demo):
    asked = run(demo.alice, "Move 'Write CSV serializer'", conversation="col")
    assert "Which column do you mean?" in asked.answer and not [c for c in asked.calls if c["tool"] == "move_task"]
    answered = run(demo.alice, "In Progress", conversation="col")
    assert answered.call("move_task")["args"] == {"task_id": task_id("Write CSV serializer", demo.phoenix),
                                                  "column_id": column_id("In Progress", demo.phoenix)}


def test_an_unknown_priority_is_asked_for_and_a_new_request_is_not_taken_as_an_answer(demo):
    asked = run(demo.alice, "set the priority of 'Dark mode' to extreme", conversation="prio")
    assert "LOW, MEDIUM, HIGH or CRITICAL" in asked.answer
    other = run(demo.alice, "Show me the backlog", conversation="prio")
    assert [c["tool"] for c in other.calls] == ["get_backlog"]
    again = run(demo.alice, "set the priority of 'Dark mode' to extreme", conversation="prio")
    answered = run(demo.alice, "high", conversation="prio")
    assert answered.call("update_backlog_item")["args"]["updates"] == {"priority": "HIGH"}
    assert again.answer == asked.answer


def test_a_loosely_named_card_is_moved_only_after_confirmation(demo):
    serializer = task_id("Write CSV serializer", demo.phoenix)
    asked = run(demo.alice, "drag the CSV serializer card into Done", conversation="conf")
    assert f"task #{serializer} 'Write CSV serializer'" in asked.answer and "Shall I go ahead?" in asked.answer
    assert not [c for c in asked.calls if c["tool"] == "move_task"]

    confirmed = run(demo.alice, "yes please", conversation="conf")

    assert confirmed.call("move_task")["args"] == {"task_id": serializer, "column_id": column_id("Done", demo.phoenix)}
    assert one(Task, Task.id == serializer).column_id == column_id("Done", demo.phoenix)


def test_declining_the_confirmation_moves_nothing(demo):
    run(demo.alice, "move the serializer to Done", conversation="decline")
    before = dbstate.dump()
    declined = run(demo.alice, "no", conversation="decline")
    assert not declined.calls and "won't change anything" in declined.answer
    assert dbstate.dump() == before


def test_kept_history_drops_read_results_but_keeps_what_was_written(demo):
    """A board read in one run is not carried, as data, into every later run's context and
    storage; the ids of what a run made stay, so "it" still works afterwards."""
    run(demo.alice, "Move 'Write CSV serializer' to Done", conversation="c-reads", confirm="never")
    run(demo.alice, "Create a task 'Draft the import mapping' for 'Single sign-on (SAML)'", conversation="c-reads")
    stored = one(AgentConversation, AgentConversation.key.endswith("|c-reads")).session
    results = [(m.get("tool_name"), m.get("content")) for r in stored["runs"] for m in r["messages"]
               if m["role"] == "tool"]
    reads = [content for name, content in results if name not in WRITE_TOOLS]
    writes = [content for name, content in results if name in WRITE_TOOLS]
    assert reads and all(content == READ_RESULT_KEPT for content in reads)
    assert writes and all("Draft the import mapping" in c or "Write CSV serializer" in c for c in writes)

    follow = run(demo.alice, "now move it to Done", conversation="c-reads", confirm="never")
    task = one(Task, Task.title == "Draft the import mapping")
    assert follow.call("move_task")["args"] == {"task_id": task.id, "column_id": column_id("Done", demo.phoenix)}


@pytest.mark.parametrize("when", ["in 99999999 days", "in 5000000 weeks", "on 9999-12-01", "on 0001-01-04",
                                  "on 9999-12-25", "tomorrow, for 99999999 days,"])
def test_a_start_date_off_the_calendar_is_asked_again_not_an_internal_error(demo, when):
    before = dbstate.dump()
    result = run(demo.alice, f"Plan a sprint called Far starting {when} for two weeks")
    assert not [e for e in result.events if e["type"] == "error"], result.events
    # It asks again for what it could not read (the start, or the length), or says which dates it takes.
    assert result.answer.rstrip().endswith("?") or "1970-01-01 to 2100-12-31" in result.answer, result.answer
    assert dbstate.dump() == before
