"""An import is a way in for anyone with an account: everything in the file passes the same
rules as data made by hand, imported history is never replayed, and nobody is added to a
workspace without their consent. These are the attacks reported against import."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from apcs_app import db
from apcs_app.domain import Activity, DomainError, Membership, Task, Via
from apcs_app.services import backlog, board, exchange, members, spaces, sprints, undo
from apcs_app.services.access import Actor
from tests import dbstate
from tests.services.conftest import call, item_in


@pytest.fixture
def attacker_doc(mallory):
    """An honest export of Mallory's own Kanban workspace: one item, one task in To Do."""
    space = call(spaces.create_space, mallory, "Mallory's", "KANBAN")
    item = item_in(mallory, space, "Bait", points=3)
    call(board.create_task, mallory, item.id)
    return call(exchange.export_space, mallory, space.id)


def forged(action: str, entity_type: str, entity_key: int, *, before: dict | None = None, after: dict | None = None,
           actor: str = "mallory@example.com", request_id: str = "forged-run",
           created_at: str = "2024-01-01T00:00:00+00:00") -> dict:
    return {"actor": actor, "via": "agent", "action": action, "entity_type": entity_type, "entity_key": entity_key,
            "summary": f"forged {action}", "before": before, "after": after, "request_id": request_id,
            "created_at": created_at}


def import_as(actor: Actor, doc: dict, name: str | None = None):
    return call(exchange.import_space, actor, json.dumps(doc), name)


def test_a_forged_move_naming_another_workspaces_column_is_never_replayed(mallory, alice, kanban, cols, attacker_doc):
    victim_column = cols[1]
    call(board.update_column, alice, victim_column.id, wip_limit=1)
    call(board.create_task, alice, item_in(alice, kanban, "Victim's").id, victim_column.id)
    task_key = attacker_doc["tasks"][0]["key"]
    attacker_doc["activity"].append(forged(
        "move_task", "task", task_key,
        before={"column_id": victim_column.id, "rank": 1.0, "done_at": None, "item_status": "TODO"},
        after={"column_id": attacker_doc["columns"][0]["key"], "rank": 1.0, "done_at": None, "item_status": "TODO"}))
    space = import_as(mallory, attacker_doc).space
    before = dbstate.dump()
    with pytest.raises(DomainError):
        call(undo.undo_run, mallory, space.id, "forged-run")
    assert dbstate.dump() == before
    assert dbstate.count("tasks", "column_id = :c", c=victim_column.id) == 1
    call(spaces.delete_space, alice, kanban.id)  # the victim can still delete her workspace


def test_forged_update_and_assign_rows_are_not_replayable(mallory, alice, attacker_doc):
    item_key, task_key = attacker_doc["items"][0]["key"], attacker_doc["tasks"][0]["key"]
    attacker_doc["activity"] += [
        forged("update_backlog_item", "backlog_item", item_key,
               before={"title": "x" * 50_000, "story_points": 4, "priority": "HIGH"}, after={"priority": "LOW"}),
        forged("assign_task", "task", task_key, before={"assignee_id": alice.user_id}, after={"assignee_id": None}),
    ]
    space = import_as(mallory, attacker_doc).space
    before = dbstate.dump()
    with pytest.raises(DomainError):
        call(undo.undo_run, mallory, space.id, "forged-run")
    assert dbstate.dump() == before
    exported = call(exchange.export_space, mallory, space.id)
    assert exported["items"][0]["title"] == "Bait" and exported["tasks"][0]["assignee"] is None


