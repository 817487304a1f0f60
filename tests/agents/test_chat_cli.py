"""`apcs chat` as a user runs it: a subprocess against a database file holding the demo data."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from apcs_app.domain import BoardColumn
from tests.agents.support import rows, space_id

pytestmark = pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)


def chat(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MISTRAL_")}
    return subprocess.run([sys.executable, "-m", "apcs_app.cli", "chat", *args], capture_output=True, text=True,
                          timeout=120, env={**env, "DATABASE_URL": url})


def test_json_mode_prints_one_event_per_line_and_acts_in_the_named_space(demo_database):
    proc = chat(demo_database, "Add a column called Triage", "--space", "Support Desk", "--json")

    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    assert events[0] == {"type": "tool_call", "tool": "create_column", "args": {"name": "Triage"}}
    assert events[1]["type"] == "tool_result" and events[1]["is_error"] is False
    assert events[-1]["type"] == "done" and "Triage" in events[-1]["content"]
    assert {e["type"] for e in events[2:-1]} == {"text"}
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
