"""Conversations kept between runs: the messages (for follow-ups) and who answered last.

Kept in the database, so a follow-up ("add it to the sprint") may land on any worker. Each
run works on its own in-memory copy of Agno's session (`load`) and writes it back when it
ends or pauses (`save`). Bounded: a conversation keeps its last HISTORY_RUNS runs, a user
their MAX_CONVERSATIONS most recent conversations, and none outlives CONVERSATION_TTL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from agno.db.base import SessionType
from agno.db.in_memory import InMemoryDb
from agno.session import AgentSession
from sqlmodel import col, delete, select

from apcs_app import db
from apcs_app.domain import AgentConversation
from apcs_app.domain.models import utcnow
from apcs_app.mcp import WRITE_TOOLS

MAX_CONVERSATIONS = 50
CONVERSATION_TTL = dt.timedelta(days=14)
HISTORY_RUNS = 6  # earlier runs each agent sees: enough for "it" and for answers to its questions
# What a read tool's result becomes in the kept history: the data may be stale by the next run,
# and a whole board (500 cards ≈ 60 KB of JSON) in each of six runs made every run load, send
# to the model and store again hundreds of KB. Write results (the ids of what was made) stay.
READ_RESULT_KEPT = '{"note": "read earlier; call the tool again for the current data"}'


@dataclass
class Turn:
    agent: str
    asked: bool  # the answer ended in a question, so the next message may be the reply


@dataclass
class Conversation:
    key: str
    user_id: int
    store: InMemoryDb  # what the Agno agent reads and writes during the run
    last: Turn | None


def last_message(conversation: Conversation) -> str | None:
    """What the user said in the conversation's last kept run, if anything."""
    agno_session = conversation.store.get_session(conversation.key, SessionType.AGENT)
    for run in reversed((agno_session.runs or []) if agno_session is not None else []):
        said = run.input.input_content if run.input is not None else None
        if isinstance(said, str) and said:
            return said
    return None


def conversation_key(user_id: int, conversation_id: str) -> str:
    return f"{user_id}|{conversation_id}"


def load(key: str, user_id: int) -> Conversation:
    store = InMemoryDb()
    last = None
    with db.transaction() as session:
        row = session.get(AgentConversation, key)
        if row is not None and row.user_id == user_id:
            store.upsert_session(AgentSession.from_dict(row.session))
            last = Turn(row.last_agent, row.asked) if row.last_agent else None
    return Conversation(key, user_id, store, last)


def save(conversation: Conversation, turn: Turn | None) -> None:
    """Write the conversation back, trimmed to its last runs; forget the user's oldest ones."""
    agno_session = conversation.store.get_session(conversation.key, SessionType.AGENT)
    if agno_session is None:
        return
    agno_session.runs = (agno_session.runs or [])[-HISTORY_RUNS:]
    for run in agno_session.runs:
        _forget_read_results(run)
    now = utcnow()
    with db.transaction() as session:
        row = session.get(AgentConversation, conversation.key)
        if row is None:
            row = AgentConversation(key=conversation.key, user_id=conversation.user_id, session={})
        elif row.user_id != conversation.user_id:
            return  # keys carry the user id; a mismatch is never written over
        row.session, row.updated_at = agno_session.to_dict(), now
        if turn is not None:
            row.last_agent, row.asked = turn.agent, turn.asked
        session.add(row)
        session.flush()
        keep = select(AgentConversation.key).where(AgentConversation.user_id == conversation.user_id).order_by(
            col(AgentConversation.updated_at).desc()).limit(MAX_CONVERSATIONS)
        session.exec(delete(AgentConversation).where(
            AgentConversation.user_id == conversation.user_id, col(AgentConversation.key).not_in(keep)))
        session.exec(delete(AgentConversation).where(col(AgentConversation.updated_at) < now - CONVERSATION_TTL))


def _forget_read_results(run) -> None:
    for message in run.messages or []:
        if message.role == "tool" and message.tool_name not in WRITE_TOOLS:
            message.content = READ_RESULT_KEPT
    for call in run.tools or []:
        if call.tool_name not in WRITE_TOOLS:
            call.result = READ_RESULT_KEPT


def forget(key: str, user_id: int) -> None:
    with db.transaction() as session:
        session.exec(delete(AgentConversation).where(AgentConversation.key == key, AgentConversation.user_id == user_id))


def visible_history(user_id: int, conversation_id: str) -> list[dict]:
    """The stored conversation as the chat drawer shows it: each kept run's message and answer
    ({"role", "content", "agent"}), oldest first; empty when none is stored."""
    key = conversation_key(user_id, conversation_id)
    with db.transaction() as session:
        row = session.get(AgentConversation, key)
        stored = row.session if row is not None and row.user_id == user_id else None
    if not stored:
        return []
    turns: list[dict] = []
    for run in AgentSession.from_dict(stored).runs or []:
        asked = run.input.input_content if run.input is not None else None
        if isinstance(asked, str) and asked:
            turns.append({"role": "user", "content": asked, "agent": ""})
        if isinstance(run.content, str) and run.content:
            turns.append({"role": "assistant", "content": run.content, "agent": run.agent_name or ""})
    return turns
