"""An agent declared as data: who it is, what it is told, which MCP tools it may use."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AgentSpec:
    id: str
    name: str
    description: str
    instructions: tuple[str, ...]
    server: str  # the MCP server whose tools it gets
    tools: tuple[str, ...]  # that server's tools, by name (the contract and its extra read tools)
