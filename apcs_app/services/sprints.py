"""Sprints: plan, start, complete, and the sprint backlog."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from apcs_app.domain import (
    MAX_SPRINT_DAYS,
    Action,
    BacklogItem,
    ConflictError,
    InvalidError,
    ItemStatus,
    Membership,
    Methodology,
    NotFoundError,
    Space,
    Sprint,
    SprintItem,
    SprintStatus,
)
from apcs_app.domain.models import utcnow
from apcs_app.services import activity, validate
from apcs_app.services.access import Actor, is_row_id, require_member, require_sprint_manager
from apcs_app.services.backlog import get_item

OPEN = (SprintStatus.PLANNING, SprintStatus.ACTIVE)
_TRACKED = ("name", "goal", "start_date", "end_date", "status", "committed_points", "completed_points")


@dataclass
class SprintBacklog:
    sprint: Sprint
    items: list[BacklogItem] = field(default_factory=list)

    @property
    def total_points(self) -> int:
        return sum(i.story_points or 0 for i in self.items)

    @property
    def done_points(self) -> int:
        return sum(i.story_points or 0 for i in self.items if i.status == ItemStatus.DONE)


def require_scrum_space(session: Session, actor: Actor, space_id: int, *, lock: bool = False) -> tuple[Space, Membership]:
    space, membership = require_member(session, actor, space_id, lock=lock)
    if space.methodology != Methodology.SCRUM:
        raise InvalidError(f"'{space.name}' is a {space.methodology} workspace; sprints exist only in SCRUM workspaces.")
    return space, membership


def list_sprints(session: Session, actor: Actor, space_id: int) -> list[Sprint]:
    require_scrum_space(session, actor, space_id)
    return list(session.exec(
        select(Sprint).where(Sprint.space_id == space_id).order_by(col(Sprint.start_date), col(Sprint.id))
    ))


def get_sprint(session: Session, actor: Actor, space_id: int, sprint_id: int | None, *,
               statuses: tuple[str, ...] = OPEN) -> Sprint:
    """The sprint named by id, or the space's current one: ACTIVE first, else the next PLANNING."""
    require_scrum_space(session, actor, space_id)
    if sprint_id is not None:
        sprint = session.get(Sprint, sprint_id) if is_row_id(sprint_id) else None
        if sprint is None or sprint.space_id != space_id:
            raise NotFoundError(f"Sprint {sprint_id} was not found in this workspace; list the sprints to pick one.")
        return sprint
    candidates = list(session.exec(
        select(Sprint).where(Sprint.space_id == space_id, col(Sprint.status).in_(statuses))
        .order_by(col(Sprint.start_date), col(Sprint.id))
    ))
    for status in (SprintStatus.ACTIVE, SprintStatus.PLANNING, SprintStatus.COMPLETED):
        for sprint in candidates:
            if sprint.status == status:
                return sprint
    wanted = " or ".join(s.lower() for s in statuses)
    raise NotFoundError(f"This workspace has no {wanted} sprint; create one with create_sprint first.")


def create_sprint(
    session: Session, actor: Actor, space_id: int, name: str | None, start_date: Any, end_date: Any,
    goal: str | None = None,
) -> Sprint:
    space, membership = require_scrum_space(session, actor, space_id, lock=True)
    require_sprint_manager(session, actor, space, membership, "plan sprints")
    start, end = check_dates(start_date, end_date)
    # Blank (or invisible-only) means "name it for me", like an omitted name.
    name = validate.text(name, "Sprint name", max_len=120, required=False)
    if name is None:
        count = len(list(session.exec(select(Sprint.id).where(Sprint.space_id == space_id))))
        name = f"Sprint {count + 1}"
    sprint = Sprint(
        space_id=space_id, name=name,
        goal=validate.text(goal, "Sprint goal", max_len=1000, required=False), start_date=start, end_date=end,
    )
    session.add(sprint)
    session.flush()
    activity.record(
        session, actor, space_id=space_id, action=Action.CREATE_SPRINT, entity_type="sprint", entity_id=sprint.id,
        summary=f"planned {sprint.name} ({start} → {end})", after=activity.snapshot(sprint, *_TRACKED),
    )
    return sprint


