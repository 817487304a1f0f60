"""`apcs chat "message"`: one message to the agents, from the terminal, against DATABASE_URL."""

from __future__ import annotations

import asyncio
import json
import os
import sys

from sqlmodel import col, select

from apcs_app import db, logs
from apcs_app.domain import DomainError, NotFoundError, User, Via
from apcs_app.seed import DEMO_USERS
from apcs_app.services import auth, spaces
from apcs_app.services.access import Actor


def run(message: str, agent: str = "auto", space: str | None = None, user: str | None = None,
        as_json: bool = False) -> int:
    """Stream the run to stdout (text, or one JSON event per line); the exit code says how it went."""
    logs.configure(os.environ.get("APCS_LOG_LEVEL", "WARNING"))
    try:
        actor, space_id = _who_and_where(user, space)
        return asyncio.run(_stream(actor, message, agent, space_id, as_json))
    except DomainError as exc:
        if as_json:
            print(json.dumps({"type": "error", "error": exc.code, "detail": exc.message}))
        else:
            print(f"error: {exc.message}", file=sys.stderr)
        return 2


def _who_and_where(email: str | None, space: str | None) -> tuple[Actor, int | None]:
    with db.transaction() as session:
        if email:
            found = auth.find_user(session, email)
            if found is None:
                raise NotFoundError(f"No user has the email {email}; create one with `apcs user create`.")
        else:
            found = auth.find_user(session, DEMO_USERS[0][1]) or session.exec(select(User).order_by(col(User.id))).first()
            if found is None:
                raise NotFoundError("There are no users yet; load the demo data with `apcs seed` or add one with `apcs user create`.")
        actor = Actor(found.id, Via.CLI)
        space_id = spaces.resolve_space(session, actor, space).id if space else None
    return actor, space_id


async def _stream(actor: Actor, message: str, agent: str, space_id: int | None, as_json: bool) -> int:
    from apcs_app.agents.runner import stream_run

    failed = False
    async for ev in stream_run(actor, message, agent=agent, space_id=space_id):
        if as_json:
            print(json.dumps(ev, ensure_ascii=False), flush=True)
        elif ev["type"] == "text":
            print(ev["delta"], end="", flush=True)
        elif ev["type"] == "tool_call":
            print(f"[{ev['tool']} {json.dumps(ev['args'], ensure_ascii=False)}]", file=sys.stderr, flush=True)
        elif ev["type"] == "tool_result" and ev["is_error"]:
            print(f"[{ev['tool']} failed]", file=sys.stderr, flush=True)
        elif ev["type"] == "done":
            print(flush=True)
        failed = failed or (ev["type"] == "tool_result" and ev["is_error"])
    return 1 if failed else 0
