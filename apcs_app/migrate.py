"""Schema changes go through Alembic only; this runs it from code (CLI, app start, tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from apcs_app import db
from apcs_app.settings import PROJECT_ROOT


def models_own(name: str | None, type_: str, parent_names: dict) -> bool:
    """Whether autogenerate compares this object with the models: not the title indexes of
    migration 0008 (expression and trigram indexes, SQLite's FTS5 tables and their shadow
    tables), which the models cannot describe on both databases."""
    from apcs_app.services.title_index import TITLE_INDEXES, TRIGRAM_TABLES

    if name is None:
        return True
    if type_ == "index":
        return name not in TITLE_INDEXES
    return not (type_ == "table" and any(name == t or name.startswith(f"{t}_") for t in TRIGRAM_TABLES.values()))


def _config(connection) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.attributes["connection"] = connection
    return config


def upgrade(revision: str = "head") -> None:
    with db.get_engine().begin() as connection:
        command.upgrade(_config(connection), revision)


def downgrade(revision: str = "base") -> None:
    with db.get_engine().begin() as connection:
        command.downgrade(_config(connection), revision)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config(None)).get_current_head()


def current_revision() -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.get_engine().connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
