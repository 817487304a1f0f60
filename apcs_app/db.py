"""Engine and transactions: SQLite (embedded default, WAL) or PostgreSQL through psycopg 3."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from apcs_app.settings import get_settings

_engine: Engine | None = None


def normalize_url(url: str) -> str:
    """Accept the common `postgresql://` spelling and route it to psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _tune_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


READ_ONLY = "apcs_read_only"


def _tune_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN and upgrades read locks lazily,
    # which deadlocks concurrent writers; take the write lock up front instead.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


def _forget_inherited_connections() -> None:
    # Granian forks its workers after the app (and its pool) exists; a child must never use
    # its parent's open connections, so it drops them without closing the parent's sockets.
    if _engine is not None:
        _engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_inherited_connections)


def get_engine() -> Engine:
    global _engine
    if _engine is None:
        _engine = make_engine(get_settings().database_url)
    return _engine


def configured_url() -> str | None:
    """The database this process points at, if any engine exists yet (to point back at it later)."""
    return _engine.url.render_as_string(hide_password=False) if _engine is not None else None


def configure(url: str) -> Engine:
    """Point the app at another database (tests, CLI `--database`)."""
    global _engine
    if _engine is not None:
        _engine.dispose()
    _engine = make_engine(url)
    return _engine


@contextlib.contextmanager
def transaction() -> Iterator[Session]:
    """One unit of work: everything commits together or nothing does."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextlib.contextmanager
def read() -> Iterator[Session]:
    """A unit of work that only reads. On SQLite it takes no write lock (a WAL reader neither
    waits nor blocks), so it may run while the same thread holds a write transaction."""
    with Session(get_engine().execution_options(**{READ_ONLY: True}), expire_on_commit=False) as session:
        try:
            yield session
        finally:
            session.rollback()

