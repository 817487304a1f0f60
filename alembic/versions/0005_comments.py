"""comments on backlog items

Revision ID: 0005_comments
Revises: 0004
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0005_comments'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'comments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('space_id', sa.Integer(), nullable=False),
        sa.Column('backlog_item_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('via_agent', sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('edited_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['space_id'], ['spaces.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['backlog_item_id'], ['backlog_items.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_comments_space_id', 'comments', ['space_id'])
    op.create_index('ix_comments_item_created', 'comments', ['backlog_item_id', 'created_at'])


def downgrade() -> None:
    op.drop_index('ix_comments_item_created', table_name='comments')
    op.drop_index('ix_comments_space_id', table_name='comments')
    op.drop_table('comments')
