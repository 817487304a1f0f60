"""An agent declared as data: who it is, what it is told, which MCP tools it may use."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AgentSpec:
    id: str
    name: str
    description: str
    instructions: tuple[str, ...]
    server: str  # the MCP server whose tools it gets
    tools: tuple[str, ...]  # that server's tools, by name (the contract)
    borrowed: dict[str, tuple[str, ...]] = field(default_factory=dict)  # read tools of other servers

    def servers(self) -> dict[str, tuple[str, ...] | None]:
        """Server name → tools to include from it (None: all of them)."""
        return {self.server: None, **self.borrowed}
