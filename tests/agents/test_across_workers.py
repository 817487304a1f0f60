"""State that must survive a change of worker: a conversation's follow-up and a paused run,
each continued by a fresh process (nothing in memory) against the same database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from apcs_app.domain import AgentConversation, BacklogItem, SprintItem, Task
from tests import dbstate
from tests.agents.support import Run, column_id, one, rows, run, task_id

pytestmark = pytest.mark.parametrize("demo_database", ["sqlite", "postgres"], indirect=True)


def other_worker(url: str, *args: str) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MISTRAL_")}
    proc = subprocess.run([sys.executable, "-m", "tests.agents.worker", *map(str, args)], capture_output=True,
                          text=True, timeout=120, env={**env, "DATABASE_URL": url, "APCS_LOG_LEVEL": "WARNING"})
    assert proc.returncode == 0, proc.stderr
    return Run([json.loads(line) for line in proc.stdout.splitlines()])


def test_a_follow_up_lands_on_another_worker(demo, demo_database):
    run(demo.alice, "Add a backlog item 'Worker hop' worth 3 points", conversation="hop")
    item = one(BacklogItem, BacklogItem.title == "Worker hop")

    follow = other_worker(demo_database, "run", demo.alice.user_id, "hop", "never", "add it to the current sprint")

    assert follow.call("add_to_sprint_backlog")["args"] == {"backlog_item_id": item.id}
    assert rows(SprintItem, SprintItem.backlog_item_id == item.id)


def test_another_user_with_the_same_conversation_id_sees_nothing_of_it(demo, demo_database):
    run(demo.alice, "Add a backlog item 'Alice only' worth 3 points", conversation="shared")

    bob = other_worker(demo_database, "run", demo.bob.user_id, "shared", "never", "add it to the current sprint")

    assert not [c for c in bob.calls if c["tool"] == "add_to_sprint_backlog"]
    assert "which backlog item" in bob.answer.lower()
    assert {c.user_id for c in rows(AgentConversation)} == {demo.alice.user_id, demo.bob.user_id}


def test_a_run_paused_on_one_worker_is_confirmed_on_another(demo, demo_database):
    paused = other_worker(demo_database, "run", demo.alice.user_id, "p1", "destructive",
                          "Move 'Write CSV serializer' to Done")
    [confirm] = [e for e in paused.events if e["type"] == "confirm"]
    before = dbstate.dump()
    assert one(Task, Task.title == "Write CSV serializer").column_id == column_id("To Do", demo.phoenix)

    confirmed = other_worker(demo_database, "resume", demo.alice.user_id, confirm["run_id"], "confirm")

    assert confirmed.call("move_task") and dbstate.dump() != before
    assert one(Task, Task.id == task_id("Write CSV serializer", demo.phoenix)).column_id == column_id("Done", demo.phoenix)
    assert confirmed.done["request_id"] == paused.done["request_id"]


def test_conversations_are_bounded_per_user(demo, monkeypatch):
    from apcs_app.agents import history

    monkeypatch.setattr(history, "MAX_CONVERSATIONS", 2)
    for name in ("one", "two", "three"):
        run(demo.alice, "Show me the backlog", conversation=name)
    kept = sorted(c.key for c in rows(AgentConversation, AgentConversation.user_id == demo.alice.user_id))
    assert kept == [f"{demo.alice.user_id}|three", f"{demo.alice.user_id}|two"]
