"""Every sample command, end to end: offline model → MCP (in process) → services → database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlmodel import select

from apcs_app import db
from apcs_app.domain import BacklogItem, Space, Sprint, SprintItem, Task, Via
from apcs_app.mcp import WRITE_TOOLS
from apcs_app.services import backlog, board, spaces, sprints
from apcs_app.services.access import Actor
from tests import dbstate
from tests.agents.support import assert_args, assert_effect, expected_value, run

SAMPLES = [json.loads(line) for line in (Path(__file__).parent / "agent_commands.jsonl").read_text().splitlines() if line]


def make_observable(demo, tool: str, args: dict) -> None:
    """Put the demo data in a state where the command's change shows (e.g. un-assign first)."""
    with db.transaction() as s:
        if tool == "update_backlog_item":
            item = s.get(BacklogItem, args["item_id"])
            other = {"status": "TODO" if item.status != "TODO" else "DONE", "story_points": 1, "priority": "LOW"}
            stale = {k: other[k] for k, v in args["updates"].items() if getattr(item, k) == v}
            if stale:
                backlog.update_item(s, demo.alice, item.id, stale)
        elif tool == "assign_task" and s.get(Task, args["task_id"]).assignee_id == args["user_id"]:
            board.assign_task(s, demo.alice, args["task_id"], demo.bob.user_id)
        elif tool == "start_sprint":
            sprints.complete_sprint(s, demo.alice, demo.phoenix)
            today = dt.date.today()
            sprints.create_sprint(s, demo.alice, demo.phoenix, "Sprint 3", today, today + dt.timedelta(days=14))
        elif tool == "create_space":
            # One user's workspaces never share a name: the demo's own of that name makes way.
            for space in s.exec(select(Space).where(Space.name == args["name"])):
                spaces.update_space(s, Actor(space.owner_id, Via.UI), space.id, name=f"{space.name} (demo)")
        elif tool == "add_to_sprint_backlog":
            for link in s.exec(select(SprintItem).where(SprintItem.backlog_item_id == args["backlog_item_id"])):
                if s.get(Sprint, link.sprint_id).status != "COMPLETED":
                    sprints.remove_from_sprint(s, demo.alice, demo.phoenix, args["backlog_item_id"], link.sprint_id)


@pytest.mark.parametrize("sample", SAMPLES, ids=[s["message"][:48] for s in SAMPLES])
def test_sample_command(demo, sample):
    if sample["tool"] is None:
        before = dbstate.dump()
        result = run(demo.alice, sample["message"], sample["agent"])
        assert not [c for c in result.calls if c["tool"] in WRITE_TOOLS]
        assert result.answer.rstrip().endswith("?")
        assert {"methodology": "SCRUM or KANBAN", "story_points": "Fibonacci"}[sample["asks"]] in result.answer
        assert dbstate.dump() == before
        return
    expected = {k: expected_value(k, v, demo.phoenix, demo.members) for k, v in sample["args"].items()
                if k not in ("days",) and not (isinstance(v, dict) and "contains" in v)}
    make_observable(demo, sample["tool"], expected)
    before = None if sample["tool"] in WRITE_TOOLS else dbstate.dump()

    result = run(demo.alice, sample["message"], sample["agent"], conversation="sample")
    # A date said relative to today ("next Monday") is shown for a yes before anything is made.
    relative = any(isinstance(v, dict) and "weekday" in v for v in sample["args"].values())
    asked = "Shall I go ahead?" in result.answer and not [c for c in result.calls if c["tool"] in WRITE_TOOLS]
    assert asked == (relative and sample["tool"] == "create_sprint"), result.answer
    if asked:
        result = run(demo.alice, "yes", sample["agent"], conversation="sample")

    call = result.call(sample["tool"])
    assert_args(sample["args"], call["args"], demo.phoenix, demo.members)
    outcome = result.result(sample["tool"])
    assert not outcome["is_error"], outcome["result"]
    assert outcome["changed"] == (sample["tool"] in WRITE_TOOLS)
    if before is None:
        assert_effect(sample["tool"], call["args"], demo.phoenix)
    else:
        assert dbstate.dump() == before
    assert result.answer and "Error" not in result.answer
