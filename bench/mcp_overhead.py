"""Cost of one MCP tool call over each transport, as a ratio to the direct service call.

    python bench/mcp_overhead.py [--calls N] [--database URL]

Everything is measured in this run, on one database (a fresh SQLite file by default):
- direct:     `with db.transaction(): <service call>` — what the tool itself does;
- in-process: `apcs_app.mcp.inprocess.connect` (memory streams), what the app's agents use;
- stdio:      a `python -m apcs_app.mcp.stdio workflow` subprocess;
- HTTP:       streamable HTTP to `create_api()` served by uvicorn on 127.0.0.1 (in a thread).
Two tools: get_backlog (a read of 20 items) and move_task (a write, back and forth).
The transports take turns call by call, so load changes on the machine hit all of them
alike; each figure is the median of its calls. Target: in-process ≤ 2× direct.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx2  # noqa: E402
import uvicorn  # noqa: E402
from mcp import ClientSession, StdioServerParameters, stdio_client  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402

from apcs_app import db, migrate  # noqa: E402
from apcs_app.api import create_api, lifespan_tasks  # noqa: E402
from apcs_app.domain import Via  # noqa: E402
from apcs_app.mcp.inprocess import connect  # noqa: E402
from apcs_app.services import auth, backlog, board, spaces  # noqa: E402
from apcs_app.services.access import Actor  # noqa: E402
from apcs_app.settings import PROJECT_ROOT, get_settings  # noqa: E402


def seed() -> tuple[Actor, int, int, list[int], str]:
    with db.transaction() as s:
        user = auth.create_user(s, "Bench User", f"bench{time.time_ns()}@example.com", "correct horse battery")
        actor = Actor(user.id, Via.AGENT)
        space = spaces.create_space(s, actor, "Bench", "KANBAN")
        items = [backlog.create_item(s, actor, space.id, f"Story {i}", story_points=3) for i in range(20)]
        task = board.create_task(s, actor, items[0].id)
        columns = [c.id for c in board.columns(s, space.id)[:2]]
        return actor, space.id, task.id, columns, auth.issue_token(user)


class Workload:
    """The two calls, each alternating its arguments so every move really moves."""

    def __init__(self, actor: Actor, space_id: int, task_id: int, columns: list[int]):
        self.actor, self.space_id, self.task_id, self.columns = actor, space_id, task_id, columns
        self.turn = 0

    def next_column(self) -> int:
        self.turn += 1
        return self.columns[self.turn % 2]

    def direct(self, tool: str) -> None:
        with db.transaction() as s:
            if tool == "get_backlog":
                backlog.list_backlog(s, self.actor, self.space_id)
            else:
                board.move_task(s, self.actor, self.task_id, self.next_column())

    async def call(self, session: ClientSession, tool: str) -> None:
        args = {} if tool == "get_backlog" else {"task_id": self.task_id, "column_id": self.next_column()}
        result = await session.call_tool(tool, args)
        if result.is_error:
            raise RuntimeError(result.content[0].text)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_http_in_thread(port: int) -> uvicorn.Server:
    api = create_api()
    server = uvicorn.Server(uvicorn.Config(api, host="127.0.0.1", port=port, log_level="warning"))

    async def run() -> None:
        async with contextlib.AsyncExitStack() as stack:
            for lifespan in lifespan_tasks():
                await stack.enter_async_context(lifespan())
            await server.serve()

    threading.Thread(target=lambda: asyncio.run(run()), daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return server


async def measure(calls: int, url: str, work: Workload, token: str, space_id: int) -> dict:
    port = free_port()
    http_server = serve_http_in_thread(port)
    env = {**os.environ, "APCS_TOKEN": token, "APCS_SPACE": str(space_id), "DATABASE_URL": url,
           "APCS_SECRET_KEY": get_settings().resolved_secret_key()}
    stdio = StdioServerParameters(command=sys.executable, args=["-m", "apcs_app.mcp.stdio", "workflow"],
                                  env=env, cwd=str(PROJECT_ROOT))
    headers = {"Authorization": f"Bearer {token}"}
    samples: dict[tuple[str, str], list[float]] = {}
    async with contextlib.AsyncExitStack() as stack:
        sessions = {"in-process": await stack.enter_async_context(connect("workflow", work.actor, space_id))}
        read, write = await stack.enter_async_context(stdio_client(stdio))
        sessions["stdio"] = await stack.enter_async_context(ClientSession(read, write))
        read, write = await stack.enter_async_context(streamable_http_client(
            f"http://127.0.0.1:{port}/mcp/workflow", http_client=httpx2.AsyncClient(headers=headers)))
        sessions["HTTP"] = await stack.enter_async_context(ClientSession(read, write))
        for name in ("stdio", "HTTP"):
            await sessions[name].initialize()
        for tool in ("get_backlog", "move_task"):  # warm every path once
            work.direct(tool)
            for session in sessions.values():
                for _ in range(5):
                    await work.call(session, tool)
        for _ in range(calls):
            # Call by call, every transport in turn: load changes on the machine hit all alike.
            for tool in ("get_backlog", "move_task"):
                start = time.perf_counter()
                work.direct(tool)
                samples.setdefault((tool, "direct"), []).append(time.perf_counter() - start)
                for name, session in sessions.items():
                    start = time.perf_counter()
                    await work.call(session, tool)
                    samples.setdefault((tool, name), []).append(time.perf_counter() - start)
    http_server.should_exit = True
    return {key: statistics.median(values) for key, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300, help="calls per tool and transport")
    parser.add_argument("--database", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{tmp}/bench.db"
        db.configure(url)
        migrate.upgrade()
        actor, space_id, task_id, columns, token = seed()
        work = Workload(actor, space_id, task_id, columns)
        medians = asyncio.run(measure(args.calls, url, work, token, space_id))
    print(f"MCP tool call vs direct service call ({db.normalize_url(url).split(':')[0]}, "
          f"median of {args.calls} calls each)")
    print(f"{'tool':<12} {'transport':<11} {'ms/call':>8} {'ratio':>6}")
    worst = 0.0
    for tool in ("get_backlog", "move_task"):
        base = medians[(tool, "direct")]
        for name in ("direct", "in-process", "stdio", "HTTP"):
            ratio = medians[(tool, name)] / base
            print(f"{tool:<12} {name:<11} {medians[(tool, name)] * 1e3:8.3f} {ratio:5.2f}x")
            if name == "in-process":
                worst = max(worst, ratio)
    print(f"in-process worst ratio {worst:.2f}x (target <= 2x): {'OK' if worst <= 2 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
