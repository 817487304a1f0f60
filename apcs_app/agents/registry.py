"""The three agents, by id."""

from __future__ import annotations

from apcs_app.agents.administration import ADMINISTRATION
from apcs_app.agents.scrum_master import SCRUM_MASTER
from apcs_app.agents.spec import AgentSpec
from apcs_app.agents.workflow import WORKFLOW

AGENTS: dict[str, AgentSpec] = {spec.id: spec for spec in (ADMINISTRATION, WORKFLOW, SCRUM_MASTER)}
AGENT_CHOICES = ("auto", *AGENTS)


def agent_for_tool(tool: str) -> AgentSpec | None:
    """The one agent with this tool (None for a tool they all have, such as search)."""
    owners = [spec for spec in AGENTS.values() if tool in spec.tools]
    return owners[0] if len(owners) == 1 else None
