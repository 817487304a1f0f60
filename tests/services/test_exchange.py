import csv
import io
import json

import pytest

from apcs_app import db
from apcs_app.domain import InvalidError
from apcs_app.services import exchange, spaces
from apcs_app.services.access import Actor
from tests import dbstate
from tests.services.conftest import call


@pytest.fixture
def demo(demo_database):
    with db.transaction() as s:
        from apcs_app.services import auth

        alice = Actor(auth.find_user(s, "alice@example.com").id)
    phoenix = call(spaces.resolve_space, alice, "Project Phoenix")
    return alice, phoenix


def comparable(doc):
    """An export without what naturally differs between two workspaces: keys and export time."""
    doc = json.loads(json.dumps(doc))
    doc.pop("exported_at")
    keymap = {}
    for kind in ("columns", "items", "tasks", "sprints"):
        for n, row in enumerate(doc[kind]):
            keymap[(kind, row.pop("key"))] = n
    for t in doc["tasks"]:
        t["item"], t["column"] = keymap[("items", t["item"])], keymap[("columns", t["column"])]
    for s in doc["sprints"]:
        for link in s["items"]:
            link["item"] = keymap[("items", link["item"])]
    for a in doc["activity"]:
        a.pop("entity_key")
    return doc


def test_export_import_round_trip_reproduces_the_workspace(demo):
    alice, phoenix = demo
    exported = call(exchange.export_space, alice, phoenix.id)
    assert len(exported["items"]) == 10 and exported["sprints"][1]["status"] == "ACTIVE"
    copy, warnings = call(exchange.import_space, alice, json.dumps(exported), "Phoenix copy")
    assert warnings == []
    again = call(exchange.export_space, alice, copy.id)
    assert again["space"]["name"] == "Phoenix copy"
    again["space"]["name"] = exported["space"]["name"]
    imported_note = again["activity"].pop()  # the import itself is on record in the copy
    assert imported_note["action"] == "import_space"
    assert comparable(again) == comparable(exported)


def test_bad_files_get_a_clear_error_and_change_nothing(demo, unchanged):
    alice, phoenix = demo
    good = call(exchange.export_space, alice, phoenix.id)
    with unchanged(InvalidError, "not valid JSON"):
        call(exchange.import_space, alice, "{not json")
    with unchanged(InvalidError, "not an APCS workspace export"):
        call(exchange.import_space, alice, json.dumps({"hello": "world"}))
    broken = json.loads(json.dumps(good))
    broken["items"][0]["story_points"] = 4
    with unchanged(InvalidError, r"items.0: .*Fibonacci"):
        call(exchange.import_space, alice, json.dumps(broken))
    broken = json.loads(json.dumps(good))
    broken["tasks"][0]["column"] = 999999
    with unchanged(InvalidError, "refers to an unknown item or column"):
        call(exchange.import_space, alice, json.dumps(broken))
    broken = json.loads(json.dumps(good))
    broken["space"]["methodology"] = "WATERFALL"
    with unchanged(InvalidError, "space.methodology"):
        call(exchange.import_space, alice, json.dumps(broken))


def test_unknown_members_are_reported_not_invented(demo):
    alice, phoenix = demo
    doc = call(exchange.export_space, alice, phoenix.id)
    doc["members"].append({"email": "ghost@example.com", "name": "Ghost", "scrum_role": "DEVELOPER", "owner": False})
    doc["tasks"][0]["assignee"] = "ghost@example.com"
    space, warnings = call(exchange.import_space, alice, doc)
    assert any("ghost@example.com" in w and "no account" in w for w in warnings)
    assert dbstate.count("users", "email = 'ghost@example.com'") == 0
    assert dbstate.count("memberships", "space_id = :s", s=space.id) == 2


def test_backlog_csv_lists_items_in_rank_order(demo):
    alice, phoenix = demo
    rows = list(csv.DictReader(io.StringIO(call(exchange.export_backlog_csv, alice, phoenix.id))))
    assert len(rows) == 10
    assert rows[0]["title"] == "User sign-up with email confirmation" and rows[0]["rank"] == "1"
    assert {r["status"] for r in rows} <= {"TODO", "IN_PROGRESS", "DONE"}


def test_a_non_member_cannot_export(demo):
    from apcs_app.domain import NotFoundError

    _, phoenix = demo
    with db.transaction() as s:
        from apcs_app.services import auth

        mallory = Actor(auth.create_user(s, "Mallory", "mallory@example.com", "long enough pw").id)
    with pytest.raises(NotFoundError):
        call(exchange.export_space, mallory, phoenix.id)
    with pytest.raises(NotFoundError):
        call(exchange.export_backlog_csv, mallory, phoenix.id)
