"""The tool list is a contract: names, required arguments, enumerations, descriptions."""

from __future__ import annotations

import pytest

from apcs_app.domain import Via
from apcs_app.mcp import SERVER_NAMES, WRITE_TOOLS, build_server
from apcs_app.mcp.inprocess import connect
from apcs_app.services.access import Actor
from tests.mcp.conftest import CONTRACT, EXTRAS

pytestmark = pytest.mark.anyio


def check_tools(server: str, tools) -> None:
    """What every transport must list for `server`."""
    expected = CONTRACT[server] | EXTRAS[server]
    assert {t.name for t in tools} == set(expected)
    for tool in tools:
        assert set(tool.input_schema.get("required", [])) == expected[tool.name], tool.name
        assert tool.description and len(tool.description) > 30, tool.name
        for name, prop in tool.input_schema["properties"].items():
            assert prop.get("description") or "$ref" in prop, f"{tool.name}.{name} has no description"


@pytest.mark.parametrize("server", SERVER_NAMES)
async def test_each_server_lists_exactly_its_tools(server):
    async with connect(server, Actor(1, Via.AGENT), None) as session:
        check_tools(server, (await session.list_tools()).tools)


async def test_enumerations_and_scales_are_in_the_schemas():
    async with connect("administration", Actor(1, Via.AGENT), None) as session:
        tools = {t.name: t.input_schema for t in (await session.list_tools()).tools}
    assert tools["create_space"]["properties"]["methodology"]["enum"] == ["KANBAN", "SCRUM"]
    async with connect("workflow", Actor(1, Via.AGENT), None) as session:
        tools = {t.name: t.input_schema for t in (await session.list_tools()).tools}
    item = tools["create_backlog_item"]["properties"]
    assert item["priority"]["anyOf"][0]["enum"] == ["LOW", "MEDIUM", "HIGH", "CRITICAL"]
    assert "1, 2, 3, 5, 8, 13 or 21" in item["story_points"]["description"]
    updates = tools["update_backlog_item"]["$defs"]["BacklogItemUpdates"]
    assert set(updates["properties"]) == {"title", "description", "story_points", "priority", "status"}
    assert updates["properties"]["status"]["anyOf"][0]["enum"] == ["TODO", "IN_PROGRESS", "DONE"]
    assert tools["create_column"]["properties"]["order"]["anyOf"][0]["minimum"] == 1
    async with connect("scrum_master", Actor(1, Via.AGENT), None) as session:
        tools = {t.name: t.input_schema for t in (await session.list_tools()).tools}
    assert tools["create_sprint"]["properties"]["start_date"]["format"] == "date"
    assert "YYYY-MM-DD" in tools["create_sprint"]["properties"]["end_date"]["description"]


async def test_read_and_write_tools_are_told_apart():
    assert WRITE_TOOLS == {
        "create_space", "create_backlog_item", "update_backlog_item", "create_task", "move_task", "assign_task",
        "create_column", "create_sprint", "start_sprint", "complete_sprint", "add_to_sprint_backlog", "add_comment",
        "update_task", "delete_task", "archive_task", "restore_task", "archive_done_cards", "update_column",
        "move_column", "delete_column", "edit_comment", "delete_comment",
    }
    for server in SERVER_NAMES:
        for tool in await build_server(server).list_tools():
            assert tool.annotations.read_only_hint == (tool.name not in WRITE_TOOLS), tool.name


def test_an_unknown_server_name_is_refused():
    with pytest.raises(ValueError, match="administration, workflow, scrum_master"):
        build_server("billing")
