"""Velocity and burndown, computed from recorded completion times."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from apcs_app.domain import BacklogItem, Sprint, SprintItem, SprintStatus
from apcs_app.domain.models import utcnow
from apcs_app.services.sprints import require_scrum_space, get_sprint, sprint_days


@dataclass
class VelocityPoint:
    sprint_id: int
    name: str
    committed: int
    completed: int


@dataclass
class Velocity:
    sprints: list[VelocityPoint]
    average_last_three: float | None


def velocity(session: Session, actor, space_id: int) -> Velocity:
    require_scrum_space(session, actor, space_id)
    done = list(session.exec(
        select(Sprint).where(Sprint.space_id == space_id, Sprint.status == SprintStatus.COMPLETED)
        .order_by(col(Sprint.completed_at), col(Sprint.id))
    ))
    points = [VelocityPoint(s.id, s.name, s.committed_points or 0, s.completed_points or 0) for s in done]
    last = points[-3:]
    average = round(sum(p.completed for p in last) / len(last), 1) if last else None
    return Velocity(points, average)


@dataclass
class BurndownDay:
    day: dt.date
    ideal: float
    remaining: int | None  # None for days still ahead


def burndown(session: Session, actor, space_id: int, sprint_id: int | None = None) -> list[BurndownDay]:
    """Per day of the sprint: the ideal line from the committed points to 0, and the points
    still open at the end of that day (items count from the day they joined the sprint)."""
    statuses = (SprintStatus.ACTIVE, SprintStatus.PLANNING, SprintStatus.COMPLETED)
    sprint = get_sprint(session, actor, space_id, sprint_id, statuses=statuses)
    rows = session.exec(
        select(BacklogItem.story_points, BacklogItem.completed_at, SprintItem.added_at)
        .join(SprintItem, col(SprintItem.backlog_item_id) == BacklogItem.id)
        .where(SprintItem.sprint_id == sprint.id)
    ).all()
    days = sprint_days(sprint)
    start_total = sum(p or 0 for p, _, added in rows if added.date() <= sprint.start_date)
    committed = sprint.committed_points if sprint.committed_points is not None else start_total
    last_known = (sprint.completed_at or utcnow()).date()
    span = max(len(days) - 1, 1)
    series = []
    for i, day in enumerate(days):
        ideal = round(committed * (1 - i / span), 2)
        if sprint.status == SprintStatus.PLANNING or day > last_known:
            series.append(BurndownDay(day, ideal, None))
            continue
        remaining = sum(
            points or 0
            for points, completed_at, added in rows
            if added.date() <= max(day, sprint.start_date) and (completed_at is None or completed_at.date() > day)
        )
        series.append(BurndownDay(day, ideal, remaining))
    return series
