"""Confirm before write, through the runner with the offline model and the real MCP servers:
a planned write waits as an action card, and nothing changes until the user confirms."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlmodel import update

from apcs_app import db
from apcs_app.agents.runner import resume_run
from apcs_app.domain import (
    Activity,
    AgentConversation,
    BacklogItem,
    ConflictError,
    ForbiddenError,
    InvalidError,
    NotFoundError,
    PausedRun,
    Sprint,
    Task,
)
from tests import dbstate
from tests.agents.support import card, column_id, item_id, one, resume, rows, run, task_id

pytestmark = pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)

MOVE = "Move 'Write CSV serializer' to Done"


def test_a_move_waits_as_a_card_in_plain_words_and_changes_nothing(demo):
    before = dbstate.dump()

    paused = run(demo.alice, MOVE, confirm="destructive")

    confirm = card(paused)
    [action] = confirm["actions"]
    assert action["tool"] == "move_task" and action["summary"] == "Move 'Write CSV serializer' from To Do to Done"
    assert action["args"] == {"task_id": task_id("Write CSV serializer", demo.phoenix),
                              "column_id": column_id("Done", demo.phoenix)}
    assert "move_task" not in [c["tool"] for c in paused.calls]
    assert paused.done["changed"] is False and "confirm" in paused.answer.lower()
    assert dbstate.dump() == before


def test_cancel_changes_nothing_and_the_agent_says_so(demo):
    paused = run(demo.alice, MOVE, confirm="destructive")
    before = dbstate.dump()

    cancelled = resume(demo.alice, card(paused)["run_id"], "cancel")

    assert not cancelled.calls and cancelled.done["changed"] is False
    assert "cancelled" in cancelled.answer and "nothing was changed" in cancelled.answer
    assert dbstate.dump() == before
    with pytest.raises(NotFoundError, match="No run .* is waiting for confirmation"):
        resume(demo.alice, card(paused)["run_id"], "confirm")


def test_confirm_runs_the_planned_call_under_the_same_request_id(demo):
    paused = run(demo.alice, MOVE, confirm="destructive")

    confirmed = resume(demo.alice, card(paused)["run_id"], "confirm")

    assert confirmed.call("move_task")["args"] == card(paused)["actions"][0]["args"]
    assert one(Task, Task.id == task_id("Write CSV serializer", demo.phoenix)).column_id == column_id("Done", demo.phoenix)
    assert confirmed.done["changed"] is True and "Moved task" in confirmed.answer
    assert confirmed.done["request_id"] == paused.done["request_id"]


def test_an_edited_card_runs_with_the_edited_arguments(demo):
    paused = run(demo.alice, MOVE, confirm="destructive")
    action = card(paused)["actions"][0]
    in_progress = column_id("In Progress", demo.phoenix)

    edited = resume(demo.alice, card(paused)["run_id"], "confirm", {action["action_id"]: {"column_id": in_progress}})

    assert edited.call("move_task")["args"]["column_id"] == in_progress
    assert one(Task, Task.id == action["args"]["task_id"]).column_id == in_progress


def test_an_edit_naming_an_unknown_argument_or_action_is_refused_and_the_card_still_waits(demo):
    paused = run(demo.alice, MOVE, confirm="destructive")
    run_id, action = card(paused)["run_id"], card(paused)["actions"][0]
    before = dbstate.dump()

    with pytest.raises(InvalidError, match="move_task has no argument colour; it takes task_id, column_id"):
        resume(demo.alice, run_id, "confirm", {action["action_id"]: {"colour": "red"}})
    unknown = f"{action['action_id']}-not-planned"  # the model numbers its calls process-wide
    with pytest.raises(InvalidError, match=f"No planned action has the id '{unknown}'"):
        resume(demo.alice, run_id, "confirm", {unknown: {"column_id": 1}})
    with pytest.raises(InvalidError, match="Edits apply only when you confirm"):
        resume(demo.alice, run_id, "cancel", {action["action_id"]: {"column_id": 1}})
    assert dbstate.dump() == before

    assert resume(demo.alice, run_id, "confirm").call("move_task")


def test_an_edit_with_a_value_the_tool_refuses_changes_nothing(demo):
    paused = run(demo.alice, MOVE, confirm="destructive")
    action = card(paused)["actions"][0]
    before = dbstate.dump()

    refused = resume(demo.alice, card(paused)["run_id"], "confirm", {action["action_id"]: {"column_id": 999}})

    assert refused.result("move_task")["is_error"] and "Column 999 is not on the board" in refused.answer
    assert refused.done["changed"] is False and dbstate.dump() == before


@pytest.mark.parametrize("message", ["Show me the backlog", "What's in the In Progress column?",
                                     "show the sprint backlog"])
def test_reads_never_wait(demo, message):
    result = run(demo.alice, message, confirm="always")
    assert result.calls and not [e for e in result.events if e["type"] == "confirm"]


def test_never_runs_straight_through_and_creating_one_thing_is_not_destructive(demo):
    moved = run(demo.alice, MOVE, confirm="never")
    assert moved.call("move_task") and moved.done["changed"] is True

    created = run(demo.alice, "Add a high priority backlog item 'Straight in' worth 5 points", confirm="destructive")
    assert created.call("create_backlog_item") and one(BacklogItem, BacklogItem.title == "Straight in")


def test_always_asks_before_creating(demo):
    paused = run(demo.alice, "Add a high priority backlog item 'Asked first' worth 5 points", confirm="always")
    assert card(paused)["actions"][0]["summary"] == "Create backlog item 'Asked first' (5 points, HIGH)"
    assert not rows(BacklogItem, BacklogItem.title == "Asked first")


def test_cards_name_items_and_sprints(demo):
    points = run(demo.alice, "Set the story points of 'Export reports to CSV' to 3", confirm="destructive")
    assert card(points)["actions"][0]["summary"] == (
        f"Set the story points of #{item_id('Export reports to CSV', demo.phoenix)} 'Export reports to CSV' to 3")

    complete = run(demo.alice, "complete the current sprint", confirm="destructive")
    assert card(complete)["actions"][0]["summary"] == "Complete Sprint 2"
    assert one(Sprint, Sprint.name == "Sprint 2", Sprint.space_id == demo.phoenix).status == "ACTIVE"
    resume(demo.alice, card(complete)["run_id"], "confirm")
    assert one(Sprint, Sprint.name == "Sprint 2", Sprint.space_id == demo.phoenix).status == "COMPLETED"


def test_the_scrum_masters_card_names_the_item_from_its_own_server(demo):
    before = dbstate.dump()
    paused = run(demo.alice, "Add backlog item 'Export reports to CSV' to this sprint", agent="scrum_master",
                 confirm="destructive")

    item = item_id("Export reports to CSV", demo.phoenix)
    assert card(paused)["actions"][0]["summary"] == f"Add #{item} 'Export reports to CSV' to Sprint 2"
    assert [c["tool"] for c in paused.calls] == ["search"]  # on the Scrum Master's own server
    assert dbstate.dump() == before


def test_another_user_cannot_resume_the_run(demo):
    paused = run(demo.alice, MOVE, confirm="destructive")
    before = dbstate.dump()

    with pytest.raises(ForbiddenError, match="belongs to someone else"):
        resume(demo.bob, card(paused)["run_id"], "confirm")

    assert dbstate.dump() == before
    assert resume(demo.alice, card(paused)["run_id"], "confirm").call("move_task")


def test_an_expired_pause_is_refused_clearly(demo):
    paused = run(demo.alice, MOVE, confirm="destructive")
    run_id = card(paused)["run_id"]
    with db.transaction() as s:
        s.exec(update(PausedRun).where(PausedRun.run_id == run_id)
               .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    before = dbstate.dump()

    with pytest.raises(ConflictError, match="This confirmation expired .*nothing was changed"):
        resume(demo.alice, run_id, "confirm")
    assert dbstate.dump() == before

    run(demo.alice, MOVE, confirm="destructive")  # the next pause clears the expired one and its one-off history
    assert not rows(PausedRun, PausedRun.run_id == run_id)
    assert len(rows(AgentConversation)) == 1


def test_a_pause_within_a_conversation_keeps_the_conversation_going(demo):
    run(demo.alice, "Create a task 'Draft the SAML metadata' for 'Single sign-on (SAML)'", conversation="k1")
    paused = run(demo.alice, "now move it to Done", conversation="k1", confirm="destructive")
    assert card(paused)["actions"][0]["summary"] == "Move 'Draft the SAML metadata' from To Do to Done"
    resume(demo.alice, card(paused)["run_id"], "confirm")
    assert one(Task, Task.title == "Draft the SAML metadata").column_id == column_id("Done", demo.phoenix)

    follow = run(demo.alice, "assign it to Bob", conversation="k1", confirm="never")
    assert follow.call("assign_task")["args"] == {"task_id": task_id("Draft the SAML metadata", demo.phoenix),
                                                  "user_id": demo.members["bob"]}


def test_a_loosely_named_card_goes_straight_to_the_confirmation_card(demo):
    paused = run(demo.alice, "drag the CSV serializer card into Done", confirm="destructive")
    assert card(paused)["actions"][0]["summary"] == "Move 'Write CSV serializer' from To Do to Done"
    assert "Shall I go ahead?" not in paused.answer


def test_two_confirmations_at_once_run_the_call_once(demo):
    paused = run(demo.alice, MOVE, confirm="destructive")

    async def both():
        async def drain():
            return [ev async for ev in resume_run(demo.alice, card(paused)["run_id"], "confirm")]
        return await asyncio.gather(drain(), drain(), return_exceptions=True)

    outcomes = asyncio.run(both())
    assert sorted(type(o).__name__ for o in outcomes) in (["ConflictError", "list"], ["NotFoundError", "list"])
    moves = rows(Activity, Activity.action == "move_task", Activity.request_id == paused.done["request_id"])
    assert len(moves) == 1


def test_a_user_removed_from_the_workspace_meanwhile_cannot_confirm(demo):
    from apcs_app.services import members

    paused = run(demo.bob, MOVE, confirm="destructive", space_id=demo.phoenix)
    with db.transaction() as s:
        members.remove_member(s, demo.alice, demo.phoenix, demo.bob.user_id)
    before = dbstate.dump()

    with pytest.raises(ForbiddenError):
        resume(demo.bob, card(paused)["run_id"], "confirm")
    assert dbstate.dump() == before


def test_a_card_far_down_a_large_board_is_named_on_the_card_by_its_id(demo):
    """The card reads the task by id (get_task), not the board's first page: on a board of
    thousands, the card to move is rarely on it."""
    from apcs_app.services import bulk

    with db.transaction() as s:
        bulk.add_cards(s, demo.alice, demo.phoenix, [bulk.NewCard(title=f"Filler card {n}") for n in range(300)])
        bulk.add_cards(s, demo.alice, demo.phoenix, [bulk.NewCard(title="Migrate the invoice archive")])
    paused = run(demo.alice, "Move 'Migrate the invoice archive' to In Progress", confirm="destructive")
    assert card(paused)["actions"][0]["summary"] == "Move 'Migrate the invoice archive' from To Do to In Progress"
    later = run(demo.alice, "Add backlog item 'Migrate the invoice archive' to this sprint", agent="scrum_master",
                confirm="destructive")
    item = item_id("Migrate the invoice archive", demo.phoenix)
    assert card(later)["actions"][0]["summary"] == f"Add #{item} 'Migrate the invoice archive' to Sprint 2"
