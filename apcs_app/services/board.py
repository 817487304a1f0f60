"""The Kanban board: columns (order, WIP limits) and tasks (create, move, assign)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import datetime as dt

from sqlalchemy import and_, func, or_, union_all, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from apcs_app.domain import (
    NotFoundError,
    Action,
    Activity,
    BacklogItem,
    BoardColumn,
    ConflictError,
    InvalidError,
    ItemStatus,
    Task,
    User,
)
from apcs_app.domain.models import utcnow
from apcs_app.services import activity, filters, ranking, validate
from apcs_app.services.access import Actor, is_row_id, member_row, require_member
from apcs_app.services.backlog import get_item, set_status
from apcs_app.services.members import resolve_member

MIN_COLUMNS = 2


@dataclass
class Card:
    id: int
    title: str
    column_id: int
    rank: float
    version: int
    backlog_item_id: int
    item_title: str
    story_points: int | None
    priority: str
    assignee_id: int | None
    assignee_name: str | None
    done: bool


@dataclass
class ColumnView:
    id: int
    name: str
    position: int
    wip_limit: int | None
    cards: list[Card] = field(default_factory=list)
    # The column's cards on the board (archived ones are not), when `cards` holds only a page.
    total: int | None = None
    # `total` is a floor: the count stopped there (get_board's `count_up_to`), the column holds more.
    at_least: bool = False

    @property
    def count(self) -> int:
        return len(self.cards) if self.total is None else self.total

    @property
    def has_more(self) -> bool:
        return self.count > len(self.cards)

    @property
    def over_limit(self) -> bool:
        return self.wip_limit is not None and self.count > self.wip_limit


@dataclass
class ColumnPage:
    """One page of a column: `column.cards` in board order, `column.total` the column's count,
    `next_after` the cursor for the following page (None on the last)."""

    column: ColumnView
    next_after: int | None


# ---------------------------------------------------------------- columns


def columns(session: Session, space_id: int, *, fresh: bool = False) -> list[BoardColumn]:
    """The board's columns in order; `fresh=True` re-reads rows this session already holds
    (after a lock was taken, another writer may have reordered them)."""
    query = select(BoardColumn).where(BoardColumn.space_id == space_id).order_by(col(BoardColumn.position), col(BoardColumn.id))
    if fresh:
        query = query.execution_options(populate_existing=True)
    return list(session.exec(query))


# Lock order, so writers never deadlock: workspace → columns (by id) → tasks → items.
# A card write locks only the rows its rules read: the target column (its WIP limit and its
# ranks), the task, its item (the item's status follows its cards). Changes to the board's
# structure (which column is done) lock every column of the board after the workspace.


def _lock(session: Session, model, row_id: int, **where):
    """The row as committed now, locked until the transaction ends; None when it is gone."""
    query = select(model).where(model.id == row_id, *(getattr(model, k) == v for k, v in where.items()))
    return session.exec(query.with_for_update().execution_options(populate_existing=True)).first()


def _lock_columns(session: Session, space_id: int) -> list[BoardColumn]:
    session.exec(select(BoardColumn.id).where(BoardColumn.space_id == space_id)
                 .order_by(col(BoardColumn.id)).with_for_update()).all()
    return columns(session, space_id, fresh=True)


def get_column(session: Session, actor: Actor, column_id: int, *, lock: bool = False) -> BoardColumn:
    return member_row(session, actor, BoardColumn, column_id, lock=lock, missing=(
        f"Column {column_id} was not found in your workspaces; see the columns with get_kanban_board."))


def _unique_name(cols: list[BoardColumn], name: str, exclude: int | None = None) -> None:
    if any(c.name.casefold() == name.casefold() and c.id != exclude for c in cols):
        raise ConflictError(f"This board already has a column named '{name}'; pick another name.")


def create_column(session: Session, actor: Actor, space_id: int, name: str, order: int | None = None) -> BoardColumn:
    """Insert a column at 1-based `order`; by default just before the last (done) column."""
    require_member(session, actor, space_id, lock=True)
    name = validate.text(name, "Column name", max_len=60)
    cols = _lock_columns(session, space_id)
    _unique_name(cols, name)
    order = validate.positive_int(order, "Column order")
    index = max(len(cols) - 1, 0) if order is None else min(order - 1, len(cols))
    for c in cols[index:]:
        c.position += 1
    column = BoardColumn(space_id=space_id, name=name, position=index)
    session.add(column)
    _renumber(cols[:index] + [column] + cols[index:])
    session.flush()
    activity.record(
        session, actor, space_id=space_id, action=Action.CREATE_COLUMN, entity_type="column", entity_id=column.id,
        summary=f"added column '{name}' at position {index + 1}", after=activity.snapshot(column),
    )
    return column


def put_column_back(
    session: Session, actor: Actor, space_id: int, column_id: int, name, position: int | None, wip_limit: int | None
) -> BoardColumn:
    """Undo of a column's deletion: the same id again (so what pointed at it points at it again),
    at its 0-based position, under the rules a new column follows (name, WIP limit)."""
    require_member(session, actor, space_id, lock=True)
    name = validate.text(name, "Column name", max_len=60)
    cols = _lock_columns(session, space_id)
    _unique_name(cols, name)
    limit = validate.positive_int(wip_limit, "WIP limit", minimum=0)
    column = BoardColumn(id=column_id, space_id=space_id, name=name, wip_limit=limit or None)
    session.add(column)
    index = len(cols) if position is None else max(0, min(position, len(cols)))
    cols.insert(index, column)
    _renumber(cols)
    _sync_done_flags(session, cols)
    session.flush()
    return column


def _renumber(cols: list[BoardColumn]) -> None:
    for i, c in enumerate(cols):
        c.position = i


def update_column(
    session: Session, actor: Actor, column_id: int, *, name: str | None = None, wip_limit: int | None | str = "keep"
) -> BoardColumn:
    """Rename a column and/or set its WIP limit (None or 0 removes the limit)."""
    column = get_column(session, actor, column_id, lock=True)
    before = activity.snapshot(column)
    if name is not None:
        name = validate.text(name, "Column name", max_len=60)
        _unique_name(columns(session, column.space_id), name, exclude=column.id)
        column.name = name
    if wip_limit != "keep":
        limit = validate.positive_int(wip_limit, "WIP limit", minimum=0)
        column.wip_limit = limit or None
    activity.record(
        session, actor, space_id=column.space_id, action=Action.UPDATE_COLUMN, entity_type="column", entity_id=column.id,
        summary=f"updated column '{column.name}'" + (f" (WIP limit {column.wip_limit})" if column.wip_limit else ""),
        before=before, after=activity.snapshot(column),
    )
    session.flush()
    return column


def move_column(session: Session, actor: Actor, column_id: int, order: int) -> BoardColumn:
    column = get_column(session, actor, column_id, lock=True)
    order = validate.positive_int(order, "Column order", allow_none=False)
    cols = [c for c in _lock_columns(session, column.space_id) if c.id != column.id]
    before = {"position": column.position}
    cols.insert(min(order - 1, len(cols)), column)
    _renumber(cols)
    _sync_done_flags(session, cols)
    activity.record(
        session, actor, space_id=column.space_id, action=Action.MOVE_COLUMN, entity_type="column", entity_id=column.id,
        summary=f"moved column '{column.name}' to position {column.position + 1}", before=before,
        after={"position": column.position},
    )
    session.flush()
    return column


def delete_column(session: Session, actor: Actor, column_id: int, *, move_cards_to: int | None = None) -> None:
    """Delete a column; its cards, if any, go last into `move_cards_to` (another column of the
    same board, within its WIP limit). The last column left is the done column, as always."""
    column = get_column(session, actor, column_id, lock=True)
    cols = _lock_columns(session, column.space_id)
    column = next(c for c in cols if c.id == column.id)
    if len(cols) <= MIN_COLUMNS:
        raise ConflictError(f"A board needs at least {MIN_COLUMNS} columns; add another before deleting '{column.name}'.")
    tasks = _column_tasks(session, column.id)
    archived: list[dict] = []
    if tasks:
        if move_cards_to is None:
            raise ConflictError(f"Column '{column.name}' still holds {len(tasks)} task(s); "
                                "choose a column to move them to, or move them out first.")
        target = next((c for c in cols if c.id == move_cards_to and c.id != column.id), None)
        if target is None:
            raise InvalidError(
                f"Column {validate.excerpt(str(move_cards_to))} is not another column of this board; columns: "
                + ", ".join(f"{c.name} (id {c.id})" for c in cols if c.id != column.id) + "."
            )
        for task in tasks:
            if task.archived_at is not None:
                archived.append({"id": task.id, "rank": task.rank})
            if task.archived_at is None:
                move_task(session, actor, task.id, target.id)
            else:  # off the board: it follows its column's cards, taking no room in the target
                task.column_id, task.version = target.id, task.version + 1
                task.rank, _ = ranking.rank_at(_column_tasks(session, target.id, exclude=task.id), None)
    session.delete(column)
    rest = [c for c in cols if c.id != column.id]
    _renumber(rest)
    _sync_done_flags(session, rest)
    activity.record(
        session, actor, space_id=column.space_id, action=Action.DELETE_COLUMN, entity_type="column", entity_id=column_id,
        summary=f"deleted column '{column.name}'",
        # Its archived cards moved with no activity of their own: undo needs to know which.
        before={**activity.snapshot(column), "archived_cards": archived},
    )
    session.flush()


def _sync_done_flags(session: Session, cols: list[BoardColumn]) -> None:
    """After the column order changes, the last column is the done column again."""
    if not cols:
        return
    done_id = cols[-1].id
    tasks = list(session.exec(select(Task).where(col(Task.column_id).in_([c.id for c in cols]))))
    touched: set[int] = set()
    for task in tasks:
        if (task.column_id == done_id) != (task.done_at is not None):
            task.done_at = utcnow() if task.column_id == done_id else None
            if task.done_at is None:
                task.archived_at = None  # only done cards are archived: unfinished again, it is back on the board
            touched.add(task.backlog_item_id)
    for item_id in touched:
        sync_item_status(session, session.get(BacklogItem, item_id), cols[0].id)


# ---------------------------------------------------------------- reading the board


def get_board(session: Session, actor: Actor, space_id: int, *, per_column: int | None = None,
              count_up_to: int | None = None) -> list[ColumnView]:
    """The board's columns in order with their cards (archived cards are off the board).

    `per_column=None`: every card, in rank order, in a fixed number of queries whatever the size.
    `per_column=N`: each column's first N cards and its `total` (`has_more` says whether there
    are more): work columns in rank order, the done (last) column most recently done first —
    also a fixed number of queries (four), each reading only what it returns through the indexes, so a board
    with 50,000 done cards costs what one with 50 does. Page on with get_column_page.
    `count_up_to=N` (with `per_column`): each column's cards are counted up to N (or one past its
    WIP limit) and `at_least` says the column holds more, so that no column's size costs a
    refill more than N rows of an index; without it, totals are exact."""
    require_member(session, actor, space_id)
    cols = columns(session, space_id)
    views = {c.id: ColumnView(c.id, c.name, c.position, c.wip_limit) for c in cols}
    if per_column is None:
        _fill_cards(session, views, and_(Task.space_id == space_id, col(Task.archived_at).is_(None)))
        return list(views.values())
    limit = validate.positive_int(per_column, "Cards per column", allow_none=False, minimum=1)
    if not cols:
        return []
    done_id = cols[-1].id
    caps = {c.id: max(count_up_to, (c.wip_limit or 0) + 1) for c in cols} if count_up_to is not None else {}
    for view in views.values():
        view.total = 0
    for column_id, total in _column_totals(session, space_id, caps):
        views[column_id].total = total
        views[column_id].at_least = column_id in caps and total >= caps[column_id]
    firsts = [select(Task.id).where(Task.column_id == c.id, col(Task.archived_at).is_(None))
              .order_by(*_board_order(c.id == done_id)).limit(limit).subquery().select() for c in cols]
    _fill_cards(session, views, col(Task.id).in_(union_all(*firsts)), recent_first=done_id)
    return list(views.values())


def _column_totals(session: Session, space_id: int, caps: dict[int, int]) -> list[tuple[int, int]]:
    """(column id, cards on the board) for the columns holding any; with `caps`, each column's
    count stops at its cap (one statement, each part reading at most its cap of index rows)."""
    on_board = col(Task.archived_at).is_(None)
    if not caps:
        return list(session.exec(select(Task.column_id, func.count()).where(Task.space_id == space_id, on_board)
                                 .group_by(col(Task.column_id))).all())
    parts = [select(Task.column_id).where(Task.column_id == column_id, on_board).limit(cap).subquery().select()
             for column_id, cap in caps.items()]
    counted = union_all(*parts).subquery()
    return list(session.exec(select(counted.c.column_id, func.count()).group_by(counted.c.column_id)).all())


def get_column_page(
    session: Session, actor: Actor, column_id: int, *, limit: int = 50, after: int | None = None
) -> ColumnPage:
    """`limit` cards of a column after the card `after` (a task id from the previous page's
    `next_after`; None = from the top), in board order: rank order for work columns, most
    recently done first for the done column ("show older"). A cursor that is no longer in the
    column (moved, archived) starts from the top. Four or five queries, whatever the column's size."""
    column = get_column(session, actor, column_id)
    limit = validate.positive_int(limit, "Limit", allow_none=False, minimum=1)
    limit = min(limit, MAX_PAGE)
    done = column.id == columns(session, column.space_id)[-1].id
    on_board = and_(Task.column_id == column.id, col(Task.archived_at).is_(None))
    query = select(Task.id).where(on_board)
    cursor = session.exec(select(Task.rank, Task.done_at, Task.id).where(on_board, Task.id == after)).first() \
        if is_row_id(after) else None
    if cursor is not None:
        rank, done_at, task_id = cursor
        if done:
            query = query.where(or_(col(Task.done_at) < done_at, and_(Task.done_at == done_at, col(Task.id) < task_id)))
        else:
            query = query.where(or_(col(Task.rank) > rank, and_(Task.rank == rank, col(Task.id) > task_id)))
    view = ColumnView(column.id, column.name, column.position, column.wip_limit)
    view.total = session.exec(select(func.count()).select_from(Task).where(on_board)).one()
    ids = query.order_by(*_board_order(done)).limit(limit + 1).subquery().select()
    _fill_cards(session, {column.id: view}, col(Task.id).in_(ids), recent_first=column.id if done else None)
    more = len(view.cards) > limit
    del view.cards[limit:]
    return ColumnPage(view, view.cards[-1].id if more else None)


