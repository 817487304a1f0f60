"""One agent run as a stream of events, for the chat drawer, the HTTP API and `apcs chat`.

Events: {"type": "text", "delta"}, {"type": "tool_call", "tool", "args"},
{"type": "tool_result", "tool", "result", "is_error", "changed"}, {"type": "confirm", "run_id",
"actions": [{"action_id", "tool", "args", "summary"}]} when a write waits for the user's
confirmation (see confirm.py; `resume_run` continues it), and last {"type": "done", "content",
"agent", "request_id", "changed"}.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any, Literal

from agno.db.base import SessionType
from agno.db.in_memory import InMemoryDb
from agno.run.agent import RunEvent
from agno.tools.mcp import MCPTools

from apcs_app import db
from apcs_app.agents import history, paused
from apcs_app.agents.build import build_agent
from apcs_app.agents.cards import confirmation_question, planned_actions, public
from apcs_app.agents.confirm import tools_to_confirm
from apcs_app.agents.history import Conversation, Turn
from apcs_app.agents.models import choose_model
from apcs_app.agents.offline import OfflineModel
from apcs_app.agents.offline.catalog import member_names
from apcs_app.agents.agno_tool_errors import error_message
from apcs_app.agents.offline.intents import Catalog
from apcs_app.agents.offline.questions import asked_slot
from apcs_app.agents.registry import AGENT_CHOICES, AGENTS
from apcs_app.agents.routing import model_route, route
from apcs_app.domain import ConflictError, InvalidError, PausedRun, Via
from apcs_app.domain.models import utcnow
from apcs_app.logs import event
from apcs_app.mcp import WRITE_TOOLS
from apcs_app.mcp.inprocess import connect
from apcs_app.services.access import Actor
from apcs_app.services.context import agent_context
from apcs_app.services.titles import titles_in

log = logging.getLogger("apcs.agents")
MAX_MESSAGE = 4000
# Flags in a write tool's result that say it changed nothing ("already in Done").
_NO_CHANGE_FLAGS = ("moved", "changed", "added")


CANCELLED = "you cancelled it, so nothing was changed"
Decision = Literal["confirm", "cancel"]


@dataclass
class _Plan:
    """Everything a run (or its continuation after a confirmation) needs besides the model's input."""

    actor: Actor  # acting through the agent, with the run's request id
    conversation: Conversation
    keep: bool  # remember the conversation once the run ends
    stored: bool  # the conversation is in the database (kept, or saved while paused)
    agent: str
    context: dict
    confirm: str
    changed: bool = False  # data changed earlier in this run (before a pause)

    @property
    def space_id(self) -> int | None:
        return self.context["space_id"]


def _titles_in(actor: Actor, space_id: int | None, message: str) -> Catalog | None:
    if space_id is None:
        return None
    catalog = Catalog()
    with db.read() as session:
        for kind, ident, title in titles_in(session, actor, space_id, message):
            catalog.add(kind, ident, title)
    return catalog


async def stream_run(actor: Actor, message: str, *, agent: str = "auto", space_id: int | None = None,
                     conversation_id: str | None = None, confirm: str = "destructive") -> AsyncIterator[dict]:
    message = (message or "").strip() if isinstance(message, str) else ""
    if not message:
        raise InvalidError("The message is empty; say what you would like the agent to do.")
    if len(message) > MAX_MESSAGE:
        raise InvalidError(f"The message is {len(message)} characters long; the limit is {MAX_MESSAGE}.")
    if agent not in AGENT_CHOICES:
        raise InvalidError(f"Unknown agent '{agent}'; choose one of {', '.join(AGENT_CHOICES)}.")
    tools_to_confirm(confirm)  # refuses an unknown mode before anything runs
    run_actor = Actor(actor.user_id, Via.AGENT, uuid.uuid4().hex[:16])
    context = await asyncio.to_thread(_context, run_actor, space_id)
    key = history.conversation_key(actor.user_id, conversation_id or uuid.uuid4().hex)
    conversation = (await asyncio.to_thread(history.load, key, actor.user_id) if conversation_id
                    else Conversation(key, actor.user_id, InMemoryDb(), None))
    last = conversation.last
    previous, awaiting = (last.agent if last else None), bool(last and last.asked)
    if agent != "auto":
        chosen = agent
    elif isinstance(model := choose_model(), OfflineModel):
        chosen = route(message, previous_agent=previous, awaiting_answer=awaiting,
                       catalog=await asyncio.to_thread(_titles_in, run_actor, context.get("space_id"), message),
                       members=member_names(context), previous_message=history.last_message(conversation),
                       workspaces={s["id"]: s["name"] for s in context.get("spaces") or []})
    else:
        chosen = await model_route(model, message, previous_agent=previous, awaiting_answer=awaiting)
    plan = _Plan(run_actor, conversation, keep=conversation_id is not None, stored=conversation_id is not None,
                 agent=chosen, context=context, confirm=confirm)
    async for out in _drive(plan, lambda runnable: runnable.arun(
            message, session_id=key, user_id=str(actor.user_id), stream=True, stream_events=True)):
        yield out


async def resume_run(actor: Actor, run_id: str, decision: Decision,
                     edits: dict[str, dict] | None = None) -> AsyncIterator[dict]:
    """Continue a run paused for confirmation: run the planned calls (with `edits`, by action id,
    merged into their arguments) or cancel them; the same events as `stream_run` follow."""
    plan, run = await check_resume(actor, run_id, decision, edits)
    await asyncio.to_thread(paused.take, actor.user_id, run_id)
    for requirement in run.requirements:
        if requirement.needs_confirmation:
            call = requirement.tool_execution
            if decision == "confirm":
                call.tool_args = {**(call.tool_args or {}), **(edits or {}).get(call.tool_call_id, {})}
                requirement.confirm()
            else:
                requirement.reject(note=CANCELLED)
    async for out in _drive(plan, lambda runnable: runnable.acontinue_run(
            run_id=run_id, requirements=run.requirements, session_id=plan.conversation.key,
            user_id=str(actor.user_id), stream=True, stream_events=True)):
        yield out


