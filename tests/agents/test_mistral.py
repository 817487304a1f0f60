"""The Mistral path: agno's MistralChat against a local server in Mistral's wire format; the
agent executes the model's tool call through MCP and streams the model's answer."""

from __future__ import annotations

import asyncio

import pytest
from agno.tools.mcp import MCPTools

from apcs_app import db
from apcs_app.agents.build import build_agent
from apcs_app.agents.models import choose_model
from apcs_app.agents.registry import AGENTS
from apcs_app.domain import BacklogItem, Task
from apcs_app.mcp.inprocess import connect
from apcs_app.services.context import agent_context
from apcs_app.settings import get_settings
from tests.agents.fake_mistral import FakeMistral
from tests.servers import serve
from tests.agents.support import assert_unreachable_model_is_reported, one, run

SQLITE = pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)


@pytest.fixture
def mistral(monkeypatch):
    """Points the app at a fake Mistral server and sets a key, as a user with a key would."""
    fake = FakeMistral("create_backlog_item", {"title": "Mistral story", "story_points": 3, "priority": "HIGH"})
    with serve(fake.app()) as url:
        monkeypatch.setenv("MISTRAL_API_KEY", "test-key-123")
        monkeypatch.setenv("MISTRAL_ENDPOINT", url)
        monkeypatch.setenv("MISTRAL_MODEL", "mistral-small-latest")
        get_settings.cache_clear()
        yield fake
    get_settings.cache_clear()


def test_a_key_selects_mistral(mistral):
    model = choose_model()
    assert type(model).__name__ == "MistralChat" and model.id == "mistral-small-latest"


@SQLITE
def test_streamed_run_executes_the_tool_through_mcp(demo, mistral):
    result = run(demo.alice, "please add a high priority story called Mistral story worth 3", agent="workflow")

    call = result.call("create_backlog_item")
    assert call["args"] == {"title": "Mistral story", "story_points": 3, "priority": "HIGH"}
    assert not result.result("create_backlog_item")["is_error"]
    item = one(BacklogItem, BacklogItem.title == "Mistral story")
    assert (item.story_points, item.priority, item.space_id) == (3, "HIGH", demo.phoenix)

    deltas = [e["delta"] for e in result.events if e["type"] == "text"]
    assert len(deltas) > 3 and "".join(deltas).strip() == result.answer.strip()
    assert f"#{item.id}" in result.answer

    first = mistral.requests[0]
    assert first["stream"] is True and first["model"] == "mistral-small-latest"
    assert mistral.headers[0]["authorization"] == "Bearer test-key-123"
    assert sorted(t["function"]["name"] for t in first["tools"]) == sorted(AGENTS["workflow"].tools)
    system = first["messages"][0]["content"]
    assert "Workspace: Project Phoenix" in system and "Always confirm before moving tasks" in system
    assert "Alice Martin <alice@example.com>" in system and "Active sprint: Sprint 2" in system
    assert mistral.requests[1]["messages"][-1]["role"] == "tool"


@SQLITE
def test_non_streamed_run(demo, mistral):
    async def go():
        with db.transaction() as s:
            context = agent_context(s, demo.alice).as_dict()
        async with connect("workflow", demo.alice, demo.phoenix) as session:
            tools = MCPTools(session=session)
            await tools.initialize()
            agent = build_agent(AGENTS["workflow"], choose_model(), [tools], context, db=None)
            return await agent.arun("add the Mistral story")

    out = asyncio.run(go())
    assert out.tools[0].tool_name == "create_backlog_item" and not out.tools[0].tool_call_error
    assert mistral.requests[0].get("stream") in (False, None)
    item = one(BacklogItem, BacklogItem.title == "Mistral story")
    assert f"#{item.id}" in out.content


@SQLITE
def test_an_unreachable_model_is_reported_in_words(demo, monkeypatch):
    from tests.servers import free_port

    assert_unreachable_model_is_reported(demo.alice, monkeypatch, {  # nothing listens there
        "MISTRAL_API_KEY": "k", "MISTRAL_ENDPOINT": f"http://127.0.0.1:{free_port()}"})


@SQLITE
def test_a_mistral_move_waits_for_confirmation_then_runs(demo, monkeypatch):
    from tests import dbstate
    from tests.agents.support import card, column_id, resume, task_id

    serializer, done = task_id("Write CSV serializer", demo.phoenix), column_id("Done", demo.phoenix)
    fake = FakeMistral("move_task", {"task_id": serializer, "column_id": done})
    with serve(fake.app()) as url:
        monkeypatch.setenv("MISTRAL_API_KEY", "k")
        monkeypatch.setenv("MISTRAL_ENDPOINT", url)
        get_settings.cache_clear()
        try:
            before = dbstate.dump()
            paused = run(demo.alice, "put the serializer card in done", agent="workflow", confirm="destructive")
            assert card(paused)["actions"][0]["summary"] == "Move 'Write CSV serializer' from To Do to Done"
            assert dbstate.dump() == before and len(fake.requests) == 1

            confirmed = resume(demo.alice, card(paused)["run_id"], "confirm")
        finally:
            get_settings.cache_clear()

    assert confirmed.call("move_task")["args"] == {"task_id": serializer, "column_id": done}
    assert one(Task, Task.id == serializer).column_id == done
    assert fake.requests[-1]["messages"][-1]["role"] == "tool" and f"#{serializer}" in confirmed.answer


@SQLITE
def test_a_mistral_move_cancelled_tells_the_model_and_changes_nothing(demo, monkeypatch):
    from tests import dbstate
    from tests.agents.support import card, column_id, resume, task_id

    fake = FakeMistral("move_task", {"task_id": task_id("Write CSV serializer", demo.phoenix),
                                     "column_id": column_id("Done", demo.phoenix)})
    with serve(fake.app()) as url:
        monkeypatch.setenv("MISTRAL_API_KEY", "k")
        monkeypatch.setenv("MISTRAL_ENDPOINT", url)
        get_settings.cache_clear()
        try:
            before = dbstate.dump()
            paused = run(demo.alice, "put the serializer card in done", agent="workflow", confirm="destructive")
            cancelled = resume(demo.alice, card(paused)["run_id"], "cancel")
        finally:
            get_settings.cache_clear()

    assert dbstate.dump() == before and not cancelled.calls
    told = fake.requests[-1]["messages"][-1]
    assert told["role"] == "tool" and "you cancelled it, so nothing was changed" in told["content"]
    assert "did not run" in cancelled.answer
