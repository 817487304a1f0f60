"""tasks ordered by (column_id, rank, id): a move's neighbours and WIP count read the index alone

Revision ID: 0007_task_neighbour_index
Revises: 0006_task_archive
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0007_task_neighbour_index'
down_revision: Union[str, None] = '0006_task_archive'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_column_rank_id', ['column_id', 'rank', 'id'], unique=False)
        batch_op.drop_index('ix_tasks_column_rank')


def downgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_column_rank', ['column_id', 'rank'], unique=False)
        batch_op.drop_index('ix_tasks_column_rank_id')
