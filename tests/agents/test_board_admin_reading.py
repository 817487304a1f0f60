"""Reading the board-keeping requests (rename, delete, archive, restore cards; rename, limit, move,
delete columns) into the Workflow tools' calls — and, while the connected server lists no such
tool, saying so and changing nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from apcs_app.agents.offline.intents import understand
from apcs_app.agents.offline.questions import apply_answer, ask
from tests import dbstate
from tests.agents.support import run

TODAY = dt.date(2026, 12, 4)


@pytest.mark.parametrize(("message", "tool", "args", "refs"), [
    ("rename card Write CSV serializer to Write CSV writer", "update_task", {"title": "Write CSV writer"},
     {"task_id": ("task", "Write CSV serializer")}),
    ("please rename the task 'Build: Dark mode' as 'Build: Dark theme'", "update_task", {"title": "Build: Dark theme"},
     {"task_id": ("task", "Build: Dark mode")}),
    ("delete the card Write CSV serializer", "delete_task", {}, {"task_id": ("task", "Write CSV serializer")}),
    ("archive the Refund request #4411 card", "archive_task", {}, {"task_id": ("task", "Refund request #4411")}),
    ("unarchive Write CSV serializer", "restore_task", {}, {"task_id": ("task", "Write CSV serializer")}),
    ("archive done cards older than 30 days", "archive_done_cards", {"older_than_days": 30}, {}),
    ("archive all the done tasks older than two weeks", "archive_done_cards", {"older_than_days": 14}, {}),
    ("rename column Review to QA", "update_column", {"name": "QA"}, {"column_id": ("column", "Review")}),
    ("set the WIP limit of In Progress to 3", "update_column", {"wip_limit": 3}, {"column_id": ("column", "In Progress")}),
    ("move the Review column to position 2", "move_column", {"position": 2}, {"column_id": ("column", "Review")}),
    ("delete the QA column and move its cards to Done", "delete_column", {},
     {"column_id": ("column", "QA"), "move_cards_to": ("column", "Done")}),
    ("remove the Blocked column", "delete_column", {}, {"column_id": ("column", "Blocked")}),
])
def test_reading(message, tool, args, refs):
    intent = understand(message, TODAY)
    assert (intent.tool, intent.args, intent.missing) == (tool, args, [])
    assert {k: (r.kind, r.text) for k, r in intent.refs.items()} == refs


def test_an_items_rename_stays_an_items():
    assert understand("rename 'Dark mode' to 'Dark theme'", TODAY).tool == "update_backlog_item"


def test_a_question_about_a_limit_plans_no_write():
    assert understand("what is the WIP limit of In Progress?", TODAY) is None


def test_a_missing_limit_is_asked_and_the_answer_fills_it():
    intent = understand("set the WIP limit of In Progress", TODAY)
    assert intent.missing == ["wip_limit"]
    assert ask("wip_limit", intent).endswith("?")
    assert apply_answer(intent, "wip_limit", "4", TODAY) and intent.args["wip_limit"] == 4


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_tool_the_server_does_not_list_is_refused_in_words(demo):
    before = dbstate.dump()
    result = run(demo.alice, "delete the card Write CSV serializer")
    assert "delete_task" not in [c["tool"] for c in result.calls]
    assert "nothing was changed" in result.answer or "don't have its tools" in result.answer
    assert dbstate.dump() == before
