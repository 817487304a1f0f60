"""SQLModel tables. Ids are integers; times are aware UTC; enums are stored as their values' text."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, Column, Enum, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from apcs_app.domain.enums import ItemStatus, Methodology, Priority, ScrumRole, SprintStatus, UserRole, Via


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _enum(members: type[StrEnum]) -> Enum:
    """Non-native: a VARCHAR(20) on SQLite and PostgreSQL alike, holding the members' values
    (Via's are lower case), and no CHECK constraint, so a new member needs no table rebuild.
    Rows load as members; a string that is no member's value is refused when written."""
    return Enum(members, native_enum=False, create_constraint=False, length=20, validate_strings=True,
                values_callable=lambda cls: [m.value for m in cls])


class User(SQLModel, table=True):
    __tablename__ = "users"
    __table_args__ = {"extend_existing": True}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    role: UserRole = Field(default=UserRole.USER, sa_type=_enum(UserRole))
    # No foreign key: users and spaces would reference each other in a cycle.
    default_space_id: int | None = None
    failed_logins: int = Field(default=0)
    last_failed_login_at: dt.datetime | None = None
    # Part of every token; raising it (sign-out, password change) revokes the tokens issued before.
    token_version: int = Field(default=0)
    created_at: dt.datetime = Field(default_factory=utcnow)


class Space(SQLModel, table=True):
    __tablename__ = "spaces"
    __table_args__ = {"extend_existing": True}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    methodology: Methodology = Field(sa_type=_enum(Methodology))
    description: str | None = Field(default=None, max_length=2000)
    owner_id: int = Field(foreign_key="users.id", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)


class Membership(SQLModel, table=True):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("space_id", "user_id"), {"extend_existing": True})

    id: int | None = Field(default=None, primary_key=True)
    space_id: int = Field(foreign_key="spaces.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    scrum_role: ScrumRole | None = Field(default=None, sa_type=_enum(ScrumRole))
    joined_at: dt.datetime = Field(default_factory=utcnow)


class BacklogItem(SQLModel, table=True):
    __tablename__ = "backlog_items"
    __table_args__ = (Index("ix_backlog_items_space_rank", "space_id", "rank"), {"extend_existing": True})

    id: int | None = Field(default=None, primary_key=True)
    space_id: int = Field(foreign_key="spaces.id", ondelete="CASCADE")
    title: str = Field(max_length=200)
    description: str | None = Field(default=None, max_length=10000)
    story_points: int | None = None
    priority: Priority = Field(default=Priority.MEDIUM, sa_type=_enum(Priority))
    status: ItemStatus = Field(default=ItemStatus.TODO, sa_type=_enum(ItemStatus))
    rank: float = Field(default=0.0)
    version: int = Field(default=1)
    created_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    completed_at: dt.datetime | None = None


class BoardColumn(SQLModel, table=True):
    __tablename__ = "board_columns"
    __table_args__ = (Index("ix_board_columns_space_position", "space_id", "position"), {"extend_existing": True})

    id: int | None = Field(default=None, primary_key=True)
    space_id: int = Field(foreign_key="spaces.id", ondelete="CASCADE")
    name: str = Field(max_length=60)
    position: int = 0
    wip_limit: int | None = None


class Task(SQLModel, table=True):
    __tablename__ = "tasks"
    __table_args__ = (
        # A move reads its two neighbours and a WIP COUNT from this index alone, in board order.
        Index("ix_tasks_column_rank_id", "column_id", "rank", "id"),
        # The done column reads its most recently finished cards first.
        Index("ix_tasks_column_done", "column_id", "done_at"),
        {"extend_existing": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    space_id: int = Field(foreign_key="spaces.id", index=True, ondelete="CASCADE")
    backlog_item_id: int = Field(foreign_key="backlog_items.id", index=True, ondelete="CASCADE")
    column_id: int = Field(foreign_key="board_columns.id")
    title: str = Field(max_length=200)
    assignee_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    rank: float = Field(default=0.0)
    version: int = Field(default=1)
    created_at: dt.datetime = Field(default_factory=utcnow)
    done_at: dt.datetime | None = None
    # Off the board (still in search, export and metrics); only done cards are archived.
    archived_at: dt.datetime | None = None


class Sprint(SQLModel, table=True):
    __tablename__ = "sprints"
    __table_args__ = (
        # The database itself refuses a second ACTIVE sprint, whatever races above it.
        Index(
            "uq_sprints_one_active_per_space",
            "space_id",
            unique=True,
            sqlite_where=text("status = 'ACTIVE'"),
            postgresql_where=text("status = 'ACTIVE'"),
        ),
        {"extend_existing": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    space_id: int = Field(foreign_key="spaces.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=120)
    goal: str | None = Field(default=None, max_length=1000)
    start_date: dt.date
    end_date: dt.date
    status: SprintStatus = Field(default=SprintStatus.PLANNING, sa_type=_enum(SprintStatus))
    committed_points: int | None = None
    completed_points: int | None = None
    started_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)


class SprintItem(SQLModel, table=True):
    """An item's membership of a sprint; kept after the sprint ends as its history."""

    __tablename__ = "sprint_items"
    __table_args__ = (UniqueConstraint("sprint_id", "backlog_item_id"), {"extend_existing": True})

    id: int | None = Field(default=None, primary_key=True)
    sprint_id: int = Field(foreign_key="sprints.id", index=True, ondelete="CASCADE")
    backlog_item_id: int = Field(foreign_key="backlog_items.id", index=True, ondelete="CASCADE")
    added_at: dt.datetime = Field(default_factory=utcnow)
    points_at_add: int | None = None
    # Set when the sprint completes: whether the item was finished inside it.
    completed_in_sprint: bool | None = None


class Activity(SQLModel, table=True):
    __tablename__ = "activity"
    __table_args__ = (Index("ix_activity_space_created", "space_id", "created_at"), {"extend_existing": True})

    id: int | None = Field(default=None, primary_key=True)
    space_id: int | None = Field(default=None, foreign_key="spaces.id", ondelete="CASCADE")
    actor_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    via: Via = Field(default=Via.UI, sa_type=_enum(Via))
    # An Action when this installation wrote the row (activity.record); plain text, not an Enum
    # column, because imported history keeps the words of the installation that exported it.
    action: str = Field(max_length=60)
    entity_type: str = Field(max_length=40)
    entity_id: int | None = None
    summary: str = Field(default="", max_length=500)
    before: dict | None = Field(default=None, sa_column=Column(JSON))
    after: dict | None = Field(default=None, sa_column=Column(JSON))
    request_id: str | None = Field(default=None, max_length=64, index=True)
    # Came in with an imported workspace: history to read, never a run that undo may replay.
    imported: bool = Field(default=False)
    created_at: dt.datetime = Field(default_factory=utcnow)


class Comment(SQLModel, table=True):
    """A note on a backlog item. Plain text, shown as text, never rendered as markup."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_item_created", "backlog_item_id", "created_at"), {"extend_existing": True})

    id: int | None = Field(default=None, primary_key=True)
    space_id: int = Field(foreign_key="spaces.id", index=True, ondelete="CASCADE")
    backlog_item_id: int = Field(foreign_key="backlog_items.id", ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    # Written by an agent on the author's behalf (the author is the user whose run it was).
    via_agent: bool = Field(default=False)
    text: str = Field(max_length=4000)
    created_at: dt.datetime = Field(default_factory=utcnow)
    edited_at: dt.datetime | None = None
