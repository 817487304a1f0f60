"""Backlog items: create, list, update, delete, reorder."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, delete, func, select

from apcs_app.domain import (
    Action,
    BacklogItem,
    ConflictError,
    InvalidError,
    ItemStatus,
    Priority,
    SprintItem,
    Task,
)
from apcs_app.domain.models import utcnow
from apcs_app.services import activity, ranking, validate
from apcs_app.services.access import Actor, member_row, require_member

EDITABLE = ("title", "description", "story_points", "priority", "status")
_TRACKED = ("title", "description", "story_points", "priority", "status", "rank")


def create_item(
    session: Session,
    actor: Actor,
    space_id: int,
    title: str,
    description: str | None = None,
    story_points: Any = None,
    priority: Any = None,
) -> BacklogItem:
    # The workspace lock serialises appends to this backlog, so two items never share a rank.
    require_member(session, actor, space_id, lock=True)
    item = BacklogItem(
        space_id=space_id,
        title=validate.text(title, "Title", max_len=200),
        description=validate.text(description, "Description", max_len=10000, required=False),
        story_points=validate.story_points(story_points),
        priority=Priority.parse(priority or Priority.MEDIUM, "Priority"),
        created_by=actor.user_id,
    )
    last = session.exec(select(func.max(BacklogItem.rank)).where(BacklogItem.space_id == space_id)).one()
    item.rank = ranking.between(last, None)  # the last rank through the (space_id, rank) index
    session.add(item)
    session.flush()
    activity.record(
        session, actor, space_id=space_id, action=Action.CREATE_BACKLOG_ITEM, entity_type="backlog_item",
        entity_id=item.id, summary=f"created item #{item.id} '{item.title}'", after=activity.snapshot(item, *_TRACKED),
    )
    return item


def _ordered(session: Session, space_id: int, exclude: int | None = None) -> list[BacklogItem]:
    query = select(BacklogItem).where(BacklogItem.space_id == space_id)
    if exclude is not None:
        query = query.where(BacklogItem.id != exclude)
    return list(session.exec(query.order_by(col(BacklogItem.rank), col(BacklogItem.id))))


def list_backlog(
    session: Session, actor: Actor, space_id: int, status: Any = None, priority: Any = None
) -> list[BacklogItem]:
    require_member(session, actor, space_id)
    query = select(BacklogItem).where(BacklogItem.space_id == space_id)
    if status:
        query = query.where(BacklogItem.status == ItemStatus.parse(status, "Status"))
    if priority:
        query = query.where(BacklogItem.priority == Priority.parse(priority, "Priority"))
    return list(session.exec(query.order_by(col(BacklogItem.rank), col(BacklogItem.id))))


def backlog_page(session: Session, actor: Actor, space_id: int, *, limit: int, offset: int = 0
                 ) -> tuple[list[BacklogItem], int]:
    """`limit` items of the ranked backlog from place `offset`, and how many items it holds: a
    page costs the same whatever the backlog's size (the rank index serves the order)."""
    require_member(session, actor, space_id)
    limit = validate.positive_int(limit, "Items per page", allow_none=False, minimum=1)
    offset = validate.positive_int(offset, "Offset", allow_none=False, minimum=0)
    total = session.exec(select(func.count()).select_from(BacklogItem).where(BacklogItem.space_id == space_id)).one()
    rows = session.exec(select(BacklogItem).where(BacklogItem.space_id == space_id)
                        .order_by(col(BacklogItem.rank), col(BacklogItem.id)).offset(offset).limit(limit))
    return list(rows), total


def get_item(session: Session, actor: Actor, item_id: int, *, lock: bool = False) -> BacklogItem:
    return member_row(session, actor, BacklogItem, item_id, lock=lock, missing=(
        f"Backlog item #{item_id} was not found in your workspaces; list items with get_backlog."))


def set_status(item: BacklogItem, status: ItemStatus) -> None:
    """The one place that keeps completed_at in step with the status (burndown reads it)."""
    if status == item.status:
        return
    item.status = status
    item.completed_at = utcnow() if status == ItemStatus.DONE else None


def update_item(session: Session, actor: Actor, item_id: int, updates: dict[str, Any]) -> BacklogItem:
    if not isinstance(updates, dict) or not updates:
        raise InvalidError(f"Give at least one field to update: {', '.join(EDITABLE)}.")
    unknown = sorted(set(updates) - set(EDITABLE))
    if unknown:
        raise InvalidError(f"Cannot update {', '.join(unknown)}; editable fields are {', '.join(EDITABLE)}.")
    item = get_item(session, actor, item_id, lock=True)
    before = activity.snapshot(item, *_TRACKED)
    if "title" in updates:
        item.title = validate.text(updates["title"], "Title", max_len=200)
    if "description" in updates:
        item.description = validate.text(updates["description"], "Description", max_len=10000, required=False)
    if "story_points" in updates:
        item.story_points = validate.story_points(updates["story_points"])
    if "priority" in updates:
        item.priority = Priority.parse(updates["priority"], "Priority")
    if "status" in updates:
        set_status(item, ItemStatus.parse(updates["status"], "Status"))
    after = activity.snapshot(item, *_TRACKED)
    if after == before:
        return item
    item.version += 1
    item.updated_at = utcnow()
    changed = ", ".join(f"{k}: {before[k]} → {after[k]}" for k in after if before[k] != after[k])
    activity.record(
        session, actor, space_id=item.space_id, action=Action.UPDATE_BACKLOG_ITEM, entity_type="backlog_item",
        entity_id=item.id, summary=f"updated item #{item.id} '{item.title}' ({changed})", before=before, after=after,
    )
    session.flush()
    return item


def delete_item(session: Session, actor: Actor, item_id: int) -> None:
    item = get_item(session, actor, item_id, lock=True)
    before = activity.snapshot(item, *_TRACKED)
    session.exec(delete(Task).where(Task.backlog_item_id == item_id))
    session.exec(delete(SprintItem).where(SprintItem.backlog_item_id == item_id))
    session.delete(item)
    activity.record(
        session, actor, space_id=item.space_id, action=Action.DELETE_BACKLOG_ITEM, entity_type="backlog_item",
        entity_id=item_id, summary=f"deleted item #{item_id} '{item.title}'", before=before,
    )
    session.flush()


def reorder_item(
    session: Session, actor: Actor, item_id: int, position: int, expected_version: int | None = None
) -> BacklogItem:
    """Place the item at `position` (0 = top) of its backlog."""
    item = get_item(session, actor, item_id, lock=True)
    if expected_version is not None and item.version != expected_version:
        raise ConflictError(
            f"Item #{item.id} was changed by someone else meanwhile; reload the backlog and try again."
        )
    position = validate.positive_int(position, "Position", allow_none=False, minimum=0)
    siblings = _ordered(session, item.space_id, exclude=item.id)
    current = [s.id for s in _ordered(session, item.space_id)].index(item.id)
    if current == min(position, len(siblings)):
        return item
    before = {"rank": item.rank, "position": current}
    item.rank, _ = ranking.rank_at(siblings, position)
    item.version += 1
    activity.record(
        session, actor, space_id=item.space_id, action=Action.REORDER_BACKLOG_ITEM, entity_type="backlog_item",
        entity_id=item.id, summary=f"moved item #{item.id} '{item.title}' to position {min(position, len(siblings)) + 1}",
        before=before, after={"rank": item.rank, "position": min(position, len(siblings))},
    )
    session.flush()
    return item
