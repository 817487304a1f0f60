"""Listings a page at a time, with filters: what lets a caller with a small window (a language
model, a phone) read a board of any size. Each listing counts what matches, returns at most
`limit` rows, and gives a cursor for the next page.

A cursor is opaque to callers: the offset of the next row, tied to the listing and its filters
(a cursor from another listing or other filters is refused, not silently misread). Offsets, not
keysets: a board changes under a reader anyway, and an agent pages through at most a few pages.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from apcs_app.domain import (
    BacklogItem,
    BoardColumn,
    InvalidError,
    ItemStatus,
    Priority,
    Sprint,
    SprintItem,
    SprintStatus,
    Task,
    User,
)
from apcs_app.services import board, sprints, validate
from apcs_app.services.access import Actor, require_member
from apcs_app.services.board import Card, ColumnView
from apcs_app.services.members import resolve_member

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_WORDS = 10
UNASSIGNED = ("none", "nobody", "unassigned")

T = TypeVar("T")


@dataclass(frozen=True)
class Filters:
    """What a listing keeps; None keeps everything. `words`: each must be in the title."""

    column_id: int | None = None
    status: str | None = None
    priority: str | None = None
    assignee: int | str | None = None  # id, email or name of a member; "none" = unassigned
    sprint_id: int | None = None
    words: str | None = None


@dataclass
class Page(Generic[T]):
    rows: list[T]
    total_count: int
    next_cursor: str | None

    @property
    def truncated(self) -> bool:
        return self.next_cursor is not None


@dataclass
class BoardPage(Page[Card]):
    columns: list[ColumnView] = field(default_factory=list)  # every column, cards of this page in each
    column_counts: dict[int, int] = field(default_factory=dict)  # all tasks in each column (WIP)


@dataclass
class BacklogPage(Page[BacklogItem]):
    total_points: int = 0  # of every matching item, not only this page's


@dataclass
class SprintBacklogPage(Page[BacklogItem]):
    sprint: Sprint | None = None
    total_points: int = 0  # of the whole sprint
    done_points: int = 0


@dataclass
class ProductBacklogPage(Page[tuple[BacklogItem, Sprint | None]]):
    unplanned_points: int = 0  # of every matching item in no open sprint


# ---------------------------------------------------------------- cursors


def _fingerprint(listing: str, scope: Any, filters: Filters) -> str:
    raw = json.dumps([listing, scope, asdict(filters)], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def _cursor(listing: str, scope: Any, filters: Filters, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{offset}:{_fingerprint(listing, scope, filters)}".encode()).decode().rstrip("=")


def _offset(listing: str, scope: Any, filters: Filters, cursor: str | None) -> int:
    if cursor is None or not str(cursor).strip():
        return 0
    try:
        text = base64.urlsafe_b64decode(str(cursor).strip() + "=" * (-len(str(cursor).strip()) % 4)).decode()
        offset, _, mark = text.partition(":")
        offset = int(offset) if offset.isascii() and offset.isdigit() and len(offset) <= 9 else -1
    except (ValueError, UnicodeDecodeError):
        offset, mark = -1, ""
    if offset < 0:
        raise InvalidError("This cursor is not one this listing gave; omit it to start from the first page.")
    if mark != _fingerprint(listing, scope, filters):
        raise InvalidError("This cursor belongs to another listing or other filters; pass the same filters as the "
                           "call that returned it, or omit it to start from the first page.")
    return offset


def _limit(limit: Any) -> int:
    return validate.positive_int(limit, "Limit", allow_none=True, maximum=MAX_LIMIT) or DEFAULT_LIMIT


def _next(listing: str, scope: Any, filters: Filters, offset: int, shown: int, total: int) -> str | None:
    return _cursor(listing, scope, filters, offset + shown) if offset + shown < total else None


def slice_page(rows: Sequence[T], listing: str, scope: Any, cursor: str | None, limit: Any,
               filters: Filters = Filters()) -> Page[T]:
    """A page of a list already in memory (a user's workspaces, a workspace's sprints or members)."""
    offset, limit = _offset(listing, scope, filters, cursor), _limit(limit)
    shown = list(rows[offset:offset + limit])
    return Page(shown, len(rows), _next(listing, scope, filters, offset, len(shown), len(rows)))


# ---------------------------------------------------------------- filters as SQL


def _words(words: str | None) -> list[str]:
    text = validate.text(words, "Words", max_len=200, required=False)
    found = (text or "").casefold().split()
    if len(found) > MAX_WORDS:
        raise InvalidError(f"Give at most {MAX_WORDS} words to look for in titles; got {len(found)}.")
    return found


def _assignee_id(session: Session, actor: Actor, space_id: int, who: int | str) -> int | None:
    if isinstance(who, str) and who.strip().casefold() in UNASSIGNED:
        return None
    return resolve_member(session, actor, space_id, who).user_id


def _sprint_items(session: Session, actor: Actor, space_id: int, sprint_id: int):
    sprint = sprints.get_sprint(session, actor, space_id, sprint_id, statuses=tuple(SprintStatus))
    return select(SprintItem.backlog_item_id).where(SprintItem.sprint_id == sprint.id)


def _item_conditions(session: Session, actor: Actor, space_id: int, f: Filters) -> list[Any]:
    where: list[Any] = [BacklogItem.space_id == space_id]
    if f.status:
        where.append(BacklogItem.status == ItemStatus.parse(f.status, "Status"))
    if f.priority:
        where.append(BacklogItem.priority == Priority.parse(f.priority, "Priority"))
    if f.sprint_id is not None:
        where.append(col(BacklogItem.id).in_(_sprint_items(session, actor, space_id, f.sprint_id)))
    where += [func.lower(BacklogItem.title).contains(w, autoescape=True) for w in _words(f.words)]
    return where


def _task_conditions(session: Session, actor: Actor, space_id: int, f: Filters) -> list[Any]:
    where: list[Any] = [Task.space_id == space_id, col(Task.archived_at).is_(None)]  # archived: off the board
    if f.column_id is not None:
        where.append(Task.column_id == f.column_id)
    if f.status:
        where.append(BacklogItem.status == ItemStatus.parse(f.status, "Status"))
    if f.priority:
        where.append(BacklogItem.priority == Priority.parse(f.priority, "Priority"))
    if f.assignee is not None:
        who = _assignee_id(session, actor, space_id, f.assignee)
        where.append(col(Task.assignee_id).is_(None) if who is None else Task.assignee_id == who)
    if f.sprint_id is not None:
        where.append(col(Task.backlog_item_id).in_(_sprint_items(session, actor, space_id, f.sprint_id)))
    where += [func.lower(Task.title).contains(w, autoescape=True) for w in _words(f.words)]
    return where


# ---------------------------------------------------------------- the listings


def board_page(session: Session, actor: Actor, space_id: int, f: Filters = Filters(), cursor: str | None = None,
               limit: Any = None, *, listing: str = "board") -> BoardPage:
    """Tasks in board order (column by column, top first) that match `f`, a page of them placed in
    their columns; every column is listed, with the count of all its tasks (for WIP limits)."""
    require_member(session, actor, space_id)
    cols = board.columns(session, space_id)
    if f.column_id is not None and f.column_id not in {c.id for c in cols}:
        raise InvalidError(f"Column {f.column_id} is not on this board; columns: "
                           + ", ".join(f"{c.name} (id {c.id})" for c in cols) + ".")
    offset, limit = _offset(listing, space_id, f, cursor), _limit(limit)
    where = _task_conditions(session, actor, space_id, f)
    joined = lambda q: q.join(BacklogItem, col(BacklogItem.id) == Task.backlog_item_id).where(*where)  # noqa: E731
    total = session.exec(joined(select(func.count()).select_from(Task))).one()
    assignee = aliased(User)
    rows = session.exec(joined(
        select(Task.id, Task.title, Task.column_id, Task.rank, Task.version, Task.backlog_item_id,
               BacklogItem.title, BacklogItem.story_points, BacklogItem.priority, Task.assignee_id,
               assignee.name, Task.done_at))
        .join(BoardColumn, col(BoardColumn.id) == Task.column_id)
        .outerjoin(assignee, col(assignee.id) == Task.assignee_id)
        .order_by(col(BoardColumn.position), col(Task.column_id), col(Task.rank), col(Task.id))
        .offset(offset).limit(limit)).all()
    cards = [Card(*row[:11], row[11] is not None) for row in rows]
    views = {c.id: ColumnView(c.id, c.name, c.position, c.wip_limit) for c in cols}
    for card in cards:
        views[card.column_id].cards.append(card)
    counts = dict(session.exec(select(Task.column_id, func.count()).where(Task.space_id == space_id,
                                                                      col(Task.archived_at).is_(None))
                               .group_by(col(Task.column_id))).all())
    return BoardPage(cards, total, _next(listing, space_id, f, offset, len(cards), total),
                     columns=list(views.values()), column_counts={c.id: counts.get(c.id, 0) for c in cols})


def column_page(session: Session, actor: Actor, column_id: int, f: Filters = Filters(), cursor: str | None = None,
                limit: Any = None) -> tuple[ColumnView, BoardPage]:
    """One column's tasks that match `f`, a page at a time."""
    column = board.get_column(session, actor, column_id)
    page = board_page(session, actor, column.space_id, Filters(**{**asdict(f), "column_id": column.id}), cursor, limit,
                      listing="column")
    return next(v for v in page.columns if v.id == column.id), page


