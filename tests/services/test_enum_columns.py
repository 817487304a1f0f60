"""Enum columns hold the members' values as text (the same VARCHAR(20) as before 0004) and
come back as enum members, on SQLite and PostgreSQL; 0004 brings a 0003 database's strings
to exactly those values, or refuses loudly."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError
from sqlmodel import select

from apcs_app import db, migrate
from apcs_app.domain import (Activity, BacklogItem, ItemStatus, Membership, Methodology, Priority, ScrumRole,
                              Space, Sprint, SprintStatus, User, UserRole, Via)
from apcs_app.services import sprints
from tests.services.conftest import call, item_in


def stored(sql: str) -> list:
    with db.get_engine().connect() as conn:
        return [r[0] for r in conn.execute(text(sql))]


def test_enums_round_trip_as_members_and_are_stored_as_their_values(alice, scrum):
    item_in(alice, scrum, "Story", priority="high")
    call(sprints.create_sprint, alice, scrum.id, "S1", "2027-01-04", "2027-01-18")
    with db.read() as s:  # a new session: every value comes from the database
        item = s.exec(select(BacklogItem)).one()
        assert s.get(Space, scrum.id).methodology is Methodology.SCRUM
        assert (item.priority, item.status) == (Priority.HIGH, ItemStatus.TODO) and type(item.status) is ItemStatus
        assert s.exec(select(Sprint)).one().status is SprintStatus.PLANNING
        owner = s.exec(select(Membership).where(Membership.user_id == alice.user_id)).one()
        assert owner.scrum_role is ScrumRole.PRODUCT_OWNER
        assert s.get(User, alice.user_id).role is UserRole.USER
        assert s.exec(select(Activity.via)).first() is Via.UI
    assert stored("SELECT priority FROM backlog_items") == ["HIGH"]
    assert set(stored("SELECT via FROM activity")) == {"ui"}  # the value, not the member's name


def test_a_string_that_is_no_member_is_never_written(alice, scrum):
    with pytest.raises(StatementError, match="not among the defined enum values"), db.transaction() as s:
        s.get(Space, scrum.id).methodology = "scrum-ish"


# ---------------------------------------------------------------- 0004 on a 0003 database

USER = ("INSERT INTO users (id, name, email, password_hash, role, failed_logins, token_version, created_at) "
        "VALUES (:id, :name, :email, 'x', :role, 0, 0, '2026-11-01 10:00:00')")
SPACE = ("INSERT INTO spaces (id, name, methodology, owner_id, created_at) "
         "VALUES (:id, :name, :methodology, 1, '2026-11-01 10:00:00')")
MEMBER = ("INSERT INTO memberships (id, space_id, user_id, scrum_role, joined_at) "
          "VALUES (:id, :space, 1, :role, '2026-11-01 10:00:00')")
ITEM = ("INSERT INTO backlog_items (id, space_id, title, priority, status, rank, version, created_at, updated_at) "
        "VALUES (:id, 1, 'Story', :priority, :status, 1.0, 1, '2026-11-01 10:00:00', '2026-11-01 10:00:00')")
SPRINT = ("INSERT INTO sprints (id, space_id, name, start_date, end_date, status, created_at) "
          "VALUES (:id, 1, 'S', '2027-01-04', '2027-01-18', :status, '2026-11-01 10:00:00')")
ACTIVITY = ("INSERT INTO activity (id, space_id, actor_id, via, action, entity_type, summary, imported, created_at) "
            "VALUES (:id, 1, 1, :via, 'create_space', 'space', 's', false, '2026-11-01 10:00:00')")


def at_0003(*rows: tuple[str, dict]) -> None:
    migrate.downgrade("0003")
    with db.get_engine().begin() as conn:
        for sql, params in rows:
            conn.execute(text(sql), params)


def test_0004_keeps_a_0003_databases_values_and_spells_the_tolerated_variants_exactly(empty_database):
    at_0003(
        (USER, {"id": 1, "name": "A", "email": "a@example.com", "role": "ADMIN"}),
        (USER, {"id": 2, "name": "B", "email": "b@example.com", "role": "superadmin"}),
        (SPACE, {"id": 1, "name": "P", "methodology": "SCRUM"}),
        (SPACE, {"id": 2, "name": "K", "methodology": "kanban"}),
        (MEMBER, {"id": 1, "space": 1, "role": "product-owner"}),
        (MEMBER, {"id": 2, "space": 2, "role": None}),
        (ITEM, {"id": 1, "priority": "HIGH", "status": "in progress"}),
        (ITEM, {"id": 2, "priority": " low ", "status": "DONE"}),
        (SPRINT, {"id": 1, "status": "Active"}),
        (SPRINT, {"id": 2, "status": "COMPLETED"}),
        (ACTIVITY, {"id": 1, "via": "agent"}),
        (ACTIVITY, {"id": 2, "via": "MCP"}),
    )
    migrate.upgrade()
    assert migrate.current_revision() == migrate.head_revision()
    with db.read() as s:
        assert [u.role for u in s.exec(select(User).order_by(User.id))] == [UserRole.ADMIN, UserRole.SUPERADMIN]
        assert [p.methodology for p in s.exec(select(Space).order_by(Space.id))] == [Methodology.SCRUM,
                                                                                     Methodology.KANBAN]
        assert [m.scrum_role for m in s.exec(select(Membership).order_by(Membership.id))] == [
            ScrumRole.PRODUCT_OWNER, None]
        assert [(i.priority, i.status) for i in s.exec(select(BacklogItem).order_by(BacklogItem.id))] == [
            (Priority.HIGH, ItemStatus.IN_PROGRESS), (Priority.LOW, ItemStatus.DONE)]
        assert [t.status for t in s.exec(select(Sprint).order_by(Sprint.id))] == [SprintStatus.ACTIVE,
                                                                                  SprintStatus.COMPLETED]
        assert [a.via for a in s.exec(select(Activity).order_by(Activity.id))] == [Via.AGENT, Via.MCP]
    assert stored("SELECT status FROM sprints WHERE id = 1") == ["ACTIVE"]


def test_0004_refuses_a_value_no_member_stands_for_and_changes_nothing(empty_database):
    at_0003((USER, {"id": 1, "name": "A", "email": "a@example.com", "role": "USER"}),
            (SPACE, {"id": 1, "name": "P", "methodology": "SCRUM"}),
            (ITEM, {"id": 1, "priority": "urgent", "status": "TODO"}))
    with pytest.raises(RuntimeError, match=r"backlog_items\.priority.*'urgent'"):
        migrate.upgrade()
    assert migrate.current_revision() == "0003"
    assert stored("SELECT priority FROM backlog_items") == ["urgent"]
