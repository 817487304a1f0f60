"""Reading the message list Agno hands the model: the run context, earlier turns, this turn."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from apcs_app.agents.agno_tool_errors import error_message

CONTEXT_OPEN, CONTEXT_CLOSE = "<run_context>", "</run_context>"


@dataclass
class Call:
    """One tool call the model made and what came back."""

    tool: str
    args: dict
    result: str = ""
    is_error: bool = False

    @property
    def data(self) -> Any:
        try:
            return json.loads(self.result)
        except (TypeError, ValueError):
            return None


@dataclass
class Turn:
    user: str
    calls: list[Call] = field(default_factory=list)
    reply: str = ""  # the assistant's final words (empty for the turn in progress)


@dataclass
class Conversation:
    context: dict
    turns: list[Turn]

    @property
    def current(self) -> Turn:
        return self.turns[-1]

    @property
    def earlier(self) -> list[Turn]:
        return self.turns[:-1]

    @property
    def today(self) -> dt.date:
        stamp = self.context.get("timestamp")
        return dt.datetime.fromisoformat(stamp).date() if stamp else dt.date.today()


def _text(message: Any) -> str:
    return message.get_content_string() if hasattr(message, "get_content_string") else str(message.content or "")


def read(messages: list[Any]) -> Conversation:
    context: dict = {}
    turns: list[Turn] = []
    pending: dict[str, Call] = {}
    for message in messages:
        if message.role == "system":
            body = _text(message)
            if CONTEXT_OPEN in body:
                raw = body.split(CONTEXT_OPEN, 1)[1].split(CONTEXT_CLOSE, 1)[0]
                context = json.loads(raw)
        elif message.role == "user":
            turns.append(Turn(_text(message)))
        elif not turns:
            continue
        elif message.role == "assistant":
            for call in message.tool_calls or []:
                fn = call.get("function", {})
                try:
                    args = json.loads(fn.get("arguments") or "{}")
                except ValueError:
                    args = {}
                pending[call.get("id")] = Call(fn.get("name", ""), args)
                turns[-1].calls.append(pending[call.get("id")])
            if not message.tool_calls and _text(message):
                turns[-1].reply = _text(message)
        elif message.role == "tool":
            call = pending.get(message.tool_call_id)
            if call is not None:
                call.result = _text(message)
                call.is_error = bool(getattr(message, "tool_call_error", False)) or error_message(call.result) is not None
    return Conversation(context, turns or [Turn("")])
