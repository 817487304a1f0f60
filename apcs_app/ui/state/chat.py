"""The agent chat drawer: runs an agent through the shared runner and streams its answer.

After each tool call that changed data, the workspace's live data is refilled at once, so
the page the user is on (and every other browser on the workspace) shows the change while
the answer is still streaming. A write that needs confirmation (the drawer's setting) waits
on a card the user confirms, edits or cancels; a finished run that changed data can be
undone. The visible conversation is rebuilt from the stored one when the drawer opens.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time
from collections.abc import Callable

import reflex as rx

from apcs_app import db
from apcs_app.agents.history import conversation_key, forget, visible_history
from apcs_app.agents.runner import resume_run, stream_run
from apcs_app.agents.undo import undo
from apcs_app.domain import FIBONACCI_POINTS, DomainError
from apcs_app.services import board, members
from apcs_app.services.access import Actor
from apcs_app.ui.state.live import ALL, LiveActivity, LiveBacklog, LiveBoard, LiveSprints
from apcs_app.ui.state.locked import behind_proxy
from apcs_app.ui.state.session import SessionState

log = logging.getLogger("apcs.ui.chat")

# What each write tool changes, so a run refills only that (a whole 500-item backlog costs more
# than the move itself). A tool not listed refills everything.
_BOARD = (LiveBoard, LiveSprints, LiveActivity)
_ITEMS = (LiveBacklog, LiveBoard, LiveSprints, LiveActivity)
REFILLS = {
    "move_task": _BOARD, "assign_task": _BOARD, "create_column": _BOARD,
    "create_task": _ITEMS, "create_backlog_item": (LiveBacklog, LiveActivity), "update_backlog_item": _ITEMS,
    "create_sprint": (LiveSprints, LiveBacklog, LiveActivity), "start_sprint": (LiveSprints, LiveActivity),
    "complete_sprint": (LiveSprints, LiveBacklog, LiveActivity),
    "add_to_sprint_backlog": (LiveSprints, LiveBacklog, LiveActivity), "create_space": (),
}
# Refilled in a second round, once the first has shown the change: a move can change its item's
# status, but a 500-item backlog should not hold up the card.
FOLLOW_UPS = {"move_task": (LiveBacklog,)}
SPACE_TOOLS = {"create_space"}
STREAM_FLUSH_SECONDS = 0.1

CHAT_INPUT = "chat-input"  # the message box's element id
AGENTS = (("auto", "Auto"), ("administration", "Administration"), ("workflow", "Workflow"),
          ("scrum_master", "Scrum Master"))


@dataclasses.dataclass
class ToolChip:
    tool: str = ""
    args: str = ""
    result: str = ""
    is_error: bool = False
    done: bool = False


@dataclasses.dataclass
class Choice:
    value: str = ""
    label: str = ""


@dataclasses.dataclass
class ActionArg:
    """One argument of a planned call, as the Edit form shows it: a pick list where the workspace
    knows the valid values (columns, members, story points), else free text."""

    name: str = ""
    label: str = ""  # "column" for column_id
    value: str = ""  # JSON text, so 5 and "5" stay apart when sent back
    choices: list[Choice] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class PlannedAction:
    """A write the agent waits to have confirmed ("Move 'Login form' from To Do to Done")."""

    action_id: str = ""
    tool: str = ""
    summary: str = ""
    args: list[ActionArg] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class ChatMessage:
    role: str = "user"
    content: str = ""
    agent: str = ""
    tools: list[ToolChip] = dataclasses.field(default_factory=list)
    run_id: str = ""  # set when the run paused for a confirmation
    actions: list[PlannedAction] = dataclasses.field(default_factory=list)
    decision: str = ""  # "", then "confirm" or "cancel"
    error: str = ""  # why the card's decision was refused; the card keeps waiting
    request_id: str = ""  # the finished run's, for undo
    changed: bool = False
    undone: str = ""  # "", "Undone", or the service's reason it cannot be


class ChatState(SessionState):
    open: bool = False
    agent: str = "auto"
    running: bool = False
    messages: list[ChatMessage] = []  # the conversation so far, without the run going on
    # The run going on (the user's message, the answer being written): kept apart so that each
    # streamed update sends these two, not the whole conversation (whose deltas had grown to
    # 20 KB a round after 15 runs); they join `messages` when the run ends.
    question: ChatMessage = ChatMessage("user")
    reply: ChatMessage = ChatMessage("assistant")
    # "1": destructive or bulk writes wait for a confirmation card; "0": never ask.
    confirm_writes: str = rx.LocalStorage("1", name="apcs_confirm_writes")
    # What a screen reader hears (a polite live region): one announcement a run, when its
    # answer is complete or a change waits for confirmation, never each streamed chunk.
    announcement: str = ""
    editing: str = ""  # the action id whose arguments are being edited
    edit_values: dict[str, str] = {}
    _history_space: int = -1

    @rx.var
    def confirm_on(self) -> bool:
        return self.confirm_writes != "0"

    @rx.event
    def set_confirm(self, on: bool):
        self.confirm_writes = "1" if on else "0"

    @rx.event
    def toggle(self):
        self.open = not self.open
        self._show_space_history()

    @rx.event
    def set_agent_label(self, label: str):
        self.agent = next((key for key, name in AGENTS if name == label), "auto")

    def _conversation_id(self) -> str:
        return f"{self._user_id}:{self.space_id}"

    def _show_space_history(self) -> None:
        """The drawer's conversation for this workspace, rebuilt from the stored one (so it
        survives a reload and a new sign-in)."""
        if self._history_space == self.space_id or not self._user_id:
            return
        self._history_space = self.space_id
        self.editing, self.question, self.reply = "", ChatMessage("user"), ChatMessage("assistant")
        self.messages = [ChatMessage(t["role"], t["content"], t.get("agent", ""))
                         for t in visible_history(self._user_id, self._conversation_id())]

    @rx.event(background=True)
    async def send(self, form: dict):
        """The message comes with the form: the input is not bound to the state, so typing sends
        nothing and Send is one event, not a flush of the draft and then the send. A message
        refused while a run is going on stays in the input."""
        text = str(form.get("message") or "").strip()
        async with self:
            if not text or self.running:
                return
            self._show_space_history()
            actor, space_id, agent = await self._actor(), self.space_id, self.agent
            confirm = "destructive" if self.confirm_on else "never"
            self.running = True
            self.question, self.reply = ChatMessage("user", text), ChatMessage("assistant")
            conversation_id = self._conversation_id()
        yield rx.set_value(CHAT_INPUT, "")
        run = stream_run(actor, text, agent=agent, space_id=space_id or None, conversation_id=conversation_id,
                         confirm=confirm)
        await self._follow(run, actor, space_id)

    @rx.event
    def start_edit(self, action_id: str):
        action = next((a for m in self.messages for a in m.actions if a.action_id == action_id), None)
        if action is not None:
            self.editing, self.edit_values = action_id, {arg.name: arg.value for arg in action.args}

    @rx.event
    def set_edit_value(self, name: str, value: str):
        self.edit_values = {**self.edit_values, name: value}

    @rx.event
    def stop_edit(self):
        self.editing, self.edit_values = "", {}

    @rx.event(background=True)
    async def decide(self, run_id: str, decision: str):
        """The user's answer to a paused run's planned writes: confirm runs them (with the
        arguments edited on the card), cancel drops them. A refused answer shows its reason
        on the card, which keeps waiting."""
        async with self:
            if self.running:
                return
            actor, space_id, self.running = await self._actor(), self.space_id, True
            edits = self._edits(run_id) if decision == "confirm" else {}
        run = resume_run(actor, run_id, decision, edits)
        try:
            first = await anext(run)
        except DomainError as exc:
            async with self:
                self._mark(run_id, error=exc.message)
                self.running = False
            return

        def decided(state: ChatState) -> None:  # shown with the continued run's first update
            state.editing, state.edit_values = "", {}
            state._mark(run_id, decision=decision, error="")
            state.question, state.reply = ChatMessage("user"), ChatMessage("assistant")

        await self._follow(_prepend(first, run), actor, space_id, run_id if decision == "confirm" else "", decided)

    def _edits(self, run_id: str) -> dict[str, dict]:
        """The edited arguments of the action being edited, if it belongs to this run."""
        message = next((m for m in self.messages if m.run_id == run_id), None)
        action = next((a for a in (message.actions if message else []) if a.action_id == self.editing), None)
        if action is None:
            return {}
        changed = {arg.name: _parse(self.edit_values.get(arg.name, arg.value)) for arg in action.args
                   if self.edit_values.get(arg.name, arg.value) != arg.value}
        return {action.action_id: changed} if changed else {}

    def _mark(self, run_id: str, **changes) -> None:
        self.messages = [dataclasses.replace(m, **changes) if m.run_id == run_id else m for m in self.messages]

    @rx.event(background=True)
    async def undo_run(self, request_id: str):
        """Reverse every change of one finished run, through the undo service."""
        async with self:
            actor, space_id = await self._actor(), self.space_id
        try:
            await undo(actor, space_id, request_id)
            outcome = "Undone"
        except DomainError as exc:
            outcome = exc.message
        async with self:
            self.messages = [dataclasses.replace(m, undone=outcome) if m.request_id == request_id else m
                             for m in self.messages]
            if outcome == "Undone":
                await self._refill(ALL)

    async def _follow(self, run, actor: Actor, space_id: int, card: str = "",
                      first: Callable[[ChatState], None] | None = None):
        """Stream a run's events into the reply; after each write, refill what it changed at once.

        Each `async with self` is a round of state locking and a delta to the browser, so events
        are applied in batches (at most every STREAM_FLUSH_SECONDS), except a write's result, which
        goes out at once with the refilled data; the end of the stream (done, or a confirmation
        to wait for) is applied with the answer's move into the conversation. `card`: the
        confirmed card's run id, which shows a refusal of its (possibly edited) call; `first`:
        a change to the state that goes out with the first update (one locked round less)."""
        pending: list[dict] = []
        flushed = time.monotonic()
        failure = ""
        try:
            async for event in run:
                if event.get("type") == "confirm":
                    event = await asyncio.to_thread(_with_choices, event, actor, space_id)
                pending.append(event)
                tool = event.get("tool", "")
                wrote = event.get("type") == "tool_result" and event.get("changed")
                if not wrote and time.monotonic() - flushed < STREAM_FLUSH_SECONDS:
                    continue
                async with self:
                    if first is not None:
                        first(self)
                        first = None
                    for queued in pending:
                        self._apply(queued, card)
                    if wrote:
                        # Refilled here, under the same lock, rather than by an event sent back
                        # through the browser: the board shows the change one round trip sooner.
                        await self._refill(REFILLS.get(tool, ALL), tool)
                pending, flushed = [], time.monotonic()
                if wrote and tool in FOLLOW_UPS:
                    async with self:
                        await self._refill(FOLLOW_UPS[tool])
        except DomainError as exc:
            failure = exc.message
        except Exception:  # noqa: BLE001 - the drawer reports any failure of a run in words
            log.exception("chat run failed")
            failure = "The assistant stopped unexpectedly; try again."
        finally:
            async with self:
                if first is not None:
                    first(self)
                for queued in pending:
                    self._apply(queued, card)
                if failure:
                    content = self.reply.content
                    self._update_reply(content=f"{content}\n\n{failure}" if content else failure)
                asked = [self.question] if self.question.content else []
                self.announcement = _announce(self.reply)
                self.messages = [*self.messages, *asked, self.reply]
                self.question, self.reply = ChatMessage("user"), ChatMessage("assistant")
                self.running = False

    async def _refill(self, kinds: tuple[type, ...], tool: str = "") -> None:
        """Refill these kinds of live data (what `tool` changed), for every browser on the workspace.

        Called inside a background task's `async with self`, where `self` is Reflex's StateProxy:
        the links are made from the locked state behind it (see ui/state/locked.py)."""
        state = behind_proxy(self)
        if tool in SPACE_TOOLS:
            await state._refresh_spaces()
        await state._publish(*kinds)

    def _apply(self, event: dict, card: str = "") -> None:
        last = self.reply
        kind = event.get("type")
        if kind == "text":
            self._update_reply(content=last.content + event.get("delta", ""))
        elif kind == "tool_call":
            chip = ToolChip(event.get("tool", ""), _compact(event.get("args", {})))
            self._update_reply(tools=[*last.tools, chip])
        elif kind == "tool_result":
            tools = list(last.tools)
            index = next((i for i in range(len(tools) - 1, -1, -1)
                          if tools[i].tool == event.get("tool") and not tools[i].done), None)
            result = ToolChip(event.get("tool", ""), "", _shorten(str(event.get("result", ""))),
                              bool(event.get("is_error")), True)
            if index is None:
                tools.append(result)
            else:
                tools[index] = dataclasses.replace(tools[index], result=result.result, is_error=result.is_error,
                                                   done=True)
            self._update_reply(tools=tools)
            if card and result.is_error:
                self._mark(card, error=result.result)
        elif kind == "confirm":
            actions = [PlannedAction(a.get("action_id", ""), a.get("tool", ""), a.get("summary", ""),
                                     a.get("fields", [])) for a in event.get("actions", [])]
            self._update_reply(run_id=event.get("run_id", ""), actions=actions)
        elif kind == "done":
            self._update_reply(content=event.get("content") or last.content, agent=event.get("agent", ""),
                              request_id=event.get("request_id", ""), changed=bool(event.get("changed")))

    def _update_reply(self, **changes) -> None:
        self.reply = dataclasses.replace(self.reply, **changes)

    @rx.event
    def clear(self):
        """Start afresh: the stored conversation goes too, so the agents forget it as well."""
        self.messages, self.question, self.reply, self.editing = [], ChatMessage("user"), ChatMessage("assistant"), ""
        if self._user_id:
            forget(conversation_key(self._user_id, self._conversation_id()), self._user_id)


async def _prepend(first: dict, rest):
    yield first
    async for event in rest:
        yield event


def _with_choices(event: dict, actor: Actor, space_id: int) -> dict:
    """The confirm event with each action's arguments as Edit fields, with the workspace's
    columns, members and story points to pick from."""
    choices: dict[str, list[Choice]] = {"story_points": [Choice(str(p), f"{p} pt") for p in FIBONACCI_POINTS]}
    if space_id:
        try:
            with db.transaction() as session:
                choices["column_id"] = [Choice(str(c.id), c.name) for c in board.columns(session, space_id)]
                choices["user_id"] = [Choice(str(m.user_id), m.name)
                                      for m in members.list_members(session, actor, space_id)]
        except DomainError:
            pass  # the card still shows; those arguments are edited as text
    actions = [{**a, "fields": [ActionArg(name, name.removesuffix("_id").replace("_", " "),
                                          json.dumps(value, ensure_ascii=False), choices.get(name, []))
                                for name, value in (a.get("args") or {}).items()]}
               for a in event.get("actions", [])]
    return {**event, "actions": actions}


def _parse(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return text  # plain words typed into a text argument


def _compact(args: object) -> str:
    if isinstance(args, dict):
        return ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in args.items())
    return str(args)


def _announce(reply: ChatMessage) -> str:
    if reply.actions and not reply.decision:
        planned = "; ".join(a.summary for a in reply.actions)
        return _shorten(f"The assistant waits for your confirmation: {planned}", 400)
    return _shorten(f"The assistant answered: {reply.content}", 400)


def _shorten(text: str, limit: int = 240) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
