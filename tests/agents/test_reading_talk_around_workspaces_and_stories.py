"""What people say around workspaces and new stories (issue #13, read from dev11's classes):
workspace questions in many shapes, a new workspace asked for after how the team works, a
story said as what someone wants, a title that two stories would share, and terse labels
("column: Staging", "dashboard build task: bob"). None of these sentences is in the corpus."""

from __future__ import annotations

import pytest
from sqlmodel import select

from apcs_app import db
from apcs_app.domain import BacklogItem, Space, Sprint, SprintStatus
from apcs_app.mcp import WRITE_TOOLS
from tests.agents.support import column_id, item_id, one, rows, run, task_id, user_id, yes_if_asked


def _look(result) -> tuple[str, dict]:
    assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS], result.calls
    return result.calls[-1]["tool"], result.calls[-1]["args"]


def _count(model) -> int:
    with db.read() as session:
        return len(session.exec(select(model.id)).all())


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_workspace_questions_in_many_shapes(demo):
    assert _look(run(demo.alice, "giv me teh details of this projet")) == ("get_space_info", {})
    assert _look(run(demo.alice, "I need the info page for Support Desk.")) == ("get_space_info", {"space_id": demo.desk})
    assert _look(run(demo.alice, "how many people are in Support Desk?")) == ("get_space_info", {"space_id": demo.desk})
    assert _look(run(demo.alice, "quick check, is Bob really a member here, or did his invite never go through?"))[0] == "get_space_info"
    assert _look(run(demo.alice, "Besides Support Desk, am I in any other workspaces?")) == ("get_user_spaces", {})
    run(demo.alice, "list my workspaces", conversation="kind")
    assert _look(run(demo.alice, "tell me more about the kanban one", conversation="kind")) == ("get_space_info", {"space_id": demo.desk})


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("said", "name", "method"), [
    ("ok so sales finally wants in. they don't do sprints, it's just a steady stream of asks. could you make them a "
     "kanban space called Sales Ops?", "Sales Ops", "KANBAN"),
    ("Honestly our QA folks hate sprints, they just grab tickets when free. Set them up a kanban workspace, 'QA Queue'. cheers!",
     "QA Queue", "KANBAN"),
    ("my boss wants a separate space for vendor onboarding — she said scrum, since they'll plan in sprints. name it Vendor Onboarding?",
     "Vendor Onboarding", "SCRUM"),
])
def test_a_workspace_asked_for_after_how_the_team_works(demo, said, name, method):
    made = yes_if_asked(demo.alice, said, "space").call("create_space")["args"]
    assert (made["name"], made["methodology"]) == (name, method), made
    assert one(Space, Space.name == name).methodology == method
    assert "she said" not in made.get("description", "")


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_purpose_said_as_a_home_for_it_describes_it(demo):
    made = yes_if_asked(demo.alice, "We need a home for the spring offsite planning. Make it a Kanban workspace called Offsite 2027.",
                        "home").call("create_space")["args"]
    assert made["name"] == "Offsite 2027" and "spring offsite planning" in made.get("description", ""), made


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_open_work_and_the_whole_backlog_said_loosely(demo):
    assert _look(run(demo.alice, "thinking aloud as PO... what have we got left that isn't finished? lay it out for me"))[0] \
        == "get_product_backlog"
    assert _look(run(demo.alice, "there are a few stories nobody has picked up yet, right? show me what's open in the backlog"))[0] \
        == "get_product_backlog"
    assert _look(run(demo.alice, "I'm reviewing everything we've ever put into Phoenix, so I need the entire backlog, "
                                 "finished stuff too")) == ("get_backlog", {})


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("said", "title", "values"), [
    ("We need a way to merge duplicate contacts. Add that to the backlog as a 3-pointer.", "Merge duplicate contacts",
     {"story_points": 3}),
    ("Sales wants audit trails per invoice. Please add it as an 8-point story, low priority.", "Audit trails per invoice",
     {"story_points": 8, "priority": "LOW"}),
    ("people keep asking for Slack pings. let's capture that as a story — Slack pings for card moves — medium priority, "
     "we'll size it later", "Slack pings for card moves", {"priority": "MEDIUM"}),
])
def test_a_story_said_as_what_someone_wants(demo, said, title, values):
    made = yes_if_asked(demo.alice, said, "wanted").call("create_backlog_item")["args"]
    assert made == {"title": title, **values}, made
    assert not rows(BacklogItem, BacklogItem.title == "That")


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_description_said_as_what_to_put_and_no_name_yet(demo):
    made = yes_if_asked(demo.alice, "add a story 'Invoice reminders' and for the description put: email people three days "
                                    "before it's due. 3 points I think", "desc").call("create_backlog_item")["args"]
    assert made == {"title": "Invoice reminders", "description": "email people three days before it's due", "story_points": 3}
    before = _count(BacklogItem)
    asked = run(demo.alice, "I want to add a story but I don't know what to call it yet", conversation="unnamed")
    assert "called" in asked.answer, asked.answer
    assert _count(BacklogItem) == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_title_two_stories_would_share_is_asked_about(demo):
    before = _count(BacklogItem)
    asked = run(demo.alice, "add a story called Dark mode, people keep asking", conversation="twin")
    assert "already called 'Dark mode'" in asked.answer and "second story" in asked.answer, asked.answer
    assert "Shall I go ahead?" not in asked.answer and _count(BacklogItem) == before
    made = run(demo.alice, "yes", conversation="twin")
    assert made.call("create_backlog_item")["args"] == {"title": "Dark mode"} and _count(BacklogItem) == before + 1
    run(demo.alice, "We need a story called Dark mode.", conversation="not")
    run(demo.alice, "no, never mind", conversation="not")
    assert _count(BacklogItem) == before + 1


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_card_taken_by_me_instead_of_bob_and_labels(demo):
    mine = yes_if_asked(demo.alice, "could you put me on the Password reset flow card instead of Bob?", "mine")
    assert mine.call("assign_task")["args"] == {"task_id": task_id("Password reset flow", demo.phoenix),
                                                "user_id": user_id("alice@example.com")}, mine.answer
    labelled = yes_if_asked(demo.alice, "dashboard build task: bob", "label")
    assert labelled.call("assign_task")["args"] == {"task_id": task_id("Build: Dashboard with sprint health", demo.phoenix),
                                                    "user_id": user_id("bob@example.com")}, labelled.answer
    status = yes_if_asked(demo.alice, "Onboarding checklist: mark it as in progress", "status")
    assert status.call("update_backlog_item")["args"] == {"item_id": item_id("Onboarding checklist", demo.phoenix),
                                                          "updates": {"status": "IN_PROGRESS"}}, status.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_columns_said_tersely_and_a_card_named_with_sprint_words_moved(demo):
    staged = yes_if_asked(demo.alice, "column: Staging, after Done", "staging")
    assert staged.call("create_column")["args"] == {"name": "Staging", "order": 4}, staged.answer
    run(demo.alice, "show me the board", conversation="spot")
    second = yes_if_asked(demo.alice, "we need a 'Blocked' column in there, second spot", "spot")
    assert second.call("create_column")["args"] == {"name": "Blocked", "order": 2}, second.answer
    moved = yes_if_asked(demo.alice, "can you drag the sprint health dashboard over to Done?", "drag")
    assert moved.call("move_task")["args"] == {"task_id": task_id("Build: Dashboard with sprint health", demo.phoenix),
                                               "column_id": column_id("Done", demo.phoenix)}, moved.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_close_it_out_after_a_look_at_the_sprint(demo):
    run(demo.alice, "how's the burndown?", conversation="close")
    closed = run(demo.alice, "meh, fine. let's close it out", conversation="close")
    assert closed.call("complete_sprint")
    assert one(Sprint, Sprint.name == "Sprint 2").status == SprintStatus.COMPLETED


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_sprint_said_finished_and_a_product_screen_named_sprint(demo):
    closed = run(demo.alice, "We're finished with this sprint, it can be completed now.")
    assert closed.call("complete_sprint") and not [c for c in closed.calls if c["tool"] == "create_sprint"]
    made = yes_if_asked(demo.alice, "ugh, the pickers in the sprint form are awful on Firefox. stick a story in the backlog: "
                                    "'Fix Firefox picker', high", "form")
    assert made.call("create_backlog_item")["args"] == {"title": "Fix Firefox picker", "priority": "HIGH"}, made.answer
    assert not [c for c in made.calls if c["tool"] == "add_to_sprint_backlog"]


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_card_a_story_needs_and_one_given_to_the_story_just_made(demo):
    needed = yes_if_asked(demo.alice, "the onboarding checklist needs a card on the board so somebody can pick it up", "needs")
    assert needed.call("create_task")["args"] == {"backlog_item_id": item_id("Onboarding checklist", demo.phoenix)}, needed.answer
    context = yes_if_asked(demo.alice, "Bob and I talked it over and the mobile board story needs a card for tablet testing. "
                                       "Call it Tablet testing and drop it in To Do.", "context")
    assert context.call("create_task")["args"]["backlog_item_id"] == item_id("Mobile-friendly board", demo.phoenix)
    run(demo.alice, "create a story called 'Release checklist' with 3 points", conversation="give")
    given = run(demo.alice, "give it a task in To Do named 'Draft the list'", conversation="give")
    assert given.call("create_task")["args"] == {"title": "Draft the list", "column_id": column_id("To Do", demo.phoenix),
                                                 "backlog_item_id": item_id("Release checklist", demo.phoenix)}, given.answer
    described = yes_if_asked(demo.alice, "add a story 'Bill nudges' and for the description put: send a nudge email two days "
                                         "before a bill is due. 2 points I think", "send")
    assert described.call("create_backlog_item")["args"]["description"] == "send a nudge email two days before a bill is due"
    assert not [c for c in described.calls if c["tool"] == "move_task"]
