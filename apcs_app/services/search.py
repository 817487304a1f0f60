"""Find items, tasks, columns, sprints and members of a workspace by (part of) their name, typos
included: what lets an agent resolve "the CSV serializer task" without reading the whole board.

Two stages, so the work stays bounded however large the workspace grows:
1. SQL picks at most `CANDIDATES` rows per kind: rows whose name contains the query (through
   the titles' trigram index), and only when no name does, rows sharing the most of the
   query's 3-letter pieces (a typo keeps most of them: "serailizer" still shares "ser", "liz",
   "ize", "zer" with "serializer"). Only ids and names leave the database.
2. rapidfuzz scores those candidates against the query; weak matches are dropped.
Done tasks and items are found like any other (nothing is archived away from search).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from rapidfuzz import fuzz, utils
from sqlalchemy import case, func, literal, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from apcs_app.domain import BacklogItem, BoardColumn, InvalidError, Membership, Sprint, Task, User
from apcs_app.services import title_index, validate
from apcs_app.services.access import Actor, require_member

Kind = Literal["item", "task", "column", "sprint", "member"]
KINDS: tuple[str, ...] = get_args(Kind)
MAX_LIMIT = 50
MAX_QUERY = 200
CANDIDATES = 200  # per kind: the most rows that leave the database for fuzzy scoring
_HELD = 90.0  # the score of a name holding the whole query (see _score)
MIN_SCORE = 60.0  # below this a "match" is mostly noise (rapidfuzz WRatio, 0-100)
_MAX_GRAMS = 24


@dataclass
class Hit:
    kind: str
    id: int
    title: str
    score: float
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class Found:
    hits: list[Hit]
    total_count: int
    truncated: bool


def _grams(words: list[str]) -> list[str]:
    """The query's 3-letter pieces (short words whole), at most _MAX_GRAMS, in order."""
    grams: list[str] = []
    for word in words:
        pieces = [word] if len(word) < 4 else [word[i:i + 3] for i in range(len(word) - 2)]
        grams += [g for g in pieces if g not in grams]
    return grams[:_MAX_GRAMS]


@dataclass(frozen=True)
class _Source:
    """One kind: the name column(s) to match, the rows' scope, and the extra columns shown."""

    names: tuple[Any, ...]
    query: Any  # select(id, name, *names[1:], *extras) already scoped to the workspace
    extras: tuple[str, ...]
    # A workspace has a handful of columns, sprints and members: those are scored whole, and
    # only items and tasks (thousands) go through the two SQL stages.
    few: bool = False


_MANY = {"item": BacklogItem, "task": Task}  # the kinds found by title through the index


def _sources(space_id: int, kinds: set[str]) -> dict[str, _Source]:
    out: dict[str, _Source] = {}
    if "item" in kinds:
        out["item"] = _Source((BacklogItem.title,), select(
            BacklogItem.id, BacklogItem.title, BacklogItem.status, BacklogItem.story_points, BacklogItem.priority,
        ).where(BacklogItem.space_id == space_id), ("status", "story_points", "priority"))
    if "task" in kinds:
        assignee = aliased(User)
        out["task"] = _Source((Task.title,), select(
            Task.id, Task.title, Task.column_id, BoardColumn.name, Task.backlog_item_id, Task.assignee_id,
            assignee.name, Task.done_at,
        ).join(BoardColumn, col(BoardColumn.id) == Task.column_id)
         .outerjoin(assignee, col(assignee.id) == Task.assignee_id)
         .where(Task.space_id == space_id),
            ("column_id", "column_name", "backlog_item_id", "assignee_id", "assignee_name", "done_at"))
    if "column" in kinds:
        out["column"] = _Source((BoardColumn.name,), select(BoardColumn.id, BoardColumn.name, BoardColumn.position)
                                .where(BoardColumn.space_id == space_id), ("position",), few=True)
    if "sprint" in kinds:
        out["sprint"] = _Source((Sprint.name,), select(Sprint.id, Sprint.name, Sprint.status)
                                .where(Sprint.space_id == space_id), ("status",), few=True)
    if "member" in kinds:
        out["member"] = _Source((User.name, User.email), select(User.id, User.name, User.email)
                                .join(Membership, col(Membership.user_id) == User.id)
                                .where(Membership.space_id == space_id), (), few=True)
    return out


