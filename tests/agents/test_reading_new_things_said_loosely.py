"""New things asked for the way people say them (issue #13, read from dev9's classes): a
story by any verb of making with its values after it, a card's title said as "call it" or
"something like", a name that ends where a reason, the next sentence or a filler word
starts, a workspace's purpose said as what it will do, and a story named by its initials.
None of these sentences is in the corpus."""

from __future__ import annotations

import pytest

from apcs_app.domain import Task
from tests.agents.support import column_id, item_id, one, run, task_id, yes_if_asked


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "title", "values"), [
    ("raise a ticket for SCIM provisioning, 8 points, high", "SCIM provisioning", {"story_points": 8, "priority": "HIGH"}),
    ("could you make a story for printable invoices? Low priority I guess, 2 points", "Printable invoices",
     {"story_points": 2, "priority": "LOW"}),
    ("bug 'Tooltip flickers on hover' 1pt critical", "Tooltip flickers on hover", {"story_points": 1, "priority": "CRITICAL"}),
    ("jot down an item, 'Keyboard shortcuts', at three points", "Keyboard shortcuts", {"story_points": 3}),
])
def test_a_new_story_by_any_verb_of_making_with_its_values(demo, message, title, values):
    result = yes_if_asked(demo.alice, message, "new-story")
    args = result.call("create_backlog_item")["args"]
    assert args["title"] == title and {k: args.get(k) for k in values} == values, result.answer
    assert "update_backlog_item" not in [c["tool"] for c in result.calls]


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "story", "title"), [
    ("make a card for the dark mode story, call it Audit color tokens", "Dark mode", "Audit color tokens"),
    ("add a task to Password reset flow, something like 'Expire old reset links'", "Password reset flow",
     "Expire old reset links"),
    ("Dark mode needs a spike. Create a task named Theme spike for it.", "Dark mode", "Theme spike"),
])
def test_a_new_cards_title_said_after_its_story(demo, message, story, title):
    result = yes_if_asked(demo.alice, message, "new-card")
    args = result.call("create_task")["args"]
    assert args["title"] == title and args["backlog_item_id"] == item_id(story, demo.phoenix), result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_new_cards_story_may_hold_on_the(demo):
    result = yes_if_asked(demo.alice, "add a task 'Profile the query' to Slow search on the help center", "on-the")
    args = result.call("create_task")["args"]
    assert args == {"title": "Profile the query", "backlog_item_id": item_id("Slow search on the help center", demo.desk)}, \
        result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_names_end_where_a_reason_a_sentence_or_a_filler_starts(demo):
    renamed = yes_if_asked(demo.alice, "Rename Dark mode to Night theme. Keep everything else.", "ends")
    assert renamed.call("update_backlog_item")["args"]["updates"] == {"title": "Night theme"}, renamed.answer
    card = yes_if_asked(demo.alice, "add a task under Password reset flow titled Check contrast, so QA has something to test", "ends-2")
    assert card.call("create_task")["args"]["title"] == "Check contrast", card.answer
    assert one(Task, Task.title == "Check contrast")
    run(demo.alice, "create a scrum workspace named Support Desk", conversation="taken")
    made = yes_if_asked(demo.alice, "oh right, call it Support Desk APAC then", "taken")
    assert made.call("create_space")["args"]["name"] == "Support Desk APAC", made.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_workspaces_purpose_said_as_what_it_will_do(demo):
    result = yes_if_asked(demo.alice, "please set up a kanban project called Vendor Desk to manage supplier onboarding", "purpose")
    args = result.call("create_space")["args"]
    assert args["name"] == "Vendor Desk" and "supplier onboarding" in args.get("description", ""), result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_story_named_by_its_initials_is_shown_first(demo):
    first = run(demo.alice, "SSO -> current sprint", conversation="initials")
    assert "Single sign-on (SAML)" in first.answer and "Shall I go ahead?" in first.answer, first.answer
    done = run(demo.alice, "yes", conversation="initials")
    assert done.call("add_to_sprint_backlog")["args"] == {"backlog_item_id": item_id("Single sign-on (SAML)", demo.phoenix)}


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_column_asked_for_without_a_name_is_asked_about(demo):
    result = run(demo.alice, "can you add a column to our board?")
    assert not [c for c in result.calls if c["tool"] == "create_column"] and "called" in result.answer, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool", "args"), [
    ("Can there be a column for blocked work? Call it Blocked.", "create_column", {"name": "Blocked"}),
    ("The current sprint is over, so go ahead and close it.", "complete_sprint", {}),
    ("Forgot the sprint names. Could you list them?", "list_sprints", {}),
    ("kanban space 'Orbit', description: vendor tickets", "create_space",
     {"name": "Orbit", "methodology": "KANBAN", "description": "vendor tickets"}),
    ("Done column cards", "get_column_tasks", {"column_id": "Done"}),
    ("I can't remember what I've set up here. Which projects am I in?", "get_user_spaces", {}),
    ("My manager wants every single thing we have ever put in the backlog including done work. Please show the whole backlog.",
     "get_backlog", {}),
])
def test_requests_said_around_their_words(demo, message, tool, args):
    result = yes_if_asked(demo.alice, message, "around")
    called = result.call(tool)["args"]
    if "column_id" in args:
        args = {"column_id": column_id(args["column_id"], demo.phoenix)}
    assert {k: called.get(k) for k in args} == args, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_card_pulled_back_into_a_column_moves(demo):
    result = yes_if_asked(demo.alice, "please pull Write CSV serializer back into In Progress", "pull")
    assert result.call("move_task")["args"] == {"task_id": task_id("Write CSV serializer", demo.phoenix),
                                                "column_id": column_id("In Progress", demo.phoenix)}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "updates"), [
    ("The description of Dark mode should read 'Respect the OS setting'.", {"description": "Respect the OS setting"}),
    ("Password reset flow's title should be 'Reset password by email'", {"title": "Reset password by email"}),
])
def test_a_fields_new_value_said_as_what_it_should_be(demo, message, updates):
    story = item_id("Dark mode" if "Dark mode" in message else "Password reset flow", demo.phoenix)
    result = yes_if_asked(demo.alice, message, "should-be")
    assert result.call("update_backlog_item")["args"] == {"item_id": story, "updates": updates}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_labelled_story_with_values_said_without_commas(demo):
    result = yes_if_asked(demo.alice, "bug: tooltip clipped on mobile, 2 pts high prio", "label")
    assert result.call("create_backlog_item")["args"] == {"title": "Tooltip clipped on mobile", "story_points": 2,
                                                          "priority": "HIGH"}, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_the_backlog_of_the_product_is_the_product_backlog(demo):
    assert run(demo.alice, "can I see the backlog of the product?").call("get_product_backlog")