MAX_PAGE = 500


def _board_order(done: bool) -> tuple:
    if done:
        return col(Task.done_at).desc(), col(Task.id).desc()
    return col(Task.rank), col(Task.id)


def get_column_tasks(session: Session, actor: Actor, column_id: int) -> ColumnView:
    column = get_column(session, actor, column_id)
    view = ColumnView(column.id, column.name, column.position, column.wip_limit)
    _fill_cards(session, {column.id: view}, and_(Task.column_id == column_id, col(Task.archived_at).is_(None)))
    return view


def find_cards(session: Session, actor: Actor, space_id: int, flt: filters.Filter, *,
               per_column: int | None = None, limits: Mapping[int, int] | None = None) -> list[ColumnView]:
    """The board's columns holding only the cards that match `flt` (every column, even empty),
    searched in the database rather than among the cards a browser was sent.

    `per_column=N`: each column's first N matches (`limits` gives some columns more) and its
    `total` of matches, so a filter that matches most of a 50,000-card board reads and sends a
    page of each column, not all of them. Columns are in rank order, the done column most recently
    done first, as on the board."""
    require_member(session, actor, space_id)
    cols = columns(session, space_id)
    views = {c.id: ColumnView(c.id, c.name, c.position, c.wip_limit) for c in cols}
    conditions = [Task.space_id == space_id, col(Task.archived_at).is_(None),
                  *filters.item_conditions(flt, Task.title, BacklogItem.title)]
    if flt.assignee_id:
        conditions.append(Task.assignee_id == flt.assignee_id)
    matching = and_(*conditions)
    if per_column is None or not cols:
        _fill_cards(session, views, matching)
        return list(views.values())
    limit = validate.positive_int(per_column, "Cards per column", allow_none=False, minimum=1)
    totals = dict(session.exec(
        select(Task.column_id, func.count()).join(BacklogItem, col(BacklogItem.id) == Task.backlog_item_id)
        .where(matching).group_by(col(Task.column_id))
    ).all())
    for view in views.values():
        view.total = totals.get(view.id, 0)
    done_id = cols[-1].id
    wanted = [c for c in cols if totals.get(c.id)]
    if not wanted:
        return list(views.values())
    firsts = [select(Task.id).join(BacklogItem, col(BacklogItem.id) == Task.backlog_item_id)
              .where(matching, Task.column_id == c.id).order_by(*_board_order(c.id == done_id))
              .limit(max(limit, (limits or {}).get(c.id, limit))).subquery().select() for c in wanted]
    _fill_cards(session, views, col(Task.id).in_(union_all(*firsts)), recent_first=done_id)
    return list(views.values())


