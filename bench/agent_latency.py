"""Agent latency with the offline model: message → tool executed → answer complete.

    python bench/agent_latency.py [--commands N] [--database sqlite|postgres]

On a fresh copy of the demo data, N commands (a rotation of reads and writes in everyday
phrasing) go through `stream_run` exactly as the chat drawer sends them. For each command
the same MCP calls it made are then replayed bare — a new in-process session per server and
the tool calls with the same arguments — so the two figures are measured in the same run,
on the same data, command by command. The difference is what the agent layer adds (model,
Agno, run context, history). Target: agent p95 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from contextlib import AsyncExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import fresh_database, pct, postgres_available  # noqa: E402

COMMANDS = (
    "Show me the backlog",
    "Add a high priority backlog item 'Bench story' worth five points",
    "What's in the In Progress column?",
    "Move 'Write CSV serializer' to In Progress",
    "Set the story points of 'Dark mode' to 3",
    "Show the kanban board",
    "Assign the task Write CSV serializer to Bob",
    "What is in the sprint backlog?",
    "Which workspaces do I have access to?",
    "Move 'Write CSV serializer' to To Do",
    "mark onboarding checklist as in progress",
    "Tell me about this workspace",
    "Create a task for backlog item 'Password reset flow'",
    "Set the story points of 'Dark mode' to 5",
    "How are we doing on the sprint?",
)


async def measure(count: int) -> tuple[list[float], list[float], int]:
    from apcs_app import db
    from apcs_app.agents.registry import AGENTS, agent_for_tool
    from apcs_app.agents.runner import stream_run
    from apcs_app.mcp.inprocess import connect
    from apcs_app.services import auth, spaces
    from apcs_app.services.access import Actor

    with db.transaction() as s:
        alice = Actor(auth.find_user(s, "alice@example.com").id)
        space_id = spaces.default_space_id(s, alice)

    async def agent_run(message: str) -> tuple[float, list[tuple[str, dict]]]:
        started = time.perf_counter()
        calls = []
        async for ev in stream_run(alice, message, confirm="never"):  # measure the writes, not the pauses
            if ev["type"] == "tool_call":
                calls.append((ev["tool"], ev["args"]))
        return (time.perf_counter() - started) * 1000, calls

    async def bare(calls: list[tuple[str, dict]]) -> float:
        started = time.perf_counter()
        async with AsyncExitStack() as stack:
            sessions = {}
            for tool, args in calls:
                server = next(srv for srv, names in _tool_servers(AGENTS).items() if tool in names)
                if server not in sessions:
                    sessions[server] = await stack.enter_async_context(connect(server, alice, space_id))
                await sessions[server].call_tool(tool, args)
        return (time.perf_counter() - started) * 1000

    for message in COMMANDS[:5]:  # warm-up: imports, first sessions, SQL statement caches
        _, calls = await agent_run(message)
        await bare(calls)
    agent_ms, bare_ms, tool_calls = [], [], 0
    for i in range(count):
        ms, calls = await agent_run(COMMANDS[i % len(COMMANDS)])
        assert calls and agent_for_tool(calls[-1][0]) is not None, (COMMANDS[i % len(COMMANDS)], calls)
        agent_ms.append(ms)
        bare_ms.append(await bare(calls))
        tool_calls += len(calls)
    return agent_ms, bare_ms, tool_calls


def _tool_servers(agents) -> dict[str, set[str]]:
    return {spec.server: set(spec.tools) for spec in agents.values()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=100)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    if args.database == "postgres" and not postgres_available():
        print("PostgreSQL is not reachable; use --database sqlite")
        return 2
    from apcs_app import logs, seed

    logs.configure("WARNING")
    with fresh_database(args.database):
        seed.seed_demo()
        agent_ms, bare_ms, tool_calls = asyncio.run(measure(args.commands))
    overhead = [a - b for a, b in zip(agent_ms, bare_ms)]
    print(f"agent latency, offline model, {args.database}, {len(agent_ms)} commands, {tool_calls} MCP tool calls")
    print(f"{'':28}{'p50 ms':>9}{'p95 ms':>9}")
    print(f"{'agent run (message→answer)':28}{pct(agent_ms, 50):9.1f}{pct(agent_ms, 95):9.1f}")
    print(f"{'bare MCP calls (same calls)':28}{pct(bare_ms, 50):9.1f}{pct(bare_ms, 95):9.1f}")
    print(f"{'agent layer adds':28}{pct(overhead, 50):9.1f}{pct(overhead, 95):9.1f}")
    print(f"target p95 ≤ 100 ms: {'met' if pct(agent_ms, 95) <= 100 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
