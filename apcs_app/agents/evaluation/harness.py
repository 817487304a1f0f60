"""Running a corpus: each case on its own copy of the demo data, through the real path a chat
message takes (router → agent → offline model → MCP → services → SQLite).

Runs use confirm mode "never", so the only confirmation is the one the assistant asks for
itself; when it shows its reading and asks "Shall I go ahead?", the eval answers yes and scores
what then runs. A write that ran without such a question and is not what the case expects is
silently wrong (a write the
service refused changed nothing, and the user saw why: wrong, not silent)."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlmodel import col, select

from apcs_app import db, migrate, seed
from apcs_app.agents.evaluation.corpus import Case
from apcs_app.agents.evaluation.report import CaseResult, Report
from apcs_app.agents.evaluation.scoring import differences, expected_args
from apcs_app.agents.offline.questions import asked_slot
from apcs_app.agents.runner import stream_run
from apcs_app.domain import BacklogItem, BoardColumn, DomainError, Space, Sprint, SprintStatus, Task, User, Via
from apcs_app.mcp import WRITE_TOOLS
from apcs_app.services import spaces
from apcs_app.services.access import Actor

EVAL_USER = seed.DEMO_USERS[0][1]  # Alice, in her default workspace


def evaluate(cases: list[Case], corpus: str = "corpus", progress: Callable[[int, int], None] | None = None) -> Report:
    """Scores every case; the configured database is left as it was."""
    previous = db.configured_url()
    results = []
    with tempfile.TemporaryDirectory(prefix="apcs-eval-") as folder:
        template = Path(folder) / "demo.db"
        db.configure(f"sqlite:///{template}")
        migrate.upgrade()
        seed.seed_demo()
        db.get_engine().dispose()  # the last connection out folds SQLite's write-ahead log into the file
        try:
            for number, case in enumerate(cases, start=1):
                copy = Path(folder) / f"case-{number}.db"
                shutil.copyfile(template, copy)
                db.configure(f"sqlite:///{copy}")
                results.append(asyncio.run(_score(case)))
                db.get_engine().dispose()
                for leftover in Path(folder).glob(f"case-{number}.db*"):
                    leftover.unlink()
                if progress:
                    progress(number, len(cases))
        finally:
            db.get_engine().dispose()
            if previous:
                db.configure(previous)
    return Report(corpus=corpus, results=results)


async def _collect(actor: Actor, message: str, case: Case, conversation: str) -> tuple[list[dict], str]:
    try:
        events = [e async for e in stream_run(actor, message, agent=case.agent, conversation_id=conversation,
                                              confirm="never")]
    except DomainError as exc:
        return [], f"(refused: {exc.message})"
    done = next((e for e in reversed(events) if e["type"] == "done"), {})
    return events, done.get("content", "")


def _calls(events: list[dict]) -> list[tuple[str, dict]]:
    return [(e["tool"], e["args"]) for e in events if e["type"] == "tool_call"]


async def _score(case: Case) -> CaseResult:
    actor, today = _alice(), dt.datetime.now(dt.UTC).date()
    conversation = f"eval-{uuid.uuid4().hex}"
    for earlier in case.turns:
        # What the user said before happened: a reading shown for a yes gets it.
        _, said = await _collect(actor, earlier, case, conversation)
        if asked_slot(said) == "confirm":
            await _collect(actor, "yes", case, conversation)
    implied = _implied(actor)
    # Names stand for what they name when the user speaks: a rename must not lose its item.
    expected = expected_args(case, today, _lookup(implied["space_id"])) if case.tool else {}
    events, answer = await _collect(actor, case.message, case, conversation)
    first = _calls(events)
    unconfirmed_writes = [c for c in first if c[0] in WRITE_TOOLS]
    # A refused write changed nothing and said so: wrong, but not silently.
    landed = any(e["type"] == "tool_result" and e["tool"] in WRITE_TOOLS and e.get("changed") for e in events)
    confirmed = not unconfirmed_writes and asked_slot(answer) == "confirm"
    after_yes: list[tuple[str, dict]] = []
    if confirmed:
        more, answer = await _collect(actor, "yes", case, conversation)
        after_yes = _calls(more)
    calls = first + after_yes
    writes = unconfirmed_writes or [c for c in after_yes if c[0] in WRITE_TOOLS]

    def result(correct: bool, detail: str) -> CaseResult:
        silent = landed and not correct
        return CaseResult(id=case.id, style=case.style, message=" ⏎ ".join([*case.turns, case.message]), expected_tool=case.tool, correct=correct, silently_wrong=silent,
                          confirmed=confirmed, calls=calls, detail=detail, answer=answer)

    if case.tool is None:
        if writes:
            return result(False, f"should have asked ({case.asks}) but wrote {writes[0][0]}")
        return result(not confirmed, "proposed a write instead of asking" if confirmed else "")
    if case.tool in WRITE_TOOLS:
        if not writes:
            return result(False, "no write ran")
        tool, args = writes[0]
        if len(writes) > 1:
            return result(False, f"{len(writes)} writes ran: {[w[0] for w in writes]}")
    else:
        if writes:
            return result(False, f"a question, but {writes[0][0]} ran")
        if not first:
            return result(False, "no tool was called")
        tool, args = first[-1]
    if tool != case.tool:
        return result(False, f"called {tool}")
    problems = differences(tool, expected, args, implied)
    return result(not problems, "; ".join(problems))


def _alice() -> Actor:
    with db.read() as session:
        user_id = session.exec(select(User.id).where(User.email == EVAL_USER)).one()
    return Actor(user_id, Via.CLI)


def _implied(actor: Actor) -> dict:
    """What an omitted space_id / sprint_id / column order stands for just before the scored message."""
    with db.read() as session:
        space_id = spaces.default_space_id(session, actor)
        active = session.exec(select(Sprint.id).where(Sprint.space_id == space_id,
                                                      Sprint.status == SprintStatus.ACTIVE)).first()
        planned = list(session.exec(select(Sprint.id).where(Sprint.space_id == space_id,
                                                            Sprint.status == SprintStatus.PLANNING)))
        columns = len(session.exec(select(BoardColumn.id).where(BoardColumn.space_id == space_id)).all())
    # The contract: an omitted sprint_id is the active sprint, or the planned one when none runs;
    # an omitted column order is just before the last column.
    return {"space_id": space_id, "sprint_id": active or (planned[0] if len(planned) == 1 else None),
            "order": columns or None}


def _lookup(current_space: int):
    def find(kind: str, name: str, known: dict) -> int | None:
        space = known.get("space_id") if isinstance(known.get("space_id"), int) else current_space
        with db.read() as session:
            if kind == "member":
                return session.exec(select(User.id).where(User.email == name.lower())).first()
            if kind == "space":
                return session.exec(select(Space.id).where(Space.name == name)).first()
            if kind == "column":
                task = known.get("task_id")
                if isinstance(task, int) and (row := session.get(Task, task)):
                    space = row.space_id
                return session.exec(select(BoardColumn.id).where(BoardColumn.space_id == space,
                                                                 BoardColumn.name == name)).first()
            model = {"item": BacklogItem, "task": Task, "sprint": Sprint}[kind]
            named = model.name if kind == "sprint" else model.title
            ids = list(session.exec(select(model.id, model.space_id).where(named == name).order_by(col(model.id))))
            here = [i for i, s in ids if s == space]
            return (here or [i for i, _ in ids] or [None])[0]
    return find
