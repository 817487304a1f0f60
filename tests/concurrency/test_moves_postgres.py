"""50 people move cards at once — half through the REST API, half through MCP over HTTP — on
PostgreSQL. Afterwards every card exists exactly once, in a column of its board, no WIP limit
is exceeded, ranks are consistent, item statuses agree with the cards, and the activity log
holds exactly one row per move that happened."""

from __future__ import annotations

import asyncio
import json
import random
import time

import httpx
import httpx2
import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from sqlalchemy import text

from apcs_app import db
from apcs_app.domain import Membership, User
from apcs_app.services import auth, backlog, board, spaces
from apcs_app.services.access import Actor
from tests import dbstate
from tests.servers import serve_api

USERS, MOVES, TASKS, WIP = 50, 20, 40, 6
pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("database", ["postgres"], indirect=True)]


@pytest.fixture
def anyio_backend():
    return "asyncio"


def build_team_board(owner: Actor):
    with db.transaction() as s:
        space = spaces.create_space(s, owner, "Busy board", "KANBAN")
        board.create_column(s, owner, space.id, "Review")
        cols = board.columns(s, space.id)
        board.update_column(s, owner, cols[1].id, wip_limit=WIP)
        items = [backlog.create_item(s, owner, space.id, f"Story {n}", story_points=3) for n in range(TASKS // 4)]
        tasks = [board.create_task(s, owner, items[n % len(items)].id, title=f"Card {n}") for n in range(TASKS)]
        password_hash = auth.find_user(s, "alice@example.com").password_hash  # hashing 50 times adds nothing here
        users = [User(name=f"Teammate {n}", email=f"mate{n}@example.com", password_hash=password_hash) for n in range(USERS)]
        s.add_all(users)
        s.flush()
        s.add_all(Membership(space_id=space.id, user_id=u.id) for u in users)
        tokens = [auth.issue_token(u) for u in users]
    return space.id, [c.id for c in cols], [t.id for t in tasks], tokens


async def rest_user(base: str, token: str, plan, outcomes):
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        for task_id, column_id, position in plan:
            r = await client.post(f"/api/tasks/{task_id}/move", json={"column_id": column_id, "position": position})
            if r.status_code == 200:
                outcomes.append("moved" if r.json()["changed"] else "noop")
            elif r.status_code == 409 and "WIP limit" in r.json()["detail"]:
                outcomes.append("refused")
            else:
                outcomes.append(f"error {r.status_code}: {r.text}")


async def mcp_user(base: str, token: str, space_id: int, plan, outcomes):
    http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}", "X-APCS-Space": str(space_id)}, timeout=60)
    async with http, streamable_http_client(f"{base}/mcp/workflow", http_client=http) as (read, write), \
            ClientSession(read, write) as session:
        await session.initialize()
        for task_id, column_id, _ in plan:
            result = await session.call_tool("move_task", {"task_id": task_id, "column_id": column_id})
            body = result.content[0].text
            if not result.is_error:
                outcomes.append("moved" if json.loads(body)["moved"] else "noop")
            elif "WIP limit" in body:
                outcomes.append("refused")
            else:
                outcomes.append(f"error: {body}")


@pytest.mark.anyio
async def test_fifty_people_moving_cards_at_once_lose_nothing(alice):
    space_id, columns, tasks, tokens = build_team_board(alice)
    rng = random.Random(20261125)
    plans = [[(rng.choice(tasks), rng.choice(columns), rng.choice([None, 0, 1, 3])) for _ in range(MOVES)]
             for _ in range(USERS)]
    outcomes: list[str] = []
    started = time.perf_counter()
    with serve_api() as base:
        await asyncio.gather(*(
            (rest_user(base, tokens[n], plans[n], outcomes) if n % 2 else mcp_user(base, tokens[n], space_id, plans[n], outcomes))
            for n in range(USERS)))
    elapsed = time.perf_counter() - started
    errors = [o for o in outcomes if o.startswith("error")]
    assert not errors, errors[:3]
    assert len(outcomes) == USERS * MOVES
    moved = outcomes.count("moved")
    print(f"\n{USERS * MOVES} moves by {USERS} users in {elapsed:.1f}s ({USERS * MOVES / elapsed:.0f}/s): "
          f"{moved} moved, {outcomes.count('noop')} already there, {outcomes.count('refused')} refused by the WIP limit")
    assert moved > USERS * MOVES / 2

    with db.get_engine().connect() as conn:
        rows = conn.execute(text("SELECT id, column_id, rank, done_at IS NOT NULL FROM tasks WHERE space_id = :s"),
                            {"s": space_id}).all()
    assert sorted(r[0] for r in rows) == sorted(tasks), "every card exists exactly once"
    assert {r[1] for r in rows} <= set(columns)
    per_column = {c: [r for r in rows if r[1] == c] for c in columns}
    assert len(per_column[columns[1]]) <= WIP, "the WIP limit held under concurrency"
    for c, cards in per_column.items():
        assert len({r[2] for r in cards}) == len(cards), f"two cards share a rank in column {c}"
        assert all(r[3] == (c == columns[-1]) for r in cards), "done flags follow the last column"
    assert dbstate.count("activity", "action = 'move_task' AND space_id = :s", s=space_id) == moved
    with db.transaction() as s:
        for item in backlog.list_backlog(s, alice, space_id):
            states = [r[3] for r in rows if r[0] in {t.id for t in _tasks_of(s, item.id)}]
            if all(states):
                assert item.status == "DONE"
            else:
                assert item.status != "DONE"


def _tasks_of(session, item_id):
    from sqlmodel import select

    from apcs_app.domain import Task

    return session.exec(select(Task).where(Task.backlog_item_id == item_id)).all()
