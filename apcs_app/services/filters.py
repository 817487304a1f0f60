"""Find and filter: the board's cards and the backlog's items that match a view's filters
(words in the title, assignee — "mine" —, priority, status, sprint), queried in the database so
a board the browser only holds part of is searched whole."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from apcs_app.domain import BacklogItem, InvalidError, ItemStatus, Priority, SprintItem, Task
from apcs_app.services import validate
from apcs_app.services.access import Actor, require_member

MAX_WORDS = 8
MINE = "mine"


@dataclass(frozen=True)
class Filter:
    words: tuple[str, ...] = ()
    assignee_id: int | None = None
    priority: Priority | None = None
    status: ItemStatus | None = None
    sprint_id: int | None = None

    @property
    def active(self) -> bool:
        return self != Filter()


def parse_filter(actor: Actor, *, words: Any = None, assignee: Any = None, priority: Any = None,
                 status: Any = None, sprint: Any = None) -> Filter:
    """A view's filters from what a URL or a tool gave; "mine" means the acting user."""
    text = validate.text(words, "Search words", max_len=200, required=False) or ""
    found = tuple(dict.fromkeys(w.casefold() for w in text.split()))
    if len(found) > MAX_WORDS:
        raise InvalidError(f"Search for at most {MAX_WORDS} words; got {len(found)}.")
    if isinstance(assignee, str) and assignee.strip().casefold() == MINE:
        assignee_id = actor.user_id
    else:
        assignee_id = validate.positive_int(assignee or None, "Assignee")
    return Filter(
        words=found, assignee_id=assignee_id,
        priority=Priority.parse(priority, "Priority") if priority else None,
        status=ItemStatus.parse(status, "Status") if status else None,
        sprint_id=validate.positive_int(sprint or None, "Sprint"),
    )


def item_conditions(flt: Filter, *titles) -> list:
    """The conditions on a backlog item (and its titles) that `flt` asks for; board.find_cards adds
    the task's own."""
    conditions = [or_(*(col(t).icontains(word, autoescape=True) for t in titles)) for word in flt.words]
    if flt.priority:
        conditions.append(BacklogItem.priority == flt.priority)
    if flt.status:
        conditions.append(BacklogItem.status == flt.status)
    if flt.sprint_id:
        conditions.append(col(BacklogItem.id).in_(
            select(SprintItem.backlog_item_id).where(SprintItem.sprint_id == flt.sprint_id)))
    return conditions


def find_items(session: Session, actor: Actor, space_id: int, flt: Filter) -> list[BacklogItem]:
    """The backlog items that match, in backlog order; an assignee matches the items with a task
    assigned to them."""
    require_member(session, actor, space_id)
    return list(session.exec(select(BacklogItem).where(_matching(space_id, flt))
                             .order_by(col(BacklogItem.rank), col(BacklogItem.id))))


def find_items_page(session: Session, actor: Actor, space_id: int, flt: Filter, limit: int) -> tuple[list[BacklogItem], int]:
    """The first `limit` matching items in backlog order, and how many match: a filtered backlog
    is sent a page at a time, like the whole one."""
    require_member(session, actor, space_id)
    limit = validate.positive_int(limit, "Limit", allow_none=False, minimum=1)
    matching = _matching(space_id, flt)
    total = session.exec(select(func.count()).select_from(BacklogItem).where(matching)).one()
    items = list(session.exec(select(BacklogItem).where(matching)
                              .order_by(col(BacklogItem.rank), col(BacklogItem.id)).limit(limit)))
    return items, total


def _matching(space_id: int, flt: Filter):
    conditions = [BacklogItem.space_id == space_id, *item_conditions(flt, BacklogItem.title)]
    if flt.assignee_id:
        conditions.append(col(BacklogItem.id).in_(
            select(Task.backlog_item_id).where(Task.space_id == space_id, Task.assignee_id == flt.assignee_id)))
    return and_(*conditions)
