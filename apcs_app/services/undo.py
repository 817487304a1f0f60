"""Undo a whole run (an agent's answer, an API request): every change it made, reversed in
one transaction — refused when someone else has changed the same things since.

Only runs this installation recorded are undone (never history that came in with an import),
and every value is written back through the same service function a normal change uses, so
it passes the same rules: the column, sprint, item or assignee belongs to this workspace,
values are valid, WIP limits hold. A step that would break one refuses the whole undo."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import event
from sqlmodel import Session, col, select

from apcs_app.domain import (
    UNDO_ACTIONS,
    Action,
    Activity,
    BacklogItem,
    BoardColumn,
    Comment,
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidError,
    ItemStatus,
    NotFoundError,
    Sprint,
    SprintItem,
    Task,
    User,
)
from apcs_app.domain.models import utcnow
from apcs_app.services import activity, archive, backlog, board, comments, ranking, sprints, validate
from apcs_app.services.access import Actor, is_row_id, require_member
from apcs_app.services.backlog import set_status
from apcs_app.services.members import resolve_member


@dataclass
class UndoReport:
    request_id: str
    reversed: list[str]


# What a run's request id can be (Activity.request_id is at most 64 characters): anything else
# names no run, and is never sent to the database (PostgreSQL refuses NUL in text).
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def run_changes(session: Session, actor: Actor, space_id: int, request_id: str) -> list[Activity]:
    require_member(session, actor, space_id)
    if not isinstance(request_id, str) or not _REQUEST_ID.fullmatch(request_id):
        return []
    return list(session.exec(
        select(Activity).where(Activity.space_id == space_id, Activity.request_id == request_id,
                               col(Activity.imported).is_(False),  # imported history is never replayed
                               col(Activity.action).not_in(UNDO_ACTIONS)).order_by(col(Activity.id))
    ))


def is_undone(session: Session, space_id: int, request_id: str) -> bool:
    rows = session.exec(select(Activity).where(Activity.space_id == space_id, Activity.action == Action.UNDO_RUN,
                                               col(Activity.imported).is_(False)))
    return any((r.after or {}).get("request_id") == request_id for r in rows)


def undo_run(session: Session, actor: Actor, space_id: int, request_id: str) -> UndoReport:
    space, _ = require_member(session, actor, space_id, lock=True)
    changes = run_changes(session, actor, space_id, request_id)
    if not changes:
        raise NotFoundError(f"Run {validate.excerpt(request_id)} changed nothing in this workspace; "
                            "there is nothing to undo.")
    if changes[0].actor_id != actor.user_id and space.owner_id != actor.user_id:
        raise ForbiddenError("Only the person who made these changes, or the workspace owner, can undo them.")
    if is_undone(session, space_id, request_id):
        raise ConflictError(f"Run {validate.excerpt(request_id)} was already undone.")
    _refuse_if_changed_since(session, space_id, request_id, changes)
    reversed_ = []
    for change in reversed(changes):
        with _recorded(session) as rows:
            summary = _reverse(session, actor, change)  # refuses an action that is not undoable
            session.flush()
        step = Action(change.action).undone
        if rows:
            # The service function that wrote the value back recorded it: that row is this undo step.
            for row in rows:
                row.action, row.summary = step, f"undid: {change.summary}"[:500]
        else:
            activity.record(session, actor, space_id=space_id, action=step,
                            entity_type=change.entity_type, entity_id=change.entity_id,
                            summary=f"undid: {change.summary}", before=change.after, after=change.before)
        reversed_.append(summary)
    activity.record(session, actor, space_id=space_id, action=Action.UNDO_RUN, entity_type="run", entity_id=None,
                    summary=f"undid {len(changes)} change(s) of run {request_id}", after={"request_id": request_id})
    session.flush()
    return UndoReport(request_id, reversed_)


@contextlib.contextmanager
def _recorded(session: Session) -> Iterator[list[Activity]]:
    """The activity rows added to the session meanwhile (by the service functions called)."""
    rows: list[Activity] = []

    def added(_session, instance) -> None:
        if isinstance(instance, Activity):
            rows.append(instance)

    event.listen(session, "transient_to_pending", added)
    try:
        yield rows
    finally:
        event.remove(session, "transient_to_pending", added)


def _refuse_if_changed_since(session: Session, space_id: int, request_id: str, changes: list[Activity]) -> None:
    touched = {(c.entity_type, c.entity_id) for c in changes}
    later = session.exec(
        select(Activity, User.name).outerjoin(User, col(User.id) == Activity.actor_id)
        .where(Activity.space_id == space_id, Activity.id > changes[-1].id, Activity.request_id != request_id)
        .order_by(col(Activity.id))
    ).all()
    for row, who in later:
        if (row.entity_type, row.entity_id) in touched and row.action not in UNDO_ACTIONS:
            raise ConflictError(
                f"Cannot undo: {who or 'someone'} changed this since ({row.summary}). "
                "Undo that first, or change it back by hand."
            )


def _reverse(session: Session, actor: Actor, change: Activity) -> str:
    handler = HANDLERS.get(change.action)
    if handler is None:
        raise ConflictError(f"'{change.summary}' cannot be undone automatically; change it back by hand.")
    try:
        return handler(session, actor, change)
    except DomainError as exc:
        message = exc.message if exc.message.startswith("Cannot undo") else f"Cannot undo '{change.summary}': {exc.message}"
        # Something the run changed is gone or out of reach now: a conflict with the present state.
        kind = ConflictError if isinstance(exc, NotFoundError) else type(exc)
        raise kind(message) from None


def _owned(session: Session, model, change: Activity, entity_id=None, what: str = "row"):
    """The row the change names, which must still exist and be in the change's own workspace."""
    entity_id = change.entity_id if entity_id is None else entity_id
    row = session.get(model, entity_id) if is_row_id(entity_id) else None
    if row is None:
        raise ConflictError(f"Cannot undo: the {what} #{entity_id} no longer exists.")
    if row.space_id != change.space_id:
        raise ConflictError(f"Cannot undo: the {what} #{entity_id} is not in this workspace.")
    return row