def test_imported_history_is_marked_attributed_to_the_importer_and_never_in_the_future(mallory, alice, attacker_doc):
    attacker_doc["members"].append({"email": "alice@example.com", "name": "Alice Doe", "scrum_role": None,
                                    "owner": False})
    attacker_doc["activity"].append(forged("update_backlog_item", "backlog_item", attacker_doc["items"][0]["key"],
                                           actor="alice@example.com", created_at="2030-01-01T00:00:00+00:00"))
    space = import_as(mallory, attacker_doc).space
    with db.transaction() as s:
        rows = list(s.exec(Activity.__table__.select().where(Activity.space_id == space.id,
                                                               Activity.action != "import_space")))
    assert rows, "the history was imported"
    now = dt.datetime.now(dt.UTC)
    for row in rows:
        assert row.imported is True
        assert row.actor_id == mallory.user_id
        assert row.request_id is None
        assert row.via == Via.IMPORT.value
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)
        assert created <= now
    by_alice = [r for r in rows if "forged update_backlog_item" in r.summary]
    assert by_alice and "Alice Doe" in by_alice[0].summary and by_alice[0].summary.startswith("imported:")


def test_existing_users_are_never_added_only_listed_to_invite(mallory, alice, bob, attacker_doc):
    attacker_doc["members"] += [
        {"email": "alice@example.com", "name": "Alice Doe", "scrum_role": None, "owner": True},
        {"email": "bob@example.com", "name": "Bob Roe", "scrum_role": None, "owner": False},
        {"email": "ghost@example.com", "name": "Ghost", "scrum_role": None, "owner": False},
    ]
    attacker_doc["tasks"][0]["assignee"] = "alice@example.com"
    result = import_as(mallory, attacker_doc)
    with db.transaction() as s:
        people = {m.user_id for m in s.exec(Membership.__table__.select().where(Membership.space_id == result.space.id))}
        task = s.exec(Task.__table__.select().where(Task.space_id == result.space.id)).one()
    assert people == {mallory.user_id}
    assert task.assignee_id is None
    invited = {p["email"]: p["name"] for p in result.invite}
    assert invited == {"alice@example.com": "Alice Doe", "bob@example.com": "Bob Roe", "ghost@example.com": "Ghost"}
    assert any("alice@example.com" in w and "unassigned" in w for w in result.warnings)
    # No way to tell from the answer which of them have an account here.
    assert not any("no account" in w for w in result.warnings)


# ---------------------------------------------------------------- imports that break the rules


@pytest.fixture
def scrum_doc(alice):
    space = call(spaces.create_space, alice, "Source", "SCRUM")
    item_in(alice, space, "One", points=3)
    item_in(alice, space, "Two", points=5)
    return call(exchange.export_space, alice, space.id)


def _sprint(key: int, name: str, start: str, end: str, status: str, items: list[int]) -> dict:
    return {"key": key, "name": name, "goal": None, "start_date": start, "end_date": end, "status": status,
            "committed_points": None, "completed_points": None, "started_at": None, "completed_at": None,
            "items": [{"item": i, "added_at": None, "completed_in_sprint": None} for i in items]}


def refused(actor: Actor, doc: dict | str | bytes, match: str):
    before = dbstate.dump()
    with pytest.raises(DomainError, match=match) as info:
        call(exchange.import_space, actor, doc if isinstance(doc, (str, bytes)) else json.dumps(doc))
    assert dbstate.dump() == before, "a refused import changed the database"
    assert 400 <= info.value.http_status < 500
    return info.value


def test_more_tasks_than_the_wip_limit_is_refused(mallory, attacker_doc):
    attacker_doc["columns"][1]["wip_limit"] = 1
    base = attacker_doc["tasks"][0]
    attacker_doc["tasks"] = [base | {"key": base["key"] + n, "column": attacker_doc["columns"][1]["key"]}
                             for n in range(5)]
    err = refused(mallory, attacker_doc, r"^tasks\[1\]")
    assert "WIP limit" in err.message


def test_an_item_in_two_open_sprints_is_refused(alice, scrum_doc):
    key = scrum_doc["items"][0]["key"]
    scrum_doc["sprints"] = [_sprint(1, "S1", "2027-01-04", "2027-01-18", "ACTIVE", [key]),
                            _sprint(2, "S2", "2027-01-18", "2027-02-01", "PLANNING", [key])]
    refused(alice, scrum_doc, r"^sprints\[1\]\.items\[0\]")


