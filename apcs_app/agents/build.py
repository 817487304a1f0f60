"""An Agno agent from its declaration, a model, its MCP tools and the run's context."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from agno.agent import Agent
from agno.db.base import BaseDb
from agno.models.base import Model
from agno.tools.mcp import MCPTools

from apcs_app.agents.history import HISTORY_RUNS
from apcs_app.agents.offline.conversation import CONTEXT_CLOSE, CONTEXT_OPEN
from apcs_app.agents.spec import AgentSpec


def context_block(context: dict) -> str:
    """The run context for the system message: a readable summary, then the same as JSON."""
    sprint = context.get("active_sprint")
    people = ", ".join(f"{m['name']} <{m['email']}> (user id {m['user_id']})" for m in context.get("members", []))
    lines = [
        f"User: {context['user_name']} <{context['user_email']}> (user id {context['user_id']}, role {context['user_role']})",
        f"Workspace: {context['space_name']} (id {context['space_id']}, {context['methodology']})" if context.get("space_id")
        else "Workspace: none yet (offer to create one)",
        f"Active sprint: {sprint['name']} (id {sprint['id']}, {sprint['start_date']} to {sprint['end_date']})" if sprint
        else "Active sprint: none",
        f"Members: {people or 'none'}",
        f"Request id: {context['request_id']}; now: {context['timestamp']} (UTC)",
        "Omit space_id to work in this workspace. Look ids up with a read tool; never invent them.",
        *([f"These tools show the user a confirmation card before they run, so call them without asking first: "
           f"{', '.join(context['confirm_before'])}."] if context.get("confirm_before") else []),
        f"{CONTEXT_OPEN}{json.dumps(context)}{CONTEXT_CLOSE}",
    ]
    return "\n".join(lines)


def build_agent(spec: AgentSpec, model: Model, tools: Sequence[MCPTools], context: dict, db: BaseDb,
                tool_hooks: Sequence[Callable] = ()) -> Agent:
    return Agent(
        id=spec.id,
        name=spec.name,
        role=spec.description,
        description=spec.description,
        instructions=list(spec.instructions),
        model=model,
        tools=list(tools),
        db=db,
        add_history_to_context=True,
        num_history_runs=HISTORY_RUNS,
        additional_context=context_block(context),
        tool_hooks=list(tool_hooks),
        markdown=True,
        telemetry=False,
    )
