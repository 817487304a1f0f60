"""Shared fixtures: a fresh migrated database per test, on SQLite and on PostgreSQL.

Migrating and hashing passwords is slow, so both happen once per session in a template
database that each test copies (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from apcs_app import db, migrate, seed
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

    def make(template: str | None = None) -> str:
        name = f"apcs_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        created.append(name)
        return _replace_db(PG_ADMIN_URL, name)

    yield make
    for name in created:
        _drop(_replace_db(PG_ADMIN_URL, name))


def _drop(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rpartition("/")[2]}" WITH (FORCE)')


STANDARD_USERS = (("Alice Doe", "alice@example.com"), ("Bob Roe", "bob@example.com"), ("Mallory Moe", "mallory@example.com"))
PASSWORD = "correct horse battery"


def _prepare_template(url: str, content: str) -> None:
    """Migrate and fill once ("empty", "users": the standard users, "demo": the demo data);
    every test starts from a copy of this."""
    db.configure(url)
    migrate.upgrade()
    if content == "users":
        with db.transaction() as s:
            for name, email in STANDARD_USERS:
                auth.create_user(s, name, email, PASSWORD)
    elif content == "demo":
        seed.seed_demo()
    db.get_engine().dispose()


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory):
    """Template databases by (kind, content), made on first use."""
    made: dict[tuple[str, str], str] = {}

    def get(kind: str, content: str, request) -> str:
        if (kind, content) not in made:
            if kind == "sqlite":
                path = tmp_path_factory.mktemp("template") / "template.db"
                _prepare_template(f"sqlite:///{path}", content)
                made[(kind, content)] = str(path)
            else:
                url = request.getfixturevalue("pg_database_factory")()
                _prepare_template(url, content)
                made[(kind, content)] = url.rpartition("/")[2]
        return made[(kind, content)]

    return get


def _clone(request, tmp_path, content: str) -> str:
    template = request.getfixturevalue("database_templates")(request.param, content, request)
    if request.param == "sqlite":
        target = tmp_path / "apcs.db"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"
    return request.getfixturevalue("pg_database_factory")(template=template)


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _fresh(request, tmp_path, content: str) -> Iterator[str]:
    url = _clone(request, tmp_path, content)
    db.configure(url)
    yield url
    db.get_engine().dispose()
    _drop(url)  # now, not at the end: hundreds of idle databases slow the server down


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path) -> Iterator[str]:
    """A fresh migrated database holding the standard users, on SQLite and on PostgreSQL."""
    yield from _fresh(request, tmp_path, "users")


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path) -> Iterator[str]:
    """A fresh migrated database with no rows at all, on both backends."""
    yield from _fresh(request, tmp_path, "empty")


@pytest.fixture(params=BACKENDS)
def demo_database(request, tmp_path) -> Iterator[str]:
    """A fresh copy of the demo data (`apcs seed`), on both backends."""
    yield from _fresh(request, tmp_path, "demo")


def _actor_for(email: str) -> Actor:
    with db.transaction() as s:
        return Actor(auth.find_user(s, email).id, Via.UI)


@pytest.fixture
def make_user(database):
    counter = iter(range(1, 10_000))

    def make(name: str | None = None, email: str | None = None, role: str = "USER") -> Actor:
        n = next(counter)
        name = name or f"User {n}"
        email = email or f"{name.split()[0].lower()}{n}@example.com"
        with db.transaction() as s:
            user = auth.create_user(s, name, email, PASSWORD, role=role)
        return Actor(user.id, Via.UI)

    return make


@pytest.fixture
def alice(database) -> Actor:
    return _actor_for("alice@example.com")


@pytest.fixture
def bob(database) -> Actor:
    return _actor_for("bob@example.com")


@pytest.fixture
def mallory(database) -> Actor:
    return _actor_for("mallory@example.com")


def pytest_collection_modifyitems(config, items):
    """Browser tests share one running app: keep them on one xdist worker."""
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.xdist_group("browser"))