def test_a_200_day_sprint_is_refused(alice, scrum_doc):
    scrum_doc["sprints"] = [_sprint(1, "Long", "2027-01-01", "2027-07-20", "PLANNING", [])]
    refused(alice, scrum_doc, r"^sprints\[0\].*(too long|31 days)")


@pytest.mark.parametrize("where", ["space.description", "columns[0].name", "items[1].title", "items[0].description",
                                   "tasks[0].title", "members[0].name", "sprints[0].goal", "activity[0].summary",
                                   "activity[0].action"])
def test_huge_fields_are_refused(alice, scrum_doc, where):
    scrum_doc["sprints"] = [_sprint(1, "S1", "2027-01-04", "2027-01-18", "PLANNING", [])]
    scrum_doc["tasks"] = [{"key": 1, "title": "t", "item": scrum_doc["items"][0]["key"],
                           "column": scrum_doc["columns"][0]["key"], "assignee": None, "done_at": None}]
    scrum_doc["activity"] = [forged("create_backlog_item", "backlog_item", 1)]
    path, field = where.rsplit(".", 1)
    target = scrum_doc
    for part in path.replace("]", "").split("."):
        name, _, index = part.partition("[")
        target = target[name] if not index else target[name][int(index)]
    target[field] = "x" * 1_000_000
    refused(alice, scrum_doc, "^" + where.replace("[", r"\[").replace("]", r"\]").replace(".", r"\."))


@pytest.mark.parametrize("where", ["items[0].story_points", "columns[1].wip_limit", "sprints[0].committed_points"])
def test_absurd_numbers_are_refused(alice, scrum_doc, where):
    scrum_doc["sprints"] = [_sprint(1, "S1", "2027-01-04", "2027-01-18", "COMPLETED", [scrum_doc["items"][0]["key"]])]
    section, rest = where.split("[", 1)
    index, field = rest.split("].")
    scrum_doc[section][int(index)][field] = 10**30
    refused(alice, scrum_doc, "^" + where.replace("[", r"\[").replace("]", r"\]").replace(".", r"\."))


def test_unknown_priorities_and_statuses_are_refused(alice, scrum_doc):
    scrum_doc["items"][1]["priority"] = "URGENT!!"
    refused(alice, scrum_doc, r"^items\[1\]\.priority")


def test_an_oversized_document_is_refused_before_parsing(alice, scrum_doc):
    scrum_doc["space"]["description"] = "x" * (exchange.MAX_IMPORT_BYTES + 1)
    err = refused(alice, scrum_doc, "too large")
    assert err.http_status == 413
    refused(alice, b" " * (exchange.MAX_IMPORT_BYTES + 1), "too large")


@pytest.mark.parametrize("depth", [900, 5000])
def test_deeply_nested_activity_is_dropped_or_refused_and_export_still_works(mallory, attacker_doc, depth):
    nested = "1"
    for _ in range(depth):
        nested = '{"a": ' + nested + "}"
    text = json.dumps(attacker_doc)
    entry = json.dumps(forged("update_backlog_item", "backlog_item", 1))
    entry = entry.replace('"before": null', f'"before": {nested}')
    text = text.replace('"activity": [', f'"activity": [{entry}, ', 1)
    try:
        space = call(exchange.import_space, mallory, text).space
    except DomainError as exc:
        assert 400 <= exc.http_status < 500
        return
    doc = call(exchange.export_space, mallory, space.id)
    json.dumps(doc)
    assert all(a["before"] is None or len(json.dumps(a["before"])) < 20_000 for a in doc["activity"])


