"""Confirm before write over HTTP, through uvicorn: the SSE stream reports the pause, and
POST /v1/runs/{run_id}/confirm streams the continuation; refusals are status codes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import update

from apcs_app import db
from apcs_app.domain import PausedRun, Task
from tests import dbstate
from tests.agents.support import column_id, one, space_id
from tests.api.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
MOVE = {"message": "Move 'Write CSV serializer' to Done"}


def events(api, path: str, headers: dict, body: dict) -> list[dict]:
    with api.stream("POST", path, json=body, headers=headers) as response:
        assert response.status_code == 200, response.read()
        lines = [line[len("data: "):] for line in response.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "[DONE]"
    return [json.loads(data) for data in lines[:-1]]


def paused(api, auth) -> dict:
    found = events(api, "/v1/runs/stream", auth, MOVE)
    assert found[-1]["type"] == "done" and found[-1]["changed"] is False
    [confirm] = [e for e in found if e["type"] == "confirm"]
    return confirm


def serializer_column() -> int:
    return one(Task, Task.title == "Write CSV serializer").column_id


def test_the_stream_reports_the_pause_and_the_confirmation_streams_the_rest(api, auth):
    confirm = paused(api, auth)
    assert confirm["actions"][0]["summary"] == "Move 'Write CSV serializer' from To Do to Done"
    assert serializer_column() == column_id("To Do", space_id("Project Phoenix"))

    rest = events(api, f"/v1/runs/{confirm['run_id']}/confirm", auth, {"decision": "confirm"})

    assert [e["tool"] for e in rest if e["type"] == "tool_call"] == ["move_task"]
    assert rest[-1]["type"] == "done" and rest[-1]["changed"] is True
    assert serializer_column() == column_id("Done", space_id("Project Phoenix"))


def test_cancel_and_edit_over_http(api, auth):
    before = dbstate.dump()
    cancelled = events(api, f"/v1/runs/{paused(api, auth)['run_id']}/confirm", auth, {"decision": "cancel"})
    assert "nothing was changed" in cancelled[-1]["content"] and dbstate.dump() == before

    confirm = paused(api, auth)
    in_progress = column_id("In Progress", space_id("Project Phoenix"))
    events(api, f"/v1/runs/{confirm['run_id']}/confirm", auth,
           {"decision": "confirm", "edits": {confirm["actions"][0]["action_id"]: {"column_id": in_progress}}})
    assert serializer_column() == in_progress


def test_refusals_are_status_codes_and_change_nothing(api, auth):
    confirm = paused(api, auth)
    url = f"/v1/runs/{confirm['run_id']}/confirm"
    bob = api.post("/api/auth/token", json={"email": "bob@example.com", "password": DEMO_PASSWORD}).json()
    before = dbstate.dump()

    assert api.post(url, json={"decision": "confirm"}).status_code == 401
    other = api.post(url, json={"decision": "confirm"}, headers={"Authorization": f"Bearer {bob['access_token']}"})
    assert other.status_code == 403 and "belongs to someone else" in other.json()["detail"]
    assert api.post("/v1/runs/nope/confirm", json={"decision": "confirm"}, headers=auth).status_code == 404
    assert api.post(url, json={"decision": "maybe"}, headers=auth).status_code == 422
    bad_edit = api.post(url, json={"decision": "confirm", "edits": {confirm["actions"][0]["action_id"]: {"x": 1}}},
                        headers=auth)
    assert bad_edit.status_code == 422 and "move_task has no argument x" in bad_edit.json()["detail"]
    with db.transaction() as s:
        s.exec(update(PausedRun).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))
    expired = api.post(url, json={"decision": "confirm"}, headers=auth)
    assert expired.status_code == 409 and "expired" in expired.json()["detail"]
    assert dbstate.dump() == before


def test_confirm_never_runs_straight_through(api, auth):
    found = events(api, "/v1/runs/stream", auth, {**MOVE, "confirm": "never"})
    assert not [e for e in found if e["type"] == "confirm"] and found[-1]["changed"] is True
