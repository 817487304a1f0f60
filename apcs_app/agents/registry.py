"""The three agents, by id."""

from __future__ import annotations

from apcs_app.agents.administration import ADMINISTRATION
from apcs_app.agents.scrum_master import SCRUM_MASTER
from apcs_app.agents.spec import AgentSpec
from apcs_app.agents.workflow import WORKFLOW

AGENTS: dict[str, AgentSpec] = {spec.id: spec for spec in (ADMINISTRATION, WORKFLOW, SCRUM_MASTER)}
AGENT_CHOICES = ("auto", *AGENTS)


def agent_for_tool(tool: str) -> AgentSpec | None:
    return next((spec for spec in AGENTS.values() if tool in spec.tools), None)
