"""enum columns hold exactly their members' values

The models now map these columns to SQLAlchemy's non-native Enum: still VARCHAR(20), no
CHECK constraint (adding a member later needs no table rebuild), but loading a value that is
no member fails. So this brings every stored value to its member's exact spelling (the
variants `parse` always tolerated: case, spaces, hyphens) and refuses, naming the column and
the values, if one stands for no member — before the app ever reads it.

The vocabularies are written out here, as they are at this revision.

Revision ID: 0004
Revises: 0003
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = {
    ("users", "role"): ("UPPER", ("USER", "ADMIN", "SUPERADMIN")),
    ("spaces", "methodology"): ("UPPER", ("KANBAN", "SCRUM")),
    ("memberships", "scrum_role"): ("UPPER", ("PRODUCT_OWNER", "SCRUM_MASTER", "DEVELOPER")),
    ("backlog_items", "priority"): ("UPPER", ("LOW", "MEDIUM", "HIGH", "CRITICAL")),
    ("backlog_items", "status"): ("UPPER", ("TODO", "IN_PROGRESS", "DONE")),
    ("sprints", "status"): ("UPPER", ("PLANNING", "ACTIVE", "COMPLETED")),
    ("activity", "via"): ("LOWER", ("ui", "api", "mcp", "agent", "cli", "import")),
}


def upgrade() -> None:
    conn = op.get_bind()
    for (table, column), (case, values) in COLUMNS.items():
        members = ", ".join(f"'{v}'" for v in values)
        spelled = f"{case}(REPLACE(REPLACE(TRIM({column}), ' ', '_'), '-', '_'))"
        conn.execute(sa.text(f"UPDATE {table} SET {column} = {spelled} "
                             f"WHERE {column} NOT IN ({members}) AND {spelled} IN ({members})"))
        unknown = conn.execute(sa.text(f"SELECT DISTINCT {column} FROM {table} "
                                       f"WHERE {column} NOT IN ({members}) ORDER BY 1 LIMIT 10")).scalars().all()
        if unknown:
            raise RuntimeError(f"{table}.{column} holds {', '.join(map(repr, unknown))}, which stand(s) for none "
                               f"of {', '.join(values)}; correct those rows, then upgrade again.")


def downgrade() -> None:
    pass  # the column types did not change; the exact spellings are valid at 0003 too
