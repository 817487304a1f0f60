"""Shared fixtures: a migrated database per test module, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from apcs_app import db, migrate
from apcs_app.domain import Via
from apcs_app.services import auth
from apcs_app.services.access import Actor

PG_ADMIN_URL = os.environ.get("APCS_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_available() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


_PG_PROBLEM = _pg_available()


def pytest_report_header(config):
    if _PG_PROBLEM:
        return f"PostgreSQL: NOT AVAILABLE at {PG_ADMIN_URL} ({_PG_PROBLEM}) - PostgreSQL tests will be SKIPPED"
    return f"PostgreSQL: using {PG_ADMIN_URL} (tests create and drop their own databases)"


def _replace_db(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def pg_database_factory():
    """Creates throwaway PostgreSQL databases and drops them at the end of the session."""
    if _PG_PROBLEM:
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {_PG_PROBLEM}")
    created: list[str] = []

    def make() -> str:
        name = f"apcs_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return _replace_db(PG_ADMIN_URL, name)

    yield make
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        for name in created:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_database_url(kind: str, tmp_path_factory, pg_database_factory_getter) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'apcs.db'}"
    return pg_database_factory_getter()()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request, tmp_path_factory) -> Iterator[str]:
    """An empty, migrated database (SQLite and PostgreSQL), the app's engine pointed at it."""
    url = make_database_url(request.param, tmp_path_factory, lambda: request.getfixturevalue("pg_database_factory"))
    db.configure(url)
    migrate.upgrade()
    yield url
    db.get_engine().dispose()


@pytest.fixture
def make_user(database):
    counter = iter(range(1, 10_000))

    def make(name: str | None = None, email: str | None = None, role: str = "USER") -> Actor:
        n = next(counter)
        name = name or f"User {n}"
        email = email or f"{name.split()[0].lower()}{n}@example.com"
        with db.transaction() as s:
            user = auth.create_user(s, name, email, "correct horse battery", role=role)
        return Actor(user.id, Via.UI)

    return make


@pytest.fixture
def alice(make_user) -> Actor:
    return make_user("Alice Doe", "alice@example.com")


@pytest.fixture
def bob(make_user) -> Actor:
    return make_user("Bob Roe", "bob@example.com")


@pytest.fixture
def mallory(make_user) -> Actor:
    return make_user("Mallory Moe", "mallory@example.com")
