"""Workflow tools that keep cards and comments tidy: rename, delete, archive, restore, edit."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context
from pydantic import Field

from apcs_app.domain import BacklogItem, BoardColumn, Comment, User
from apcs_app.mcp.tooling import work
from apcs_app.results import (
    CardsArchivedOut,
    CommentDeletedOut,
    CommentEditedOut,
    TaskArchivedOut,
    TaskDeletedOut,
    TaskOut,
    TaskRenamedOut,
)
from apcs_app.services import archive, board, comments

TaskId = Annotated[int, Field(description="Task (card) id (see get_kanban_board or search).")]
CommentId = Annotated[int, Field(description="Comment id (see get_comments).")]


def _task_out(w, task) -> TaskOut:
    return TaskOut.of(task, w.session.get(BoardColumn, task.column_id))


def update_task(
    task_id: TaskId,
    title: Annotated[str, Field(description="The card's new title (up to 200 characters).")],
    *,
    ctx: Context,
) -> TaskRenamedOut:
    """Rename a task (a card on the board)."""
    with work(ctx) as w:
        before = board.get_task(w.session, w.actor, task_id).title
        task = board.update_task(w.session, w.actor, task_id, title)
        changed = before != task.title
        message = (f"Renamed task #{task.id} from '{before}' to '{task.title}'." if changed
                   else f"Task #{task.id} is already called '{task.title}'; nothing changed.")
        return TaskRenamedOut(message=message, changed=changed, task=_task_out(w, task))


def delete_task(task_id: TaskId, *, ctx: Context) -> TaskDeletedOut:
    """Delete a task (card) from the board for good; its backlog item stays. To keep a done
    card out of sight but on record, use archive_task instead."""
    with work(ctx) as w:
        title = board.get_task(w.session, w.actor, task_id).title
        board.delete_task(w.session, w.actor, task_id)
        return TaskDeletedOut(message=f"Deleted task #{task_id} '{title}'.", task_id=task_id, title=title)


def archive_task(task_id: TaskId, *, ctx: Context) -> TaskArchivedOut:
    """Take a done card off the board (it stays on record; restore_task brings it back).
    Only cards in the done column are archived."""
    with work(ctx) as w:
        task = archive.archive_task(w.session, w.actor, task_id)
        return TaskArchivedOut(message=f"Archived task #{task.id} '{task.title}'.", archived=True,
                               task=_task_out(w, task))


def restore_task(task_id: TaskId, *, ctx: Context) -> TaskArchivedOut:
    """Put an archived card back on the board, in its column (within the column's WIP limit)."""
    with work(ctx) as w:
        task = archive.unarchive_task(w.session, w.actor, task_id)
        out = _task_out(w, task)
        return TaskArchivedOut(message=f"Restored task #{task.id} '{task.title}' to {out.column.name}.",
                               archived=False, task=out)


def archive_done_cards(
    older_than_days: Annotated[int, Field(ge=0, description=(
        "Archive the done cards finished more than this many days ago (0: every done card)."))],
    *,
    ctx: Context,
) -> CardsArchivedOut:
    """Archive, in the current workspace, every done card finished more than N days ago."""
    with work(ctx) as w:
        tasks = archive.archive_done_older_than(w.session, w.actor, w.space_id(), older_than_days)
        message = (f"Archived {len(tasks)} done card(s) finished more than {older_than_days} day(s) ago." if tasks
                   else f"No done card was finished more than {older_than_days} day(s) ago; nothing changed.")
        return CardsArchivedOut(message=message, count=len(tasks), task_ids=[t.id for t in tasks])


def _comment_view(w, comment: Comment):
    item = w.session.get(BacklogItem, comment.backlog_item_id)
    author = w.session.get(User, comment.author_id) if comment.author_id else None
    return comments.view(comment, item, author.name if author else None)


def edit_comment(
    comment_id: CommentId,
    text: Annotated[str, Field(description="The comment's new text, plain text (up to 4000 characters).")],
    *,
    ctx: Context,
) -> CommentEditedOut:
    """Change the text of one of the signed-in user's own comments."""
    with work(ctx) as w:
        comment = comments.edit_comment(w.session, w.actor, comment_id, text)
        view = _comment_view(w, comment)
        return CommentEditedOut(message=f"Edited comment #{comment.id} on item #{view.backlog_item_id} "
                                        f"'{view.item_title}'.", comment=view)


def delete_comment(comment_id: CommentId, *, ctx: Context) -> CommentDeletedOut:
    """Delete a comment: one's own, or any comment when the user owns the workspace."""
    with work(ctx) as w:
        view = _comment_view(w, comments.get_comment(w.session, w.actor, comment_id))
        comments.delete_comment(w.session, w.actor, comment_id)
        return CommentDeletedOut(message=f"Deleted comment #{comment_id} on item #{view.backlog_item_id} "
                                         f"'{view.item_title}'.", comment_id=comment_id,
                                 backlog_item_id=view.backlog_item_id)


WRITES = (update_task, delete_task, archive_task, restore_task, archive_done_cards, edit_comment, delete_comment)
# Renaming to the same title or editing to the same text changes nothing (the result says so).
IDEMPOTENT = (update_task, edit_comment)
