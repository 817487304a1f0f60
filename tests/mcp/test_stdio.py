"""The servers over stdio: a real `python -m apcs_app.mcp.stdio <server>` subprocess, as an
outside MCP client (Claude Desktop, Cursor) starts it. SQLite only: the transport is under
test here, the tools themselves are covered in process on both databases."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from mcp import ClientSession, StdioServerParameters, stdio_client
from sqlmodel import select

from apcs_app import db
from apcs_app.domain import Activity, BacklogItem, User
from apcs_app.services import auth, board
from apcs_app.settings import PROJECT_ROOT, get_settings
from tests.mcp.conftest import CONTRACT, EXTRAS, call, item, make_space, ok
from tests.mcp.test_contract import check_tools

pytestmark = [pytest.mark.anyio, pytest.mark.parametrize("database", ["sqlite"], indirect=True)]


def token_of(actor, *, expired: bool = False) -> str:
    issued_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2) if expired else None
    with db.transaction() as s:
        return auth.issue_token(s.get(User, actor.user_id), 1 if expired else None, issued_at=issued_at)


def server_env(url: str, token: str | None, space: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APCS_")}
    # The test process signs the tokens; the server must check them with the same key.
    env |= {"DATABASE_URL": url, "APCS_SECRET_KEY": get_settings().resolved_secret_key()}
    env |= {k: v for k, v in (("APCS_TOKEN", token), ("APCS_SPACE", space)) if v is not None}
    return env


def stdio_server(server: str, env: dict[str, str]) -> StdioServerParameters:
    return StdioServerParameters(command=sys.executable, args=["-m", "apcs_app.mcp.stdio", server],
                                 env=env, cwd=str(PROJECT_ROOT))


async def test_a_stdio_server_acts_as_the_token_user_in_the_named_workspace(database, alice, bob):
    desk = make_space(alice, "Desk", "KANBAN", "bob@example.com")
    make_space(alice, "Other", "KANBAN")
    task = call(board.create_task, alice, item(alice, desk, "Existing").id)
    env = server_env(database, token_of(bob), "desk")  # a workspace name, any case
    async with stdio_client(stdio_server("workflow", env)) as (read, write), ClientSession(read, write) as s:
        await s.initialize()
        check_tools("workflow", (await s.list_tools()).tools)
        created = await ok(s, "create_backlog_item", title="From Claude Desktop", story_points=8, priority="HIGH")
        bad = await s.call_tool("create_backlog_item", {"title": "x", "story_points": 4})
        assert bad.is_error and "nearest value is 3" in bad.content[0].text
        moved = await ok(s, "move_task", task_id=task.id, column_id=desk.columns[1])  # still serving after the error
        backlog = await ok(s, "get_backlog")
    assert moved["message"].endswith("from To Do to In Progress.")
    assert [i["title"] for i in backlog["items"]] == ["Existing", "From Claude Desktop"]
    with db.transaction() as s:
        saved = s.get(BacklogItem, created["item"]["id"])
        log = s.exec(select(Activity).where(Activity.actor_id == bob.user_id).order_by(Activity.id)).all()
    assert (saved.space_id, saved.created_by, saved.story_points) == (desk.id, bob.user_id, 8)
    assert [(a.action, a.via) for a in log] == [("create_backlog_item", "mcp"), ("move_task", "mcp")]
    assert log[0].request_id != log[1].request_id  # one request id per call


async def test_without_apcs_space_the_users_default_workspace_is_current(database, alice):
    first = make_space(alice, "First", "SCRUM")
    make_space(alice, "Second", "KANBAN")
    env = server_env(database, token_of(alice), None)
    async with stdio_client(stdio_server("administration", env)) as (read, write), ClientSession(read, write) as s:
        await s.initialize()
        assert {t.name for t in (await s.list_tools()).tools} == set(CONTRACT["administration"]) | set(EXTRAS["administration"])
        info = await ok(s, "get_space_info")
    assert (info["space"]["id"], info["is_current"]) == (first.id, True)


@pytest.mark.parametrize("case", ["no token", "bad token", "expired token", "foreign space"])
def test_a_missing_or_bad_token_or_space_stops_the_server_before_it_serves(database, alice, bob, case):
    make_space(bob, "Bob's secret", "KANBAN")
    token, space = {
        "no token": (None, None),
        "bad token": ("not-a-token", None),
        "expired token": (token_of(alice, expired=True), None),
        "foreign space": (token_of(alice), "Bob's secret"),
    }[case]
    done = subprocess.run([sys.executable, "-m", "apcs_app.mcp.stdio", "workflow"], env=server_env(database, token, space),
                          cwd=PROJECT_ROOT, input="", capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and done.stdout == ""
    expected = {"no token": "apcs token", "bad token": "not valid", "expired token": "expired",
                "foreign space": "no workspace named"}[case]
    assert expected in done.stderr and "Traceback" not in done.stderr
