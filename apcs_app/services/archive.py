"""Archiving done cards: off the board (as Jira hides old done issues and Linear archives), still
in search, export and the flow metrics, and restored on demand. Only done cards are archived:
the board's own reads skip archived ones, so work in progress can never silently disappear."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from apcs_app.domain import Action, ConflictError, Task
from apcs_app.domain.models import utcnow
from apcs_app.services import activity, board, validate
from apcs_app.services.access import Actor, require_member

MAX_DAYS = 3650
MAX_LISTED = 200


def _record(session: Session, actor: Actor, task: Task, action: Action, before, verb: str) -> None:
    activity.record(
        session, actor, space_id=task.space_id, action=action, entity_type="task", entity_id=task.id,
        summary=f"{verb} task #{task.id} '{task.title}'", before={"archived_at": before},
        after={"archived_at": task.archived_at.isoformat() if task.archived_at else None},
    )


def _archive(session: Session, actor: Actor, task: Task, when: dt.datetime) -> None:
    task.archived_at = when
    task.version += 1
    _record(session, actor, task, Action.ARCHIVE_TASK, None, "archived")


def archive_task(session: Session, actor: Actor, task_id: int) -> Task:
    """Take a done card off the board; refused for a card already archived or not done."""
    task = board.get_task(session, actor, task_id, lock=True)
    if task.archived_at is not None:
        raise ConflictError(f"Task #{task.id} '{task.title}' is already archived; restore it to see it on the board.")
    done_id = board.columns(session, task.space_id)[-1].id
    if task.column_id != done_id or task.done_at is None:
        raise ConflictError(f"Task #{task.id} '{task.title}' is not done: only done cards are archived. "
                            "Move it to the done column first, or delete it.")
    _archive(session, actor, task, utcnow())
    session.flush()
    return task


def unarchive_task(session: Session, actor: Actor, task_id: int) -> Task:
    """Put an archived card back on the board, in its column, within the column's WIP limit."""
    task = board.get_task(session, actor, task_id, lock=True)
    if task.archived_at is None:
        raise ConflictError(f"Task #{task.id} '{task.title}' is not archived; it is on the board already.")
    board.check_wip(session, board.get_column(session, actor, task.column_id), exclude_task=task.id)
    before = task.archived_at.isoformat()
    task.archived_at = None
    task.version += 1
    _record(session, actor, task, Action.UNARCHIVE_TASK, before, "restored")
    session.flush()
    return task


def archive_done_older_than(session: Session, actor: Actor, space_id: int, days: int) -> list[Task]:
    """The rule "archive done cards done more than `days` days ago": one activity row per card,
    all under the caller's request id, so one undo restores them all."""
    require_member(session, actor, space_id, lock=True)
    days = validate.positive_int(days, "Days", allow_none=False, minimum=0, maximum=MAX_DAYS)
    done_id = board.columns(session, space_id)[-1].id
    cutoff = utcnow() - dt.timedelta(days=days)
    tasks = list(session.exec(
        select(Task).where(Task.space_id == space_id, Task.column_id == done_id, col(Task.archived_at).is_(None),
                           col(Task.done_at).is_not(None), col(Task.done_at) < cutoff)
        .order_by(col(Task.done_at), col(Task.id))
    ))
    now = utcnow()
    for task in tasks:
        _archive(session, actor, task, now)
    session.flush()
    return tasks


def list_archived(session: Session, actor: Actor, space_id: int, limit: int = MAX_LISTED) -> list[Task]:
    """The workspace's archived cards, most recently archived first."""
    require_member(session, actor, space_id)
    limit = validate.positive_int(limit, "Limit", allow_none=False, maximum=MAX_LISTED)
    return list(session.exec(
        select(Task).where(Task.space_id == space_id, col(Task.archived_at).is_not(None))
        .order_by(col(Task.archived_at).desc(), col(Task.id).desc()).limit(limit)
    ))
