"""`apcs chat` as a user runs it: a subprocess against a database file holding the demo data."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from apcs_app.domain import BoardColumn, Task
from tests import dbstate
from tests.agents.support import column_id, one, rows, space_id, task_id

pytestmark = pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)


def chat(url: str, *args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MISTRAL_")}
    return subprocess.run([sys.executable, "-m", "apcs_app.cli", "chat", *args], capture_output=True, text=True,
                          timeout=120, env={**env, "DATABASE_URL": url}, stdin=stdin)


def test_json_mode_prints_one_event_per_line_and_acts_in_the_named_space(demo_database):
    proc = chat(demo_database, "Add a column called Triage", "--space", "Support Desk", "--json")

    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    # the board is read first (a column of that name may be there already), then the column made
    made = events.index({"type": "tool_call", "tool": "create_column", "args": {"name": "Triage"}})
    assert [e["tool"] for e in events[:made] if e["type"] == "tool_call"] == ["get_kanban_board"]
    assert events[made + 1]["type"] == "tool_result" and events[made + 1]["is_error"] is False
    assert events[-1]["type"] == "done" and "Triage" in events[-1]["content"]
    assert {e["type"] for e in events[made + 2:-1]} == {"text"}
    assert [c.space_id for c in rows(BoardColumn, BoardColumn.name == "Triage")] == [space_id("Support Desk")]


def test_text_mode_as_another_user(demo_database):
    proc = chat(demo_database, "What's in the In Progress column?", "--user", "bob@example.com", "--agent", "workflow")
    assert proc.returncode == 0, proc.stderr
    assert "**In Progress**" in proc.stdout and "[get_column_tasks" in proc.stderr


def test_unknown_user_or_space_is_a_clear_error(demo_database):
    nobody = chat(demo_database, "hi", "--user", "nobody@example.com")
    assert nobody.returncode == 2 and "No user has the email nobody@example.com" in nobody.stderr
    nowhere = chat(demo_database, "hi", "--space", "Atlantis", "--json")
    assert nowhere.returncode == 2
    assert json.loads(nowhere.stdout) == {"type": "error", "error": "not_found",
                                          "detail": "You have no workspace named 'Atlantis'; list yours with get_user_spaces."}


MOVE = "Move 'Write CSV serializer' to Done"


def test_without_a_terminal_a_card_is_printed_and_nothing_changes(demo_database):
    before = dbstate.dump()
    proc = chat(demo_database, MOVE, "--json")

    assert proc.returncode == 3 and "Nothing was changed: this needs your confirmation" in proc.stderr
    [confirm] = [e for e in map(json.loads, proc.stdout.splitlines()) if e["type"] == "confirm"]
    assert confirm["actions"][0]["summary"] == "Move 'Write CSV serializer' from To Do to Done"
    assert dbstate.dump() == before


def test_yes_confirms_and_undo_puts_it_back(demo_database):
    phoenix = space_id("Project Phoenix")
    proc = chat(demo_database, MOVE, "--json", "--yes")
    assert proc.returncode == 0, proc.stderr
    done = json.loads(proc.stdout.splitlines()[-1])
    assert done["type"] == "done" and done["changed"] is True
    assert one(Task, Task.title == "Write CSV serializer").column_id == column_id("Done", phoenix)

    undone = chat(demo_database, "--undo", done["request_id"])

    assert undone.returncode == 0, undone.stderr
    assert f"Undid run {done['request_id']}" in undone.stdout and "back to To Do" in undone.stdout
    assert one(Task, Task.title == "Write CSV serializer").column_id == column_id("To Do", phoenix)
    again = chat(demo_database, "--undo", done["request_id"])
    assert again.returncode == 2 and "already undone" in again.stderr


def test_on_a_terminal_it_asks_and_an_edit_is_used(demo_database):
    phoenix = space_id("Project Phoenix")
    controller, terminal = pty.openpty()
    os.write(controller, f'e\n{{"column_id": {column_id("In Progress", phoenix)}}}\n'.encode())
    try:
        proc = chat(demo_database, MOVE, stdin=terminal)
    finally:
        os.close(terminal)
        os.close(controller)

    assert proc.returncode == 0, proc.stderr
    assert "Go ahead? [y]es / [n]o / [e]dit" in proc.stdout and "Moved task" in proc.stdout
    assert one(Task, Task.id == task_id("Write CSV serializer", phoenix)).column_id == column_id("In Progress", phoenix)
