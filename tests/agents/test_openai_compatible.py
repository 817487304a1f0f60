"""A self-hosted model (Ollama, vLLM, LM Studio…): any server speaking the OpenAI chat-completions
wire format, through settings and Agno's OpenAILike. Tested against a local server in that format
(the same one that stands in for Mistral, whose API has the same shape): streaming and tool calls."""

from __future__ import annotations

import contextlib

import pytest

from apcs_app import db
from apcs_app.agents.models import choose_model
from apcs_app.domain import BacklogItem, Task
from apcs_app.settings import get_settings
from tests.agents.fake_mistral import FakeMistral
from tests.agents.support import assert_unreachable_model_is_reported, one, run
from tests.servers import free_port, serve

SQLITE = pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)


@pytest.fixture
def local_model(monkeypatch):
    fake = FakeMistral("create_backlog_item", {"title": "Local story", "story_points": 5})
    with serve(fake.app()) as url:
        monkeypatch.setenv("APCS_MODEL_PROVIDER", "openai-compatible")
        monkeypatch.setenv("APCS_MODEL_BASE_URL", f"{url}/v1")
        monkeypatch.setenv("APCS_MODEL_ID", "llama3.1:8b")
        monkeypatch.delenv("APCS_MODEL_API_KEY", raising=False)
        get_settings.cache_clear()
        yield fake
    get_settings.cache_clear()


def test_the_setting_selects_an_openai_compatible_model(local_model):
    model = choose_model()
    assert type(model).__name__ == "OpenAILike" and model.id == "llama3.1:8b"


@SQLITE
def test_a_streamed_run_executes_the_tool_through_mcp(demo, local_model):
    result = run(demo.alice, "add a story called Local story worth 5", agent="workflow")
    assert result.call("create_backlog_item")["args"] == {"title": "Local story", "story_points": 5}
    item = one(BacklogItem, BacklogItem.title == "Local story")
    assert item.space_id == demo.phoenix and f"#{item.id}" in result.answer
    deltas = [e["delta"] for e in result.events if e["type"] == "text"]
    assert len(deltas) > 3  # streamed word by word
    first = local_model.requests[0]
    assert first["stream"] is True and first["model"] == "llama3.1:8b"
    assert "create_backlog_item" in {t["function"]["name"] for t in first["tools"]}
    assert local_model.requests[1]["messages"][-1]["role"] == "tool"


@SQLITE
def test_an_unreachable_local_server_is_reported_in_words(demo, monkeypatch):
    assert_unreachable_model_is_reported(demo.alice, monkeypatch, {
        "APCS_MODEL_PROVIDER": "openai-compatible", "APCS_MODEL_ID": "llama3.1:8b",
        "APCS_MODEL_BASE_URL": f"http://127.0.0.1:{free_port()}/v1",  # nothing listens there
        "APCS_MODEL_TIMEOUT_SECONDS": "5"})


def test_a_provider_without_its_settings_is_a_clear_error(monkeypatch):
    from pydantic import ValidationError

    monkeypatch.setenv("APCS_MODEL_PROVIDER", "openai-compatible")
    monkeypatch.delenv("APCS_MODEL_BASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        with pytest.raises(ValidationError, match="APCS_MODEL_BASE_URL"):
            get_settings()
        monkeypatch.setenv("APCS_MODEL_PROVIDER", "gpt-9")
        get_settings.cache_clear()
        with pytest.raises(ValidationError, match="offline"):
            get_settings()
    finally:
        get_settings.cache_clear()


def test_without_settings_the_offline_model_thinks(monkeypatch):
    for name in ("APCS_MODEL_PROVIDER", "MISTRAL_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    try:
        assert type(choose_model()).__name__ == "OfflineModel"
    finally:
        get_settings.cache_clear()


@contextlib.contextmanager
def serving(monkeypatch, fake: FakeMistral):
    """`fake` as the configured openai-compatible model, for the block's length."""
    with serve(fake.app()) as url:
        monkeypatch.setenv("APCS_MODEL_PROVIDER", "openai-compatible")
        monkeypatch.setenv("APCS_MODEL_ID", "llama3.1:8b")
        monkeypatch.setenv("APCS_MODEL_BASE_URL", f"{url}/v1")
        get_settings.cache_clear()
        try:
            yield
        finally:
            get_settings.cache_clear()


@SQLITE
def test_auto_goes_where_the_model_routes_then_the_move_waits_for_confirmation(demo, monkeypatch):
    """A card whose title says "sprint" is a board request: the model names the Workflow agent in
    one call without tools, that agent plans the move, the user confirms, the card moves."""
    from apcs_app.services import backlog, board
    from tests.agents.support import card, resume

    with db.transaction() as s:
        story = backlog.create_item(s, demo.alice, demo.phoenix, "Sprint health dashboard")
        task = board.create_task(s, demo.alice, story.id)
        done = board.columns(s, demo.phoenix)[-1].id
    fake = FakeMistral("move_task", {"task_id": task.id, "column_id": done}, route="workflow")
    with serving(monkeypatch, fake):
        paused = run(demo.alice, "Move Sprint health dashboard to Done", confirm="destructive")
        routing = fake.requests[0]
        assert "tools" not in routing and routing["messages"][-1]["content"] == "Move Sprint health dashboard to Done"
        assert "scrum_master" in routing["messages"][0]["content"]  # the model is told the choices
        assert paused.done["agent"] == "workflow" and card(paused)["actions"][0]["tool"] == "move_task"
        assert one(Task, Task.id == task.id).column_id != done  # nothing moved before the yes
        confirmed = resume(demo.alice, card(paused)["run_id"], "confirm")
    assert confirmed.result("move_task")["is_error"] is False
    assert one(Task, Task.id == task.id).column_id == done


@SQLITE
def test_the_models_choice_wins_over_the_offline_rules(demo, monkeypatch):
    """"Show the board" is the Workflow agent's by the offline rules; the model's answer decides."""
    fake = FakeMistral("list_sprints", {}, route="The scrum_master assistant.")
    with serving(monkeypatch, fake):
        result = run(demo.alice, "Show the board")
    assert result.done["agent"] == "scrum_master" and result.call("list_sprints")
