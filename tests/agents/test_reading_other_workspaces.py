"""Things of another of the user's workspaces, named from the open one (issue #13): the names of
the Support Desk are names while Project Phoenix is open, so a statement or a request about
one of them is that thing, shown with its workspace for a yes before it is written. None of
these sentences is in the corpus."""

from __future__ import annotations

import pytest

from apcs_app.mcp import WRITE_TOOLS
from tests import dbstate
from tests.agents.support import item_id, run, task_id


def _asked_then_done(user, message: str, conversation: str, shown: str):
    before = dbstate.dump()
    asked = run(user, message, conversation=conversation)
    assert not [c for c in asked.calls if c["tool"] in WRITE_TOOLS], asked.answer
    assert shown in asked.answer and "Support Desk" in asked.answer, asked.answer
    assert dbstate.dump() == before
    return run(user, "yes", conversation=conversation)


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", [
    "the FAQ entry about exports ticket can wait, it's medium now",
    "Add FAQ entry about exports is medium priority these days",
])
def test_a_statement_about_a_ticket_of_another_workspace(demo, message):
    done = _asked_then_done(demo.alice, message, "desk-priority", "Add FAQ entry about exports")
    assert done.call("update_backlog_item")["args"] == {
        "item_id": item_id("Add FAQ entry about exports", demo.desk), "updates": {"priority": "MEDIUM"}}


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", [
    "hand the wrong VAT invoice card over to Alice",
    "Alice takes over Invoice PDF shows wrong VAT",
    # "put" reads first as a new story with no name; the name of a card is what it is about
    "could you put Alice on the wrong VAT invoice card",
])
def test_a_card_of_another_workspace_is_handed_over(demo, message):
    done = _asked_then_done(demo.alice, message, "desk-assign", "Invoice PDF shows wrong VAT")
    assert done.call("assign_task")["args"] == {
        "task_id": task_id("Invoice PDF shows wrong VAT", demo.desk), "user_id": demo.members["alice"]}


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_naming_the_workspace_of_the_thing_is_no_refusal(demo):
    # The workspace says where the ticket is; the write acts on it by id, whatever is open.
    result = run(demo.alice, "In Support Desk, give Add FAQ entry about exports 2 points", conversation="desk-named")
    if "Shall I go ahead?" in result.answer:
        result = run(demo.alice, "yes", conversation="desk-named")
    assert result.call("update_backlog_item")["args"] == {
        "item_id": item_id("Add FAQ entry about exports", demo.desk), "updates": {"story_points": 2}}


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_new_story_for_another_workspace_is_still_refused(demo):
    before = dbstate.dump()
    result = run(demo.alice, "In Support Desk, add a story called Chat widget for the help center")
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS], result.answer
    assert "Support Desk" in result.answer and "Project Phoenix" in result.answer
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_the_other_workspaces_backlog_is_never_taken_for_this_one(demo):
    # Reading the Support Desk's titles must not make its stories look like Project Phoenix's:
    # a sprint holds stories of its own workspace only, so this is no write.
    before = dbstate.dump()
    result = run(demo.alice, "put Add FAQ entry about exports into the current sprint")
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS], result.answer
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_an_exact_name_elsewhere_beats_a_near_one_here(demo):
    # 'Customer cannot reset password' is near 'Password reset flow' (Project Phoenix) and is
    # exactly a Support Desk ticket.
    done = _asked_then_done(demo.alice, "Bob should take Customer cannot reset password", "exact-elsewhere",
                            "Customer cannot reset password")
    assert done.call("assign_task")["args"] == {
        "task_id": task_id("Customer cannot reset password", demo.desk), "user_id": demo.members["bob"]}


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", ["give the password card to Bob", "mark the reset story as high priority"])
def test_a_loose_name_that_fits_one_thing_here_and_one_there_is_asked_about(demo, message):
    # 'Password reset flow' here, 'Customer cannot reset password' in Support Desk.
    before = dbstate.dump()
    result = run(demo.alice, message, conversation="two-spaces")
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS], result.answer
    assert "Password reset flow" in result.answer and "Customer cannot reset password" in result.answer, result.answer
    assert "Shall I go ahead?" not in result.answer
    assert dbstate.dump() == before
