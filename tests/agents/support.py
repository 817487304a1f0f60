"""Running agent messages for tests, and checking what they did to the database."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from sqlmodel import select

from apcs_app import db
from apcs_app.agents.runner import resume_run, stream_run
from apcs_app.domain import BacklogItem, BoardColumn, Space, Sprint, SprintItem, Task, User
from apcs_app.services.access import Actor


@dataclass
class Run:
    events: list[dict] = field(default_factory=list)

    @property
    def calls(self) -> list[dict]:
        return [e for e in self.events if e["type"] == "tool_call"]

    @property
    def results(self) -> list[dict]:
        return [e for e in self.events if e["type"] == "tool_result"]

    @property
    def done(self) -> dict:
        assert self.events[-1]["type"] == "done", self.events
        return self.events[-1]

    @property
    def answer(self) -> str:
        return self.done["content"]

    def call(self, tool: str) -> dict:
        found = [c for c in self.calls if c["tool"] == tool]
        assert found, f"{tool} was not called; calls: {[(c['tool'], c['args']) for c in self.calls]}; answer: {self.answer}"
        return found[-1]

    def result(self, tool: str) -> dict:
        return [r for r in self.results if r["tool"] == tool][-1]


def run(actor: Actor, message: str, agent: str = "auto", conversation: str | None = None,
        space_id: int | None = None, confirm: str = "never") -> Run:
    """One run to its end; writes go straight through unless `confirm` asks for cards."""
    return _drain(stream_run(actor, message, agent=agent, space_id=space_id, conversation_id=conversation,
                             confirm=confirm))


def yes_if_asked(actor: Actor, message: str, conversation: str = "one") -> Run:
    """The run of `message`, answered yes when the assistant showed its reading first."""
    result = run(actor, message, conversation=conversation)
    return run(actor, "yes", conversation=conversation) if "Shall I go ahead?" in result.answer else result


def resume(actor: Actor, run_id: str, decision: str, edits: dict | None = None) -> Run:
    """Confirm or cancel a paused run, to its end."""
    return _drain(resume_run(actor, run_id, decision, edits))


def _drain(events: AsyncIterator[dict]) -> Run:
    async def collect() -> Run:
        return Run([ev async for ev in events])

    return asyncio.run(collect())


def card(paused: Run) -> dict:
    """The one confirm event of a paused run."""
    found = [e for e in paused.events if e["type"] == "confirm"]
    assert len(found) == 1, paused.events
    return found[0]


def rows(model, *where):
    with db.transaction() as s:
        return list(s.exec(select(model).where(*where)))


def one(model, *where):
    found = rows(model, *where)
    assert len(found) == 1, f"expected one {model.__name__}, found {len(found)}"
    return found[0]


def user_id(email: str) -> int:
    return one(User, User.email == email).id


def space_id(name: str) -> int:
    return rows(Space, Space.name == name)[0].id


def item_id(title: str, space: int) -> int:
    return one(BacklogItem, BacklogItem.title == title, BacklogItem.space_id == space).id


def task_id(title: str, space: int) -> int:
    return one(Task, Task.title == title, Task.space_id == space).id


def column_id(name: str, space: int) -> int:
    return one(BoardColumn, BoardColumn.name == name, BoardColumn.space_id == space).id


def next_weekday(today: dt.date, name: str) -> dt.date:
    target = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday").index(name)
    return today + dt.timedelta(days=(target - today.weekday() - 1) % 7 + 1)


def expected_value(key: str, spec, space: int, members: dict[str, int]):
    """The concrete value a sample's argument spec stands for ({"title": ...} → that item's id, ...)."""
    if not isinstance(spec, dict) or key == "updates":
        return spec
    if "title" in spec:
        return task_id(spec["title"], space) if key == "task_id" else item_id(spec["title"], space)
    if "name" in spec:
        return members[spec["name"].lower()] if key == "user_id" else column_id(spec["name"], space)
    if "email" in spec:
        return user_id(spec["email"])
    if "weekday" in spec:
        return next_weekday(dt.datetime.now(dt.UTC).date(), spec["weekday"]).isoformat()
    return spec


def assert_args(expected: dict, actual: dict, space: int, members: dict[str, int]) -> None:
    for key, spec in expected.items():
        if key == "days":
            start, end = dt.date.fromisoformat(actual["start_date"]), dt.date.fromisoformat(actual["end_date"])
            assert (end - start).days == spec, actual
        elif isinstance(spec, dict) and "contains" in spec:
            assert spec["contains"].lower() in str(actual.get(key, "")).lower(), (key, actual)
        elif key == "updates":
            assert actual[key] == spec, actual
        else:
            assert actual.get(key) == expected_value(key, spec, space, members), (key, spec, actual)


def assert_effect(tool: str, args: dict, space: int) -> None:
    """The database shows what the write tool was asked to do."""
    if tool == "create_space":
        found = rows(Space, Space.name == args["name"], Space.methodology == args["methodology"])
        assert found and (args.get("description") is None or found[-1].description == args["description"])
    elif tool == "create_backlog_item":
        item = rows(BacklogItem, BacklogItem.title == args["title"], BacklogItem.space_id == space)[-1]
        assert (item.story_points, item.priority) == (args.get("story_points"), args.get("priority") or "MEDIUM")
    elif tool == "update_backlog_item":
        item = one(BacklogItem, BacklogItem.id == args["item_id"])
        assert {k: getattr(item, k) for k in args["updates"]} == args["updates"]
    elif tool == "create_task":
        found = rows(Task, Task.backlog_item_id == args["backlog_item_id"])
        assert any((args.get("title") in (None, t.title)) and args.get("column_id") in (None, t.column_id) for t in found)
    elif tool == "move_task":
        assert one(Task, Task.id == args["task_id"]).column_id == args["column_id"]
    elif tool == "assign_task":
        assert one(Task, Task.id == args["task_id"]).assignee_id == args["user_id"]
    elif tool == "create_column":
        column = one(BoardColumn, BoardColumn.name == args["name"], BoardColumn.space_id == space)
        assert args.get("order") in (None, column.position + 1)
    elif tool == "create_sprint":
        assert rows(Sprint, Sprint.space_id == space, Sprint.start_date == dt.date.fromisoformat(args["start_date"]),
                    Sprint.end_date == dt.date.fromisoformat(args["end_date"]))
    elif tool == "start_sprint":
        assert len(rows(Sprint, Sprint.space_id == space, Sprint.status == "ACTIVE")) == 1
    elif tool == "complete_sprint":
        assert not rows(Sprint, Sprint.space_id == space, Sprint.status == "ACTIVE")
    elif tool == "add_to_sprint_backlog":
        assert rows(SprintItem, SprintItem.backlog_item_id == args["backlog_item_id"])
    else:
        raise AssertionError(f"no effect check for {tool}")


def assert_unreachable_model_is_reported(actor: Actor, monkeypatch, env: dict[str, str]) -> None:
    """With the model settings in `env` pointing at a port nothing listens on, a run answers in
    words, calls no tool and changes nothing."""
    from apcs_app.settings import get_settings
    from tests import dbstate

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    before = dbstate.dump()
    try:
        result = run(actor, "Show me the backlog")
    finally:
        get_settings.cache_clear()
    assert result.answer.startswith("Sorry — the language model did not answer")
    assert "Traceback" not in result.answer and not result.calls
    assert dbstate.dump() == before
