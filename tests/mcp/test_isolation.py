"""A user's MCP session can neither read nor change a workspace they do not belong to, even
when it passes that workspace's ids explicitly; the refusal reveals nothing of it."""

from __future__ import annotations

import datetime as dt

import pytest

from apcs_app.services import board, sprints
from tests import dbstate
from tests.mcp.conftest import call, item, make_space, ok, session

pytestmark = pytest.mark.anyio

SECRETS = ("Bob's secret", "Secret roadmap", "Secret sprint", "Bob Roe", "bob@example.com")


@pytest.fixture
def worlds(alice, bob):
    """Alice's Scrum workspace and Bob's, each with an item, a task and a planned sprint."""

    def world(owner, name, item_title, sprint_name):
        space = make_space(owner, name, "SCRUM")
        story = item(owner, space, item_title, 5)
        task = call(board.create_task, owner, story.id)
        sprint = call(sprints.create_sprint, owner, space.id, sprint_name, dt.date(2027, 1, 4), dt.date(2027, 1, 18))
        return {"space": space.id, "item": story.id, "task": task.id, "sprint": sprint.id,
                "column": space.columns[1], "user": owner.user_id}

    return world(alice, "Alice's", "Alice story", "Alice sprint"), world(bob, "Bob's secret", "Secret roadmap", "Secret sprint")


def foreign_id_calls(a: dict, b: dict) -> dict[str, list[tuple[str, dict]]]:
    """Every tool that takes an id, given Bob's ids (alone or mixed with Alice's own)."""
    return {
        "administration": [("get_space_info", {"space_id": b["space"]})],
        "workflow": [
            ("get_backlog", {"space_id": b["space"]}),
            ("update_backlog_item", {"item_id": b["item"], "updates": {"title": "pwned"}}),
            ("create_task", {"backlog_item_id": b["item"]}),
            ("create_task", {"backlog_item_id": a["item"], "column_id": b["column"]}),
            ("move_task", {"task_id": b["task"], "column_id": b["column"]}),
            ("move_task", {"task_id": a["task"], "column_id": b["column"]}),
            ("assign_task", {"task_id": b["task"], "user_id": a["user"]}),
            ("assign_task", {"task_id": a["task"], "user_id": b["user"]}),
            ("assign_task", {"task_id": a["task"], "user_id": "bob@example.com"}),
            ("get_kanban_board", {"space_id": b["space"]}),
            ("get_column_tasks", {"column_id": b["column"]}),
        ],
        "scrum_master": [
            ("start_sprint", {"sprint_id": b["sprint"]}),
            ("complete_sprint", {"sprint_id": b["sprint"]}),
            ("add_to_sprint_backlog", {"backlog_item_id": b["item"]}),
            ("add_to_sprint_backlog", {"backlog_item_id": a["item"], "sprint_id": b["sprint"]}),
            ("get_sprint_backlog", {"sprint_id": b["sprint"]}),
            ("get_sprint_metrics", {"sprint_id": b["sprint"]}),
        ],
    }


# Tools that work in the session's current workspace when no id is given.
CURRENT_SPACE_CALLS = {
    "administration": [("get_space_info", {})],
    "workflow": [("get_backlog", {}), ("create_backlog_item", {"title": "x"}), ("create_column", {"name": "QA"}),
                 ("get_kanban_board", {})],
    "scrum_master": [("create_sprint", {"name": "", "start_date": "2027-02-01", "end_date": "2027-02-08"}),
                     ("start_sprint", {}), ("complete_sprint", {}), ("add_to_sprint_backlog", {"backlog_item_id": 1}),
                     ("get_sprint_backlog", {}), ("list_sprints", {}), ("get_sprint_metrics", {})],
}


async def assert_all_refused(s, calls) -> None:
    before = dbstate.dump()
    for tool, args in calls:
        result = await s.call_tool(tool, args)
        text = result.content[0].text
        assert result.is_error, f"{tool}({args}) was allowed: {text}"
        leaked = [secret for secret in SECRETS if secret in text and secret not in str(args)]
        assert not leaked, f"{tool}({args}) revealed {leaked}: {text}"
    assert dbstate.dump() == before


@pytest.mark.parametrize("server", ["administration", "workflow", "scrum_master"])
async def test_foreign_ids_are_refused_by_every_tool(alice, worlds, server):
    a, b = worlds
    async with session(server, alice, a["space"]) as s:
        await assert_all_refused(s, foreign_id_calls(a, b)[server])


@pytest.mark.parametrize("server", ["administration", "workflow", "scrum_master"])
async def test_a_session_opened_on_a_foreign_workspace_can_do_nothing_there(alice, worlds, server):
    _, b = worlds
    async with session(server, alice, b["space"]) as s:
        await assert_all_refused(s, CURRENT_SPACE_CALLS[server])


async def test_listing_shows_only_own_workspaces(alice, worlds):
    async with session("administration", alice, None) as s:
        out = await ok(s, "get_user_spaces")
    assert [x["name"] for x in out["spaces"]] == ["Alice's"]


async def test_concurrent_sessions_of_two_users_each_act_as_their_own_user(alice, bob, worlds):
    a, b = worlds
    async with session("workflow", alice, a["space"]) as sa, session("workflow", bob, b["space"]) as sb:
        for n in range(3):  # interleaved calls on two open sessions in one task
            mine = await ok(sa, "create_backlog_item", title=f"alice {n}")
            theirs = await ok(sb, "create_backlog_item", title=f"bob {n}")
            assert (mine["space_id"], theirs["space_id"]) == (a["space"], b["space"])
    assert dbstate.count("backlog_items", "space_id = :s AND created_by = :u", s=a["space"], u=alice.user_id) == 4
    assert dbstate.count("backlog_items", "space_id = :s AND created_by = :u", s=b["space"], u=bob.user_id) == 4


async def test_a_connection_without_an_identity_is_refused_and_one_never_leaks_into_the_callers_task(alice, worlds):
    from mcp import Client

    from apcs_app.mcp import build_server

    a, _ = worlds
    async with session("workflow", alice, a["space"]) as s:
        await ok(s, "get_backlog")
        # The same task opens a connection of its own, with no identity: alice's stays with hers.
        async with Client(build_server("workflow"), mode="legacy") as anonymous:
            result = await anonymous.session.call_tool("get_backlog", {})
    assert result.is_error and "not signed in" in result.content[0].text


@pytest.mark.parametrize("server", ["administration", "workflow", "scrum_master"])
async def test_an_argument_a_tool_does_not_take_is_refused_not_ignored(alice, worlds, server):
    """`space_id` on a tool without it used to be dropped: the call then read or wrote the
    session's current workspace while the caller meant another. Every tool refuses unknown names."""
    a, b = worlds
    async with session(server, alice, a["space"]) as s:
        tools = (await s.list_tools()).tools
        before = dbstate.dump()
        for tool in tools:
            assert tool.input_schema.get("additionalProperties") is False, tool.name
            result = await s.call_tool(tool.name, {"space_idd": b["space"], "workspace": b["space"]})
            assert result.is_error, f"{tool.name} took arguments it does not have: {result.content[0].text}"
            assert "space_idd" in result.content[0].text, result.content[0].text
        assert dbstate.dump() == before
