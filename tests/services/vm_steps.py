"""Work a piece of code makes SQLite do, counted in virtual-machine steps (a progress handler):
it grows with every row a query reads and not with the machine's load, so "the same work on a
large workspace" can be asserted without timing anything."""

from __future__ import annotations

from sqlmodel import Session

from apcs_app import db


def on_sqlite() -> bool:
    with db.read() as session:
        return Session.get_bind(session).dialect.name == "sqlite"


def steps(work) -> int:
    """SQLite VM steps (in hundreds) that `work(session)` makes in a read-only session."""
    count = 0

    def tick() -> int:
        nonlocal count
        count += 1
        return 0

    with db.read() as session:
        raw = session.connection().connection.driver_connection
        raw.set_progress_handler(tick, 100)
        try:
            work(session)
        finally:
            raw.set_progress_handler(None, 0)
    return count
