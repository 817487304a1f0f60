"""The schema changes only through Alembic: head equals the models, and downgrade empties it."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from apcs_app import db, migrate


# SQLite's reflection cannot read migration 0008's lower(title) indexes (include_name skips them after)
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index ix_.*_space_title")
def test_head_matches_the_models_and_downgrade_reaches_base(database):
    with db.get_engine().connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True, "include_name": migrate.models_own}), SQLModel.metadata)
    assert diff == [], f"models and migrations disagree; run alembic revision --autogenerate: {diff}"
    migrate.downgrade("base")
    assert set(inspect(db.get_engine()).get_table_names()) <= {"alembic_version"}
    migrate.upgrade()
    assert set(SQLModel.metadata.tables) <= set(inspect(db.get_engine()).get_table_names())
