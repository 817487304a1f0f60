"""The Workflow upkeep tools (rename, delete, archive, restore, columns, comment edits) through
the real MCP client, with the database checked and every refusal leaving it unchanged."""

from __future__ import annotations

import pytest

from apcs_app import db
from apcs_app.domain import BoardColumn, Comment, Task
from apcs_app.services import board, comments
from tests.mcp.conftest import call, item, make_space, ok, refused, session

pytestmark = pytest.mark.anyio


def row(model, id_):
    with db.transaction() as s:
        return s.get(model, id_)


def task(actor, space, title="Card", column=None):
    story = item(actor, space, title)
    return call(board.create_task, actor, story.id, column, title)


def done(actor, space, title="Shipped"):
    t = task(actor, space, title)
    call(board.move_task, actor, t.id, space.columns[-1])
    return t


async def test_update_task_renames_and_keeps_markup_as_text(alice, mallory, kanban):
    card = task(alice, kanban, "Old name")
    async with session("workflow", alice, kanban.id) as s:
        out = await ok(s, "update_task", task_id=card.id, title="<b>New</b> name")
        again = await ok(s, "update_task", task_id=card.id, title="<b>New</b> name")
        assert "limit is 200" in await refused(s, "update_task", task_id=card.id, title="x" * 201)
        assert "empty" in await refused(s, "update_task", task_id=card.id, title=" ")
        assert "not found" in await refused(s, "update_task", task_id=999_999, title="x")
    assert row(Task, card.id).title == "<b>New</b> name" and out["changed"] and not again["changed"]
    async with session("workflow", mallory, None) as s:
        assert "not found" in await refused(s, "update_task", task_id=card.id, title="mine")


async def test_delete_task(alice, mallory, kanban):
    card = task(alice, kanban)
    async with session("workflow", mallory, None) as s:
        assert "not found" in await refused(s, "delete_task", task_id=card.id)
    async with session("workflow", alice, kanban.id) as s:
        out = await ok(s, "delete_task", task_id=card.id)
        assert "not found" in await refused(s, "delete_task", task_id=card.id)
    assert row(Task, card.id) is None and out["task_id"] == card.id


async def test_archive_and_restore_task(alice, mallory, kanban):
    shipped, open_ = done(alice, kanban), task(alice, kanban, "Open")
    async with session("workflow", mallory, None) as s:
        assert "not found" in await refused(s, "archive_task", task_id=shipped.id)
    async with session("workflow", alice, kanban.id) as s:
        assert "not done" in await refused(s, "archive_task", task_id=open_.id)
        assert "not archived" in await refused(s, "restore_task", task_id=shipped.id)
        archived = await ok(s, "archive_task", task_id=shipped.id)
        assert row(Task, shipped.id).archived_at is not None and archived["archived"]
        assert "already archived" in await refused(s, "archive_task", task_id=shipped.id)
        restored = await ok(s, "restore_task", task_id=shipped.id)
    assert row(Task, shipped.id).archived_at is None and not restored["archived"]


async def test_archive_done_cards(alice, mallory, kanban):
    shipped, open_ = done(alice, kanban), task(alice, kanban, "Open")
    async with session("workflow", alice, kanban.id) as s:
        none = await ok(s, "archive_done_cards", older_than_days=30)
        out = await ok(s, "archive_done_cards", older_than_days=0)
        assert (await s.call_tool("archive_done_cards", {"older_than_days": -1})).is_error
    assert none["count"] == 0 and out["task_ids"] == [shipped.id]
    assert row(Task, open_.id).archived_at is None
    async with session("workflow", mallory, None) as s:
        assert "workspace" in await refused(s, "archive_done_cards", older_than_days=0)