def _fill_cards(session: Session, views: dict[int, ColumnView], where, recent_first: int | None = None) -> None:
    """Cards in rank order; those of column `recent_first` most recently done first."""
    # Plain columns, not ORM entities: a 5,000-card board would otherwise spend most of its
    # time building identity-mapped objects nobody modifies.
    assignee = aliased(User)
    rows = session.exec(
        select(Task.id, Task.title, Task.column_id, Task.rank, Task.version, Task.backlog_item_id,
               BacklogItem.title, BacklogItem.story_points, BacklogItem.priority, Task.assignee_id,
               assignee.name, Task.done_at)
        .join(BacklogItem, col(BacklogItem.id) == Task.backlog_item_id)
        .outerjoin(assignee, col(assignee.id) == Task.assignee_id)
        .where(where)
        .order_by(col(Task.column_id), col(Task.rank), col(Task.id))
    ).all()
    if recent_first is not None:
        recent = sorted((r for r in rows if r[2] == recent_first), key=lambda r: _done_key(r[11], r[0]), reverse=True)
        rows = [r for r in rows if r[2] != recent_first] + recent
    for row in rows:
        view = views.get(row[2])
        if view is not None:
            view.cards.append(Card(*row[:11], row[11] is not None))


def _done_key(done_at: dt.datetime | None, task_id: int) -> tuple:
    if done_at is None:
        return (0.0, task_id)
    if done_at.tzinfo is None:
        done_at = done_at.replace(tzinfo=dt.UTC)
    return (done_at.timestamp(), task_id)


