"""Digits in a title are part of the title; a number right after the noun is an id, used only
when no title matches and only if the read tools show it in the current workspace."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from apcs_app import db
from apcs_app.domain import BacklogItem, SprintItem, Task
from apcs_app.mcp import WRITE_TOOLS
from apcs_app.services import backlog, board, spaces
from tests import dbstate
from tests.agents.support import column_id, one, rows, run


@dataclass
class Elsewhere:
    """A workspace of Bob's that Alice is not in, with one item and one card."""

    item: int
    task: int


@pytest.fixture
def elsewhere(demo) -> Elsewhere:
    with db.transaction() as s:
        lab = spaces.create_space(s, demo.bob, "Bob's lab", "SCRUM")
        item = backlog.create_item(s, demo.bob, lab.id, "Lab experiment", story_points=3)
        task = board.create_task(s, demo.bob, item.id, title="Lab card")
        return Elsewhere(item.id, task.id)


def card(demo, title: str, story: str = "Release checklist") -> int:
    """A new card in Alice's workspace, on a new story."""
    with db.transaction() as s:
        item = backlog.create_item(s, demo.alice, demo.phoenix, story, story_points=2)
        return board.create_task(s, demo.alice, item.id, title=title).id


def story(demo, title: str) -> int:
    with db.transaction() as s:
        return backlog.create_item(s, demo.alice, demo.phoenix, title, story_points=1).id


def writes(result) -> list[str]:
    return [c["tool"] for c in result.calls if c["tool"] in WRITE_TOOLS]


def test_a_card_titled_with_the_number_of_another_workspaces_task_is_the_one_moved(demo, elsewhere):
    title = f"Card {elsewhere.task:03d}"
    mine = card(demo, title)

    result = run(demo.alice, f"Move {title} to Done")

    done = column_id("Done", demo.phoenix)
    assert result.call("move_task")["args"] == {"task_id": mine, "column_id": done}
    assert one(Task, Task.id == mine).column_id == done
    assert one(Task, Task.id == elsewhere.task).title == "Lab card"
    assert one(Task, Task.id == elsewhere.task).done_at is None


def test_the_title_wins_over_a_card_of_this_workspace_with_that_id(demo):
    other = card(demo, "Prepare the demo", story="Demo day")
    title = f"Card {other}"
    mine = card(demo, title)

    result = run(demo.alice, f"please move card {other} into In Progress")

    assert result.call("move_task")["args"]["task_id"] == mine
    assert one(Task, Task.id == mine).column_id == column_id("In Progress", demo.phoenix)
    assert one(Task, Task.id == other).column_id != column_id("In Progress", demo.phoenix)


@pytest.mark.parametrize("phrase", ["move task {id} to Done", "Move card #{id} to Done", "move #{id} to done"])
def test_a_number_after_the_noun_is_an_id_when_no_title_matches(demo, phrase):
    task = card(demo, "Write the upgrade notes")
    card(demo, f"Review {task} comments", story="Code review")  # digits in a title are no id

    result = run(demo.alice, phrase.format(id=task))

    assert result.call("move_task")["args"] == {"task_id": task, "column_id": column_id("Done", demo.phoenix)}
    assert one(Task, Task.id == task).done_at is not None


@pytest.mark.parametrize("phrase", ["move task {id} to Done", "move #{id} to Done", "assign card {id} to Bob"])
def test_an_id_outside_this_workspace_is_asked_about_and_nothing_changes(demo, elsewhere, phrase):
    before = dbstate.dump()

    result = run(demo.alice, phrase.format(id=elsewhere.task))

    assert writes(result) == []
    assert f"no task #{elsewhere.task} on this workspace's board" in result.answer
    assert "get_kanban_board" in [c["tool"] for c in result.calls]
    assert dbstate.dump() == before


def test_an_item_titled_with_a_sprint_number_gets_the_points(demo):
    item = story(demo, "Sprint 2 retro notes")

    result = run(demo.alice, "Set the points of Sprint 2 retro notes to 3")

    assert result.call("update_backlog_item")["args"] == {"item_id": item, "updates": {"story_points": 3}}
    assert one(BacklogItem, BacklogItem.id == item).story_points == 3
    assert [i.id for i in rows(BacklogItem, BacklogItem.story_points == 3, BacklogItem.title == "Sprint 2 retro notes")] == [item]


def test_a_card_titled_with_a_version_number_is_assigned(demo):
    mine = card(demo, "Release 2.0 checklist")

    result = run(demo.alice, "assign Release 2.0 checklist to Bob")

    assert result.call("assign_task")["args"] == {"task_id": mine, "user_id": demo.members["bob"]}
    assert one(Task, Task.id == mine).assignee_id == demo.members["bob"]


def test_an_item_number_is_checked_against_this_workspaces_backlog(demo, elsewhere):
    before = dbstate.dump()

    refused = run(demo.alice, f"set item {elsewhere.item} to 5 points")

    assert writes(refused) == [] and dbstate.dump() == before
    assert f"no backlog item #{elsewhere.item} in this workspace's backlog" in refused.answer
    mine = story(demo, "Keyboard shortcuts")
    accepted = run(demo.alice, f"set item {mine} to 5 points")
    assert one(BacklogItem, BacklogItem.id == mine).story_points == 5
    assert accepted.call("update_backlog_item")["args"]["item_id"] == mine


def test_the_scrum_master_finds_items_through_its_own_server_only(demo, elsewhere):
    item = story(demo, "Sprint 2 retro notes")

    by_title = run(demo.alice, "Add Sprint 2 retro notes to this sprint", agent="scrum_master")
    refused = run(demo.alice, f"add item {elsewhere.item} to the current sprint", agent="scrum_master")

    assert [c["tool"] for c in by_title.calls] == ["search", "add_to_sprint_backlog"]  # the Scrum Master's own search
    assert by_title.call("add_to_sprint_backlog")["args"] == {"backlog_item_id": item}
    assert rows(SprintItem, SprintItem.backlog_item_id == item)
    assert writes(refused) == [] and not rows(SprintItem, SprintItem.backlog_item_id == elsewhere.item)
    assert f"no backlog item #{elsewhere.item}" in refused.answer