def _containing(session: Session, model: Any, source: _Source, phrase: str) -> list[Any]:
    """Rows whose title holds the whole query, the common case (a name copied), found through
    the titles' trigram index."""
    return list(session.exec(title_index.holding(session, source.query, model, [phrase], CANDIDATES)).all())


def _sharing(session: Session, model: Any, source: _Source, grams: list[str]) -> list[Any]:
    """Rows sharing the most 3-letter pieces with the query (a third of them at least), each
    row's overlap counted once in a subquery: the candidates for a misspelt name, among the
    rows the titles' trigram index says may be (title_index.near_spelling)."""
    lowered = [func.lower(n) for n in source.names]
    overlap = sum((case((or_(*(n.contains(g, autoescape=True) for n in lowered)), 1), else_=0) for g in grams),
                  literal(0)).label("overlap")
    scored = title_index.near_spelling(session, source.query, model, grams).add_columns(overlap).subquery()
    wanted = [c for c in scored.c if c.name != "overlap"]
    return list(session.exec(select(*wanted).where(scored.c.overlap >= max(1, len(grams) // 3))
                             .order_by(scored.c.overlap.desc(), wanted[0]).limit(CANDIDATES)).all())


def _score(phrase: str, names: list[str]) -> float:
    best = 0.0
    for name in names:
        text = utils.default_process(name)
        if text == phrase:
            return 100.0
        score = fuzz.WRatio(phrase, text, processor=None)
        if phrase in text:
            score = max(score, 90.0)
        best = max(best, score)
    return round(best, 1)


def _fields(kind: str, row: Any) -> dict[str, Any]:
    if kind == "item":
        return {"status": row[2], "story_points": row[3], "priority": row[4]}
    if kind == "task":
        return {"column_id": row[2], "column_name": row[3], "backlog_item_id": row[4],
                "assignee": {"id": row[5], "name": row[6]} if row[5] is not None else None, "done": row[7] is not None}
    if kind == "column":
        return {"position": row[2] + 1}
    if kind == "sprint":
        return {"status": row[2]}
    return {"email": row[2]}


def search(session: Session, actor: Actor, space_id: int, query: str, kinds: list[str] | None = None,
           limit: int = 10) -> Found:
    """The best `limit` matches for `query` among the workspace's `kinds` (default: all), best first."""
    require_member(session, actor, space_id)
    query = validate.text(query, "Search text", max_len=MAX_QUERY)
    limit = validate.positive_int(limit, "Limit", allow_none=False, maximum=MAX_LIMIT)
    unknown = sorted(set(kinds or ()) - set(KINDS))
    if unknown:
        raise InvalidError(f"Unknown kind {', '.join(unknown)}; choose among {', '.join(KINDS)}.")
    phrase = utils.default_process(query)  # lower case, punctuation as spaces, trimmed
    words = re.findall(r"\w+", phrase)
    if not words:
        raise InvalidError("Search text needs at least one letter or digit.")
    sources = _sources(space_id, set(kinds or KINDS))
    hits: dict[tuple[str, int], Hit] = {}
    capped = False

    def consider(kind: str, rows: list[Any]) -> None:
        nonlocal capped
        capped = capped or len(rows) == CANDIDATES
        names = len(sources[kind].names)
        for row in rows:
            score = _score(phrase, [row[1], *(row[i] for i in range(2, 1 + names))])
            if score >= MIN_SCORE and (kind, row[0]) not in hits:
                hits[kind, row[0]] = Hit(kind, row[0], row[1], score, _fields(kind, row))

    many = {kind: source for kind, source in sources.items() if not source.few}
    for kind, source in sources.items():
        consider(kind, list(session.exec(source.query.limit(CANDIDATES)).all()) if source.few
                 else _containing(session, _MANY[kind], source, query.casefold()))
    # Near spellings only when no name holds the query as typed: a name copied in part is found
    # already, and the near-spelling stage reads more of the workspace (see _sharing).
    held = any(h.score >= _HELD for h in hits.values())
    if len(hits) < limit and not held:
        for kind, source in many.items():
            consider(kind, _sharing(session, _MANY[kind], source, _grams(words)))
    found = sorted(hits.values(), key=lambda h: (-h.score, KINDS.index(h.kind), h.id))
    return Found(found[:limit], len(found), truncated=len(found) > limit or capped)