async def check_resume(actor: Actor, run_id: str, decision: str, edits: dict | None = None) -> tuple[_Plan, Any]:
    """Refuses, changing nothing, what `resume_run` would refuse: an unknown, expired or another
    user's run, a workspace the user left, an unknown decision, edits naming no planned action
    or an argument its tool lacks. (The HTTP API calls it first, to answer with a status code
    before streaming.) Returns the continuation's plan and the paused Agno run."""
    if decision not in ("confirm", "cancel"):
        raise InvalidError(f"Unknown decision '{decision}'; choose confirm or cancel.")
    pause = await asyncio.to_thread(paused.check, actor.user_id, run_id)
    paused.check_edits(pause.actions, edits or {}, decision)
    run_actor = Actor(actor.user_id, Via.AGENT, pause.request_id)  # one request id: undo takes the whole run
    context = await asyncio.to_thread(_context, run_actor, pause.space_id)
    conversation = await asyncio.to_thread(history.load, pause.conversation_key, actor.user_id)
    agno_session = conversation.store.get_session(conversation.key, SessionType.AGENT)
    run = agno_session.get_run(run_id) if agno_session is not None else None
    if run is None or not run.requirements:
        raise ConflictError(f"Run {run_id} can no longer be continued; send the request again.")
    return _Plan(run_actor, conversation, keep=pause.keep_conversation, stored=True, agent=pause.agent,
                 context=context, confirm=pause.confirm, changed=pause.changed), run


async def _drive(plan: _Plan, start: Callable[[Any], AsyncIterator[Any]]) -> AsyncIterator[dict]:
    """Run the agent (started or continued by `start`) and turn its events into ours."""
    spec = AGENTS[plan.agent]
    fields = {"request_id": plan.actor.request_id, "user_id": plan.actor.user_id, "space_id": plan.space_id,
              "agent": plan.agent}
    started, content, tool_count, failure, finished, pause = time.perf_counter(), "", 0, None, False, None
    changed = plan.changed
    try:
        try:
            async with AsyncExitStack() as stack:
                confirm_tools = tools_to_confirm(plan.confirm)
                session = await stack.enter_async_context(connect(spec.server, plan.actor, plan.space_id))
                toolkit = MCPTools(session=session, include_tools=list(spec.tools),
                                   requires_confirmation_tools=sorted(confirm_tools & set(spec.tools)) or None)
                await toolkit.initialize()
                model = choose_model()
                context = {**plan.context, "confirm_before": sorted(confirm_tools)}
                runnable = build_agent(spec, model, [toolkit], context, plan.conversation.store,
                                       tool_hooks=[_tool_logger(fields)])
                async for ev in start(runnable):
                    kind = getattr(ev, "event", None)
                    if kind == RunEvent.run_error.value:
                        failure = _failure(ev, fields, remote_model=not isinstance(model, OfflineModel))
                        break
                    if kind == RunEvent.run_paused.value:
                        pause = await planned_actions(ev, toolkit, plan.context)
                        continue
                    for out in _translate(ev):
                        if out["type"] == "done":
                            content = out["content"] or content
                            continue
                        tool_count += out["type"] == "tool_call"
                        changed = changed or bool(out.get("changed"))
                        content += out.get("delta", "")
                        yield out
        except Exception:
            log.exception("agent run failed", extra=fields)  # the trace stays in the log
            failure = "something went wrong on our side while running the agent"
        if failure:
            pause = None
            apology = ("\n\n" if content else "") + f"Sorry — {failure}. Please try again."
            content += apology
            yield {"type": "text", "delta": apology}
        if pause:
            run_id, actions = pause
            await asyncio.to_thread(_remember_pause, plan, run_id, actions, changed)
            yield {"type": "confirm", "run_id": run_id, "actions": [public(a) for a in actions]}
            ask = ("\n\n" if content else "") + confirmation_question(actions)
            content += ask
            yield {"type": "text", "delta": ask}
        elif plan.keep:
            await asyncio.to_thread(history.save, plan.conversation, Turn(
                plan.agent, asked_slot(content) is not None or content.rstrip().endswith("?")))
        elif plan.stored:  # a one-off message that paused on its way: nothing to remember now
            await asyncio.to_thread(history.forget, plan.conversation.key, plan.actor.user_id)
        finished = True
        yield {"type": "done", "content": content, "agent": plan.agent, "request_id": plan.actor.request_id,
               "changed": changed}
    finally:
        outcome = "error" if failure else "paused" if pause else "ok" if finished else "cancelled"
        event(log, "agent run", **fields, outcome=outcome, tool_calls=tool_count,
              duration_ms=round((time.perf_counter() - started) * 1000, 1))


def _remember_pause(plan: _Plan, run_id: str, actions: list[dict], changed: bool) -> None:
    history.save(plan.conversation, None)
    paused.save(PausedRun(run_id=run_id, user_id=plan.actor.user_id, conversation_key=plan.conversation.key,
                          keep_conversation=plan.keep, space_id=plan.space_id, agent=plan.agent,
                          request_id=plan.actor.request_id, confirm=plan.confirm, changed=changed, actions=actions,
                          expires_at=utcnow() + paused.PAUSE_TTL))


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