def check_dates(start_date: Any, end_date: Any) -> tuple[dt.date, dt.date]:
    """The one rule for a sprint's dates (creating one, importing one)."""
    start = validate.date(start_date, "Start date")
    end = validate.date(end_date, "End date")
    if end <= start:
        raise InvalidError(f"The end date ({end}) must be after the start date ({start}).")
    if (end - start).days > MAX_SPRINT_DAYS:
        raise InvalidError(
            f"A sprint of {(end - start).days} days is too long; Scrum sprints last a month or less "
            f"(at most {MAX_SPRINT_DAYS} days, usually 1–4 weeks)."
        )
    return start, end


def start_sprint(session: Session, actor: Actor, space_id: int, sprint_id: int | None = None) -> Sprint:
    space, membership = require_scrum_space(session, actor, space_id, lock=True)
    require_sprint_manager(session, actor, space, membership, "start sprints")
    sprint = get_sprint(session, actor, space_id, sprint_id)
    if sprint.status != SprintStatus.PLANNING:
        raise ConflictError(f"{sprint.name} is {sprint.status}; only a PLANNING sprint can be started.")
    active = session.exec(select(Sprint).where(Sprint.space_id == space_id, Sprint.status == SprintStatus.ACTIVE)).first()
    if active is not None:
        raise ConflictError(f"{active.name} is already active; complete it before starting {sprint.name}.")
    before = activity.snapshot(sprint, *_TRACKED)
    backlog = _items(session, sprint.id)
    sprint.status = SprintStatus.ACTIVE
    sprint.started_at = utcnow()
    sprint.committed_points = sum(i.story_points or 0 for i in backlog)
    try:
        session.flush()
    except IntegrityError:
        # Another request started a sprint in this space in the same instant.
        raise ConflictError("Another sprint was started in this workspace at the same moment; reload.") from None
    activity.record(
        session, actor, space_id=space_id, action=Action.START_SPRINT, entity_type="sprint", entity_id=sprint.id,
        summary=f"started {sprint.name} with {len(backlog)} item(s), {sprint.committed_points} point(s) committed",
        before=before, after=activity.snapshot(sprint, *_TRACKED),
    )
    return sprint


@dataclass
class SprintReport:
    sprint: Sprint
    completed_items: list[BacklogItem]
    returned_items: list[BacklogItem]


def complete_sprint(session: Session, actor: Actor, space_id: int, sprint_id: int | None = None) -> SprintReport:
    space, membership = require_scrum_space(session, actor, space_id, lock=True)
    require_sprint_manager(session, actor, space, membership, "complete sprints")
    sprint = get_sprint(session, actor, space_id, sprint_id, statuses=(SprintStatus.ACTIVE,))
    if sprint.status != SprintStatus.ACTIVE:
        raise ConflictError(f"{sprint.name} is {sprint.status}; only the ACTIVE sprint can be completed.")
    before = activity.snapshot(sprint, *_TRACKED)
    links = list(session.exec(select(SprintItem).where(SprintItem.sprint_id == sprint.id)))
    items = {i.id: i for i in _items(session, sprint.id)}
    done, returned = [], []
    for link in links:
        item = items[link.backlog_item_id]
        link.completed_in_sprint = item.status == ItemStatus.DONE
        (done if link.completed_in_sprint else returned).append(item)
    sprint.status = SprintStatus.COMPLETED
    sprint.completed_at = utcnow()
    sprint.completed_points = sum(i.story_points or 0 for i in done)
    activity.record(
        session, actor, space_id=space_id, action=Action.COMPLETE_SPRINT, entity_type="sprint", entity_id=sprint.id,
        summary=f"completed {sprint.name}: {sprint.completed_points} of {sprint.committed_points or 0} point(s) done, "
        f"{len(returned)} item(s) back to the backlog",
        before=before, after=activity.snapshot(sprint, *_TRACKED),
    )
    session.flush()
    return SprintReport(sprint, done, returned)


# ---------------------------------------------------------------- reversals (undo)
# Each takes the role the change it reverses took, checked now: a Scrum Master demoted since
# his run cannot undo its sprint changes either.


def _managed_sprint(session: Session, actor: Actor, space_id: int, sprint_id: int, action: str,
                    status: SprintStatus) -> Sprint:
    """The sprint, if the actor may `action` and it is in `status` still."""
    space, membership = require_scrum_space(session, actor, space_id, lock=True)
    require_sprint_manager(session, actor, space, membership, action)
    sprint = get_sprint(session, actor, space_id, sprint_id)
    if sprint.status != status:
        raise ConflictError(f"Cannot undo: {sprint.name} is {sprint.status} now.")
    return sprint