# ---------------------------------------------------------------- tasks


def get_task(session: Session, actor: Actor, task_id: int, *, lock: bool = False) -> Task:
    return member_row(session, actor, Task, task_id, lock=lock, missing=(
        f"Task {task_id} was not found in your workspaces; see the tasks with get_kanban_board."))


def check_wip(session: Session, column: BoardColumn, exclude_task: int | None = None) -> None:
    """Room for one more card in `column`? Its cards counted through the (column_id, rank)
    index up to the limit, the caller holding the column's lock; archived cards are off the
    board and take no room."""
    if column.wip_limit is None:
        return
    cards = select(Task.id).where(Task.column_id == column.id, col(Task.archived_at).is_(None))
    if exclude_task is not None:
        cards = cards.where(Task.id != exclude_task)
    # counted up to the limit: a full column is full however many cards it holds past it
    if session.exec(select(func.count()).select_from(cards.limit(column.wip_limit).subquery())).one() >= column.wip_limit:
        count = session.exec(select(func.count()).select_from(cards.subquery())).one()  # for the message
        raise ConflictError(
            f"Column '{column.name}' is at its WIP limit ({count}/{column.wip_limit}); "
            "finish or move a task out of it first, or raise the limit."
        )


def _column_tasks(session: Session, column_id: int, exclude: int | None = None) -> list[Task]:
    query = select(Task).where(Task.column_id == column_id)
    if exclude is not None:
        query = query.where(Task.id != exclude)
    return list(session.exec(query.order_by(col(Task.rank), col(Task.id))))


