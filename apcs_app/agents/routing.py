"""'auto': which agent's domain a message belongs to. With the offline model, `route` decides
by the offline model's own reading; with a real model, `model_route` lets the model pick.

The router reads the message with the same language understanding as the offline model,
so the agent it picks is the one whose tools the request needs; a reply to a question goes
back to the agent that asked it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping, Sequence

from agno.agent import Agent
from agno.models.base import Model

from apcs_app.agents.offline.follow_ups import carry_look, only_another_place, spelt_out
from apcs_app.agents.offline.intents import Catalog, understand
from apcs_app.agents.offline.names import mask, spot
from apcs_app.agents.offline.questions import answers_outright
from apcs_app.agents.offline.vocabulary import NOT_TITLES
from apcs_app.agents.registry import AGENTS, agent_for_tool

# When a message names no action, its nouns still tell the domain.
_DOMAIN_WORDS = (
    ("scrum_master", r"\b(?:sprints?|velocity|burndown|retro\w*|iteration|scrum\s+master|planning)\b"),
    ("administration", r"\b(?:workspaces?|spaces?|members?|methodology|owner|access)\b"),
    ("workflow", r"\b(?:backlog|items?|stor(?:y|ies)|tasks?|cards?|columns?|board|points|priority|assign\w*|bugs?)\b"),
)
DEFAULT_AGENT = "workflow"
log = logging.getLogger("apcs.agents")


def route(message: str, *, previous_agent: str | None = None, awaiting_answer: bool = False,
          today: dt.date | None = None, catalog: Catalog | None = None, members: Sequence[str] = (),
          previous_message: str | None = None, workspaces: Mapping[int, str] | None = None) -> str:
    """`catalog`: the titles the message holds, so that words inside a title never pick the agent;
    `previous_message`: what the user said last, which a follow-up look may continue; `workspaces`
    (id → name): the user's workspaces, which a message may name ("tell me about Support Desk")."""
    today = today or dt.date.today()
    before = understand(previous_message, today, catalog, members, workspaces) if previous_message else None
    intent = understand(spelt_out(message, before), today, catalog, members, workspaces)
    if previous_message and not awaiting_answer:
        intent = carry_look(intent, message, before)
    if previous_agent and not awaiting_answer and intent is not None and intent.tool == "get_space_info" \
            and only_another_place(message):
        return previous_agent  # "and the same for Support Desk": whoever made the last look makes it there
    owner = agent_for_tool(intent.tool) if intent is not None else None
    # an answer goes back to who asked, unless the message is a whole request of another agent's
    if awaiting_answer and previous_agent and (owner is None or owner.id == previous_agent or intent.missing or (
            before is not None and any(answers_outright(message, slot) for slot in before.missing))):
        return previous_agent
    if owner is not None:
        return owner.id
    lowered = mask(message, spot(message, catalog, NOT_TITLES)).lower() if catalog else message.lower()
    for agent_id, pattern in _DOMAIN_WORDS:
        if re.search(pattern, lowered):
            return agent_id
    return previous_agent or DEFAULT_AGENT


# ---------------------------------------------------------------- routing by a real model

_ROUTER_INSTRUCTIONS = (
    "You route a user's message to the one assistant whose tools it needs. The assistants:",
    *(f"- {spec.id}: {spec.name}, {spec.description.lower()}; tools: {', '.join(spec.tools)}"
      for spec in AGENTS.values()),
    "Words inside a quoted or named title (a card called 'Sprint health dashboard') do not pick the "
    "assistant: the action does (moving a card is the workflow assistant's).",
    f"Answer with the assistant's id only: one of {', '.join(AGENTS)}.",
)


def _named_agent(answer: str) -> str | None:
    """The agent an answer names first (by id or by name), or None."""
    text = answer.casefold()
    found = [(text.find(key), spec.id) for spec in AGENTS.values()
             for key in (spec.id, spec.id.replace("_", " "), spec.name.casefold()) if key in text]
    return min(found)[1] if found else None


async def model_route(model: Model, message: str, *, previous_agent: str | None = None,
                      awaiting_answer: bool = False) -> str:
    """'auto' with a real model: one call, no tools, in which the model names the agent; then that
    agent runs as usual (so its confirmations work as for a chosen agent — Agno's route-mode teams
    lose them, agno#8029, #8528, #9069). A reply to a question goes back to the agent that asked.
    If the model does not answer or names no agent, the previous (else the default) agent runs,
    and the run itself reports a model that does not answer."""
    if awaiting_answer and previous_agent:
        return previous_agent
    router = Agent(name="APCS router", model=model, instructions=list(_ROUTER_INSTRUCTIONS), markdown=False,
                   telemetry=False)
    try:
        out = await router.arun(message, stream=False)
        chosen = _named_agent(out.content) if isinstance(getattr(out, "content", None), str) else None
    except Exception:  # noqa: BLE001 - the model's failure is reported by the run that follows
        log.warning("routing call failed", exc_info=True)
        chosen = None
    return chosen or previous_agent or DEFAULT_AGENT
