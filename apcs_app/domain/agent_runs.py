"""What the agent layer keeps between requests, in the database so that any worker can
continue: conversations (for follow-ups) and runs paused for the user's confirmation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from apcs_app.domain.models import utcnow


class AgentConversation(SQLModel, table=True):
    __tablename__ = "agent_conversations"
    __table_args__ = {"extend_existing": True}

    # "<user id>|<conversation id>": the owner is part of the key, and user_id is checked too.
    key: str = Field(primary_key=True, max_length=140)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    session: dict = Field(sa_column=Column(JSON, nullable=False))  # Agno's session, runs included
    last_agent: str | None = Field(default=None, max_length=40)
    asked: bool = False  # the last answer was a question, so the next message may answer it
    updated_at: dt.datetime = Field(default_factory=utcnow, index=True)


class PausedRun(SQLModel, table=True):
    __tablename__ = "agent_paused_runs"
    __table_args__ = {"extend_existing": True}

    run_id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    conversation_key: str = Field(max_length=140)
    keep_conversation: bool = True  # False for a one-off message: forget it once the run ends
    space_id: int | None = None
    agent: str = Field(max_length=40)
    request_id: str = Field(max_length=64)
    confirm: str = Field(max_length=20)
    changed: bool = False  # the run had changed data before it paused
    actions: list = Field(sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)
    expires_at: dt.datetime = Field(index=True)
