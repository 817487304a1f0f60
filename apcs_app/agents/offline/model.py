"""The offline deterministic model: a real Agno model that needs no key and no network.

Each call reads the whole conversation Agno passes in (run context, earlier turns, this
turn's tool calls and results) and takes the next step: look a name up with a read tool,
call the tool the user asked for, ask for what is missing, or write the answer.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

from agno.models.base import Model
from agno.models.response import ModelResponse

from apcs_app.agents.offline import answers
from apcs_app.agents.offline.catalog import (
    a_name_may_pick_the_look,
    catalog_of,
    catalog_reads,
    it_may_be_named,
    may_state_a_change,
    member_names,
    names_a_sprint,
    wants_titles,
)
from apcs_app.agents.agno_tool_errors import error_message
from apcs_app.agents.offline.conversation import Conversation, read
from apcs_app.agents.offline.follow_ups import (
    carry_look,
    carry_topic,
    it_the_thing_looked_at,
    one_of_the_kind,
    same_again,
    spelt_out,
    value_alone,
)
from apcs_app.agents.offline.intents import Catalog, Intent, negated, retracted, understand
from apcs_app.agents.offline.intents.board_admin import changes
from apcs_app.agents.offline.questions import answers_outright, apply_answer, ask, asked_slot
from apcs_app.agents.offline.resolve import Declined, Need, Unclear, resolve, searchable


@dataclass
class OfflineModel(Model):
    id: str = "apcs-offline"
    name: str = "APCS offline model"
    provider: str = "apcs"

    def invoke(self, messages: list, tools: list | None = None, **_: Any) -> ModelResponse:
        return _respond(messages, tools)

    async def ainvoke(self, messages: list, tools: list | None = None, **_: Any) -> ModelResponse:
        return _respond(messages, tools)

    def invoke_stream(self, messages: list, tools: list | None = None, **_: Any) -> Iterator[ModelResponse]:
        response = _respond(messages, tools)
        if response.tool_calls:
            yield response  # a tool call travels whole, in one delta
            return
        for word in re.findall(r"\s*\S+\s*", response.content or "") or [""]:
            yield ModelResponse(role="assistant", content=word)

    async def ainvoke_stream(self, messages: list, tools: list | None = None, **kw: Any) -> AsyncIterator[ModelResponse]:
        for delta in self.invoke_stream(messages, tools, **kw):
            yield delta

    def _parse_provider_response(self, response: ModelResponse, **_: Any) -> ModelResponse:
        return response

    def _parse_provider_response_delta(self, response: ModelResponse) -> ModelResponse:
        return response


def _respond(messages: list, tools: list | None) -> ModelResponse:
    step = next_step(read(messages), {t["function"]["name"] for t in tools or [] if "function" in t})
    if isinstance(step, str):
        return ModelResponse(role="assistant", content=step)
    calls = [{"id": f"call_{uuid.uuid4().hex[:16]}", "type": "function",
              "function": {"name": tool, "arguments": json.dumps(args)}} for tool, args in _as_list(step)]
    return ModelResponse(role="assistant", tool_calls=calls)


def _as_list(step: tuple[str, dict] | list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    return step if isinstance(step, list) else [step]


def next_step(convo: Conversation, available: set[str]) -> str | tuple[str, dict] | list[tuple[str, dict]]:
    """The words to answer with, or the (tool, arguments) to call next — several reads at once
    when the titles of the workspace must be known before the message can be read."""
    catalog = catalog_of(convo)
    intent = current_intent(convo, catalog)
    # An answer to a question ("yes", "Bob") completes a request read with the titles known.
    answering = bool(convo.earlier and asked_slot(convo.earlier[-1].reply)) and not negated(convo.current.user)
    restating = may_state_a_change(intent, convo.current.user)
    unsure = (wants_titles(intent, convo.current.user) and not searchable(intent, available)) or answering or \
        it_may_be_named(intent, convo.current.user) or restating or names_a_sprint(intent, available) or \
        a_name_may_pick_the_look(intent, convo.current.user) or _it_after_a_look(intent, convo) or (
        intent is not None and intent.tool not in available)
    # A yes to a write replays the earlier message, which may have been read knowing every title.
    replaying = answering and asked_slot(convo.earlier[-1].reply) == "confirm"
    if catalog is None and unsure and (reads := catalog_reads(
            available, None if restating or replaying else intent, intent.tool if intent else None,
            _other_spaces(convo))):
        return reads
    if intent is None:
        said = convo.current.user
        return _NOTHING_DONE if negated(said) or retracted(said) else _help(available, said)
    if intent.tool not in available:
        return _elsewhere(intent.tool)
    if intent.missing:
        return ask(intent.missing[0], intent)
    done = [c for c in convo.current.calls if c.tool == intent.tool]
    if done and changes(intent.tool):
        return _answer(done[-1])
    step = resolve(intent, convo, available)
    # A look is answered by its own call, the last one made: the titles read first from the open
    # workspace's board are no answer to "open the Support Desk board" (that read is made again).
    same = [c for c in done if c.args == step] if isinstance(step, dict) else []
    if same and (same[-1] is convo.current.calls[-1] or len(same) > 1) or len(done) > 2:
        call = (same or done)[-1]  # never a loop: a look made twice, or thrice in any form, is answered
        return answers.about_one(call.tool, call.data, intent.about) if intent.about and not call.is_error else _answer(call)
    if isinstance(step, Need):
        failed = [c for c in convo.current.calls if c.tool == step.tool and c.is_error]
        return answers.failure(step.tool, _error_text(failed[-1])) if failed else (step.tool, step.args)
    if isinstance(step, Unclear):
        return ask(step.slot, intent, step.detail)
    if isinstance(step, Declined):
        return step.text
    return intent.tool, step


def _it_after_a_look(intent: Intent | None, convo: Conversation) -> bool:
    """'it' right after a turn that changed nothing ("Who's working on X?" then "switch it over to
    me"): the thing that look named, which only the titles tell."""
    return intent is not None and bool(convo.earlier) and any(
        ref is not None and ref.pronoun and ref.kind in ("item", "task") for ref in intent.refs.values()) \
        and not any(changes(call.tool) for call in convo.earlier[-1].calls)


def _answer(call) -> str:
    return answers.failure(call.tool, _error_text(call)) if call.is_error else answers.render(call.tool, call.data)


def _other_spaces(convo: Conversation) -> list[int]:
    current = convo.context.get("space_id")
    return [s["id"] for s in convo.context.get("spaces") or [] if s["id"] != current]


def _error_text(call) -> str:
    return error_message(call.result) or call.result


def current_intent(convo: Conversation, catalog: Catalog | None = None) -> Intent | None:
    """Replays the conversation so an answer to a question completes the request it was about."""
    pending: tuple[Intent, str, str] | None = None  # the request, the slot asked for, the question
    intent: Intent | None = None
    members = member_names(convo.context)
    workspaces = {s["id"]: s["name"] for s in convo.context.get("spaces") or []}
    said_before: str | None = None
    for turn in convo.turns:
        previous = intent
        # A message that is a complete request of its own is one, even right after a question.
        spelt = spelt_out(one_of_the_kind(turn.user, said_before), previous)
        intent = understand(value_alone(spelt, previous), convo.today, catalog, members, workspaces)
        intent = same_again(intent, turn.user, previous)
        if intent is not None:
            intent.said = turn.user
        said_before = turn.user
        carry_topic(intent, turn.user, previous)
        intent = carry_look(intent, turn.user, previous)
        it_the_thing_looked_at(intent, previous)
        # An answer to the question asked wins over a new request the message does not complete
        # ("scrum please, we'll be doing two-week sprints" answers "SCRUM or KANBAN?").
        if pending is not None and (intent is None or intent.missing or answers_outright(turn.user, pending[1])) \
                and not negated(turn.user):
            candidate = copy.deepcopy(pending[0])
            if apply_answer(candidate, pending[1], turn.user, convo.today, pending[2]):
                intent = candidate
        slot = asked_slot(turn.reply) if turn.reply else None
        pending = (intent, slot, turn.reply) if slot and intent is not None else None
    return intent


_NOTHING_DONE = "Okay — I won't change anything. Tell me what you'd like instead."

_ABILITIES = {
    "create_space": "create a workspace (\"Create a Scrum workspace called 'Apollo'\")",
    "get_user_spaces": "list your workspaces",
    "get_space_info": "describe the current workspace and its members",
    "create_backlog_item": "add backlog items (\"Add a high priority item 'Export to CSV' worth 5 points\")",
    "update_backlog_item": "change an item's points, priority, status or title",
    "get_backlog": "show the backlog",
    "create_task": "create tasks for items and move or assign them",
    "create_column": "add board columns",
    "get_kanban_board": "show the board or one column",
    "create_sprint": "plan sprints (\"Create a 2-week sprint starting next Monday\")",
    "start_sprint": "start and complete sprints",
    "add_to_sprint_backlog": "add items to a sprint and show the sprint backlog",
}


def _help(available: set[str], asked: str) -> str:
    can = [text for tool, text in _ABILITIES.items() if tool in available]
    lead = "Here's what I can do" if re.search(r"\bhelp\b|\bcan\s+you\b|\babilities\b", asked, re.I) else (
        "I'm not sure what you'd like me to do. I can")
    return f"{lead}:\n" + "\n".join(f"• {c}" for c in can)


def _elsewhere(tool: str) -> str:
    from apcs_app.agents.registry import agent_for_tool

    owner = agent_for_tool(tool)
    if owner is None:  # a tool no connected server lists (yet): say so, change nothing
        return f"I can't do that here: none of the connected servers offers '{tool}', so nothing was changed."
    where = f"the {owner.name}" if owner else "another agent"
    return (f"That's a job for {where}, and I don't have its tools. Ask again with the agent set to "
            f"'auto' (or '{owner.id if owner else 'auto'}') and it will be handled there.")
