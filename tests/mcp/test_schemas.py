"""What an MCP client learns before calling: every tool's input and output schema and its
annotations. The whole list is snapshotted (like github-mcp-server's toolsnaps): a change to
any tool's interface shows up in review as a diff of tests/mcp/snapshots/<server>.json.
Regenerate with APCS_UPDATE_SNAPSHOTS=1 after an intended change."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from apcs_app.agents.confirm import DESTRUCTIVE_TOOLS
from apcs_app.domain import Via
from apcs_app.mcp import SERVER_NAMES, WRITE_TOOLS
from apcs_app.mcp.inprocess import connect
from apcs_app.services.access import Actor
from apcs_app.services import board, comments
from tests.mcp.conftest import CONTRACT, EXTRAS, call, item, session

pytestmark = pytest.mark.anyio
SNAPSHOTS = Path(__file__).parent / "snapshots"


async def listed(server: str):
    async with connect(server, Actor(1, Via.AGENT), None) as s:
        return (await s.list_tools()).tools


def public(tool) -> dict:
    return {"name": tool.name, "description": tool.description, "annotations": tool.annotations.model_dump(
        mode="json", by_alias=True, exclude_none=True), "inputSchema": tool.input_schema, "outputSchema": tool.output_schema}


@pytest.mark.parametrize("server", SERVER_NAMES)
async def test_tool_schemas_match_their_snapshot(server):
    tools = sorted((public(t) for t in await listed(server)), key=lambda t: t["name"])
    path = SNAPSHOTS / f"{server}.json"
    text = json.dumps(tools, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("APCS_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text)
    assert path.read_text() == text, f"{server}'s tool schemas changed; review, then APCS_UPDATE_SNAPSHOTS=1"


@pytest.mark.parametrize("server", SERVER_NAMES)
async def test_every_tool_declares_an_object_output_schema(server):
    for tool in await listed(server):
        schema = tool.output_schema
        assert schema and schema["type"] == "object" and schema["properties"], tool.name
        jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("server", SERVER_NAMES)
async def test_annotations_say_what_each_tool_does(server):
    for tool in await listed(server):
        hints = tool.annotations
        assert hints.open_world_hint is False, tool.name
        if tool.name not in WRITE_TOOLS:
            assert hints.read_only_hint is True and hints.idempotent_hint is True, tool.name
            continue
        assert hints.read_only_hint is False, tool.name
        # A write the agents stop to confirm is one a client must not take for harmless.
        assert hints.destructive_hint == (tool.name in DESTRUCTIVE_TOOLS), tool.name
        assert hints.idempotent_hint == (tool.name in {"update_backlog_item", "move_task", "assign_task",
                                                       "add_to_sprint_backlog", "update_task", "edit_comment",
                                                       "update_column", "move_column"}), tool.name


async def test_results_come_as_structured_content_that_fits_the_schema(alice, bob, scrum):
    story = item(alice, scrum, "Export reports to CSV", 5)
    card = call(board.create_task, alice, story.id)
    shipped = call(board.create_task, alice, story.id, scrum.columns[-1], "Shipped")
    note = call(comments.add_comment, alice, story.id, "Draft")
    calls = {
        "administration": [("get_user_spaces", {}), ("get_space_info", {}), ("search", {"query": "csv"}),
                           ("create_space", {"name": "Side project", "methodology": "KANBAN"})],
        "workflow": [("get_backlog", {}), ("get_kanban_board", {}), ("create_task", {"backlog_item_id": story.id}),
                     ("update_backlog_item", {"item_id": story.id, "updates": {"story_points": 3}}),
                     ("create_backlog_item", {"title": "Dark mode"}), ("create_column", {"name": "Review"}),
                     ("move_task", {"task_id": card.id, "column_id": scrum.columns[1]}),
                     ("assign_task", {"task_id": card.id, "user_id": "bob@example.com"}),
                     ("get_column_tasks", {"column_id": scrum.columns[1]}),
                     ("add_comment", {"backlog_item_id": story.id, "text": "Ship it"}),
                     ("get_comments", {"backlog_item_id": story.id}), ("get_task", {"task_id": card.id}),
                     ("get_backlog_item", {"item_id": story.id}),
                     ("update_task", {"task_id": card.id, "title": "Renamed"}), ("archive_task", {"task_id": shipped.id}),
                     ("restore_task", {"task_id": shipped.id}), ("archive_done_cards", {"older_than_days": 0}),
                     ("update_column", {"column_id": scrum.columns[1], "wip_limit": 5}),
                     ("move_column", {"column_id": scrum.columns[1], "position": 1}),
                     ("edit_comment", {"comment_id": note.id, "text": "Edited"}),
                     ("delete_comment", {"comment_id": note.id}),
                     ("delete_column", {"column_id": scrum.columns[1], "move_cards_to": scrum.columns[0]}),
                     ("delete_task", {"task_id": card.id})],
        "scrum_master": [("create_sprint", {"name": "", "start_date": "2030-01-07", "end_date": "2030-01-20"}),
                         ("add_to_sprint_backlog", {"backlog_item_id": story.id}), ("get_sprint_backlog", {}),
                         ("list_sprints", {}), ("get_product_backlog", {}), ("start_sprint", {}),
                         ("get_sprint_metrics", {}), ("get_standup_digest", {}), ("get_flow_metrics", {}),
                         ("complete_sprint", {}), ("get_sprint_report", {}),
                         ("get_backlog_item", {"item_id": story.id})],
    }
    seen = set()
    for server, tools in calls.items():
        async with session(server, alice, scrum.id) as s:
            schemas = {t.name: t.output_schema for t in (await s.list_tools()).tools}
            for name, args in tools:
                result = await s.call_tool(name, args)
                assert not result.is_error, (name, result.content[0].text)
                assert result.structured_content is not None, name
                jsonschema.validate(result.structured_content, schemas[name])
                assert json.loads(result.content[0].text) == result.structured_content
                seen.add(name)
    # A forecast needs weeks of finished work to sample; its schema is checked above.
    assert seen == {name for tools in (*CONTRACT.values(), *EXTRAS.values()) for name in tools} - {"forecast_completion"}
