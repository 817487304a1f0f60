"""The REST resources through a real server: the same rules as the board and the agents."""

from tests import dbstate
from tests.rest.conftest import bearer


def space_ids(client, auth):
    return {s["name"]: s["id"] for s in client.get("/api/spaces", headers=auth).json()["spaces"]}


def test_backlog_board_and_move_round_trip(client, alice):
    desk = space_ids(client, alice)["Support Desk"]
    item = client.post(f"/api/spaces/{desk}/backlog", headers=alice,
                       json={"title": "Printer on fire", "story_points": 3, "priority": "CRITICAL"})
    assert item.status_code == 201 and item.json()["priority"] == "CRITICAL"
    task = client.post(f"/api/items/{item.json()['id']}/tasks", headers=alice, json={}).json()
    columns = client.get(f"/api/spaces/{desk}/board", headers=alice).json()["columns"]
    done = columns[-1]["id"]
    moved = client.post(f"/api/tasks/{task['id']}/move", headers=alice, json={"column_id": done})
    assert moved.status_code == 200 and moved.json()["done"] and moved.json()["changed"]
    again = client.post(f"/api/tasks/{task['id']}/move", headers=alice, json={"column_id": done})
    assert again.json()["changed"] is False
    items = client.get(f"/api/spaces/{desk}/backlog", headers=alice, params={"status": "DONE"}).json()["items"]
    assert "Printer on fire" in [i["title"] for i in items]


def test_service_errors_map_to_status_codes_and_change_nothing(client, alice):
    desk = space_ids(client, alice)["Support Desk"]
    before = dbstate.dump()
    bad_points = client.post(f"/api/spaces/{desk}/backlog", headers=alice, json={"title": "X", "story_points": 4})
    assert bad_points.status_code == 422 and "Fibonacci" in bad_points.json()["detail"]
    malformed = client.post(f"/api/spaces/{desk}/backlog", headers=alice, json={"story_points": "lots"})
    assert malformed.status_code == 422 and "Traceback" not in malformed.text
    assert dbstate.dump() == before
    columns = client.get(f"/api/spaces/{desk}/board", headers=alice).json()["columns"]
    wip = next(c for c in columns if c["wip_limit"])
    waiting = [card["id"] for card in columns[0]["tasks"]]
    for _ in range(wip["wip_limit"] - len(wip["tasks"])):  # fill the column up to its limit
        assert client.post(f"/api/tasks/{waiting.pop()}/move", headers=alice, json={"column_id": wip["id"]}).status_code == 200
    before = dbstate.dump()
    refused = client.post(f"/api/tasks/{waiting.pop()}/move", headers=alice, json={"column_id": wip["id"]})
    assert refused.status_code == 409 and "WIP limit" in refused.json()["detail"]
    assert dbstate.dump() == before


def test_another_workspace_is_403_and_its_objects_404(client, alice, admin):
    phoenix = space_ids(client, alice)["Project Phoenix"]
    assert client.get(f"/api/spaces/{phoenix}/board", headers=admin).status_code == 403
    assert client.get("/api/spaces/999999/board", headers=admin).json()["detail"] == \
        client.get(f"/api/spaces/{phoenix}/board", headers=admin).json()["detail"].replace(str(phoenix), "999999")
    item_id = client.get(f"/api/spaces/{phoenix}/backlog", headers=alice).json()["items"][0]["id"]
    assert client.patch(f"/api/items/{item_id}", headers=admin, json={"title": "pwned"}).status_code == 404
    assert client.get("/api/spaces", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get("/api/spaces").status_code == 401


def test_sprint_lifecycle_metrics_and_undo(client, alice):
    phoenix = space_ids(client, alice)["Project Phoenix"]
    sprints = client.get(f"/api/spaces/{phoenix}/sprints", headers=alice).json()["sprints"]
    active = next(s for s in sprints if s["status"] == "ACTIVE")
    planned = client.post(f"/api/spaces/{phoenix}/sprints", headers=alice,
                          json={"start_date": "2027-01-04", "end_date": "2027-01-18"}).json()
    conflict = client.post(f"/api/spaces/{phoenix}/sprints/{planned['id']}/start", headers=alice)
    assert conflict.status_code == 409 and "already active" in conflict.json()["detail"]
    metrics = client.get(f"/api/spaces/{phoenix}/metrics", headers=alice).json()
    assert metrics["velocity"]["average_last_three"] and any(d["remaining"] for d in metrics["burndown"])
    done = client.post(f"/api/spaces/{phoenix}/sprints/{active['id']}/complete", headers=alice).json()
    assert done["status"] == "COMPLETED" and done["returned_items"]
    run = client.get(f"/api/spaces/{phoenix}/activity", headers=alice).json()["activity"][0]["request_id"]
    undone = client.post(f"/api/spaces/{phoenix}/runs/{run}/undo", headers=alice)
    assert undone.status_code == 200, undone.text
    assert any(s["status"] == "ACTIVE" for s in client.get(f"/api/spaces/{phoenix}/sprints", headers=alice).json()["sprints"])


def test_export_import_and_csv_over_http(client, alice):
    desk = space_ids(client, alice)["Support Desk"]
    doc = client.get(f"/api/spaces/{desk}/export", headers=alice).json()
    copy = client.post("/api/spaces/import", headers=alice, params={"name": "Desk copy"}, json=doc)
    assert copy.status_code == 201 and copy.json()["name"] == "Desk copy"
    csv_text = client.get(f"/api/spaces/{desk}/backlog.csv", headers=alice).text
    assert csv_text.startswith("id,rank,title")
    bad = client.post("/api/spaces/import", headers=alice, json={"format": "apcs-workspace", "version": 1})
    assert bad.status_code == 422 and "Nothing was imported" in bad.json()["detail"]


def test_only_the_owner_deletes_a_workspace(client, alice):
    phoenix = space_ids(client, alice)["Project Phoenix"]
    bob = bearer(client, "bob@example.com")  # a member, not the owner
    before = dbstate.dump()
    refused = client.delete(f"/api/spaces/{phoenix}", headers=bob)
    assert refused.status_code == 403 and "owner" in refused.json()["detail"]
    assert dbstate.dump() == before
    assert client.delete(f"/api/spaces/{phoenix}", headers=alice).status_code == 204
    assert "Project Phoenix" not in space_ids(client, alice)
    assert "Project Phoenix" not in space_ids(client, bob)
    assert client.get(f"/api/spaces/{phoenix}/board", headers=alice).status_code == 403
    assert dbstate.count("backlog_items", "space_id = :s", s=phoenix) == 0
    assert dbstate.count("activity", "action = 'delete_space'") == 1


def test_undoing_someone_elses_run_is_403(client, alice):
    desk = space_ids(client, alice)["Support Desk"]
    bob = bearer(client, "bob@example.com")  # a member, neither the run's author nor the owner
    client.post(f"/api/spaces/{desk}/backlog", headers=alice, json={"title": "Alice's item"})
    run = client.get(f"/api/spaces/{desk}/activity", headers=alice).json()["activity"][0]["request_id"]
    before = dbstate.dump()
    refused = client.post(f"/api/spaces/{desk}/runs/{run}/undo", headers=bob)
    assert refused.status_code == 403 and "Only the person" in refused.json()["detail"]
    assert dbstate.dump() == before
