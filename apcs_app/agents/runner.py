"""One agent run as a stream of events, for the chat drawer, the HTTP API and `apcs chat`.

Events: {"type": "text", "delta"}, {"type": "tool_call", "tool", "args"},
{"type": "tool_result", "tool", "result", "is_error", "changed"}, and last
{"type": "done", "content", "agent", "request_id"}.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

from agno.run.agent import RunEvent
from agno.tools.mcp import MCPTools

from apcs_app import db
from apcs_app.agents.build import build_agent
from apcs_app.agents.history import Turn, conversations
from apcs_app.agents.models import choose_model
from apcs_app.agents.offline import OfflineModel
from apcs_app.agents.offline.conversation import error_message
from apcs_app.agents.offline.questions import asked_slot
from apcs_app.agents.registry import AGENT_CHOICES, AGENTS
from apcs_app.agents.routing import route
from apcs_app.domain import InvalidError, Via
from apcs_app.logs import event
from apcs_app.mcp import WRITE_TOOLS
from apcs_app.mcp.inprocess import connect
from apcs_app.services.access import Actor
from apcs_app.services.context import agent_context

log = logging.getLogger("apcs.agents")
MAX_MESSAGE = 4000
# Flags in a write tool's result that say it changed nothing ("already in Done").
_NO_CHANGE_FLAGS = ("moved", "changed", "added")


async def stream_run(actor: Actor, message: str, *, agent: str = "auto", space_id: int | None = None,
                     conversation_id: str | None = None) -> AsyncIterator[dict]:
    message = (message or "").strip() if isinstance(message, str) else ""
    if not message:
        raise InvalidError("The message is empty; say what you would like the agent to do.")
    if len(message) > MAX_MESSAGE:
        raise InvalidError(f"The message is {len(message)} characters long; the limit is {MAX_MESSAGE}.")
    if agent not in AGENT_CHOICES:
        raise InvalidError(f"Unknown agent '{agent}'; choose one of {', '.join(AGENT_CHOICES)}.")
    run_actor = Actor(actor.user_id, Via.AGENT, uuid.uuid4().hex[:16])
    context = await asyncio.to_thread(_context, run_actor, space_id)
    key = f"{actor.user_id}|{conversation_id or uuid.uuid4().hex}"
    last = conversations.last(key)
    chosen = agent if agent != "auto" else route(
        message, previous_agent=last.agent if last else None, awaiting_answer=bool(last and last.asked))
    spec = AGENTS[chosen]
    fields = {"request_id": run_actor.request_id, "user_id": actor.user_id, "space_id": context["space_id"],
              "agent": chosen}
    started, content, tool_count, failure, finished = time.perf_counter(), "", 0, None, False
    try:
        try:
            async with AsyncExitStack() as stack:
                toolkits = []
                for server, include in spec.servers().items():
                    session = await stack.enter_async_context(connect(server, run_actor, context["space_id"]))
                    toolkit = MCPTools(session=session, include_tools=list(include) if include else None)
                    await toolkit.initialize()
                    toolkits.append(toolkit)
                model = choose_model()
                runnable = build_agent(spec, model, toolkits, context, conversations.db,
                                       tool_hooks=[_tool_logger(fields)])
                stream = runnable.arun(message, session_id=key, user_id=str(actor.user_id), stream=True,
                                       stream_events=True)
                async for ev in stream:
                    if getattr(ev, "event", None) == RunEvent.run_error.value:
                        failure = _failure(ev, fields, remote_model=not isinstance(model, OfflineModel))
                        break
                    for out in _translate(ev):
                        if out["type"] == "done":
                            content = out["content"] or content
                            continue
                        tool_count += out["type"] == "tool_call"
                        content += out.get("delta", "")
                        yield out
        except Exception:
            log.exception("agent run failed", extra=fields)  # the trace stays in the log
            failure = "something went wrong on our side while running the agent"
        if failure:
            apology = ("\n\n" if content else "") + f"Sorry — {failure}. Please try again."
            content += apology
            yield {"type": "text", "delta": apology}
        if conversation_id is None:  # a one-off message: nothing to remember
            conversations.db.delete_session(key)
        else:
            conversations.record(key, Turn(chosen, asked_slot(content) is not None or content.rstrip().endswith("?")))
        finished = True
        yield {"type": "done", "content": content, "agent": chosen, "request_id": run_actor.request_id}
    finally:
        outcome = "error" if failure else "ok" if finished else "cancelled"
        event(log, "agent run", **fields, outcome=outcome, tool_calls=tool_count,
              duration_ms=round((time.perf_counter() - started) * 1000, 1))


def _failure(ev: Any, fields: dict, remote_model: bool) -> str:
    """Words for a failed run: a remote model service's reason (unreachable, key refused), never our internals."""
    log.error("agent run error: %s (%s)", ev.content, ev.error_type, extra=fields)
    if remote_model:
        return f"the language model did not answer ({str(ev.content or 'no details')[:200]})"
    return "something went wrong on our side while running the agent"


def _context(actor: Actor, space_id: int | None) -> dict:
    with db.transaction() as session:
        return agent_context(session, actor, space_id).as_dict()


def _translate(ev: Any) -> list[dict]:
    kind = getattr(ev, "event", None)
    if kind == RunEvent.run_content.value and isinstance(ev.content, str) and ev.content:
        return [{"type": "text", "delta": ev.content}]
    if kind == RunEvent.tool_call_started.value and ev.tool is not None:
        return [{"type": "tool_call", "tool": ev.tool.tool_name, "args": ev.tool.tool_args or {}}]
    if kind == RunEvent.tool_call_completed.value and ev.tool is not None:
        result = str(ev.tool.result or "")
        is_error = bool(ev.tool.tool_call_error) or result.startswith("Error")
        return [{"type": "tool_result", "tool": ev.tool.tool_name, "result": result, "is_error": is_error,
                 "changed": not is_error and ev.tool.tool_name in WRITE_TOOLS and _changed(result)}]
    if kind == RunEvent.run_completed.value:
        return [{"type": "done", "content": ev.content if isinstance(ev.content, str) else ""}]
    return []


def _changed(result: str) -> bool:
    try:
        data = json.loads(result)
    except ValueError:
        return True
    return not (isinstance(data, dict) and any(data.get(flag) is False for flag in _NO_CHANGE_FLAGS))


def _tool_logger(fields: dict):
    """A tool hook: times each MCP call, logs it, and gives the model a failed call's plain words."""

    async def hook(function_name: str, function_call, arguments: dict):
        started = time.perf_counter()
        outcome = "ok"
        try:
            result = await function_call(**arguments)
            text = getattr(result, "content", result)
            problem = error_message(text) if isinstance(text, str) else None
            if problem is not None:
                outcome = "error"
                if hasattr(result, "content"):
                    result.content = f"Error: {problem}"
            return result
        except Exception:
            outcome = "exception"
            raise
        finally:
            event(log, "tool call", **fields, tool=function_name, tool_args=arguments, outcome=outcome,
                  duration_ms=round((time.perf_counter() - started) * 1000, 1))

    return hook
