"""The servers over streamable HTTP: a real uvicorn server on 127.0.0.1 serving `create_api()`
with its lifespans entered, as the Reflex backend serves it. SQLite only: the transport is
under test here, the tools themselves are covered in process on both databases."""

from __future__ import annotations

import asyncio
import datetime as dt
import contextlib
import json
import socket
import threading
import time

import httpx2
import pytest
import uvicorn
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from sqlmodel import select

from apcs_app import db
from apcs_app.api import create_api, lifespan_tasks
from apcs_app.domain import Activity, BacklogItem, User
from apcs_app.services import auth, board
from tests import dbstate
from tests.mcp.conftest import call, item, make_space, ok, refused
from tests.mcp.test_contract import check_tools

pytestmark = [pytest.mark.anyio, pytest.mark.parametrize("database", ["sqlite"], indirect=True)]


@pytest.fixture(scope="module")
def base_url():
    """The app's API on a free port; its database is whatever the current test configured."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_api(), host="127.0.0.1", port=port, log_level="warning"))

    async def serve() -> None:
        async with contextlib.AsyncExitStack() as stack:
            for lifespan in lifespan_tasks():
                await stack.enter_async_context(lifespan())
            await server.serve()

    thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the HTTP server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}/mcp"
    server.should_exit = True
    thread.join(10)


def token_of(actor, *, expired: bool = False) -> str:
    issued_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2) if expired else None
    with db.transaction() as s:
        return auth.issue_token(s.get(User, actor.user_id), 1 if expired else None, issued_at=issued_at)


@contextlib.asynccontextmanager
async def http_session(url: str, token: str, space: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} | ({"X-APCS-Space": space} if space else {})
    async with streamable_http_client(url, http_client=httpx2.AsyncClient(headers=headers)) as (read, write):
        async with ClientSession(read, write) as s:
            await s.initialize()
            yield s


def rpc(method: str, params: dict | None = None, id_: int | None = 1) -> dict:
    message = {"jsonrpc": "2.0", "method": method} | ({"params": params} if params is not None else {})
    return message | ({"id": id_} if id_ is not None else {})


ACCEPT = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


async def test_requests_without_a_valid_token_get_401_before_any_tool_runs(base_url, alice):
    kanban = make_space(alice, "Desk", "KANBAN")
    call_tool = rpc("tools/call", {"name": "create_backlog_item", "arguments": {"title": "sneaky"}})
    before = dbstate.dump()
    async with httpx2.AsyncClient() as client:
        for server in ("administration", "workflow", "scrum_master"):
            for auth_header in (None, f"Basic {token_of(alice)}", "Bearer not-a-token", f"Bearer {token_of(alice, expired=True)}"):
                headers = ACCEPT | ({"Authorization": auth_header} if auth_header else {}) | {"X-APCS-Space": str(kanban.id)}
                response = await client.post(f"{base_url}/{server}", headers=headers, json=call_tool)
                assert response.status_code == 401, (server, auth_header, response.text)
                assert response.headers["www-authenticate"] == "Bearer"
                assert response.json()["error"] == "unauthorized"
    assert dbstate.dump() == before


async def test_a_workspace_header_the_user_does_not_belong_to_is_refused(base_url, alice, bob):
    make_space(bob, "Bob's secret", "KANBAN")
    async with httpx2.AsyncClient() as client:
        for space in ("Bob's secret", "9999"):
            headers = ACCEPT | {"Authorization": f"Bearer {token_of(alice)}", "X-APCS-Space": space}
            response = await client.post(f"{base_url}/workflow", headers=headers, json=rpc("tools/list"))
            assert response.status_code == 404, response.text
            assert "KANBAN" not in response.text


async def test_each_server_over_http(base_url, alice, bob):
    desk = make_space(alice, "Desk", "KANBAN", "bob@example.com")
    phoenix = make_space(alice, "Phoenix", "SCRUM")
    task = call(board.create_task, alice, item(alice, desk, "Existing").id)
    for server in ("administration", "workflow", "scrum_master"):
        async with http_session(f"{base_url}/{server}", token_of(alice)) as s:
            check_tools(server, (await s.list_tools()).tools)
    async with http_session(f"{base_url}/administration", token_of(bob)) as s:
        assert [x["name"] for x in (await ok(s, "get_user_spaces"))["spaces"]] == ["Desk"]
    async with http_session(f"{base_url}/workflow", token_of(bob), "Desk") as s:
        created = await ok(s, "create_backlog_item", title="Over HTTP", story_points=2)
        assert "Fibonacci" in await refused(s, "create_backlog_item", title="x", story_points=7)
        moved = await ok(s, "move_task", task_id=task.id, column_id=desk.columns[2])
    async with http_session(f"{base_url}/scrum_master", token_of(alice), str(phoenix.id)) as s:
        sprint = await ok(s, "create_sprint", name="", start_date="2027-01-04", end_date="2027-01-18")
    assert moved["to_column"]["name"] == "Done" and sprint["sprint"]["name"] == "Sprint 1"
    with db.transaction() as s:
        saved = s.get(BacklogItem, created["item"]["id"])
        log = s.exec(select(Activity).where(Activity.via == "mcp").order_by(Activity.id)).all()
    assert (saved.space_id, saved.created_by) == (desk.id, bob.user_id)
    assert [(a.action, a.actor_id, a.space_id) for a in log] == [
        ("create_backlog_item", bob.user_id, desk.id), ("move_task", bob.user_id, desk.id),
        ("create_sprint", alice.user_id, phoenix.id)]
    assert len({a.request_id for a in log}) == 3


async def test_foreign_ids_are_refused_over_http_too(base_url, alice, bob):
    make_space(alice, "Desk", "KANBAN")
    secret = make_space(bob, "Bob's secret", "KANBAN")
    story = item(bob, secret, "Secret roadmap")
    async with http_session(f"{base_url}/workflow", token_of(alice)) as s:
        for tool, args in (("get_backlog", {"space_id": secret.id}),
                           ("update_backlog_item", {"item_id": story.id, "updates": {"title": "pwned"}}),
                           ("create_task", {"backlog_item_id": story.id})):
            text = await refused(s, tool, **args)
            assert "Secret roadmap" not in text and "Bob's secret" not in text


async def test_identity_comes_with_each_request_not_with_the_session(base_url, alice, bob):
    """Bob's token on Alice's MCP session id is Bob: a session id is no credential."""
    desk = make_space(alice, "Desk", "KANBAN")
    secret = make_space(bob, "Bob's secret", "KANBAN")
    item(alice, desk, "Alice's story")
    item(bob, secret, "Bob's story")
    url = f"{base_url}/workflow"
    init = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}
    async with httpx2.AsyncClient() as client:
        as_alice = ACCEPT | {"Authorization": f"Bearer {token_of(alice)}"}
        opened = await client.post(url, headers=as_alice, json=rpc("initialize", init))
        assert opened.status_code == 200, opened.text
        session_id = opened.headers["mcp-session-id"]
        as_alice |= {"mcp-session-id": session_id, "mcp-protocol-version": "2025-06-18"}
        await client.post(url, headers=as_alice, json=rpc("notifications/initialized", id_=None))
        as_bob = as_alice | {"Authorization": f"Bearer {token_of(bob)}"}
        answers = {}
        for who, headers in (("bob", as_bob), ("alice", as_alice)):
            response = await client.post(url, headers=headers, json=rpc("tools/call", {"name": "get_backlog", "arguments": {}}, 2))
            data = next(json.loads(line[5:]) for line in response.text.splitlines() if line.startswith("data:"))
            answers[who] = json.loads(data["result"]["content"][0]["text"])
    assert [i["title"] for i in answers["bob"]["items"]] == ["Bob's story"]
    assert [i["title"] for i in answers["alice"]["items"]] == ["Alice's story"]
