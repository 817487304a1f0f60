"""'auto': which agent's domain a message belongs to.

The router reads the message with the same language understanding as the offline model,
so the agent it picks is the one whose tools the request needs; a reply to a question goes
back to the agent that asked it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from apcs_app.agents.offline.intents import Catalog, understand
from apcs_app.agents.offline.names import mask, spot
from apcs_app.agents.offline.vocabulary import NOT_TITLES
from apcs_app.agents.registry import agent_for_tool

# When a message names no action, its nouns still tell the domain.
_DOMAIN_WORDS = (
    ("scrum_master", r"\b(?:sprints?|velocity|burndown|retro\w*|iteration|scrum\s+master|planning)\b"),
    ("administration", r"\b(?:workspaces?|spaces?|projects?|members?|team|teammates|people|methodology|owner|access)\b"),
    ("workflow", r"\b(?:backlog|items?|stor(?:y|ies)|tasks?|cards?|columns?|board|points|priority|assign\w*|bugs?)\b"),
)
DEFAULT_AGENT = "workflow"


def route(message: str, *, previous_agent: str | None = None, awaiting_answer: bool = False,
          today: dt.date | None = None, catalog: Catalog | None = None, members: Sequence[str] = ()) -> str:
    """`catalog`: the titles the message holds, so that words inside a title never pick the agent."""
    intent = understand(message, today or dt.date.today(), catalog, members)
    owner = agent_for_tool(intent.tool) if intent is not None else None
    if awaiting_answer and previous_agent and (owner is None or owner.id == previous_agent):
        return previous_agent
    if owner is not None:
        return owner.id
    lowered = mask(message, spot(message, catalog, NOT_TITLES)).lower() if catalog else message.lower()
    for agent_id, pattern in _DOMAIN_WORDS:
        if re.search(pattern, lowered):
            return agent_id
    return previous_agent or DEFAULT_AGENT