def sync_item_status(session: Session, item: BacklogItem, first_column_id: int) -> None:
    tasks = list(session.exec(select(Task).where(Task.backlog_item_id == item.id)))
    if not tasks:
        return
    if all(t.done_at is not None for t in tasks):
        set_status(item, ItemStatus.DONE)
    elif item.status == ItemStatus.DONE or any(
        t.done_at is not None or t.column_id != first_column_id for t in tasks
    ):
        set_status(item, ItemStatus.IN_PROGRESS)


Neighbour = tuple[float, int]  # (rank, id): board order


def _neighbours(
    session: Session, column_id: int, exclude: int | None, position: int | None
) -> tuple[Neighbour | None, Neighbour | None]:
    """The cards just before and after slot `position` (0 = top, None = the end) of a column
    without the card `exclude`: at most two rows read through the (column_id, rank) index."""
    base = select(Task.rank, Task.id).where(Task.column_id == column_id)
    if exclude is not None:
        base = base.where(Task.id != exclude)
    if position is not None:
        ordered = base.order_by(col(Task.rank), col(Task.id))
        if position == 0:
            first = session.exec(ordered.limit(1)).first()
            return None, (tuple(first) if first else None)
        rows = session.exec(ordered.offset(position - 1).limit(2)).all()
        if rows:
            return tuple(rows[0]), (tuple(rows[1]) if len(rows) > 1 else None)
    last = session.exec(base.order_by(col(Task.rank).desc(), col(Task.id).desc()).limit(1)).first()
    return (tuple(last) if last else None), None