def _before(change: Activity) -> dict:
    return change.before if isinstance(change.before, dict) else {}


def _restore_item_status(session: Session, item_id: int, change: Activity) -> None:
    status = _before(change).get("item_status")
    item = session.get(BacklogItem, item_id)
    if item is not None and status:
        set_status(item, ItemStatus.parse(status, "Item status"))


def _undo_create_item(session: Session, actor: Actor, change: Activity) -> str:
    item = _owned(session, BacklogItem, change, what="backlog item")
    if session.exec(select(Task.id).where(Task.backlog_item_id == item.id)).first() or session.exec(
            select(SprintItem.id).where(SprintItem.backlog_item_id == item.id)).first():
        raise ConflictError(f"Cannot undo: item #{item.id} '{item.title}' has tasks or is in a sprint now.")
    backlog.delete_item(session, actor, item.id)
    return f"deleted item #{item.id} '{item.title}'"


def _undo_update_item(session: Session, actor: Actor, change: Activity) -> str:
    item = _owned(session, BacklogItem, change, what="backlog item")
    updates = {k: v for k, v in _before(change).items() if k in backlog.EDITABLE}
    if not updates:
        raise ConflictError(f"Cannot undo: the record of item #{item.id}'s change holds no values to restore.")
    backlog.update_item(session, actor, item.id, updates)
    return f"restored item #{item.id} '{item.title}'"


def _undo_reorder_item(session: Session, actor: Actor, change: Activity) -> str:
    item = _owned(session, BacklogItem, change, what="backlog item")
    position = _before(change).get("position")
    if position is None:
        raise ConflictError(f"Cannot undo: the record of item #{item.id}'s move holds no position to restore.")
    backlog.reorder_item(session, actor, item.id, position)
    return f"moved item #{item.id} '{item.title}' back"


