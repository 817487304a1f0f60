"""Where a new thing's name ends (issue #13): a name said without quotes never takes in the
place, the date, a remark or a slipped cue word after it, and a name with 'for' inside it is
kept whole. None of these sentences is in the corpus."""

from __future__ import annotations

import pytest

from apcs_app.domain import BoardColumn, Space, Sprint
from tests.agents.support import rows, run, yes_if_asked


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "name", "order"), [
    ("we need a column called Blocked on there", "Blocked", None),
    ("we need a column called Parked over here", "Parked", None),
    ("add a column named Triage befor In Progress", "Triage", 2),
    ("create a colum called Staging aftr To Do", "Staging", 2),
    ("Our board needs a Ready for Release column.", "Ready for Release", None),
    ("We want an Awaiting for Approval column", "Awaiting for Approval", None),
    ("create a column named Intake betwen To Do and In Progress", "Intake", 2),
    ("add a column called Spec betwen In Progress and Done", "Spec", None),
    ("add a column named Waiting for Sprint after In Progress", "Waiting for Sprint", 3),
])
def test_a_new_column_is_named_by_its_name_alone(demo, message, name, order):
    result = yes_if_asked(demo.alice, message)
    args = result.call("create_column")["args"]
    assert args["name"] == name, result.answer
    assert args.get("order") in ((None, 3) if order is None else (order,)), args
    assert name in {c.name for c in rows(BoardColumn)}


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "name"), [
    ("schedule a sprint called Hardening strting 2027-02-01 for 2 weeks", "Hardening"),
    ("plan a sprint named Polish begining 2027-02-01 endng 2027-02-12", "Polish"),
])
def test_a_new_sprint_name_stops_at_a_slipped_cue(demo, message, name):
    result = yes_if_asked(demo.alice, message)
    args = result.call("create_sprint")["args"]
    assert args["name"] == name and args["start_date"] == "2027-02-01", args
    assert name in {s.name for s in rows(Sprint)}


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "name"), [
    ("Set up a scrum workspace like Project Phoenix, and call this one Nova", "Nova"),
    ("a new kanban workspace please, name the new one Harbor", "Harbor"),
])
def test_this_one_is_no_part_of_a_name(demo, message, name):
    result = yes_if_asked(demo.alice, message)
    assert result.call("create_space")["args"]["name"] == name, result.answer
    assert name in {s.name for s in rows(Space)}


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_kanban_workspace_that_runs_sprints_is_asked_about(demo):
    from tests import dbstate
    before = dbstate.dump()
    result = run(demo.alice, "spin up a kanban workspace named Depot; it needs sprint planning and a sprint backlog")
    assert "scrum" in result.answer.lower() and "kanban" in result.answer.lower(), result.answer
    assert dbstate.dump() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize("message", ["set up a workspace called Atlas, the team does one-week sprints",
                                     "new workspace Atlas please; we're doing weekly sprints with a sprint backlog"])
def test_sprints_said_of_the_team_make_a_scrum_workspace(demo, message):
    result = yes_if_asked(demo.alice, message)
    args = result.call("create_space")["args"]
    assert (args["name"], args["methodology"]) == ("Atlas", "SCRUM"), result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool", "key", "name"), [
    ("add a story called Invoice export for the next sprint", "create_backlog_item", "title", "Invoice export"),
    ("create a story named Usage report in our backlog", "create_backlog_item", "title", "Usage report"),
    ("create a story called Usage report too", "create_backlog_item", "title", "Usage report"),
    ("make a sprint called Hardening next monday for two weeks", "create_sprint", "name", "Hardening"),
    ("add a card named Fix login loop to the CSV export story", "create_task", "title", "Fix login loop"),
    ("set up a kanban workspace called Orbit right now", "create_space", "name", "Orbit"),
    ("create a column called QA on the far right", "create_column", "name", "QA"),
])
def test_where_and_when_said_after_a_name_are_no_part_of_it(demo, message, tool, key, name):
    result = yes_if_asked(demo.alice, message)
    assert result.call(tool)["args"][key] == name, result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_new_name_holding_a_word_of_time_is_shown_before_it_is_made(demo):
    from apcs_app.domain import BacklogItem
    shown = run(demo.alice, "create a story called Weekly digest for Monday mornings", conversation="shown")
    assert "Shall I go ahead?" in shown.answer and "Weekly digest for Monday mornings" in shown.answer
    assert not rows(BacklogItem, BacklogItem.title == "Weekly digest for Monday mornings")
