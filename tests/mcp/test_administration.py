"""Administration tools over the in-process transport, with the database checked afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from apcs_app import db
from apcs_app.domain import Activity, Membership, Space
from apcs_app.services import sprints
from tests import dbstate
from tests.mcp.conftest import call, make_space, ok, refused, session

pytestmark = pytest.mark.anyio


async def test_create_space_makes_the_caller_its_owner(alice):
    async with session("administration", alice, None) as s:
        out = await ok(s, "create_space", name="Project Phoenix", methodology="SCRUM", description="web portal")
    assert out["space"]["name"] == "Project Phoenix" and out["space"]["methodology"] == "SCRUM"
    assert [c["name"] for c in out["columns"]] == ["To Do", "In Progress", "Done"]
    assert "owner" in out["message"]
    with db.transaction() as s:
        space = s.get(Space, out["space"]["id"])
        membership = s.exec(select(Membership).where(Membership.space_id == space.id)).one()
        log = s.exec(select(Activity).where(Activity.space_id == space.id)).one()
    assert (space.owner_id, space.description) == (alice.user_id, "web portal")
    assert (membership.user_id, membership.scrum_role) == (alice.user_id, "PRODUCT_OWNER")
    # The session's actor is who the activity log names, with its entry point and request.
    assert (log.actor_id, log.via, log.request_id) == (alice.user_id, "agent", f"run-{alice.user_id}")


async def test_create_space_refuses_bad_input_and_creates_nothing(alice):
    async with session("administration", alice, None) as s:
        text = await refused(s, "create_space", name="Apollo", methodology="WATERFALL")
        assert "methodology" in text and "KANBAN" in text and "SCRUM" in text
        assert "cannot be empty" in await refused(s, "create_space", name="   ", methodology="KANBAN")
        assert "methodology" in await refused(s, "create_space", name="Apollo")
        # The server keeps serving after errors.
        assert (await ok(s, "create_space", name="Apollo", methodology="KANBAN"))["space"]["name"] == "Apollo"


async def test_get_user_spaces_lists_only_the_callers_workspaces(alice, bob):
    phoenix = make_space(alice, "Phoenix", "SCRUM", "bob@example.com")
    desk = make_space(alice, "Desk", "KANBAN")
    make_space(bob, "Bob's secret", "KANBAN")
    async with session("administration", alice, desk.id) as s:
        out = await ok(s, "get_user_spaces")
    assert [(x["id"], x["name"], x["is_current"]) for x in out["spaces"]] == [
        (phoenix.id, "Phoenix", False), (desk.id, "Desk", True)]
    assert out["current_space_id"] == desk.id
    assert out["spaces"][0]["members"] == 2 and out["spaces"][0]["is_owner"] is True


async def test_get_space_info_gives_members_columns_sprint_and_counts(alice, bob):
    phoenix = make_space(alice, "Phoenix", "SCRUM", "bob@example.com")
    sprint = call(sprints.create_sprint, alice, phoenix.id, "Sprint 1", dt.date(2027, 1, 4), dt.date(2027, 1, 18))
    call(sprints.start_sprint, alice, phoenix.id, sprint.id)
    async with session("administration", bob, phoenix.id) as s:
        out = await ok(s, "get_space_info")
    assert out["space"]["id"] == phoenix.id and out["is_current"] is True
    assert [(m["name"], m["email"], m["role"], m["is_owner"]) for m in out["members"]] == [
        ("Alice Doe", "alice@example.com", "PRODUCT_OWNER", True),
        ("Bob Roe", "bob@example.com", "DEVELOPER", False),
    ]
    assert [m["id"] for m in out["members"]] == [alice.user_id, bob.user_id]
    assert [(c["id"], c["position"]) for c in out["columns"]] == [(cid, i + 1) for i, cid in enumerate(phoenix.columns)]
    assert (out["active_sprint"]["id"], out["active_sprint"]["status"]) == (sprint.id, "ACTIVE")
    assert out["counts"] == {"members": 2, "backlog_items": 0, "tasks": 0}


async def test_get_space_info_of_another_own_workspace_and_of_a_missing_one(alice):
    phoenix = make_space(alice, "Phoenix", "SCRUM")
    desk = make_space(alice, "Desk", "KANBAN")
    async with session("administration", alice, phoenix.id) as s:
        out = await ok(s, "get_space_info", space_id=desk.id)
        assert (out["space"]["name"], out["is_current"], out["active_sprint"]) == ("Desk", False, None)
        assert [m["role"] for m in out["members"]] == ["OWNER"]
        assert "was not found among your workspaces" in await refused(s, "get_space_info", space_id=9999)


async def test_without_a_current_workspace_the_default_is_used_once_there_is_one(mallory):
    async with session("administration", mallory, None) as s:
        assert "no workspace yet" in await refused(s, "get_space_info")
        assert (await ok(s, "get_user_spaces"))["spaces"] == []
        created = await ok(s, "create_space", name="First", methodology="KANBAN")
        out = await ok(s, "get_space_info")  # the new workspace became the user's default
    assert out["space"]["id"] == created["space"]["id"]
    assert dbstate.count("spaces") == 1