def _undo_create_task(session: Session, actor: Actor, change: Activity) -> str:
    task = _owned(session, Task, change, what="task")
    board.delete_task(session, actor, task.id)
    _restore_item_status(session, task.backlog_item_id, change)
    return f"deleted task #{task.id} '{task.title}'"


def _undo_move_task(session: Session, actor: Actor, change: Activity) -> str:
    task = _owned(session, Task, change, what="task")
    before = _before(change)
    column_id = before.get("column_id")
    if not is_row_id(column_id):
        raise InvalidError(f"Column {column_id!r} is not on the board of this task's workspace.")
    rank = before.get("rank")
    position = None
    if isinstance(rank, (int, float)) and not isinstance(rank, bool) and math.isfinite(rank):
        position = len([t for t in session.exec(select(Task.rank).where(Task.column_id == column_id,
                                                                          Task.id != task.id)) if t < rank])
    board.move_task(session, actor, task.id, column_id, position)  # same board, WIP limit: its own rules
    done_at = before.get("done_at")
    if task.done_at is not None and isinstance(done_at, str):
        with contextlib.suppress(ValueError):
            when = dt.datetime.fromisoformat(done_at)
            when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
            if when <= utcnow():
                task.done_at = when  # back in the done column: done when it was first done
    _restore_item_status(session, task.backlog_item_id, change)
    column = session.get(BoardColumn, task.column_id)
    return f"moved task #{task.id} '{task.title}' back to {column.name}"


def _undo_assign_task(session: Session, actor: Actor, change: Activity) -> str:
    task = _owned(session, Task, change, what="task")
    assignee = _before(change).get("assignee_id")
    if assignee is not None and not is_row_id(assignee):
        raise InvalidError(f"{assignee!r} does not name a member of this workspace.")
    board.assign_task(session, actor, task.id, assignee)  # a member of this workspace, or nobody
    return f"restored the assignee of task #{task.id}"


def _moment(value) -> dt.datetime | None:
    """A time from an activity's before-data: aware UTC, not in the future; anything else is none."""
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return when if when <= utcnow() else None


def _undo_delete_task(session: Session, actor: Actor, change: Activity) -> str:
    """The very same card back: its id (so its history reads on), item, column, rank, assignee
    and times — each checked against the board as it is now."""
    before = _before(change)
    if not is_row_id(change.entity_id) or session.get(Task, change.entity_id) is not None:
        raise ConflictError(f"Cannot undo: task #{change.entity_id} exists again.")
    item = _owned(session, BacklogItem, change, before.get("backlog_item_id"), what="backlog item")
    column = _owned(session, BoardColumn, change, before.get("column_id"), what="column")
    cols = board.columns(session, change.space_id)
    board.check_wip(session, column)
    assignee = before.get("assignee_id")
    if assignee is not None:
        if not is_row_id(assignee):
            raise InvalidError(f"{validate.excerpt(str(assignee))} does not name a member of this workspace.")
        assignee = resolve_member(session, actor, change.space_id, assignee).user_id
    rank = before.get("rank")
    if not isinstance(rank, (int, float)) or isinstance(rank, bool) or not math.isfinite(rank):
        rank = None
    done = column.id == cols[-1].id
    version = before.get("version")
    task = Task(
        version=version if is_row_id(version) else 1, id=change.entity_id, space_id=change.space_id, backlog_item_id=item.id, column_id=column.id,
        title=validate.text(before.get("title"), "Task title", max_len=200, required=False) or item.title,
        assignee_id=assignee, created_at=_moment(before.get("created_at")) or utcnow(),
        done_at=(_moment(before.get("done_at")) or utcnow()) if done else None,
        archived_at=_moment(before.get("archived_at")) if done else None,
    )
    if rank is None:  # last in its column
        siblings = list(session.exec(select(Task).where(Task.column_id == column.id).order_by(col(Task.rank))))
        task.rank, _ = ranking.rank_at(siblings, None)
    else:
        task.rank = float(rank)
    session.add(task)
    session.flush()
    board.sync_item_status(session, item, cols[0].id)
    _restore_item_status(session, item.id, change)
    return f"restored task #{task.id} '{task.title}' in {column.name}"


