"""Conversations kept between runs: the messages (for follow-ups) and who answered last.

Held in process memory and bounded: a conversation keeps its last HISTORY_RUNS runs, and
the least recently used conversations are forgotten first.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from agno.db.base import SessionType
from agno.db.in_memory import InMemoryDb

MAX_CONVERSATIONS = 500
HISTORY_RUNS = 6  # earlier runs each agent sees: enough for "it" and for answers to its questions


@dataclass
class Turn:
    agent: str
    asked: bool  # the answer ended in a question, so the next message may be the reply


class Conversations:
    def __init__(self, limit: int = MAX_CONVERSATIONS):
        self.db = InMemoryDb()
        self._last: OrderedDict[str, Turn] = OrderedDict()
        self._limit = limit

    def last(self, key: str) -> Turn | None:
        return self._last.get(key)

    def record(self, key: str, turn: Turn) -> None:
        self._last[key] = turn
        self._last.move_to_end(key)
        session = self.db.get_session(key, SessionType.AGENT)
        runs = [run.run_id for run in (session.runs or [])] if session is not None else []
        if len(runs) > HISTORY_RUNS:
            self.db.delete_runs(runs[:-HISTORY_RUNS])
        while len(self._last) > self._limit:
            old, _ = self._last.popitem(last=False)
            self.db.delete_session(old)


conversations = Conversations()
