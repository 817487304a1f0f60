"""`apcs chat "message"`: one message to the agents, from the terminal, against DATABASE_URL.

Planned writes that need confirmation (`--confirm`, see confirm.py) are asked about on a
terminal (y/n/edit); without one the card is printed and nothing changes unless `--yes`.
`apcs chat --undo REQUEST_ID` reverses an earlier run."""

from __future__ import annotations

import asyncio
import json
import os
import sys

from sqlmodel import col, select

from apcs_app import db, logs
from apcs_app.domain import DomainError, InvalidError, NotFoundError, User, Via
from apcs_app.seed import DEMO_USERS
from apcs_app.services import auth, spaces
from apcs_app.services.access import Actor


WAITING = 3  # exit code: the run waits for a confirmation nobody could give


def run(message: str | None, agent: str = "auto", space: str | None = None, user: str | None = None,
        as_json: bool = False, confirm: str = "destructive", yes: bool = False, undo: str | None = None) -> int:
    """Stream the run to stdout (text, or one JSON event per line); the exit code says how it went."""
    logs.configure(os.environ.get("APCS_LOG_LEVEL", "WARNING"))
    try:
        actor, space_id = _who_and_where(user, space)
        if undo:
            return asyncio.run(_undo(actor, space_id, undo, as_json))
        if not message:
            raise InvalidError("Say what the agent should do: apcs chat \"message\" (or --undo REQUEST_ID).")
        return asyncio.run(_stream(actor, message, agent, space_id, as_json, confirm, yes))
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


async def _stream(actor: Actor, message: str, agent: str, space_id: int | None, as_json: bool, confirm: str,
                  yes: bool) -> int:
    from apcs_app.agents.runner import resume_run, stream_run

    failed, events = False, stream_run(actor, message, agent=agent, space_id=space_id, confirm=confirm)
    while True:
        waiting = None
        async for ev in events:
            _show(ev, as_json)
            failed = failed or (ev["type"] == "tool_result" and ev["is_error"])
            waiting = ev if ev["type"] == "confirm" else waiting
        if waiting is None:
            return 1 if failed else 0
        if yes:
            decision, edits = "confirm", None
        elif sys.stdin.isatty():
            decision, edits = _ask(waiting["actions"])
        else:
            print(f"Nothing was changed: this needs your confirmation (run {waiting['run_id']}). Run it again "
                  "with --yes to go ahead, or in a terminal to answer.", file=sys.stderr)
            return WAITING
        events = resume_run(actor, waiting["run_id"], decision, edits)


def _show(ev: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(ev, ensure_ascii=False), flush=True)
    elif ev["type"] == "text":
        print(ev["delta"], end="", flush=True)
    elif ev["type"] == "tool_call":
        print(f"[{ev['tool']} {json.dumps(ev['args'], ensure_ascii=False)}]", file=sys.stderr, flush=True)
    elif ev["type"] == "tool_result" and ev["is_error"]:
        print(f"[{ev['tool']} failed]", file=sys.stderr, flush=True)
    elif ev["type"] == "confirm":
        print(file=sys.stderr)
        for action in ev["actions"]:
            print(f"  → {action['summary']}  [{action['tool']} {json.dumps(action['args'])}]", file=sys.stderr)
    elif ev["type"] == "done":
        print(flush=True)


def _ask(actions: list[dict]) -> tuple[str, dict | None]:
    while True:
        answer = input("Go ahead? [y]es / [n]o / [e]dit: ").strip().lower()
        if answer in ("y", "yes"):
            return "confirm", None
        if answer in ("n", "no"):
            return "cancel", None
        if answer in ("e", "edit"):
            edits = {}
            for action in actions:
                text = input(f"{action['summary']} — arguments to change as JSON (Enter keeps "
                             f"{json.dumps(action['args'])}): ").strip()
                try:
                    if text:
                        edits[action["action_id"]] = json.loads(text)
                except ValueError:
                    print("That is not JSON, e.g. {\"column_id\": 2}; starting over.", file=sys.stderr)
                    break
            else:
                return "confirm", edits


async def _undo(actor: Actor, space_id: int | None, request_id: str, as_json: bool) -> int:
    from apcs_app.agents.undo import undo

    if space_id is None:
        space_id = await asyncio.to_thread(_default_space, actor)
    report = await undo(actor, space_id, request_id)
    if as_json:
        print(json.dumps({"type": "undone", **report}, ensure_ascii=False))
    else:
        print(f"Undid run {request_id}:", *(f"  {line}" for line in report["reversed"]), sep="\n")
    return 0


def _default_space(actor: Actor) -> int:
    with db.transaction() as session:
        space_id = spaces.default_space_id(session, actor)
    if space_id is None:
        raise NotFoundError("You have no workspace yet; name one with --space.")
    return space_id