def backlog_page(session: Session, actor: Actor, space_id: int, f: Filters = Filters(), cursor: str | None = None,
                 limit: Any = None) -> BacklogPage:
    """Backlog items in backlog order that match `f` (`assignee`: items with a task assigned to them)."""
    require_member(session, actor, space_id)
    offset, limit = _offset("backlog", space_id, f, cursor), _limit(limit)
    where = _item_conditions(session, actor, space_id, f)
    if f.assignee is not None:
        who = _assignee_id(session, actor, space_id, f.assignee)
        assigned = select(Task.backlog_item_id).where(
            col(Task.assignee_id).is_(None) if who is None else Task.assignee_id == who)
        where.append(col(BacklogItem.id).in_(assigned))
    total, points = session.exec(select(func.count(), func.coalesce(func.sum(BacklogItem.story_points), 0))
                                 .select_from(BacklogItem).where(*where)).one()
    items = list(session.exec(select(BacklogItem).where(*where).order_by(col(BacklogItem.rank), col(BacklogItem.id))
                              .offset(offset).limit(limit)))
    return BacklogPage(items, total, _next("backlog", space_id, f, offset, len(items), total), total_points=points)


def sprint_backlog_page(session: Session, actor: Actor, space_id: int, sprint_id: int | None = None,
                        f: Filters = Filters(), cursor: str | None = None, limit: Any = None) -> SprintBacklogPage:
    """A sprint's items (default: the current sprint) that match `f`; points are the whole sprint's."""
    sprint = sprints.get_sprint(session, actor, space_id, sprint_id)
    offset, limit = _offset("sprint_backlog", sprint.id, f, cursor), _limit(limit)
    in_sprint = col(BacklogItem.id).in_(select(SprintItem.backlog_item_id).where(SprintItem.sprint_id == sprint.id))
    where = [in_sprint, *_item_conditions(session, actor, space_id, Filters(status=f.status, priority=f.priority,
                                                                          words=f.words))]
    total = session.exec(select(func.count()).select_from(BacklogItem).where(*where)).one()
    points, done = session.exec(select(
        func.coalesce(func.sum(BacklogItem.story_points), 0),
        func.coalesce(func.sum(BacklogItem.story_points).filter(BacklogItem.status == ItemStatus.DONE), 0),
    ).where(in_sprint)).one()
    items = list(session.exec(select(BacklogItem).where(*where).order_by(col(BacklogItem.rank), col(BacklogItem.id))
                              .offset(offset).limit(limit)))
    return SprintBacklogPage(items, total, _next("sprint_backlog", sprint.id, f, offset, len(items), total),
                             sprint=sprint, total_points=points, done_points=done)