def test_export_survives_deeply_nested_history_already_in_the_database(mallory, attacker_doc):
    """Rows imported before the fix may hold such payloads: export answers, without them."""
    space = import_as(mallory, attacker_doc).space
    nested = "1"
    for _ in range(5000):
        nested = '{"a": ' + nested + "}"
    from sqlalchemy import text

    with db.get_engine().begin() as conn:
        conn.execute(text("INSERT INTO activity (space_id, actor_id, via, action, entity_type, summary, before, "
                          "imported, created_at) VALUES (:s, :a, 'ui', 'legacy', 'task', 'old', :b, false, :t)"),
                     {"s": space.id, "a": mallory.user_id, "b": nested, "t": dt.datetime.now(dt.UTC)})
    doc = call(exchange.export_space, mallory, space.id)
    legacy = next(a for a in doc["activity"] if a["action"] == "legacy")
    assert legacy["before"] is None
    json.dumps(doc)


def test_a_refused_import_leaves_no_trace_and_a_good_one_still_round_trips(alice, scrum_doc):
    scrum_doc["items"][1]["story_points"] = 4
    refused(alice, scrum_doc, r"^items\[1\]\.story_points: .*Fibonacci")
    scrum_doc["items"][1]["story_points"] = 5
    result = import_as(alice, scrum_doc)
    assert [i.title for i in call(backlog.list_backlog, alice, result.space.id)] == ["One", "Two"]


def test_imported_open_sprint_rules_match_the_services(alice, scrum_doc):
    """An imported sprint is a sprint: items added later follow the usual one-open-sprint rule."""
    key = scrum_doc["items"][0]["key"]
    scrum_doc["sprints"] = [_sprint(1, "S1", "2027-01-04", "2027-01-18", "PLANNING", [key])]
    space = import_as(alice, scrum_doc).space
    s2 = call(sprints.create_sprint, alice, space.id, "S2", "2027-01-18", "2027-02-01")
    first = call(backlog.list_backlog, alice, space.id)[0]
    with pytest.raises(DomainError, match="already in S1"):
        call(sprints.add_to_sprint, alice, space.id, first.id, s2.id)
    assert call(members.list_members, alice, space.id)[0].user_id == alice.user_id


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "1899-05-01T10:00:00"])
@pytest.mark.parametrize("where", ["exported_at", "items[0].created_at", "items[0].completed_at", "tasks[0].done_at",
                                   "sprints[0].started_at", "sprints[0].completed_at", "sprints[0].items[0].added_at",
                                   "activity[0].created_at"])
def test_timestamps_outside_the_calendar_are_refused_not_a_500(alice, scrum_doc, where, value):
    """Converting 0001-01-01+05:00 to UTC overflows; year 9999 is no date anyone works on."""
    scrum_doc["sprints"] = [_sprint(1, "S1", "2027-01-04", "2027-01-18", "COMPLETED", [scrum_doc["items"][0]["key"]])]
    scrum_doc["tasks"] = [{"key": 1, "title": "t", "item": scrum_doc["items"][0]["key"],
                           "column": scrum_doc["columns"][-1]["key"], "assignee": None, "done_at": None}]
    scrum_doc["activity"] = [forged("create_backlog_item", "backlog_item", 1)]
    target, path = scrum_doc, where.replace("]", "").split(".")
    for part in path[:-1]:
        name, _, index = part.partition("[")
        target = target[name] if not index else target[name][int(index)]
    target[path[-1]] = value
    err = refused(alice, scrum_doc, where.replace("[", r"\[").replace("]", r"\]").replace(".", r"\."))
    assert "1970-01-01 to 2100-12-31" in err.message


@pytest.mark.parametrize("start, end", [("9999-12-01", "9999-12-20"), ("0001-01-01", "0001-01-10"),
                                        ("2100-12-25", "2101-01-05")])
def test_sprints_outside_the_calendar_are_refused_on_import_and_create(alice, scrum_doc, start, end):
    scrum_doc["sprints"] = [_sprint(1, "Far", start, end, "PLANNING", [])]
    refused(alice, scrum_doc, r"sprints\[0\].*1970-01-01 to 2100-12-31")
    space = call(spaces.create_space, alice, "Calendar", "SCRUM")
    with pytest.raises(DomainError, match="1970-01-01 to 2100-12-31"):
        call(sprints.create_sprint, alice, space.id, "Far", start, end)