def _place(
    session: Session, task: Task, column: BoardColumn, position: int | None, cols: list[BoardColumn],
    neighbours: tuple[Neighbour | None, Neighbour | None] | None = None,
) -> None:
    """Put the task in the column at `position`, ranked between its two new neighbours; only
    when that gap is exhausted is the column renumbered (the caller holds its lock)."""
    before, after = neighbours or _neighbours(session, column.id, task.id, position)
    rank = ranking.between(before and before[0], after and after[0])
    if rank is None:
        others = select(Task.id).where(Task.column_id == column.id)
        if task.id is not None:
            others = others.where(Task.id != task.id)
        ids = list(session.exec(others.order_by(col(Task.rank), col(Task.id))))
        rows, rank = ranking.renumbered(ids, position if position is not None else len(ids))
        session.execute(update(Task), rows)
    task.column_id = column.id
    task.rank = rank
    is_done = column.id == cols[-1].id
    if is_done and task.done_at is None:
        task.done_at = utcnow()
    elif not is_done:
        task.done_at = None


def _column_error(column_id: object, cols: list[BoardColumn], where: str) -> InvalidError:
    return InvalidError(
        f"Column {validate.excerpt(str(column_id))} is not on {where}; columns: "
        + ", ".join(f"{c.name} (id {c.id})" for c in cols) + "."
    )


def _locked_column(session: Session, space_id: int, column_id: object) -> BoardColumn | None:
    return _lock(session, BoardColumn, column_id, space_id=space_id) if is_row_id(column_id) else None


def _locked_item(session: Session, item_id: int) -> BacklogItem:
    item = _lock(session, BacklogItem, item_id)
    if item is None:
        raise NotFoundError(f"Backlog item #{item_id} was deleted meanwhile; reload the board.")
    return item


def create_task(
    session: Session, actor: Actor, backlog_item_id: int, column_id: int | None = None, title: str | None = None
) -> Task:
    item = get_item(session, actor, backlog_item_id)
    if column_id is None:
        first = session.exec(select(BoardColumn.id).where(BoardColumn.space_id == item.space_id)
                             .order_by(col(BoardColumn.position), col(BoardColumn.id)).limit(1)).first()
        column = _locked_column(session, item.space_id, first)
    else:
        column = _locked_column(session, item.space_id, column_id)
    cols = columns(session, item.space_id, fresh=column is not None)
    if column is None:
        raise _column_error(column_id, cols, "this workspace's board")
    check_wip(session, column)
    task = Task(
        space_id=item.space_id, backlog_item_id=item.id, column_id=column.id,
        title=validate.text(title, "Task title", max_len=200, required=False) or item.title,
    )
    item = _locked_item(session, item.id)
    _place(session, task, column, None, cols)
    session.add(task)
    session.flush()
    item_before = item.status
    sync_item_status(session, item, cols[0].id)
    activity.record(
        session, actor, space_id=item.space_id, action=Action.CREATE_TASK, entity_type="task", entity_id=task.id,
        summary=f"created task #{task.id} '{task.title}' in {column.name}",
        before={"item_status": item_before},
        after={**activity.snapshot(task, "title", "column_id", "backlog_item_id", "rank"), "item_status": item.status},
    )
    return task


