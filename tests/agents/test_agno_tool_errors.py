"""Agno's text for a failed MCP call, read by apcs_app.agents.agno_tool_errors — checked against
a real failing tool run through a real Agno agent over a real MCP client session, so an Agno or
mcp upgrade that changes the format fails here and not silently in the assistant."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

import pytest
from agno.agent import Agent
from agno.models.base import Model
from agno.models.response import ModelResponse
from agno.tools.mcp import MCPTools
from mcp import Client
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from apcs_app.agents.agno_tool_errors import error_message

MESSAGES = [
    "Column 'Done' is full (WIP limit 3); move a card out first.",
    'Quotes \' and " and a backslash \\ stay as written',
    "Ünïcödé, émoji ✅ and a newline\nstay too",
]


@dataclass
class _CallsOnce(Model):
    id: str = "calls-once"
    name: str = "CallsOnce"
    provider: str = "test"

    def _decide(self, messages):
        if messages[-1].role == "tool":
            return ModelResponse(role="assistant", content="done")
        return ModelResponse(role="assistant", tool_calls=[{
            "id": "call_1", "type": "function", "function": {"name": "fail", "arguments": json.dumps({})}}])

    def invoke(self, messages, **kw):
        return self._decide(messages)

    async def ainvoke(self, messages, **kw):
        return self._decide(messages)

    def invoke_stream(self, messages, **kw):
        yield self._decide(messages)

    async def ainvoke_stream(self, messages, **kw):
        yield self._decide(messages)

    def _parse_provider_response(self, response, **kw):
        return response

    def _parse_provider_response_delta(self, response):
        return response


async def _failed_call_text(message: str) -> str:
    server = MCPServer(name="failing")

    @server.tool()
    def fail() -> str:
        """Always fails."""
        raise ToolError(message)

    async with Client(server, mode="legacy") as client:
        tools = MCPTools(session=client.session)
        await tools.initialize()
        out = await Agent(model=_CallsOnce(), tools=[tools], telemetry=False).arun("go")
    [execution] = out.tools
    return execution.result


@pytest.mark.parametrize("message", MESSAGES)
def test_a_failed_mcp_call_reads_back_as_the_tools_own_words(message):
    text = asyncio.run(_failed_call_text(message))
    assert error_message(text) == message, text


def test_a_successful_result_is_no_error():
    assert error_message('{"id": 3, "title": "Error from the past"}') is None
    assert error_message("Error: already plain") == "already plain"
