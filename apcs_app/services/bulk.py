"""Many cards at once (large demo workspaces, seeding): the rules of one create — valid titles,
points and priorities, a column of this board, WIP limits, unique ranks after the cards
already there, item statuses that follow the cards — applied to the whole batch, written
in bulk inserts instead of a round of queries per card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from apcs_app.domain import Action, Activity, BacklogItem, ConflictError, InvalidError, ItemStatus, Priority, Task
from apcs_app.domain.models import utcnow
from apcs_app.services import board, ranking, validate
from apcs_app.services.access import Actor, require_member

MAX_CARDS = 100_000


@dataclass(frozen=True)
class NewCard:
    """A backlog item and its card. `column` is an index into the board's columns; the times
    date its history: created, left the first column, reached the last (None = now)."""

    title: str
    story_points: Any = None
    priority: Any = None
    column: int = 0
    created_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    done_at: dt.datetime | None = None


def add_cards(session: Session, actor: Actor, space_id: int, cards: Sequence[NewCard]) -> list[int]:
    """Create an item and its card for each of `cards`, in order after what the backlog and
    the columns already hold; all or nothing. Returns the new task ids."""
    require_member(session, actor, space_id, lock=True)
    cols = board._lock_columns(session, space_id)
    if not isinstance(cards, Sequence) or not 1 <= len(cards) <= MAX_CARDS:
        raise InvalidError(f"Give between 1 and {MAX_CARDS:,} cards.")
    now = utcnow()
    clean = [_validated(n, card, len(cols), now) for n, card in enumerate(cards)]
    _check_wip(session, cols, clean)

    last_item = session.exec(select(func.max(BacklogItem.rank)).where(BacklogItem.space_id == space_id)).one()
    item_rank = ranking.between(last_item, None)
    last_ranks = dict(session.exec(select(Task.column_id, func.max(Task.rank))
                                   .where(col(Task.column_id).in_([c.id for c in cols])).group_by(col(Task.column_id))).all())
    task_ranks = {c.id: ranking.between(last_ranks.get(c.id), None) for c in cols}
    done_index = len(cols) - 1

    item_rows = []
    for n, card in enumerate(clean):
        status = ItemStatus.DONE if card["column"] == done_index else \
            ItemStatus.TODO if card["column"] == 0 else ItemStatus.IN_PROGRESS
        item_rows.append({
            "space_id": space_id, "title": card["title"], "story_points": card["points"], "priority": card["priority"],
            "status": status, "rank": item_rank + n * ranking.STEP, "version": 1, "created_by": actor.user_id,
            "created_at": card["created"], "updated_at": card["done"] or card["started"] or card["created"],
            "completed_at": card["done"]})
    # Plain multi-row inserts, the new ids read back by rank: the workspace lock keeps other
    # items out of this rank range, and RETURNING on a batch costs far more here.
    session.execute(insert(BacklogItem.__table__), item_rows)
    item_ids = list(session.exec(select(BacklogItem.id).where(BacklogItem.space_id == space_id,
                                                              col(BacklogItem.rank) >= item_rank)
                                 .order_by(col(BacklogItem.rank))))
    task_rows = []
    for card, item_id in zip(clean, item_ids, strict=True):
        column = cols[card["column"]]
        rank, task_ranks[column.id] = task_ranks[column.id], task_ranks[column.id] + ranking.STEP
        task_rows.append({
            "space_id": space_id, "backlog_item_id": item_id, "column_id": column.id, "title": card["title"],
            "rank": rank, "version": len(_trip(card["column"], done_index)),
            "created_at": card["created"], "done_at": card["done"]})
    session.execute(insert(Task.__table__), task_rows)
    by_item = dict(session.exec(select(Task.backlog_item_id, Task.id).where(
        Task.space_id == space_id, col(Task.backlog_item_id) >= min(item_ids))).all())
    task_ids = [by_item[item_id] for item_id in item_ids]
    session.execute(insert(Activity.__table__), list(_history(actor, space_id, cols, clean, item_ids, task_ids)))
    return task_ids


def _validated(n: int, card: object, columns: int, now: dt.datetime) -> dict:
    if not isinstance(card, NewCard):
        raise InvalidError(f"Card {n + 1} is not a card.")
    try:
        title = validate.text(card.title, "Title", max_len=200)
        points = validate.story_points(card.story_points)
        priority = Priority.parse(card.priority or Priority.MEDIUM, "Priority")
    except InvalidError as exc:
        raise InvalidError(f"Card {n + 1}: {exc}") from None
    column = card.column
    if not isinstance(column, int) or isinstance(column, bool) or not 0 <= column < columns:
        raise InvalidError(f"Card {n + 1}: Column {validate.excerpt(str(column))} is not one of the board's "
                           f"{columns} columns (0 to {columns - 1}).")
    created = _not_after(card.created_at, now)
    started = max(_not_after(card.started_at, now), created) if column > 0 else None
    done = max(_not_after(card.done_at, now), started) if column == columns - 1 else None
    return {"title": title, "points": points, "priority": priority, "column": column,
            "created": created, "started": started, "done": done}


def _not_after(when: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if when is None:
        return now
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(when, now)


def _check_wip(session: Session, cols, clean: list[dict]) -> None:
    limited = {c.id: c for c in cols if c.wip_limit is not None}
    if not limited:
        return
    counts = dict(session.exec(select(Task.column_id, func.count()).where(col(Task.column_id).in_(list(limited)))
                               .group_by(col(Task.column_id))).all())
    for index, column in enumerate(cols):
        if column.id not in limited:
            continue
        total = counts.get(column.id, 0) + sum(1 for c in clean if c["column"] == index)
        if total > column.wip_limit:
            raise ConflictError(f"Column '{column.name}' has a WIP limit of {column.wip_limit}; these cards would "
                                f"put {total} in it. Spread them over other columns or raise the limit.")


def _history(actor: Actor, space_id: int, cols, clean: list[dict], item_ids: list[int], task_ids: list[int]):
    """The activity one create and the moves to the card's column would have written. Marked
    imported: history to read and chart, never a run that undo replays."""
    done_index = len(cols) - 1

    def row(action: Action, entity: str, entity_id: int, summary: str, when, before=None, after=None) -> dict:
        return {"space_id": space_id, "actor_id": actor.user_id, "via": actor.via, "action": action.value,
                "entity_type": entity, "entity_id": entity_id, "summary": summary[:500], "before": before,
                "after": after, "request_id": None, "imported": True, "created_at": when}

    for card, item_id, task_id in zip(clean, item_ids, task_ids, strict=True):
        title, index = card["title"], card["column"]
        yield row(Action.CREATE_BACKLOG_ITEM, "backlog_item", item_id, f"created item #{item_id} '{title}'",
                  card["created"])
        yield row(Action.CREATE_TASK, "task", task_id, f"created task #{task_id} '{title}' in {cols[0].name}",
                  card["created"], after={"column_id": cols[0].id})
        trip = _trip(index, done_index)
        for step, (src, dst) in enumerate(zip(trip, trip[1:])):
            when = card["done"] if dst == done_index and step else card["started"]
            yield row(Action.MOVE_TASK, "task", task_id,
                      f"moved task #{task_id} '{title}' from {cols[src].name} to {cols[dst].name}", when,
                      before={"column_id": cols[src].id}, after={"column_id": cols[dst].id})


def _trip(index: int, done_index: int) -> list[int]:
    """The columns a card passed through to reach column `index`: done cards went through
    the second column (work started) first."""
    if index == 0:
        return [0]
    if index == done_index and done_index > 1:
        return [0, 1, index]
    return [0, index]
