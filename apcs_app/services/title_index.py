"""Item and task titles that hold a piece of text, found through the trigram index of migration
0008 instead of reading every title of the workspace.

PostgreSQL serves `lower(title) LIKE '%…%'` from its pg_trgm GIN index by itself. SQLite's FTS5
trigram table is a separate table: the rows are read in id order from it, joined to their table
and stopped at the limit, so a common piece ("card") costs no more than a rare one. Without the
index (an SQLite built without the trigram tokenizer), the same query reads every title.
The LIKE always stays in the query: the index only narrows, the rule of what matches is LIKE's.

Near spellings (`near_spelling`): on SQLite, the rows holding the query's rarest 3-letter
pieces that some title has (a typo's own pieces are in none), about NEAR_ROWS rows or those of
the rarest piece, from the trigram index and its vocabulary (how many titles hold each piece).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import column, false, func, literal_column, or_, select, table
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


NEAR_ROWS = 4000  # rows a near-spelling search scores, over the workspaces of the database


def near_spelling(session: Session, query: Select, model: Any, grams: list[str]) -> Select:
    """`query` kept to the rows that may be near spellings of a query with these 3-letter
    pieces: on SQLite the rows holding its rarest pieces; elsewhere (PostgreSQL's LIKEs use its
    own trigram index) every row, which the caller scores."""
    trigrams = _trigram_table(session, model)
    pieces = sorted({g for g in grams if len(g) == 3})
    if trigrams is None or not pieces:
        return query
    counts = session.connection().exec_driver_sql(
        f"SELECT term, doc FROM {trigrams.name}_vocab WHERE term IN ({', '.join('?' * len(pieces))})",
        tuple(pieces)).all()
    chosen, rows = [], 0
    for term, docs in sorted(counts, key=lambda row: (row[1], row[0])):
        if chosen and rows + docs > NEAR_ROWS:
            break
        chosen.append(term)
        rows += docs
    if not chosen:  # no title holds any of its pieces
        return query.where(false())
    match = _matching(trigrams, chosen)
    # not limited: another workspace's rows must not crowd this one's out (the counts bound it)
    return query.where(model.id.in_(select(trigrams.c.rowid).where(match)))


def _matching(trigrams, pieces: list[str]):
    """The trigram table's rows holding any of `pieces`, each an FTS5 string (quotes doubled)."""
    strings = ('"' + piece.replace('"', '""') + '"' for piece in pieces)
    return literal_column(trigrams.name).op("MATCH")(" OR ".join(strings))


def holding(session: Session, query: Select, model: Any, pieces: list[str], limit: int) -> Select:
    """`query` (rows of `model`, one per row) kept to the rows whose lower-cased title holds one of
    `pieces` (lower case), in id order, at most `limit`."""
    title = func.lower(model.title)
    query = query.where(or_(*(title.contains(p, autoescape=True) for p in pieces))).limit(limit)
    trigrams = _trigram_table(session, model)
    if trigrams is None or any(len(p) < 3 for p in pieces):  # a trigram index holds no shorter piece
        return query.order_by(model.id)
    return query.join(trigrams, trigrams.c.rowid == model.id).where(_matching(trigrams, pieces)).order_by(trigrams.c.rowid)
