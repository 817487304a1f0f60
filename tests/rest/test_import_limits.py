"""POST /api/spaces/import over real HTTP: a size cap read from the stream, forged history
that undo never replays, people listed to invite rather than added, and exports that answer."""

from __future__ import annotations

import csv
import io

import httpx

from apcs_app.services import exchange
from tests import dbstate
from tests.rest.conftest import bearer


def space_ids(client, headers) -> dict[str, int]:
    return {s["name"]: s["id"] for s in client.get("/api/spaces", headers=headers).json()["spaces"]}


def test_an_oversized_body_is_refused_with_413_and_changes_nothing(client, alice):
    before = dbstate.dump()
    big = b'{"format": "apcs-workspace", "pad": "' + b"x" * (exchange.MAX_IMPORT_BYTES + 10) + b'"}'
    try:
        response = client.post("/api/spaces/import", headers=alice | {"Content-Type": "application/json"}, content=big)
        assert response.status_code == 413, response.text
    except httpx.TransportError:
        pass  # the server may close the connection right after answering 413 to a body it will not read
    # The same without a Content-Length (chunked): the server stops reading at the cap.
    def chunks():
        yield b'{"format": "apcs-workspace", "pad": "'
        for _ in range(exchange.MAX_IMPORT_BYTES // 65536 + 2):
            yield b"x" * 65536
        yield b'"}'

    try:
        response = client.post("/api/spaces/import", headers=alice | {"Content-Type": "application/json"},
                               content=chunks())
        assert response.status_code == 413, response.text
    except httpx.TransportError:
        pass
    assert dbstate.dump() == before
    assert client.get("/health").status_code == 200


def test_the_content_length_alone_gets_413(client, alice):
    """A stated length over the cap is refused without waiting for the body."""
    import socket
    from urllib.parse import urlsplit

    url = urlsplit(str(client.base_url))
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/spaces/import HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Authorization: {alice['Authorization']}\r\n".encode()
            + f"Content-Length: {117 * 1024 * 1024}\r\n\r\n".encode() + b"{"
        )
        reply = sock.recv(4096).decode(errors="replace")
    assert reply.startswith("HTTP/1.1 413"), reply


def test_import_lists_people_to_invite_and_adds_nobody(client, alice, admin):
    desk = space_ids(client, alice)["Support Desk"]
    doc = client.get(f"/api/spaces/{desk}/export", headers=alice).json()
    doc["members"].append({"email": "admin@example.com", "name": "Ada Admin", "scrum_role": None, "owner": False})
    bob = bearer(client, "bob@example.com")
    copy = client.post("/api/spaces/import", headers=bob, params={"name": "Bob's desk"}, json=doc)
    assert copy.status_code == 201, copy.text
    body = copy.json()
    assert {p["email"] for p in body["invite"]} >= {"alice@example.com", "admin@example.com"}
    assert all(set(p) >= {"email", "name"} for p in body["invite"])
    assert "Bob's desk" not in space_ids(client, alice) and "Bob's desk" not in space_ids(client, admin)
    assert dbstate.count("memberships", "space_id = :s", s=body["id"]) == 1


def test_forged_history_cannot_be_replayed_over_http(client, alice):
    """The reported attack: a forged move naming another workspace's column, then undo."""
    spaces = space_ids(client, alice)
    victim = client.get(f"/api/spaces/{spaces['Project Phoenix']}/board", headers=alice).json()["columns"][1]
    bob = bearer(client, "bob@example.com")
    mine = client.post("/api/spaces", headers=bob, json={"name": "Bait", "methodology": "KANBAN"}).json()
    item = client.post(f"/api/spaces/{mine['id']}/backlog", headers=bob, json={"title": "bait"}).json()
    client.post(f"/api/items/{item['id']}/tasks", headers=bob, json={})
    doc = client.get(f"/api/spaces/{mine['id']}/export", headers=bob).json()
    doc["activity"].append({
        "actor": "alice@example.com", "via": "agent", "action": "move_task", "entity_type": "task",
        "entity_key": doc["tasks"][0]["key"], "summary": "moved", "request_id": "forged-http",
        "before": {"column_id": victim["id"], "rank": 1.0, "done_at": None, "item_status": "TODO"},
        "after": {"column_id": doc["columns"][0]["key"]}, "created_at": "2030-01-01T00:00:00Z"})
    imported = client.post("/api/spaces/import", headers=bob, json=doc)
    assert imported.status_code == 201, imported.text
    before = dbstate.dump()
    undo = client.post(f"/api/spaces/{imported.json()['id']}/runs/forged-http/undo", headers=bob)
    assert 400 <= undo.status_code < 500, undo.text
    assert dbstate.dump() == before
    feed = client.get(f"/api/spaces/{imported.json()['id']}/activity", headers=bob).json()["activity"]
    forged = next(a for a in feed if "moved" in a["summary"] and a["action"] == "move_task")
    assert forged["request_id"] is None and forged["via"] == "import" and "2030" not in forged["at"]
    assert client.get(f"/api/spaces/{imported.json()['id']}/export", headers=bob).status_code == 200


def test_deeply_nested_activity_import_then_export_answers(client, alice):
    desk = space_ids(client, alice)["Support Desk"]
    doc = client.get(f"/api/spaces/{desk}/export", headers=alice).json()
    nested = "1"
    for _ in range(3000):
        nested = '{"a": ' + nested + "}"
    import json

    text = json.dumps(doc).replace('"activity": [', '"activity": [{"actor": null, "via": "ui", "action": "x", '
                                   '"entity_type": "task", "summary": "deep", "created_at": "2024-01-01T00:00:00Z", '
                                   f'"before": {nested}}}, ', 1)
    response = client.post("/api/spaces/import", headers=alice | {"Content-Type": "application/json"},
                           content=text.encode())
    assert response.status_code in (201, 413, 422), response.text
    if response.status_code == 201:
        assert client.get(f"/api/spaces/{response.json()['id']}/export", headers=alice).status_code == 200


def test_csv_export_neutralises_formulas(client, alice):
    desk = space_ids(client, alice)["Support Desk"]
    for title in ('=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)"):
        assert client.post(f"/api/spaces/{desk}/backlog", headers=alice, json={"title": title}).status_code == 201
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/spaces/{desk}/backlog.csv", headers=alice).text)))
    titles = {r["title"] for r in rows}
    assert {"'=HYPERLINK(\"http://x\")", "'+1", "'-1", "'@SUM(A1)"} <= titles
    assert not any(t[:1] in "=+-@" for t in titles)
