import csv
import io
import json

import pytest

from apcs_app import db
from apcs_app.domain import ConflictError, InvalidError
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
    result = call(exchange.import_space, alice, json.dumps(exported), "Phoenix copy")
    copy = result.space
    # Nobody but the importer is added: the other members are listed to invite, their tasks unassigned.
    others = [m for m in exported["members"] if m["email"] != "alice@example.com"]
    assert [(p["email"], p["name"]) for p in result.invite] == [(m["email"], m["name"]) for m in others]
    again = call(exchange.export_space, alice, copy.id)
    assert again["space"]["name"] == "Phoenix copy"
    again["space"]["name"] = exported["space"]["name"]
    imported_note = again["activity"].pop()  # the import itself is on record in the copy
    assert imported_note["action"] == "import_space"
    assert [m["email"] for m in again["members"]] == ["alice@example.com"]
    for t in exported["tasks"]:
        if t["assignee"] != "alice@example.com":
            t["assignee"] = None
    old, new = comparable(exported), comparable(again)
    for part in ("space", "columns", "items", "tasks", "sprints"):
        assert new[part] == old[part], part
    # The history comes along as history: same actions, marked as imported, by the importer.
    assert [a["action"] for a in new["activity"]] == [a["action"] for a in old["activity"]]
    assert all(a["via"] == "import" and a["request_id"] is None and a["actor"] == "alice@example.com"
               and a["summary"].startswith("imported: ") for a in new["activity"])


def test_an_import_never_gives_the_importer_two_workspaces_of_one_name(demo, unchanged):
    alice, phoenix = demo
    exported = json.dumps(call(exchange.export_space, alice, phoenix.id))
    # The export's own name is taken: the copy gets a free one, and the importer is told.
    first = call(exchange.import_space, alice, exported)
    second = call(exchange.import_space, alice, exported)
    assert (first.space.name, second.space.name) == (f"{phoenix.name} (imported)", f"{phoenix.name} (imported 2)")
    assert any(f"'{phoenix.name} (imported)'" in w for w in first.warnings), first.warnings
    # A name the importer chose is theirs: taken, it is refused like any new workspace's.
    with unchanged(ConflictError, "already have a workspace named"):
        call(exchange.import_space, alice, exported, phoenix.name.upper())


def test_bad_files_get_a_clear_error_and_change_nothing(demo, unchanged):
    alice, phoenix = demo
    good = call(exchange.export_space, alice, phoenix.id)
    with unchanged(InvalidError, "not valid JSON"):
        call(exchange.import_space, alice, "{not json")
    with unchanged(InvalidError, "not an APCS workspace export"):
        call(exchange.import_space, alice, json.dumps({"hello": "world"}))
    broken = json.loads(json.dumps(good))
    broken["items"][0]["story_points"] = 4
    with unchanged(InvalidError, r"items\[0\]\.story_points: .*Fibonacci"):
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
    result = call(exchange.import_space, alice, doc)
    assert {"email": "ghost@example.com", "name": "Ghost"} in result.invite
    assert any("ghost@example.com" in w and "unassigned" in w for w in result.warnings)
    assert dbstate.count("users", "email = 'ghost@example.com'") == 0
    # Only the importer: members of the exported workspace are invited, never added (Bob included).
    assert dbstate.count("memberships", "space_id = :s", s=result.space.id) == 1


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


def test_backlog_csv_neutralises_cells_a_spreadsheet_would_run(demo):
    """OWASP CSV injection: a text cell starting with = + - @ tab or CR gets a leading quote."""
    from apcs_app.domain import BacklogItem
    from apcs_app.services import backlog

    alice, phoenix = demo
    dangerous = ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\tX", "\rX"]
    with db.transaction() as s:  # \t and \r cannot come through the forms: write them as old data would be
        for n, title in enumerate(dangerous):
            item = backlog.create_item(s, alice, phoenix.id, f"placeholder {n}")
            row = s.get(BacklogItem, item.id)
            row.title, row.description = title, title
    ordinary = call(backlog.create_item, alice, phoenix.id, "Plain title - with a dash", "a = b, and @ here")
    rows = list(csv.DictReader(io.StringIO(call(exchange.export_backlog_csv, alice, phoenix.id), newline="")))
    by_title = {r["title"]: r for r in rows}
    for title in dangerous:
        assert "'" + title in by_title, title
        assert by_title["'" + title]["description"] == "'" + title
    plain = by_title["Plain title - with a dash"]
    assert plain["description"] == "a = b, and @ here" and plain["id"] == str(ordinary.id)
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for r in rows for cell in r.values())


def test_export_answers_for_data_that_breaks_todays_rules(demo):
    """Rows written before the import checks (4 points, a non-member assignee) are exported as
    they are rather than failing the whole export."""
    from apcs_app.domain import BacklogItem, Task

    alice, phoenix = demo
    with db.transaction() as s:
        from sqlmodel import select

        item = s.exec(select(BacklogItem).where(BacklogItem.space_id == phoenix.id)).first()
        item.story_points = 4
        task = s.exec(select(Task).where(Task.space_id == phoenix.id)).first()
        from apcs_app.services import auth

        task.assignee_id = auth.create_user(s, "Outsider", "outsider@example.com", "long enough pw").id
    doc = call(exchange.export_space, alice, phoenix.id)
    assert any(i["story_points"] == 4 for i in doc["items"])
    with pytest.raises(InvalidError, match=r"items\[\d+\]\.story_points"):  # and importing it back is refused, clearly
        call(exchange.import_space, alice, json.dumps(doc))