def _undo_archive_task(session: Session, actor: Actor, change: Activity) -> str:
    task = _owned(session, Task, change, what="task")
    archive.unarchive_task(session, actor, task.id)  # its column's WIP limit holds
    return f"put task #{task.id} '{task.title}' back on the board"


def _undo_unarchive_task(session: Session, actor: Actor, change: Activity) -> str:
    task = _owned(session, Task, change, what="task")
    archive.archive_task(session, actor, task.id)  # still done, or it is not archived again
    return f"archived task #{task.id} '{task.title}' again"


def _undo_create_column(session: Session, actor: Actor, change: Activity) -> str:
    column = _owned(session, BoardColumn, change, what="column")
    if session.exec(select(Task.id).where(Task.column_id == column.id)).first():
        raise ConflictError(f"Cannot undo: column '{column.name}' holds tasks now.")
    board.delete_column(session, actor, column.id)
    return f"removed column '{column.name}'"


def _undo_create_sprint(session: Session, actor: Actor, change: Activity) -> str:
    sprint = _owned(session, Sprint, change, what="sprint")
    sprints.delete_planned_sprint(session, actor, change.space_id, sprint.id)
    return f"deleted {sprint.name}"


def _undo_start_sprint(session: Session, actor: Actor, change: Activity) -> str:
    sprint = _owned(session, Sprint, change, what="sprint")
    sprints.return_to_planning(session, actor, change.space_id, sprint.id)
    return f"put {sprint.name} back into planning"


def _undo_complete_sprint(session: Session, actor: Actor, change: Activity) -> str:
    sprint = _owned(session, Sprint, change, what="sprint")
    sprints.reopen_sprint(session, actor, change.space_id, sprint.id)
    return f"reopened {sprint.name}"


def _undo_add_to_sprint(session: Session, actor: Actor, change: Activity) -> str:
    item = _owned(session, BacklogItem, change, what="backlog item")
    sprint_id = (change.after if isinstance(change.after, dict) else {}).get("sprint_id")
    sprint = _owned(session, Sprint, change, sprint_id, what="sprint")
    sprints.remove_from_sprint(session, actor, change.space_id, item.id, sprint.id)
    return f"took item #{item.id} out of {sprint.name}"


def _undo_add_comment(session: Session, actor: Actor, change: Activity) -> str:
    comment = _owned(session, Comment, change, what="comment")
    comments.delete_comment(session, actor, comment.id)  # one's own, or the owner's right
    return f"deleted comment #{comment.id}"


def _undo_update_task(session: Session, actor: Actor, change: Activity) -> str:
    task = _owned(session, Task, change, what="task")
    title = _before(change).get("title")
    if not isinstance(title, str):
        raise ConflictError(f"Cannot undo: the record of task #{task.id}'s rename holds no title to restore.")
    board.update_task(session, actor, task.id, title)  # the title's own rules
    return f"renamed task #{task.id} back to '{task.title}'"


def _undo_update_column(session: Session, actor: Actor, change: Activity) -> str:
    column = _owned(session, BoardColumn, change, what="column")
    before = _before(change)
    if not isinstance(before.get("name"), str):
        raise ConflictError(f"Cannot undo: the record of column #{column.id}'s change holds no values to restore.")
    board.update_column(session, actor, column.id, name=before["name"], wip_limit=before.get("wip_limit") or 0)
    return f"restored column '{column.name}'"


def _undo_move_column(session: Session, actor: Actor, change: Activity) -> str:
    column = _owned(session, BoardColumn, change, what="column")
    position = _before(change).get("position")
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise ConflictError(f"Cannot undo: the record of column '{column.name}'s move holds no position to restore.")
    board.move_column(session, actor, column.id, position + 1)
    return f"moved column '{column.name}' back to position {column.position + 1}"