async def test_update_column(alice, mallory, kanban):
    first = kanban.columns[0]
    async with session("workflow", alice, kanban.id) as s:
        out = await ok(s, "update_column", column_id=first, name="<i>Ready</i>", wip_limit=3)
        assert row(BoardColumn, first).name == "<i>Ready</i>" and row(BoardColumn, first).wip_limit == 3
        kept = await ok(s, "update_column", column_id=first, name="Ready")
        assert row(BoardColumn, first).wip_limit == 3 and kept["column"]["name"] == "Ready"
        await ok(s, "update_column", column_id=first, wip_limit=0)
        assert row(BoardColumn, first).wip_limit is None
        assert "limit is 60" in await refused(s, "update_column", column_id=first, name="x" * 61)
        taken = row(BoardColumn, kanban.columns[1]).name
        assert await refused(s, "update_column", column_id=first, name=taken)
        assert "not found" in await refused(s, "update_column", column_id=999_999, name="x")
    assert out["column"]["wip_limit"] == 3
    async with session("workflow", mallory, None) as s:
        assert "not found" in await refused(s, "update_column", column_id=first, name="mine")


async def test_move_column_is_one_based(alice, mallory, kanban):
    last_but_one = kanban.columns[-2]
    async with session("workflow", alice, kanban.id) as s:
        out = await ok(s, "move_column", column_id=last_but_one, position=1)
        assert (await s.call_tool("move_column", {"column_id": last_but_one, "position": 0})).is_error
    assert out["column"]["position"] == 1 and row(BoardColumn, last_but_one).position == 0
    assert [c["id"] for c in out["columns"]][0] == last_but_one
    async with session("workflow", mallory, None) as s:
        assert "not found" in await refused(s, "move_column", column_id=last_but_one, position=2)


async def test_delete_column_moves_cards_to_the_chosen_column(alice, mallory, kanban):
    extra = make_space(alice, "Elsewhere", "KANBAN")
    async with session("workflow", alice, kanban.id) as s:
        added = await ok(s, "create_column", name="Review", order=2)
    review = added["column"]["id"]
    card = task(alice, kanban, "Waiting", review)
    async with session("workflow", mallory, None) as s:
        assert "not found" in await refused(s, "delete_column", column_id=review, move_cards_to=kanban.columns[0])
    async with session("workflow", alice, kanban.id) as s:
        assert "still holds 1 task" in await refused(s, "delete_column", column_id=review)
        assert "not another column" in await refused(s, "delete_column", column_id=review,
                                                     move_cards_to=extra.columns[0])
        assert "not another column" in await refused(s, "delete_column", column_id=review, move_cards_to=review)
        out = await ok(s, "delete_column", column_id=review, move_cards_to=kanban.columns[0])
    assert row(BoardColumn, review) is None and row(Task, card.id).column_id == kanban.columns[0]
    assert out["moved_cards_to"]["id"] == kanban.columns[0]


async def test_edit_and_delete_comment(alice, bob, mallory, kanban):
    story = item(alice, kanban, "Story")
    mine = call(comments.add_comment, alice, story.id, "first")
    bobs = call(comments.add_comment, bob, story.id, "bob's")
    async with session("workflow", mallory, None) as s:
        assert "not found" in await refused(s, "edit_comment", comment_id=mine.id, text="x")
        assert "not found" in await refused(s, "delete_comment", comment_id=mine.id)
    async with session("workflow", alice, kanban.id) as s:
        out = await ok(s, "edit_comment", comment_id=mine.id, text="<script>x</script>")
        assert "only your own" in await refused(s, "edit_comment", comment_id=bobs.id, text="hijack")
        assert "4000" in await refused(s, "edit_comment", comment_id=mine.id, text="x" * 4001)
        gone = await ok(s, "delete_comment", comment_id=bobs.id)  # the owner may delete any
    assert row(Comment, mine.id).text == "<script>x</script>" and out["comment"]["text"] == "<script>x</script>"
    assert row(Comment, bobs.id) is None and gone["comment_id"] == bobs.id
    async with session("workflow", bob, kanban.id) as s:
        assert "only your own" in await refused(s, "delete_comment", comment_id=mine.id)
