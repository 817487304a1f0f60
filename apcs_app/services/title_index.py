"""Item and task titles that hold a piece of text, found through the trigram index of migration
0008 instead of reading every title of the workspace.

PostgreSQL serves `lower(title) LIKE '%…%'` from its pg_trgm GIN index by itself. SQLite's FTS5
trigram table is a separate table: the rows are read in id order from it, joined to their table
and stopped at the limit, so a common piece ("card") costs no more than a rare one. Without the
index (an SQLite built without the trigram tokenizer), the same query reads every title.
The LIKE always stays in the query: the index only narrows, the rule of what matches is LIKE's.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import column, func, literal_column, or_, table
from sqlalchemy.sql import Select
from sqlmodel import Session

TRIGRAM_TABLES = {"tasks": "task_titles", "backlog_items": "item_titles"}
TITLE_INDEXES = frozenset(f"ix_{t}_{kind}" for t in TRIGRAM_TABLES for kind in ("space_title", "title_trgm"))
_present: dict[tuple[str, str], bool] = {}  # (database url, trigram table) -> it exists


def _trigram_table(session: Session, model: Any):
    name = TRIGRAM_TABLES[model.__tablename__]
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return None
    key = (bind.url.render_as_string(hide_password=True), name)
    if key not in _present:
        _present[key] = session.connection().exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).first() is not None
    return table(name, column("rowid")) if _present[key] else None


def _fts_string(piece: str) -> str:
    return '"' + piece.replace('"', '""') + '"'


def holding(session: Session, query: Select, model: Any, pieces: list[str], limit: int) -> Select:
    """`query` (rows of `model`, one per row) kept to the rows whose lower-cased title holds one of
    `pieces` (lower case), in id order, at most `limit`."""
    title = func.lower(model.title)
    query = query.where(or_(*(title.contains(p, autoescape=True) for p in pieces))).limit(limit)
    trigrams = _trigram_table(session, model)
    if trigrams is None or any(len(p) < 3 for p in pieces):  # a trigram index holds no shorter piece
        return query.order_by(model.id)
    match = literal_column(trigrams.name).op("MATCH")(" OR ".join(_fts_string(p) for p in pieces))
    return query.join(trigrams, trigrams.c.rowid == model.id).where(match).order_by(trigrams.c.rowid)
