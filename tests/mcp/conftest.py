"""What the MCP tests share: calling a tool through a real ClientSession, and small workspaces."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass

import pytest
from mcp import ClientSession

from apcs_app import db
from apcs_app.domain import Via
from apcs_app.mcp.inprocess import connect
from apcs_app.services import backlog, board, members, spaces
from apcs_app.services.access import Actor
from tests import dbstate

# The contract (DESIGN.md): tool names and the arguments each one requires.
CONTRACT = {
    "administration": {"create_space": {"name", "methodology"}, "get_user_spaces": set(), "get_space_info": set()},
    "workflow": {
        "create_backlog_item": {"title"}, "get_backlog": set(), "update_backlog_item": {"item_id", "updates"},
        "create_task": {"backlog_item_id"}, "move_task": {"task_id", "column_id"},
        "assign_task": {"task_id", "user_id"}, "create_column": {"name"}, "get_kanban_board": set(),
        "get_column_tasks": {"column_id"},
        "update_task": {"task_id", "title"}, "delete_task": {"task_id"}, "archive_task": {"task_id"},
        "restore_task": {"task_id"}, "archive_done_cards": {"older_than_days"}, "update_column": {"column_id"},
        "move_column": {"column_id", "position"}, "delete_column": {"column_id"},
        "edit_comment": {"comment_id", "text"}, "delete_comment": {"comment_id"},
    },
    "scrum_master": {
        "create_sprint": {"name", "start_date", "end_date"}, "start_sprint": set(), "complete_sprint": set(),
        "add_to_sprint_backlog": {"backlog_item_id"}, "get_sprint_backlog": set(),
    },
}
# Read tools beyond the contract, offered to the agents.
EXTRAS = {"administration": {"search": {"query"}},
          "workflow": {"add_comment": {"backlog_item_id", "text"}, "get_comments": {"backlog_item_id"},
                       "search": {"query"}, "get_task": {"task_id"}, "get_backlog_item": {"item_id"}},
          "scrum_master": {"list_sprints": set(), "get_sprint_metrics": set(), "get_product_backlog": set(),
                           "get_standup_digest": set(), "get_sprint_report": set(), "forecast_completion": {"items"},
                           "get_flow_metrics": set(), "search": {"query"}, "get_backlog_item": {"item_id"}}}


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def ok(session: ClientSession, tool: str, **args) -> dict:
    """Call a tool that must succeed; its result is one JSON text block."""
    result = await session.call_tool(tool, args)
    assert not result.is_error, result.content[0].text
    assert len(result.content) == 1
    return json.loads(result.content[0].text)


async def refused(session: ClientSession, tool: str, **args) -> str:
    """Call a tool that must fail; the database must be left as it was. Returns the error text."""
    before = dbstate.dump()
    result = await session.call_tool(tool, args)
    assert result.is_error, result.content[0].text
    assert dbstate.dump() == before, f"{tool} failed but changed the database"
    text = result.content[0].text
    assert "Traceback" not in text
    return text


def agent(actor: Actor) -> Actor:
    """The actor as the app's agents pass it to `connect`."""
    return Actor(actor.user_id, Via.AGENT, f"run-{actor.user_id}")


@contextlib.asynccontextmanager
async def session(server: str, actor: Actor, space_id: int | None):
    async with connect(server, agent(actor), space_id) as s:
        yield s


def call(fn, *args, **kwargs):
    with db.transaction() as s:
        return fn(s, *args, **kwargs)


@dataclass
class Space:
    id: int
    name: str
    columns: list[int]  # ids, in board order


def make_space(owner: Actor, name: str, methodology: str, *invite: str) -> Space:
    space = call(spaces.create_space, owner, name, methodology)
    for email in invite:
        call(members.invite_member, owner, space.id, email)
    with db.transaction() as s:
        columns = [c.id for c in board.columns(s, space.id)]
    return Space(space.id, space.name, columns)


def item(owner: Actor, space: Space, title: str = "Story", points: int | None = 3):
    return call(backlog.create_item, owner, space.id, title, story_points=points)


@pytest.fixture
def kanban(alice, bob) -> Space:
    return make_space(alice, "Desk", "KANBAN", "bob@example.com")


@pytest.fixture
def scrum(alice, bob) -> Space:
    return make_space(alice, "Phoenix", "SCRUM", "bob@example.com")