def delete_planned_sprint(session: Session, actor: Actor, space_id: int, sprint_id: int) -> Sprint:
    """Remove a sprint still in planning and empty (undoing its creation)."""
    sprint = _managed_sprint(session, actor, space_id, sprint_id, "plan sprints", SprintStatus.PLANNING)
    if session.exec(select(SprintItem.id).where(SprintItem.sprint_id == sprint.id)).first():
        raise ConflictError(f"Cannot undo: {sprint.name} holds items now.")
    session.delete(sprint)
    session.flush()
    return sprint


def return_to_planning(session: Session, actor: Actor, space_id: int, sprint_id: int) -> Sprint:
    """Put the active sprint back into planning (undoing its start)."""
    sprint = _managed_sprint(session, actor, space_id, sprint_id, "start sprints", SprintStatus.ACTIVE)
    sprint.status, sprint.started_at, sprint.committed_points = SprintStatus.PLANNING, None, None
    session.flush()
    return sprint


def reopen_sprint(session: Session, actor: Actor, space_id: int, sprint_id: int) -> Sprint:
    """Make a completed sprint active again (undoing its completion), if no other is active."""
    sprint = _managed_sprint(session, actor, space_id, sprint_id, "complete sprints", SprintStatus.COMPLETED)
    other = session.exec(select(Sprint).where(Sprint.space_id == space_id, Sprint.status == SprintStatus.ACTIVE)).first()
    if other is not None:
        raise ConflictError(f"Cannot undo: {other.name} is active now; only one sprint can be active.")
    sprint.status, sprint.completed_at, sprint.completed_points = SprintStatus.ACTIVE, None, None
    for link in session.exec(select(SprintItem).where(SprintItem.sprint_id == sprint.id)):
        link.completed_in_sprint = None
    session.flush()
    return sprint


def _items(session: Session, sprint_id: int) -> list[BacklogItem]:
    return list(session.exec(
        select(BacklogItem).join(SprintItem, col(SprintItem.backlog_item_id) == BacklogItem.id)
        .where(SprintItem.sprint_id == sprint_id).order_by(col(BacklogItem.rank), col(BacklogItem.id))
    ))


def get_sprint_backlog(session: Session, actor: Actor, space_id: int, sprint_id: int | None = None) -> SprintBacklog:
    sprint = get_sprint(session, actor, space_id, sprint_id)
    return SprintBacklog(sprint, _items(session, sprint.id))


def sprint_backlogs(session: Session, actor: Actor, space_id: int,
                    statuses: tuple[str, ...] | None = None) -> list[SprintBacklog]:
    """The space's sprints (those in `statuses`, else all) with their items, in sprint order —
    three queries however many sprints and items (the live fills used to ask once per sprint)."""
    require_scrum_space(session, actor, space_id)
    query = select(Sprint).where(Sprint.space_id == space_id)
    if statuses is not None:
        query = query.where(col(Sprint.status).in_(statuses))
    rows = list(session.exec(query.order_by(col(Sprint.start_date), col(Sprint.id))))
    contents = {s.id: SprintBacklog(s) for s in rows}
    if contents:
        pairs = session.exec(
            select(SprintItem.sprint_id, BacklogItem).join(SprintItem, col(SprintItem.backlog_item_id) == BacklogItem.id)
            .where(col(SprintItem.sprint_id).in_(list(contents))).order_by(col(BacklogItem.rank), col(BacklogItem.id))
        )
        for sprint_id, item in pairs:
            contents[sprint_id].items.append(item)
    return list(contents.values())


def product_backlog(session: Session, actor: Actor, space_id: int, status: Any = None
                    ) -> list[tuple[BacklogItem, Sprint | None]]:
    """The items sprint planning picks from (not DONE unless `status` asks for it), in backlog
    order, each with the open sprint it is already in."""
    require_scrum_space(session, actor, space_id)
    query = select(BacklogItem).where(BacklogItem.space_id == space_id)
    if status:
        query = query.where(BacklogItem.status == ItemStatus.parse(status, "Status"))
    else:
        query = query.where(BacklogItem.status != ItemStatus.DONE)
    items = list(session.exec(query.order_by(col(BacklogItem.rank), col(BacklogItem.id))))
    planned = dict(session.exec(
        select(SprintItem.backlog_item_id, Sprint).join(Sprint, col(SprintItem.sprint_id) == Sprint.id)
        .where(Sprint.space_id == space_id, col(Sprint.status).in_(OPEN))
    ).all())
    return [(item, planned.get(item.id)) for item in items]


