"""Undo a whole run (an agent's answer, an API request): every change it made, reversed in
one transaction — refused when someone else has changed the same things since."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from apcs_app.domain import (
    Activity,
    BacklogItem,
    BoardColumn,
    ConflictError,
    NotFoundError,
    Sprint,
    SprintItem,
    SprintStatus,
    Task,
    User,
)
from apcs_app.services import activity, board
from apcs_app.services.access import Actor, require_member
from apcs_app.services.backlog import set_status


@dataclass
class UndoReport:
    request_id: str
    reversed: list[str]


def run_changes(session: Session, actor: Actor, space_id: int, request_id: str) -> list[Activity]:
    require_member(session, actor, space_id)
    return list(session.exec(
        select(Activity).where(Activity.space_id == space_id, Activity.request_id == request_id,
                               col(Activity.action).not_like("undo%")).order_by(col(Activity.id))
    ))


def is_undone(session: Session, space_id: int, request_id: str) -> bool:
    rows = session.exec(select(Activity).where(Activity.space_id == space_id, Activity.action == "undo_run"))
    return any((r.after or {}).get("request_id") == request_id for r in rows)


def undo_run(session: Session, actor: Actor, space_id: int, request_id: str) -> UndoReport:
    space, _ = require_member(session, actor, space_id, lock=True)
    changes = run_changes(session, actor, space_id, request_id)
    if not changes:
        raise NotFoundError(f"Run {request_id} changed nothing in this workspace; there is nothing to undo.")
    if changes[0].actor_id != actor.user_id and space.owner_id != actor.user_id:
        raise ConflictError("Only the person who made these changes, or the workspace owner, can undo them.")
    if is_undone(session, space_id, request_id):
        raise ConflictError(f"Run {request_id} was already undone.")
    _refuse_if_changed_since(session, space_id, request_id, changes)
    reversed_ = []
    for change in reversed(changes):
        summary = _reverse(session, change)
        activity.record(session, actor, space_id=space_id, action=f"undo_{change.action}", entity_type=change.entity_type,
                        entity_id=change.entity_id, summary=f"undid: {change.summary}", before=change.after,
                        after=change.before)
        reversed_.append(summary)
    activity.record(session, actor, space_id=space_id, action="undo_run", entity_type="run", entity_id=None,
                    summary=f"undid {len(changes)} change(s) of run {request_id}", after={"request_id": request_id})
    session.flush()
    return UndoReport(request_id, reversed_)


def _refuse_if_changed_since(session: Session, space_id: int, request_id: str, changes: list[Activity]) -> None:
    touched = {(c.entity_type, c.entity_id) for c in changes}
    later = session.exec(
        select(Activity, User.name).outerjoin(User, col(User.id) == Activity.actor_id)
        .where(Activity.space_id == space_id, Activity.id > changes[-1].id, Activity.request_id != request_id)
        .order_by(col(Activity.id))
    ).all()
    for row, who in later:
        if (row.entity_type, row.entity_id) in touched and not row.action.startswith("undo"):
            raise ConflictError(
                f"Cannot undo: {who or 'someone'} changed this since ({row.summary}). "
                "Undo that first, or change it back by hand."
            )


def _reverse(session: Session, change: Activity) -> str:
    handler = _HANDLERS.get(change.action)
    if handler is None:
        raise ConflictError(f"'{change.summary}' cannot be undone automatically; change it back by hand.")
    return handler(session, change)


def _get(session: Session, model, entity_id: int | None, what: str):
    row = session.get(model, entity_id) if entity_id is not None else None
    if row is None:
        raise ConflictError(f"Cannot undo: the {what} #{entity_id} no longer exists.")
    return row


def _undo_create_item(session: Session, change: Activity) -> str:
    item = _get(session, BacklogItem, change.entity_id, "backlog item")
    if session.exec(select(Task.id).where(Task.backlog_item_id == item.id)).first() or session.exec(
            select(SprintItem.id).where(SprintItem.backlog_item_id == item.id)).first():
        raise ConflictError(f"Cannot undo: item #{item.id} '{item.title}' has tasks or is in a sprint now.")
    session.delete(item)
    return f"deleted item #{item.id} '{item.title}'"


def _undo_update_item(session: Session, change: Activity) -> str:
    item = _get(session, BacklogItem, change.entity_id, "backlog item")
    before = change.before or {}
    for field in ("title", "description", "story_points", "priority", "rank"):
        if field in before:
            setattr(item, field, before[field])
    if "status" in before:
        set_status(item, before["status"])
    item.version += 1
    return f"restored item #{item.id} '{item.title}'"


def _undo_create_task(session: Session, change: Activity) -> str:
    task = _get(session, Task, change.entity_id, "task")
    session.delete(task)
    session.flush()
    _restore_item_status(session, task, change)
    return f"deleted task #{task.id} '{task.title}'"


def _undo_move_task(session: Session, change: Activity) -> str:
    task = _get(session, Task, change.entity_id, "task")
    before = change.before or {}
    column = _get(session, BoardColumn, before.get("column_id"), "column")
    task.column_id, task.rank = column.id, before.get("rank", task.rank)
    task.done_at = _parse_time(before.get("done_at"))
    task.version += 1
    _restore_item_status(session, task, change)
    return f"moved task #{task.id} '{task.title}' back to {column.name}"


def _undo_assign_task(session: Session, change: Activity) -> str:
    task = _get(session, Task, change.entity_id, "task")
    task.assignee_id = (change.before or {}).get("assignee_id")
    task.version += 1
    return f"restored the assignee of task #{task.id}"


def _undo_create_column(session: Session, change: Activity) -> str:
    column = _get(session, BoardColumn, change.entity_id, "column")
    if session.exec(select(Task.id).where(Task.column_id == column.id)).first():
        raise ConflictError(f"Cannot undo: column '{column.name}' holds tasks now.")
    session.delete(column)
    session.flush()
    rest = board.columns(session, column.space_id)
    for position, c in enumerate(rest):
        c.position = position
    return f"removed column '{column.name}'"


def _undo_create_sprint(session: Session, change: Activity) -> str:
    sprint = _get(session, Sprint, change.entity_id, "sprint")
    if sprint.status != SprintStatus.PLANNING.value or session.exec(
            select(SprintItem.id).where(SprintItem.sprint_id == sprint.id)).first():
        raise ConflictError(f"Cannot undo: {sprint.name} has started or holds items now.")
    session.delete(sprint)
    return f"deleted {sprint.name}"


def _undo_start_sprint(session: Session, change: Activity) -> str:
    sprint = _get(session, Sprint, change.entity_id, "sprint")
    if sprint.status != SprintStatus.ACTIVE.value:
        raise ConflictError(f"Cannot undo: {sprint.name} is {sprint.status} now.")
    sprint.status, sprint.started_at, sprint.committed_points = SprintStatus.PLANNING.value, None, None
    return f"put {sprint.name} back into planning"


def _undo_complete_sprint(session: Session, change: Activity) -> str:
    sprint = _get(session, Sprint, change.entity_id, "sprint")
    other = session.exec(select(Sprint).where(Sprint.space_id == sprint.space_id,
                                              Sprint.status == SprintStatus.ACTIVE.value)).first()
    if other is not None:
        raise ConflictError(f"Cannot undo: {other.name} is active now; only one sprint can be active.")
    sprint.status, sprint.completed_at, sprint.completed_points = SprintStatus.ACTIVE.value, None, None
    for link in session.exec(select(SprintItem).where(SprintItem.sprint_id == sprint.id)):
        link.completed_in_sprint = None
    return f"reopened {sprint.name}"


def _undo_add_to_sprint(session: Session, change: Activity) -> str:
    sprint_id = (change.after or {}).get("sprint_id")
    link = session.exec(select(SprintItem).where(SprintItem.sprint_id == sprint_id,
                                                 SprintItem.backlog_item_id == change.entity_id)).first()
    if link is None:
        raise ConflictError(f"Cannot undo: item #{change.entity_id} is no longer in that sprint.")
    session.delete(link)
    return f"took item #{change.entity_id} out of the sprint"


def _restore_item_status(session: Session, task: Task, change: Activity) -> None:
    item = session.get(BacklogItem, task.backlog_item_id)
    status = (change.before or {}).get("item_status")
    if item is not None and status:
        set_status(item, status)


def _parse_time(value):
    return dt.datetime.fromisoformat(value) if value else None


_HANDLERS = {
    "create_backlog_item": _undo_create_item,
    "update_backlog_item": _undo_update_item,
    "reorder_backlog_item": _undo_update_item,
    "create_task": _undo_create_task,
    "move_task": _undo_move_task,
    "assign_task": _undo_assign_task,
    "create_column": _undo_create_column,
    "create_sprint": _undo_create_sprint,
    "start_sprint": _undo_start_sprint,
    "complete_sprint": _undo_complete_sprint,
    "add_to_sprint": _undo_add_to_sprint,
}
