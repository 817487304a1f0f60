"""Comments, flow metrics, forecast and reports through the real HTTP API."""

from tests import dbstate
from tests.rest.conftest import bearer


def space_ids(client, auth):
    return {s["name"]: s["id"] for s in client.get("/api/spaces", headers=auth).json()["spaces"]}


def test_comments_round_trip_and_only_the_author_edits(client, alice):
    desk = space_ids(client, alice)["Support Desk"]
    item = client.get(f"/api/spaces/{desk}/backlog", headers=alice).json()["items"][0]
    added = client.post(f"/api/items/{item['id']}/comments", headers=alice, json={"text": "<img src=x onerror=alert(1)>"})
    assert added.status_code == 201 and added.json()["text"] == "<img src=x onerror=alert(1)>"
    listed = client.get(f"/api/items/{item['id']}/comments", headers=alice).json()["comments"]
    assert listed[-1]["id"] == added.json()["id"] and listed[-1]["via_agent"] is False
    bob = bearer(client, "bob@example.com")
    before = dbstate.dump()
    refused = client.patch(f"/api/comments/{added.json()['id']}", headers=bob, json={"text": "mine"})
    assert refused.status_code in (403, 404) and "Traceback" not in refused.text
    assert client.post(f"/api/items/{item['id']}/comments", headers=alice, json={"text": "x" * 4001}).status_code == 422
    assert dbstate.dump() == before
    assert client.patch(f"/api/comments/{added.json()['id']}", headers=alice, json={"text": "fixed"}).json()["text"] == "fixed"
    assert client.delete(f"/api/comments/{added.json()['id']}", headers=alice).status_code == 204


def test_flow_forecast_and_reports_answer_or_say_why_not(client, alice):
    ids = space_ids(client, alice)
    desk = ids["Support Desk"]
    flow = client.get(f"/api/spaces/{desk}/flow", headers=alice, params={"days": 14})
    assert flow.status_code == 200 and len(flow.json()["cumulative_flow"]["days"]) == 14
    assert client.get(f"/api/spaces/{desk}/flow", headers=alice, params={"days": 10**9}).status_code == 422
    standup = client.get(f"/api/spaces/{desk}/reports/standup", headers=alice)
    assert standup.status_code == 200 and standup.json()["text"].startswith("Stand-up digest for Support Desk")
    # The demo desk finished one ticket nine days ago: a forecast, in order, the same for the same seed.
    forecast = client.get(f"/api/spaces/{desk}/forecast", headers=alice, params={"items": 5, "seed": 1})
    assert forecast.status_code == 200, forecast.text
    result = forecast.json()
    assert sum(result["weekly_throughput"]) == 1 and result["p50"] <= result["p85"] <= result["p95"]
    assert client.get(f"/api/spaces/{desk}/forecast", headers=alice, params={"items": 5, "seed": 1}).json() == result
    assert client.get(f"/api/spaces/{desk}/forecast", headers=alice, params={"items": 0}).status_code == 422
    assert client.get(f"/api/spaces/{desk}/reports/sprint", headers=alice).status_code == 422
