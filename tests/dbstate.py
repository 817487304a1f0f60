"""Helpers that read the database directly, to check what an operation did (or did not) change."""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from apcs_app import db

import apcs_app.domain  # noqa: F401  (registers the tables)


# The agents' memory of conversations and paused runs, not project data: a run may change it.
AGENT_MEMORY = {"agent_conversations", "agent_paused_runs"}


def dump(engine: Engine | None = None, *, agent_memory: bool = False) -> dict[str, list[tuple]]:
    """Every row of every project table (and of the agents' memory if asked), ordered: equal
    dumps mean nothing changed. `engine`: another database than the tests' own."""
    out = {}
    with (engine or db.get_engine()).connect() as conn:
        for name, table in SQLModel.metadata.tables.items():
            if name in AGENT_MEMORY and not agent_memory:
                continue
            pk = ", ".join(c.name for c in table.primary_key.columns)
            out[name] = [tuple(r) for r in conn.execute(text(f"SELECT * FROM {name} ORDER BY {pk}"))]
    return out


def count(table: str, where: str = "1=1", **params) -> int:
    with db.get_engine().connect() as conn:
        return conn.execute(text(f"SELECT COUNT(*) FROM {table} WHERE {where}"), params).scalar_one()