def move_task(
    session: Session,
    actor: Actor,
    task_id: int,
    column_id: int,
    position: int | None = None,
    expected_version: int | None = None,
) -> tuple[Task, bool]:
    """Move a task to a column (and position, 0 = top). Returns (task, changed).

    Reads a fixed handful of rows whatever the board's size, and locks the target column,
    the task and its item — moves into other columns of the workspace run alongside."""
    found = get_task(session, actor, task_id)
    column = _locked_column(session, found.space_id, column_id)
    task = _lock(session, Task, found.id)
    if task is None:
        raise NotFoundError(f"Task {task_id} was deleted meanwhile; reload the board.")
    if task.archived_at is not None:
        raise ConflictError(f"Task #{task.id} '{task.title}' is archived; restore it to the board before moving it.")
    if expected_version is not None and task.version != expected_version:
        raise ConflictError(f"Task #{task.id} was moved or changed by someone else meanwhile; reload the board.")
    cols = columns(session, task.space_id, fresh=True)
    if task.column_id not in {c.id for c in cols}:
        # Inconsistent data (a task whose column is on another board): moving it would write
        # history about a column its workspace does not have. Refuse; it needs a repair.
        raise ConflictError(
            f"Task #{task.id} sits in column {task.column_id}, which is not on its workspace's board; "
            "it cannot be moved until that is repaired (delete the task and create it again)."
        )
    if column is None:
        raise _column_error(column_id, cols, "the board of this task's workspace")
    position = validate.positive_int(position, "Position", minimum=0)
    if task.column_id == column.id:
        if position is None:
            return task, False  # already there: retrying a move is a no-op
        neighbours = _neighbours(session, column.id, task.id, position)
        before, after = neighbours
        here = (task.rank, task.id)
        if (before is None or before < here) and (after is None or here < after):
            return task, False
    else:
        check_wip(session, column, exclude_task=task.id)
        neighbours = None
    from_name = next(c.name for c in cols if c.id == task.column_id)
    item = _locked_item(session, task.backlog_item_id)
    # The item's status is part of the change: undo restores it exactly.
    before = {**activity.snapshot(task, "column_id", "rank", "done_at"), "item_status": item.status}
    _place(session, task, column, position, cols, neighbours)
    task.version += 1
    sync_item_status(session, item, cols[0].id)
    activity.record(
        session, actor, space_id=task.space_id, action=Action.MOVE_TASK, entity_type="task", entity_id=task.id,
        summary=f"moved task #{task.id} '{task.title}' from {from_name} to {column.name}",
        before=before, after={**activity.snapshot(task, "column_id", "rank", "done_at"), "item_status": item.status},
    )
    session.flush()
    return task, True


def assign_task(session: Session, actor: Actor, task_id: int, user_id: int | None) -> Task:
    task = get_task(session, actor, task_id, lock=True)
    before = {"assignee_id": task.assignee_id}
    name = "nobody"
    if user_id is not None:
        member = resolve_member(session, actor, task.space_id, user_id)
        user_id, name = member.user_id, member.name
    if task.assignee_id == user_id:
        return task
    task.assignee_id = user_id
    task.version += 1
    activity.record(
        session, actor, space_id=task.space_id, action=Action.ASSIGN_TASK, entity_type="task", entity_id=task.id,
        summary=f"assigned task #{task.id} '{task.title}' to {name}", before=before, after={"assignee_id": user_id},
    )
    session.flush()
    return task


def update_task(session: Session, actor: Actor, task_id: int, title: str) -> Task:
    task = get_task(session, actor, task_id, lock=True)
    before = {"title": task.title}
    task.title = validate.text(title, "Task title", max_len=200)
    task.version += 1
    activity.record(
        session, actor, space_id=task.space_id, action=Action.UPDATE_TASK, entity_type="task", entity_id=task.id,
        summary=f"renamed task #{task.id} to '{task.title}'", before=before, after={"title": task.title},
    )
    session.flush()
    return task


def delete_task(session: Session, actor: Actor, task_id: int) -> None:
    task = get_task(session, actor, task_id, lock=True)
    # The whole row and the item's status: what undo needs to put the very same card back.
    item = session.get(BacklogItem, task.backlog_item_id)
    before = {**activity.snapshot(task), "item_status": item.status}
    session.delete(task)
    session.flush()
    cols = columns(session, task.space_id)
    sync_item_status(session, session.get(BacklogItem, task.backlog_item_id), cols[0].id)
    activity.record(
        session, actor, space_id=task.space_id, action=Action.DELETE_TASK, entity_type="task", entity_id=task_id,
        summary=f"deleted task #{task_id} '{task.title}'", before=before,
    )
    session.flush()



def task_history(session: Session, actor: Actor, task_id: int, limit: int = 50) -> list[Activity]:
    """What happened to a task and to its backlog item, newest first (the card's details)."""
    task = get_task(session, actor, task_id)
    about_task = (col(Activity.entity_type) == "task") & (col(Activity.entity_id) == task.id)
    about_item = (col(Activity.entity_type) == "backlog_item") & (col(Activity.entity_id) == task.backlog_item_id)
    return list(session.exec(
        select(Activity).where(Activity.space_id == task.space_id, or_(about_task, about_item))
        .order_by(col(Activity.created_at).desc(), col(Activity.id).desc()).limit(max(1, min(limit, 200)))
    ))
