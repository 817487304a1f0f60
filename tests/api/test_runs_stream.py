"""POST /v1/runs/stream through uvicorn with an HTTP client: events, incremental delivery, errors."""

from __future__ import annotations

import io
import json
import logging
import time

import pytest

from apcs_app import db
from apcs_app.domain import BacklogItem, Space
from apcs_app.logs import json_formatter
from apcs_app.services import auth as auth_service, spaces
from apcs_app.services.access import Actor
from apcs_app.settings import get_settings
from tests.agents.fake_mistral import FakeMistral
from tests.servers import serve
from tests.agents.support import one, rows
from tests.api.conftest import DEMO_PASSWORD

SQLITE = pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)


def stream(api, headers: dict, body: dict) -> list[tuple[float, str]]:
    """(seconds since the request, data) for every SSE data line, as they arrive."""
    started, out = time.perf_counter(), []
    with api.stream("POST", "/v1/runs/stream", json=body, headers=headers) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("data: "):
                out.append((time.perf_counter() - started, line[len("data: "):]))
    return out


def test_a_run_streams_its_events_and_ends_with_done(api, auth):
    lines = stream(api, auth, {"message": "Add a high priority backlog item 'Streamed story' worth five points"})

    assert lines[-1][1] == "[DONE]"
    events = [json.loads(data) for _, data in lines[:-1]]
    kinds = [e["type"] for e in events]
    assert kinds[0] == "tool_call" and kinds[-1] == "done" and "tool_result" in kinds and "text" in kinds
    call = next(e for e in events if e["type"] == "tool_call")
    assert call == {"type": "tool_call", "tool": "create_backlog_item",
                    "args": {"title": "Streamed story", "story_points": 5, "priority": "HIGH"}}
    result = next(e for e in events if e["type"] == "tool_result")
    assert result["changed"] and not result["is_error"]
    done = events[-1]
    assert done["agent"] == "workflow" and done["request_id"] and "Streamed story" in done["content"]
    item = one(BacklogItem, BacklogItem.title == "Streamed story")
    assert (item.story_points, item.priority) == (5, "HIGH")


@SQLITE
def test_the_wire_is_plain_sse_one_data_line_per_event(api, auth):
    with api.stream("POST", "/v1/runs/stream", json={"message": "Show me the backlog"}, headers=auth) as response:
        raw = b"".join(response.iter_bytes()).decode()
    assert response.headers["cache-control"] in ("no-cache", "no-store")
    events = [e for e in raw.split("\n\n") if e and not e.startswith(":")]  # ":" lines: keep-alive comments
    assert events[-1] == "data: [DONE]" and "\r" not in raw
    assert all(e.startswith("data: {") and "\n" not in e for e in events[:-1]), events[:3]


@SQLITE
def test_follow_ups_work_within_a_conversation(api, auth):
    stream(api, auth, {"message": "Create a backlog item 'Follow me' worth 2 points", "conversation_id": "x1"})
    lines = stream(api, auth, {"message": "add it to the current sprint", "conversation_id": "x1", "confirm": "never"})
    events = [json.loads(d) for _, d in lines[:-1]]
    item = one(BacklogItem, BacklogItem.title == "Follow me")
    assert {"type": "tool_call", "tool": "add_to_sprint_backlog", "args": {"backlog_item_id": item.id}} in events


@SQLITE
def test_events_arrive_incrementally(api, auth, monkeypatch):
    """With a model that writes slowly, the first words reach the client long before the end."""
    fake = FakeMistral("get_backlog", {}, delay=0.15)
    with serve(fake.app()) as url:
        monkeypatch.setenv("MISTRAL_API_KEY", "k")
        monkeypatch.setenv("MISTRAL_ENDPOINT", url)
        get_settings.cache_clear()
        try:
            lines = stream(api, auth, {"agent": "workflow", "message": "show me the backlog"})
        finally:
            get_settings.cache_clear()
    texts = [t for t, data in lines if data != "[DONE]" and json.loads(data)["type"] == "text"]
    assert len(texts) >= 5
    assert lines[-1][0] - texts[0] > 0.5, "the text arrived all at once"
    assert all(b >= a for a, b in zip(texts, texts[1:]))


