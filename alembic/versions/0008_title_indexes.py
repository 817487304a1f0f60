"""Titles found by a piece of them without reading every title: a trigram index on item and task
titles (SQLite: an FTS5 trigram table kept by triggers, and its vocabulary; PostgreSQL: pg_trgm
GIN indexes), and (space_id, lower(title)) indexes for looking a whole title up.

Where the database cannot (SQLite built without FTS5's trigram tokenizer, PostgreSQL without the
pg_trgm extension or the right to create it), the indexes are left out and searches read every
title as before (services/title_index.py checks).

SQLite: a later migration that rebuilds `tasks` or `backlog_items` with batch_alter_table drops
their triggers; such a migration must create them again (`create_sqlite_triggers`).

Revision ID: 0008_title_indexes
Revises: 0007_task_neighbour_index
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0008_title_indexes'
down_revision: Union[str, None] = '0007_task_neighbour_index'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# table -> its trigram table on SQLite (the names services/title_index.py queries)
TABLES = {'tasks': 'task_titles', 'backlog_items': 'item_titles'}


def _sqlite_has_trigram(bind) -> bool:
    try:
        bind.exec_driver_sql("CREATE VIRTUAL TABLE temp.apcs_probe USING fts5(t, tokenize='trigram')")
    except sa.exc.OperationalError:
        return False
    bind.exec_driver_sql("DROP TABLE temp.apcs_probe")
    return True


def create_sqlite_triggers(table: str, fts: str) -> None:
    op.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
               f"INSERT INTO {fts}(rowid, title) VALUES (new.id, new.title); END")
    op.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, title) VALUES ('delete', old.id, old.title); END")
    op.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE OF title ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, title) VALUES ('delete', old.id, old.title); "
               f"INSERT INTO {fts}(rowid, title) VALUES (new.id, new.title); END")


def _postgres_has_trigram(bind) -> bool:
    with bind.begin_nested() as savepoint:  # a refused CREATE EXTENSION must not end the migration
        try:
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except sa.exc.DBAPIError:
            savepoint.rollback()
            return False
    return True


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        op.execute(f"CREATE INDEX ix_{table}_space_title ON {table} (space_id, lower(title))")
    if bind.dialect.name == 'sqlite' and _sqlite_has_trigram(bind):
        for table, fts in TABLES.items():
            # external content: the index holds trigrams only, the titles stay in their table
            op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5(title, content='{table}', content_rowid='id', "
                       f"tokenize='trigram')")
            op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            # how many titles hold each trigram: a near-spelling search reads the rarest first
            op.execute(f"CREATE VIRTUAL TABLE {fts}_vocab USING fts5vocab({fts}, 'row')")
            create_sqlite_triggers(table, fts)
    elif bind.dialect.name == 'postgresql' and _postgres_has_trigram(bind):
        for table in TABLES:
            op.execute(f"CREATE INDEX ix_{table}_title_trgm ON {table} USING gin (lower(title) gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    for table, fts in TABLES.items():
        if bind.dialect.name == 'sqlite':
            for suffix in ('ai', 'ad', 'au'):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}_vocab")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
        else:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_title_trgm")
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_space_title")
