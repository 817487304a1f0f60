"""Plain view models the pages render: what a page shows, converted from service results."""

from __future__ import annotations

import dataclasses

from apcs_app.domain import Activity, BacklogItem, Sprint, SprintStatus
from apcs_app.services.board import Card, ColumnView
from apcs_app.services.members import Member
from apcs_app.services.metrics import BurndownDay, Velocity
from apcs_app.services.sprints import SprintBacklog
from apcs_app.services.spaces import SpaceSummary


@dataclasses.dataclass
class CardView:
    id: int = 0
    title: str = ""
    item_id: int = 0
    item_title: str = ""
    points: str = ""
    priority: str = "MEDIUM"
    assignee: str = ""
    assignee_id: int = 0
    done: bool = False
    column_id: int = 0


@dataclasses.dataclass
class ColumnCards:
    id: int = 0
    name: str = ""
    count: int = 0
    shown: str = ""  # the count as shown: "1,000+" when the board stopped counting there
    wip: str = ""  # "2/3" with a limit, "2" without
    full: bool = False  # at (or over) its WIP limit: a drop here will be refused
    # `cards` is only the column's first page ("Show more" pages on), `older`: it is the done
    # column, most recently done first (its button says "Show older").
    more: bool = False
    older: bool = False
    cards: list[CardView] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class ItemView:
    id: int = 0
    title: str = ""
    description: str = ""
    points: str = ""
    priority: str = "MEDIUM"
    status: str = "TODO"
    sprint: str = ""
    sprint_id: int = 0


@dataclasses.dataclass
class SpaceView:
    id: int = 0
    name: str = ""
    methodology: str = ""
    description: str = ""
    role: str = ""
    member_count: int = 0
    item_count: int = 0
    task_count: int = 0
    active_sprint: str = ""
    is_owner: bool = False


@dataclasses.dataclass
class MemberView:
    user_id: int = 0
    name: str = ""
    email: str = ""
    role: str = ""
    is_owner: bool = False


@dataclasses.dataclass
class SprintView:
    id: int = 0
    name: str = ""
    goal: str = ""
    status: str = ""
    dates: str = ""
    committed: int = 0
    completed: int = 0
    item_count: int = 0


@dataclasses.dataclass
class ActivityView:
    id: int = 0
    who: str = ""
    via: str = ""
    summary: str = ""
    when: str = ""


def card_view(card: Card) -> CardView:
    return CardView(
        id=card.id, title=card.title, item_id=card.backlog_item_id, item_title=card.item_title,
        points="" if card.story_points is None else str(card.story_points), priority=card.priority,
        assignee=card.assignee_name or "", assignee_id=card.assignee_id or 0, done=card.done,
        column_id=card.column_id,
    )


def column_view(column: ColumnView) -> ColumnCards:
    count = column.count  # all its cards on the board, not just the page it holds
    limit = column.wip_limit
    shown = f"{count:,}+" if column.at_least else str(count)
    return ColumnCards(
        id=column.id, name=column.name, count=count, shown=shown, wip=f"{shown}/{limit}" if limit else shown,
        full=limit is not None and count >= limit, more=column.has_more, cards=[card_view(c) for c in column.cards],
    )


def item_view(item: BacklogItem, sprint: Sprint | None = None) -> ItemView:
    return ItemView(
        id=item.id, title=item.title, description=item.description or "",
        points="" if item.story_points is None else str(item.story_points),
        priority=item.priority, status=item.status,
        sprint=sprint.name if sprint else "", sprint_id=sprint.id if sprint else 0,
    )


def space_view(summary: SpaceSummary, user_id: int) -> SpaceView:
    space = summary.space
    return SpaceView(
        id=space.id, name=space.name, methodology=space.methodology, description=space.description or "",
        role=(summary.scrum_role or "").replace("_", " ").title(), member_count=summary.member_count,
        item_count=summary.item_count, task_count=summary.task_count,
        active_sprint=summary.active_sprint.name if summary.active_sprint else "", is_owner=space.owner_id == user_id,
    )


def member_view(member: Member) -> MemberView:
    return MemberView(member.user_id, member.name, member.email, member.scrum_role or "", member.is_owner)


def sprint_view(content: SprintBacklog) -> SprintView:
    """Committed and completed points as recorded once the sprint is done, live before that."""
    sprint = content.sprint
    done = sprint.status == SprintStatus.COMPLETED
    return SprintView(
        id=sprint.id, name=sprint.name, goal=sprint.goal or "", status=sprint.status,
        dates=f"{sprint.start_date:%b %d} → {sprint.end_date:%b %d, %Y}",
        committed=sprint.committed_points if sprint.committed_points is not None else content.total_points,
        completed=(sprint.completed_points or 0) if done else content.done_points, item_count=len(content.items),
    )


def burndown_rows(days: list[BurndownDay]) -> list[dict]:
    return [{"day": f"{d.day:%b %d}", "ideal": d.ideal, "remaining": d.remaining} for d in days]


def velocity_rows(velocity: Velocity) -> list[dict]:
    return [{"sprint": p.name, "committed": p.committed, "completed": p.completed} for p in velocity.sprints]


def activity_view(row: Activity, names: dict[int, str]) -> ActivityView:
    return ActivityView(
        id=row.id, who=names.get(row.actor_id or 0, "someone"), via=row.via, summary=row.summary,
        when=f"{row.created_at:%b %d, %H:%M}",
    )