def add_to_sprint(
    session: Session, actor: Actor, space_id: int, backlog_item_id: int, sprint_id: int | None = None
) -> tuple[Sprint, BacklogItem, bool]:
    """Add an item to a sprint (default: the current one). Returns (sprint, item, added)."""
    require_scrum_space(session, actor, space_id, lock=True)
    item = get_item(session, actor, backlog_item_id, lock=True)
    if item.space_id != space_id:
        raise InvalidError(f"Item #{item.id} belongs to another workspace; sprints take items of their own workspace.")
    sprint = get_sprint(session, actor, space_id, sprint_id)
    if sprint.status not in OPEN:
        raise ConflictError(f"{sprint.name} is completed; add the item to a planned or active sprint.")
    if item.status == ItemStatus.DONE:
        raise InvalidError(f"Item #{item.id} '{item.title}' is already DONE; only unfinished work goes into a sprint.")
    current = session.exec(
        select(Sprint).join(SprintItem, col(SprintItem.sprint_id) == Sprint.id)
        .where(SprintItem.backlog_item_id == item.id, col(Sprint.status).in_(OPEN))
    ).first()
    if current is not None and current.id == sprint.id:
        return sprint, item, False
    if current is not None:
        raise ConflictError(f"Item #{item.id} is already in {current.name}; remove it from there first.")
    session.add(SprintItem(sprint_id=sprint.id, backlog_item_id=item.id, points_at_add=item.story_points))
    activity.record(
        session, actor, space_id=space_id, action=Action.ADD_TO_SPRINT, entity_type="backlog_item", entity_id=item.id,
        summary=f"added item #{item.id} '{item.title}' to {sprint.name}", after={"sprint_id": sprint.id},
    )
    session.flush()
    return sprint, item, True


def remove_from_sprint(
    session: Session, actor: Actor, space_id: int, backlog_item_id: int, sprint_id: int | None = None
) -> Sprint:
    require_scrum_space(session, actor, space_id, lock=True)
    item = get_item(session, actor, backlog_item_id, lock=True)
    sprint = get_sprint(session, actor, space_id, sprint_id)
    if sprint.status not in OPEN:
        raise ConflictError(f"{sprint.name} is completed; its history cannot change.")
    link = session.exec(
        select(SprintItem).where(SprintItem.sprint_id == sprint.id, SprintItem.backlog_item_id == item.id)
    ).first()
    if link is None:
        raise NotFoundError(f"Item #{item.id} is not in {sprint.name}.")
    session.delete(link)
    activity.record(
        session, actor, space_id=space_id, action=Action.REMOVE_FROM_SPRINT, entity_type="backlog_item", entity_id=item.id,
        summary=f"removed item #{item.id} '{item.title}' from {sprint.name}", before={"sprint_id": sprint.id},
    )
    session.flush()
    return sprint


def sprint_days(sprint: Sprint) -> list[dt.date]:
    return [sprint.start_date + dt.timedelta(days=i) for i in range((sprint.end_date - sprint.start_date).days + 1)]


def item_sprint(session: Session, actor: Actor, space_id: int, backlog_item_id: int) -> Sprint | None:
    """The planned or active sprint an item is in, if any (an item is in at most one)."""
    require_scrum_space(session, actor, space_id)
    item = get_item(session, actor, backlog_item_id)
    if item.space_id != space_id:
        raise InvalidError(f"Item #{item.id} belongs to another workspace; sprints take items of their own workspace.")
    return session.exec(
        select(Sprint).join(SprintItem, col(SprintItem.sprint_id) == Sprint.id)
        .where(SprintItem.backlog_item_id == item.id, col(Sprint.status).in_(OPEN))
    ).first()


def set_item_sprint(
    session: Session, actor: Actor, space_id: int, backlog_item_id: int, sprint_id: int | None
) -> Sprint | None:
    """Put an item into sprint `sprint_id` (None: into no sprint), out of the one it is in:
    remove_from_sprint and add_to_sprint, with their rules and their activity rows."""
    require_scrum_space(session, actor, space_id, lock=True)
    current = item_sprint(session, actor, space_id, backlog_item_id)
    target = None if sprint_id is None else get_sprint(session, actor, space_id, sprint_id)
    if (current and current.id) == (target and target.id):
        return current
    if target is not None and target.status not in OPEN:
        raise ConflictError(f"{target.name} is completed; add the item to a planned or active sprint.")
    if current is not None:
        remove_from_sprint(session, actor, space_id, backlog_item_id, current.id)
    if target is not None:
        add_to_sprint(session, actor, space_id, backlog_item_id, target.id)
    return target
