"""The audit log: one row for every change, written in the change's own transaction."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from apcs_app.domain import Action, Activity
from apcs_app.services.access import Actor, require_member


def snapshot(row: SQLModel | None, *fields: str) -> dict[str, Any] | None:
    if row is None:
        return None
    data = row.model_dump(include=set(fields) if fields else None)
    return {k: _jsonable(v) for k, v in data.items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def record(
    session: Session,
    actor: Actor,
    *,
    space_id: int | None,
    action: Action,
    entity_type: str,
    entity_id: int | None,
    summary: str,
    before: dict | None = None,
    after: dict | None = None,
) -> Activity:
    row = Activity(
        space_id=space_id,
        actor_id=actor.user_id,
        via=actor.via,
        action=Action(action),  # a string no action has fails here, not silently in undo
        entity_type=entity_type,
        entity_id=entity_id,
        summary=summary[:500],
        before=before,
        after=after,
        request_id=actor.request_id,
    )
    session.add(row)
    return row


def list_activity(session: Session, actor: Actor, space_id: int, limit: int = 50) -> list[Activity]:
    require_member(session, actor, space_id)
    return list(
        session.exec(
            select(Activity)
            .where(Activity.space_id == space_id)
            .order_by(col(Activity.created_at).desc(), col(Activity.id).desc())
            .limit(max(1, min(limit, 500)))
        )
    )
