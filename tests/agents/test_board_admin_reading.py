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


@pytest.mark.parametrize("demo_database", ["sqlite", "postgresql"], indirect=True)
def test_deleting_a_card_and_a_column_wait_for_a_yes_and_undo_brings_both_back(demo):
    """The offline model plans the new board tools on the real Workflow server: each delete waits
    as an action card, runs after yes, and undoing the run restores what it removed."""
    import asyncio

    from apcs_app.agents.undo import undo
    from apcs_app.domain import BoardColumn, Task
    from tests.agents.support import card, resume, rows, task_id

    before = dbstate.dump()
    columns_before = _columns(demo.phoenix)
    serializer = task_id("Write CSV serializer", demo.phoenix)
    paused = run(demo.alice, "delete the card Write CSV serializer", confirm="destructive")
    [action] = card(paused)["actions"]
    assert action["tool"] == "delete_task" and action["args"] == {"task_id": serializer}
    assert dbstate.dump() == before  # nothing yet

    deleted = resume(demo.alice, card(paused)["run_id"], "confirm")
    assert deleted.call("delete_task") and not rows(Task, Task.id == serializer)

    paused = run(demo.alice, "delete the In Progress column and move its cards to To Do", confirm="destructive")
    [action] = card(paused)["actions"]
    assert action["tool"] == "delete_column" and action["args"]["move_cards_to"]
    dropped = resume(demo.alice, card(paused)["run_id"], "confirm")
    assert not rows(BoardColumn, BoardColumn.space_id == demo.phoenix, BoardColumn.name == "In Progress")

    for done in (dropped, deleted):
        asyncio.run(undo(demo.alice, demo.phoenix, done.done["request_id"]))
    assert rows(Task, Task.id == serializer)
    assert rows(BoardColumn, BoardColumn.space_id == demo.phoenix, BoardColumn.name == "In Progress")
    assert _columns(demo.phoenix) == columns_before


def _columns(space_id: int) -> dict:
    from apcs_app.domain import BoardColumn
    from tests.agents.support import rows

    return {c.name: c.position for c in rows(BoardColumn, BoardColumn.space_id == space_id)}