def _undo_delete_column(session: Session, actor: Actor, change: Activity) -> str:
    """The very same column back (its id, so the run's card moves, undone next, find it), at its
    place; its archived cards, which moved without a record of their own, come back with it."""
    before = _before(change)
    if not is_row_id(change.entity_id) or session.get(BoardColumn, change.entity_id) is not None:
        raise ConflictError(f"Cannot undo: column #{change.entity_id} exists again.")
    position = before.get("position")
    wip = before.get("wip_limit")
    column = board.put_column_back(
        session, actor, change.space_id, change.entity_id, before.get("name"),
        position if isinstance(position, int) and not isinstance(position, bool) else None,
        wip if isinstance(wip, int) and not isinstance(wip, bool) else None)
    for card in before.get("archived_cards") or []:
        task = session.get(Task, card.get("id")) if isinstance(card, dict) and is_row_id(card.get("id")) else None
        if task is not None and task.space_id == change.space_id and task.archived_at is not None:
            rank = card.get("rank")
            task.column_id, task.version = column.id, task.version + 1
            if isinstance(rank, (int, float)) and not isinstance(rank, bool) and math.isfinite(rank):
                task.rank = float(rank)
    return f"restored column '{column.name}'"


def _undo_edit_comment(session: Session, actor: Actor, change: Activity) -> str:
    comment = _owned(session, Comment, change, what="comment")
    before = _before(change)
    if not isinstance(before.get("text"), str):
        raise ConflictError(f"Cannot undo: the record of comment #{comment.id}'s edit holds no text to restore.")
    comments.edit_comment(session, actor, comment.id, before["text"])  # one's own comment only
    comment.edited_at = _moment(before.get("edited_at"))  # unedited again, if it was
    return f"restored comment #{comment.id}"


def _undo_delete_comment(session: Session, actor: Actor, change: Activity) -> str:
    before = _before(change)
    if not is_row_id(change.entity_id) or session.get(Comment, change.entity_id) is not None:
        raise ConflictError(f"Cannot undo: comment #{change.entity_id} exists again.")
    item = _owned(session, BacklogItem, change, before.get("backlog_item_id"), what="backlog item")
    comments.put_comment_back(session, actor, item.id, Comment(
        id=change.entity_id, space_id=change.space_id, backlog_item_id=item.id,
        author_id=before.get("author_id") if is_row_id(before.get("author_id")) else None,
        via_agent=before.get("via_agent") is True, text=before.get("text"),
        created_at=_moment(before.get("created_at")) or utcnow(), edited_at=_moment(before.get("edited_at"))))
    return f"restored comment #{change.entity_id}"


# One per undoable action (Action.undoable); tests/services/test_undo.py holds the two together.
HANDLERS = {
    Action.CREATE_BACKLOG_ITEM: _undo_create_item,
    Action.UPDATE_BACKLOG_ITEM: _undo_update_item,
    Action.REORDER_BACKLOG_ITEM: _undo_reorder_item,
    Action.CREATE_TASK: _undo_create_task,
    Action.MOVE_TASK: _undo_move_task,
    Action.ASSIGN_TASK: _undo_assign_task,
    Action.DELETE_TASK: _undo_delete_task,
    Action.ARCHIVE_TASK: _undo_archive_task,
    Action.UNARCHIVE_TASK: _undo_unarchive_task,
    Action.CREATE_COLUMN: _undo_create_column,
    Action.CREATE_SPRINT: _undo_create_sprint,
    Action.START_SPRINT: _undo_start_sprint,
    Action.COMPLETE_SPRINT: _undo_complete_sprint,
    Action.ADD_TO_SPRINT: _undo_add_to_sprint,
    Action.ADD_COMMENT: _undo_add_comment,
    Action.UPDATE_TASK: _undo_update_task,
    Action.UPDATE_COLUMN: _undo_update_column,
    Action.MOVE_COLUMN: _undo_move_column,
    Action.DELETE_COLUMN: _undo_delete_column,
    Action.EDIT_COMMENT: _undo_edit_comment,
    Action.DELETE_COMMENT: _undo_delete_comment,
}
