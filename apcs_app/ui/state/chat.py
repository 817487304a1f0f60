"""The agent chat drawer: runs an agent through the shared runner and streams its answer.

After each tool call that changed data, the workspace's live data is refilled at once, so
the page the user is on (and every other browser on the workspace) shows the change while
the answer is still streaming.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time

import reflex as rx

from apcs_app.agents.runner import resume_run, stream_run
from apcs_app.domain import DomainError
from apcs_app.ui.state.live import ALL, LiveActivity, LiveBacklog, LiveBoard, LiveSprints
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
SPACE_TOOLS = {"create_space"}
STREAM_FLUSH_SECONDS = 0.1

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
class PlannedAction:
    """A write the agent waits to have confirmed ("Move 'Login form' from To Do to Done")."""

    action_id: str = ""
    tool: str = ""
    summary: str = ""


@dataclasses.dataclass
class ChatMessage:
    role: str = "user"
    content: str = ""
    agent: str = ""
    tools: list[ToolChip] = dataclasses.field(default_factory=list)
    run_id: str = ""  # set when the run paused for a confirmation
    actions: list[PlannedAction] = dataclasses.field(default_factory=list)
    decision: str = ""  # "", then "confirm" or "cancel"


class ChatState(SessionState):
    open: bool = False
    agent: str = "auto"
    draft: str = ""
    running: bool = False
    messages: list[ChatMessage] = []
    # Conversations kept per workspace for this signed-in user.
    _history: dict[int, list[ChatMessage]] = {}
    _history_space: int = 0

    @rx.event
    def toggle(self):
        self.open = not self.open
        self._show_space_history()

    @rx.event
    def set_agent_label(self, label: str):
        self.agent = next((key for key, name in AGENTS if name == label), "auto")

    @rx.event
    def set_draft(self, value: str):
        self.draft = value

    def _show_space_history(self) -> None:
        if self._history_space != self.space_id:
            self._history[self._history_space] = self.messages
            self._history_space = self.space_id
            self.messages = self._history.get(self.space_id, [])

    @rx.event(background=True)
    async def send(self, _form: dict | None = None):
        async with self:
            text = self.draft.strip()
            if not text or self.running:
                return
            self._show_space_history()
            actor, space_id, agent = self.actor(), self.space_id, self.agent
            self.draft, self.running = "", True
            self.messages = [*self.messages, ChatMessage("user", text), ChatMessage("assistant")]
        run = stream_run(actor, text, agent=agent, space_id=space_id or None,
                         conversation_id=f"{actor.user_id}:{space_id}")
        async for event in self._follow(run):
            yield event

    @rx.event(background=True)
    async def decide(self, run_id: str, decision: str):
        """The user's answer to a paused run's planned writes: confirm runs them, cancel drops them."""
        async with self:
            if self.running:
                return
            actor, self.running = self.actor(), True
            marked = [dataclasses.replace(m, decision=decision) if m.run_id == run_id else m for m in self.messages]
            self.messages = [*marked, ChatMessage("assistant")]
        async for event in self._follow(resume_run(actor, run_id, decision)):
            yield event

    async def _follow(self, run):
        """Stream a run's events into the last answer; after each write, refill what it changed at once.

        Each `async with self` is a round of state locking and a delta to the browser, so text and
        tool-call events are applied in batches (at most every STREAM_FLUSH_SECONDS); a tool result,
        a confirmation request and the end are applied at once."""
        pending: list[dict] = []
        flushed = time.monotonic()
        failure = ""
        try:
            async for event in run:
                pending.append(event)
                if event.get("type") in ("text", "tool_call") and time.monotonic() - flushed < STREAM_FLUSH_SECONDS:
                    continue
                async with self:
                    for queued in pending:
                        self._apply(queued)
                pending, flushed = [], time.monotonic()
                if event.get("type") == "tool_result" and event.get("changed"):
                    # A shared state cannot be linked from a background task; this event runs at once,
                    # in the foreground, while the answer goes on streaming.
                    yield ChatState.data_changed(event.get("tool", ""))
        except DomainError as exc:
            failure = exc.message
        except Exception:  # noqa: BLE001 - the drawer reports any failure of a run in words
            log.exception("chat run failed")
            failure = "The assistant stopped unexpectedly; try again."
        finally:
            async with self:
                for queued in pending:
                    self._apply(queued)
                if failure:
                    content = self.messages[-1].content
                    self._update_last(content=f"{content}\n\n{failure}" if content else failure)
                self.running = False

    @rx.event
    async def data_changed(self, tool: str):
        if tool in SPACE_TOOLS:
            self.refresh_spaces()
        await self.publish(*REFILLS.get(tool, ALL))

    def _apply(self, event: dict) -> None:
        last = self.messages[-1]
        kind = event.get("type")
        if kind == "text":
            self._update_last(content=last.content + event.get("delta", ""))
        elif kind == "tool_call":
            chip = ToolChip(event.get("tool", ""), _compact(event.get("args", {})))
            self._update_last(tools=[*last.tools, chip])
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
            self._update_last(tools=tools)
        elif kind == "confirm":
            actions = [PlannedAction(a.get("action_id", ""), a.get("tool", ""), a.get("summary", ""))
                       for a in event.get("actions", [])]
            self._update_last(run_id=event.get("run_id", ""), actions=actions)
        elif kind == "done":
            self._update_last(content=event.get("content") or last.content, agent=event.get("agent", ""))

    def _update_last(self, **changes) -> None:
        self.messages = [*self.messages[:-1], dataclasses.replace(self.messages[-1], **changes)]

    @rx.event
    def clear(self):
        self.messages = []


def _compact(args: object) -> str:
    if isinstance(args, dict):
        return ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in args.items())
    return str(args)


def _shorten(text: str, limit: int = 240) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