def product_backlog_page(session: Session, actor: Actor, space_id: int, f: Filters = Filters(),
                         cursor: str | None = None, limit: Any = None) -> ProductBacklogPage:
    """What sprint planning picks from: items not DONE (unless `f.status` asks for them), each with
    the open sprint it is already in."""
    sprints.require_scrum_space(session, actor, space_id)
    offset, limit = _offset("product_backlog", space_id, f, cursor), _limit(limit)
    where = _item_conditions(session, actor, space_id, f)
    if not f.status:
        where.append(BacklogItem.status != ItemStatus.DONE)
    planned_sprint = (select(SprintItem.backlog_item_id, Sprint.id.label("sprint_id"))
                      .join(Sprint, col(SprintItem.sprint_id) == Sprint.id)
                      .where(Sprint.space_id == space_id, col(Sprint.status).in_(sprints.OPEN)).subquery())
    total, unplanned = session.exec(
        select(func.count(), func.coalesce(func.sum(BacklogItem.story_points).filter(
            planned_sprint.c.sprint_id.is_(None)), 0))
        .select_from(BacklogItem).outerjoin(planned_sprint, planned_sprint.c.backlog_item_id == BacklogItem.id)
        .where(*where)).one()
    items = list(session.exec(select(BacklogItem).where(*where).order_by(col(BacklogItem.rank), col(BacklogItem.id))
                              .offset(offset).limit(limit)))
    links = dict(session.exec(
        select(SprintItem.backlog_item_id, Sprint).join(Sprint, col(SprintItem.sprint_id) == Sprint.id)
        .where(Sprint.space_id == space_id, col(Sprint.status).in_(sprints.OPEN),
               col(SprintItem.backlog_item_id).in_([i.id for i in items]))).all()) if items else {}
    return ProductBacklogPage([(i, links.get(i.id)) for i in items], total,
                              _next("product_backlog", space_id, f, offset, len(items), total),
                              unplanned_points=unplanned)
