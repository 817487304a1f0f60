"""Scrum Master tools over the in-process transport, with the database checked afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from apcs_app import db
from apcs_app.domain import BacklogItem, Sprint, SprintItem
from apcs_app.services import backlog, members, sprints
from tests.mcp.conftest import call, item, make_space, ok, refused, session

pytestmark = pytest.mark.anyio


def sprint_row(sprint_id: int) -> Sprint:
    with db.transaction() as s:
        return s.get(Sprint, sprint_id)


async def test_create_sprint_named_or_numbered(alice, scrum):
    async with session("scrum_master", alice, scrum.id) as s:
        named = await ok(s, "create_sprint", name="Sprint 7", start_date="2027-01-04", end_date="2027-01-15")
        unnamed = await ok(s, "create_sprint", name="", start_date="2027-01-18", end_date="2027-02-01")
    assert named["sprint"] | {"id": None} == {
        "id": None, "name": "Sprint 7", "status": "PLANNING", "start_date": "2027-01-04", "end_date": "2027-01-15",
        "days": 11, "goal": None, "committed_points": None, "completed_points": None}
    assert "start_sprint" in named["message"]
    assert unnamed["sprint"]["name"] == "Sprint 2"
    saved = sprint_row(named["sprint"]["id"])
    assert (saved.space_id, saved.start_date, saved.status) == (scrum.id, dt.date(2027, 1, 4), "PLANNING")


async def test_create_sprint_errors(alice, bob, scrum, kanban):
    async with session("scrum_master", alice, scrum.id) as s:
        assert "must be after the start date" in await refused(
            s, "create_sprint", name="S", start_date="2027-01-15", end_date="2027-01-04")
        assert "a month or less" in await refused(s, "create_sprint", name="S", start_date="2027-01-01", end_date="2027-03-01")
        assert "valid date" in await refused(s, "create_sprint", name="S", start_date="next monday", end_date="2027-03-01")
    async with session("scrum_master", alice, kanban.id) as s:
        assert "sprints exist only in SCRUM workspaces" in await refused(
            s, "create_sprint", name="S", start_date="2027-01-04", end_date="2027-01-15")
    async with session("scrum_master", bob, scrum.id) as s:  # a developer
        assert "Only the Product Owner or Scrum Master" in await refused(
            s, "create_sprint", name="S", start_date="2027-01-04", end_date="2027-01-15")


async def test_the_sprint_lifecycle(alice, scrum):
    done_story, open_story = item(alice, scrum, "Done story", 5), item(alice, scrum, "Open story", 3)
    async with session("scrum_master", alice, scrum.id) as s:
        sprint = (await ok(s, "create_sprint", name="", start_date="2027-01-04", end_date="2027-01-18"))["sprint"]
        added = await ok(s, "add_to_sprint_backlog", backlog_item_id=done_story.id)
        await ok(s, "add_to_sprint_backlog", backlog_item_id=open_story.id, sprint_id=sprint["id"])
        again = await ok(s, "add_to_sprint_backlog", backlog_item_id=open_story.id)
        planned = await ok(s, "get_sprint_backlog")
        started = await ok(s, "start_sprint")
        call(backlog.update_item, alice, done_story.id, {"status": "DONE"})
        active = await ok(s, "get_sprint_backlog", sprint_id=sprint["id"])
        listed = await ok(s, "list_sprints")
        chart = await ok(s, "get_sprint_metrics")
        completed = await ok(s, "complete_sprint")
    assert added["added"] is True and added["sprint"]["id"] == sprint["id"]
    assert again["added"] is False and "already in Sprint 1" in again["message"]
    assert (planned["count"], planned["total_points"], planned["sprint"]["status"]) == (2, 8, "PLANNING")
    assert started["sprint"]["status"] == "ACTIVE" and started["sprint"]["committed_points"] == 8
    assert (active["done_points"], [i["title"] for i in active["items"]]) == (5, ["Done story", "Open story"])
    assert [x["id"] for x in listed["sprints"]] == [sprint["id"]]
    assert chart["sprint"]["id"] == sprint["id"] and len(chart["burndown"]) == 15
    # The sprint lies in the future: its days have an ideal line but no remaining points yet.
    assert chart["burndown"][0] == {"day": "2027-01-04", "ideal": 8.0, "remaining": None}
    assert completed["sprint"]["completed_points"] == 5
    assert [i["title"] for i in completed["returned_to_backlog"]] == ["Open story"]
    assert [i["title"] for i in completed["completed_items"]] == ["Done story"]
    assert completed["velocity"]["average_last_three"] == 5.0
    saved = sprint_row(sprint["id"])
    assert (saved.status, saved.committed_points, saved.completed_points) == ("COMPLETED", 8, 5)
    with db.transaction() as s:
        links = {x.backlog_item_id: x.completed_in_sprint for x in s.exec(select(SprintItem))}
    assert links == {done_story.id: True, open_story.id: False}


async def test_sprint_errors(alice, scrum):
    story = item(alice, scrum, "Story", 5)
    finished = item(alice, scrum, "Finished", 3)
    call(backlog.update_item, alice, finished.id, {"status": "DONE"})
    async with session("scrum_master", alice, scrum.id) as s:
        assert "no active sprint" in await refused(s, "complete_sprint")
        assert "no planning or active sprint" in await refused(s, "start_sprint")
        assert "create_sprint" in await refused(s, "add_to_sprint_backlog", backlog_item_id=story.id)
        first = (await ok(s, "create_sprint", name="A", start_date="2027-01-04", end_date="2027-01-18"))["sprint"]
        second = (await ok(s, "create_sprint", name="B", start_date="2027-01-18", end_date="2027-02-01"))["sprint"]
        assert "already DONE" in await refused(s, "add_to_sprint_backlog", backlog_item_id=finished.id)
        assert "#9999 was not found" in await refused(s, "add_to_sprint_backlog", backlog_item_id=9999)
        assert "Sprint 9999 was not found" in await refused(s, "get_sprint_backlog", sprint_id=9999)
        await ok(s, "start_sprint", sprint_id=first["id"])
        assert "A is already active" in await refused(s, "start_sprint", sprint_id=second["id"])
        assert "only a PLANNING sprint" in await refused(s, "start_sprint", sprint_id=first["id"])
    assert sprint_row(second["id"]).status == "PLANNING"


async def test_sprint_ids_of_another_own_workspace_are_not_this_workspaces(alice):
    phoenix, apollo = make_space(alice, "Phoenix", "SCRUM"), make_space(alice, "Apollo", "SCRUM")
    other = call(sprints.create_sprint, alice, apollo.id, "Apollo 1", dt.date(2027, 1, 4), dt.date(2027, 1, 18))
    async with session("scrum_master", alice, phoenix.id) as s:
        assert "not found in this workspace" in await refused(s, "start_sprint", sprint_id=other.id)
    assert sprint_row(other.id).status == "PLANNING"


async def test_a_scrum_master_member_may_run_sprints(alice, bob, scrum):
    call(members.change_role, alice, scrum.id, bob.user_id, "SCRUM_MASTER")
    async with session("scrum_master", bob, scrum.id) as s:
        out = await ok(s, "create_sprint", name="", start_date="2027-01-04", end_date="2027-01-18")
    with db.transaction() as s:
        assert s.get(Sprint, out["sprint"]["id"]).space_id == scrum.id
        assert s.exec(select(BacklogItem)).all() == []


async def test_product_backlog_shows_unfinished_items_and_their_open_sprint(alice, bob, scrum, kanban):
    planned, loose, finished = item(alice, scrum, "Planned story", 5), item(alice, scrum, "Loose story", 3), \
        item(alice, scrum, "Finished story", 8)
    item(alice, kanban, "Kanban story", 2)
    call(backlog.update_item, alice, finished.id, {"status": "DONE"})
    async with session("scrum_master", alice, scrum.id) as s:
        sprint = (await ok(s, "create_sprint", name="", start_date="2027-01-04", end_date="2027-01-18"))["sprint"]
        await ok(s, "add_to_sprint_backlog", backlog_item_id=planned.id)
        out = await ok(s, "get_product_backlog")
        done_only = await ok(s, "get_product_backlog", status="DONE")
        assert "'TODO', 'IN_PROGRESS' or 'DONE'" in await refused(s, "get_product_backlog", status="someday")
    assert [(i["id"], i["title"], i["story_points"], i["sprint"]) for i in out["items"]] == [
        (planned.id, "Planned story", 5, {"id": sprint["id"], "name": sprint["name"], "status": "PLANNING"}),
        (loose.id, "Loose story", 3, None)]
    assert (out["count"], out["unplanned_points"]) == (2, 3)
    assert [i["title"] for i in done_only["items"]] == ["Finished story"]
    async with session("scrum_master", alice, kanban.id) as s:
        assert "sprints exist only in SCRUM workspaces" in await refused(s, "get_product_backlog")
