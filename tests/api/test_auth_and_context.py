"""POST /api/auth/token, GET /api/context, GET /health and the OpenAPI docs, over real HTTP."""

from __future__ import annotations

import pytest

from apcs_app import db
from apcs_app.services import auth as auth_service, spaces
from apcs_app.services.access import Actor
from tests.api.conftest import DEMO_PASSWORD

SQLITE = pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)


def test_sign_in_gives_a_token_that_opens_the_api(api, auth):
    context = api.get("/api/context", headers=auth)
    assert context.status_code == 200
    body = context.json()
    assert (body["user_name"], body["user_email"], body["user_role"]) == ("Alice Martin", "alice@example.com", "USER")
    assert (body["space_name"], body["methodology"]) == ("Project Phoenix", "SCRUM")
    assert body["active_sprint"]["name"] == "Sprint 2"
    assert {m["email"] for m in body["members"]} == {"alice@example.com", "bob@example.com"}
    assert body["request_id"] and body["timestamp"]


@SQLITE
def test_context_of_another_workspace_of_mine(api, auth):
    with db.transaction() as s:
        alice = auth_service.find_user(s, "alice@example.com")
        desk = spaces.resolve_space(s, Actor(alice.id), "Support Desk").id
    body = api.get("/api/context", params={"space_id": desk}, headers=auth).json()
    assert (body["space_name"], body["methodology"], body["active_sprint"]) == ("Support Desk", "KANBAN", None)


@SQLITE
def test_wrong_password_is_401_and_gives_no_token(api):
    response = api.post("/api/auth/token", json={"email": "alice@example.com", "password": "not-it"})
    assert response.status_code == 401
    assert response.json() == {"error": "unauthorized", "detail": "Wrong email or password."}


@SQLITE
@pytest.mark.parametrize("body", [{"email": "alice@example.com"}, {"password": DEMO_PASSWORD}, {}, "not json"])
def test_malformed_sign_in_is_422(api, body):
    response = api.post("/api/auth/token", json=body) if isinstance(body, dict) else api.post(
        "/api/auth/token", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422


@SQLITE
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic YWxpY2U6eA=="}])
def test_context_without_a_valid_token_is_401(api, headers):
    response = api.get("/api/context", headers=headers)
    assert response.status_code == 401 and "token" in response.json()["detail"].lower()


@SQLITE
def test_someone_elses_workspace_is_403(api, auth):
    with db.transaction() as s:
        mallory = auth_service.create_user(s, "Mallory Moe", "mallory@example.com", "correct horse battery")
        private = spaces.create_space(s, Actor(mallory.id), "Mallory's lab", "KANBAN").id
    response = api.get("/api/context", params={"space_id": private}, headers=auth)
    assert response.status_code == 403
    # A workspace that does not exist looks the same: ids cannot be probed.
    missing = api.get("/api/context", params={"space_id": 999_999}, headers=auth)
    assert missing.status_code == 403 and missing.json()["detail"].replace("999999", str(private)) == response.json()["detail"]


@SQLITE
def test_bad_query_is_422(api, auth):
    assert api.get("/api/context", params={"space_id": "abc"}, headers=auth).status_code == 422


@SQLITE
def test_a_server_fault_is_500_without_a_trace(api, auth):
    db.configure("postgresql://postgres@127.0.0.1:1/unreachable")  # the database goes away
    response = api.get("/api/context", headers=auth)
    assert response.status_code == 500
    assert response.json() == {"error": "internal", "detail": "Something went wrong on our side."}
    assert "Traceback" not in response.text and "psycopg" not in response.text


@SQLITE
def test_health_and_docs(api):
    assert api.get("/health").json()["status"] == "healthy"
    assert api.get("/docs").status_code == 200
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/health", "/api/auth/token", "/api/context", "/v1/runs/stream"} <= set(paths)


@pytest.fixture(autouse=True)
def fresh_throttle():
    auth_service.reset_throttling()
    yield
    auth_service.reset_throttling()


def test_sign_out_revokes_the_token(api, auth):
    assert api.get("/api/context", headers=auth).status_code == 200
    assert api.post("/api/auth/logout").status_code == 401  # needs the token it revokes
    assert api.post("/api/auth/logout", headers=auth).status_code == 204
    again = api.get("/api/context", headers=auth)
    assert again.status_code == 401 and "sign in again" in again.json()["detail"]
    assert api.post("/api/auth/logout", headers=auth).status_code == 401
    fresh = api.post("/api/auth/token", json={"email": "alice@example.com", "password": DEMO_PASSWORD}).json()
    assert api.get("/api/context", headers={"Authorization": f"Bearer {fresh['access_token']}"}).status_code == 200


def test_changing_the_password_revokes_old_tokens_and_returns_a_new_one(api, auth):
    other_device = {"Authorization": "Bearer " + api.post(
        "/api/auth/token", json={"email": "alice@example.com", "password": DEMO_PASSWORD}).json()["access_token"]}
    wrong = api.post("/api/auth/password", headers=auth,
                     json={"current_password": "not-it", "new_password": "a brand new passphrase"})
    assert wrong.status_code == 403 and "current password" in wrong.json()["detail"]
    weak = api.post("/api/auth/password", headers=auth, json={"current_password": DEMO_PASSWORD, "new_password": "aaaaaaaa"})
    assert weak.status_code == 422 and "too easy to guess" in weak.json()["detail"]
    assert api.get("/api/context", headers=auth).status_code == 200, "refused changes revoke nothing"

    done = api.post("/api/auth/password", headers=auth,
                    json={"current_password": DEMO_PASSWORD, "new_password": "a brand new passphrase"})
    assert done.status_code == 200, done.text
    assert done.json()["email"] == "alice@example.com"
    new = {"Authorization": f"Bearer {done.json()['access_token']}"}
    assert api.get("/api/context", headers=auth).status_code == 401
    assert api.get("/api/context", headers=other_device).status_code == 401
    assert api.get("/api/context", headers=new).status_code == 200
    old_pw = api.post("/api/auth/token", json={"email": "alice@example.com", "password": DEMO_PASSWORD})
    assert old_pw.status_code == 401
    new_pw = api.post("/api/auth/token", json={"email": "alice@example.com", "password": "a brand new passphrase"})
    assert new_pw.status_code == 200


@SQLITE
def test_password_change_needs_a_token(api):
    response = api.post("/api/auth/password", json={"current_password": DEMO_PASSWORD, "new_password": "x" * 20})
    assert response.status_code == 401


@SQLITE
@pytest.mark.parametrize("payload", [{"sub": "abc"}, {"sub": "1", "ver": "x"}, {"sub": "99999999999999999999"}, {}])
def test_a_token_with_a_malformed_payload_is_401_not_500(api, payload):
    import datetime as dt

    import jwt

    from apcs_app.settings import get_settings

    now = dt.datetime.now(dt.UTC)
    token = jwt.encode({"iat": now, "exp": now + dt.timedelta(minutes=5), **payload},
                       get_settings().resolved_secret_key(), algorithm="HS256")
    response = api.get("/api/context", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, response.text
    assert "token" in response.json()["detail"].lower()
