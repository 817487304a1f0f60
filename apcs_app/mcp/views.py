"""How the tools show domain objects to a model: small dicts of ids, names and values."""

from __future__ import annotations

from typing import Any

from apcs_app.domain import BacklogItem, BoardColumn, Methodology, Space, Sprint, Task
from apcs_app.services.board import Card, ColumnView
from apcs_app.services.members import Member


def space(s: Space) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "methodology": s.methodology, "description": s.description}


def item(i: BacklogItem) -> dict[str, Any]:
    return {
        "id": i.id,
        "title": i.title,
        "description": i.description,
        "story_points": i.story_points,
        "priority": i.priority,
        "status": i.status,
    }


def item_ref(i: BacklogItem) -> dict[str, Any]:
    return {"id": i.id, "title": i.title, "status": i.status}


def column(c: BoardColumn | ColumnView) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "position": c.position + 1, "wip_limit": c.wip_limit}


def column_ref(c: BoardColumn | ColumnView) -> dict[str, Any]:
    return {"id": c.id, "name": c.name}


def card(c: Card) -> dict[str, Any]:
    return {
        "id": c.id,
        "title": c.title,
        "backlog_item": {"id": c.backlog_item_id, "title": c.item_title},
        "story_points": c.story_points,
        "priority": c.priority,
        "assignee": {"id": c.assignee_id, "name": c.assignee_name} if c.assignee_id else None,
        "done": c.done,
    }


def column_with_cards(c: ColumnView) -> dict[str, Any]:
    return column(c) | {"task_count": len(c.cards), "over_wip_limit": c.over_limit, "tasks": [card(x) for x in c.cards]}


def task(t: Task, in_column: BoardColumn) -> dict[str, Any]:
    return {
        "id": t.id,
        "title": t.title,
        "column": column_ref(in_column),
        "backlog_item_id": t.backlog_item_id,
        "assignee_id": t.assignee_id,
        "done": t.done_at is not None,
    }


def sprint(s: Sprint) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "status": s.status,
        "start_date": s.start_date.isoformat(),
        "end_date": s.end_date.isoformat(),
        "days": (s.end_date - s.start_date).days,
        "goal": s.goal,
        "committed_points": s.committed_points,
        "completed_points": s.completed_points,
    }


def sprint_ref(s: Sprint) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "status": s.status}


def member(m: Member, methodology: str) -> dict[str, Any]:
    if methodology == Methodology.SCRUM.value and m.scrum_role:
        role = m.scrum_role
    else:
        role = "OWNER" if m.is_owner else "MEMBER"
    return {"id": m.user_id, "name": m.name, "email": m.email, "role": role, "is_owner": m.is_owner}
