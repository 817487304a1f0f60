"""The words of a failed MCP tool call, as Agno hands them on.

Agno writes a failed MCP call as `Error from MCP tool 'name': [TextContent(type='text',
text='...')]` — the Python repr of the SDK's content list — and offers no public field with
the error text where the model and the tool hook see it (its ToolResult.metadata keeps only
`_meta` and structured content, and is dropped before the tool message is built: agno
utils/mcp.py and models/base.py, agno 3.1). This module is the one place that reads that
text; tests/agents/test_agno_tool_errors.py runs a real failing MCP tool through Agno so an
upgrade that changes the format fails there, loudly.
"""

from __future__ import annotations

import ast
import re

_MCP_ERROR = re.compile(r"^Error from MCP tool '[^']*':")
_ERROR_TEXT = re.compile(r"""text=('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")
_TOOL_PREFIX = re.compile(r"^Error executing tool \w+:\s*")


def error_message(result: str) -> str | None:
    """The plain words of a failed tool call, or None when the call succeeded.

    "Error: ..." is what the app's own tool hook (agents/runner.py) leaves after reading
    Agno's text once, so a later reader of the conversation gets the same words."""
    if result.startswith("Error:"):
        return result[len("Error:"):].strip()
    if not _MCP_ERROR.match(result):
        return None
    found = _ERROR_TEXT.search(result)
    # A repr of a str is a Python string literal: literal_eval reads exactly that, nothing else.
    text = ast.literal_eval(found.group(1)) if found else _MCP_ERROR.sub("", result)
    return _TOOL_PREFIX.sub("", text).strip()