@SQLITE
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer forged.token.value"}])
def test_no_valid_token_is_401(api, headers):
    response = api.post("/v1/runs/stream", json={"message": "Show me the backlog"}, headers=headers)
    assert response.status_code == 401 and response.json()["error"] == "unauthorized"


@SQLITE
def test_another_users_workspace_is_403_and_nothing_runs(api, auth):
    with db.transaction() as s:
        mallory = auth_service.create_user(s, "Mallory Moe", "mallory@example.com", "correct horse battery")
        private = spaces.create_space(s, Actor(mallory.id), "Mallory's lab", "KANBAN").id
    response = api.post("/v1/runs/stream", headers=auth,
                        json={"message": "Add a column called Stolen", "space_id": private})
    assert response.status_code == 403
    assert not rows(Space, Space.name == "Stolen")


@SQLITE
@pytest.mark.parametrize("body", [
    {}, {"message": ""}, {"message": "   "}, {"message": "hi", "agent": "janitor"}, {"message": "hi", "space_id": "one"},
    {"message": "hi", "temperature": 2}, {"message": "x" * 5000}, ["message"], {"message": "hi", "confirm": "sometimes"},
])
def test_malformed_bodies_are_422(api, auth, body):
    response = api.post("/v1/runs/stream", json=body, headers=auth)
    assert response.status_code == 422, response.text


@SQLITE
def test_logs_are_json_lines_with_run_and_tool_details_and_no_secrets(api):
    captured = io.StringIO()
    handler = logging.StreamHandler(captured)
    handler.setFormatter(json_formatter())
    logger = logging.getLogger("apcs")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        token = api.post("/api/auth/token", json={"email": "alice@example.com", "password": DEMO_PASSWORD}).json()["access_token"]
        stream(api, {"Authorization": f"Bearer {token}"}, {"message": "Move 'Write CSV serializer' to Done", "confirm": "never"})
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    text = captured.getvalue()
    assert DEMO_PASSWORD not in text and token not in text
    lines = [json.loads(line) for line in text.splitlines()]
    tools = [l for l in lines if l["message"] == "tool call"]
    runs = [l for l in lines if l["message"] == "agent run"]
    assert [t["tool"] for t in tools] == ["search", "search", "move_task"]  # the card and the column, by name
    assert len(runs) == 1
    for line in tools + runs:
        assert {"request_id", "user_id", "space_id", "agent", "duration_ms", "outcome", "time", "level"} <= set(line)
        assert line["request_id"] == runs[0]["request_id"] and line["outcome"] == "ok"


@SQLITE
def test_a_client_leaving_mid_run_leaves_the_server_healthy(api, auth, monkeypatch):
    fake = FakeMistral("get_backlog", {}, delay=0.3)
    with serve(fake.app()) as url:
        monkeypatch.setenv("MISTRAL_API_KEY", "k")
        monkeypatch.setenv("MISTRAL_ENDPOINT", url)
        get_settings.cache_clear()
        try:
            with api.stream("POST", "/v1/runs/stream", json={"message": "show me the backlog"}, headers=auth) as response:
                for line in response.iter_lines():
                    if line.startswith("data: ") and json.loads(line[6:])["type"] == "text":
                        break  # leave after the first words
            started = time.perf_counter()
            assert api.get("/health").status_code == 200
            assert time.perf_counter() - started < 1
        finally:
            monkeypatch.delenv("MISTRAL_API_KEY")
            get_settings.cache_clear()
    lines = stream(api, auth, {"message": "Show the kanban board"})  # the next run, offline, works
    assert {"type": "tool_call", "tool": "get_kanban_board", "args": {}} in [json.loads(d) for _, d in lines[:-1]]
