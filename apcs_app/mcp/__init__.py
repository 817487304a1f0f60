"""The three MCP servers through which agents and outside clients work on APCS data.

Tool names and arguments are a contract (README: "The MCP servers"; tests/mcp/test_contract.py). Each tool is a thin adapter:
typed arguments in, one service call as the calling user, readable JSON out.
"""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer

from apcs_app.mcp import administration, scrum_master, workflow

SERVER_NAMES = ("administration", "workflow", "scrum_master")
_MODULES = {"administration": administration, "workflow": workflow, "scrum_master": scrum_master}

# Tools that change data: after one of these the UI reloads what it shows.
WRITE_TOOLS = frozenset(fn.__name__ for module in _MODULES.values() for fn in module.WRITES)


def build_server(name: str) -> MCPServer:
    """A new server instance (an HTTP mount needs its own: a session manager runs only once)."""
    try:
        module = _MODULES[name]
    except KeyError:
        raise ValueError(f"Unknown MCP server '{name}'; choose one of {', '.join(SERVER_NAMES)}.") from None
    return module.build()
