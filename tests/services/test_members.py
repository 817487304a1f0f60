import pytest

from apcs_app.domain import ConflictError, ForbiddenError, InvalidError, NotFoundError
from apcs_app.services import board, members
from tests import dbstate
from tests.services.conftest import call, item_in


def test_invite_by_email_and_change_role(alice, scrum, make_user):
    make_user("Carol King", "carol@example.com")
    carol = call(members.invite_member, alice, scrum.id, "  CAROL@example.com ")
    assert carol.scrum_role == "DEVELOPER"
    assert call(members.change_role, alice, scrum.id, carol.user_id, "scrum master").scrum_role == "SCRUM_MASTER"
    roles = {m.name: (m.scrum_role, m.is_owner) for m in call(members.list_members, alice, scrum.id)}
    assert roles == {"Alice Doe": ("PRODUCT_OWNER", True), "Bob Roe": ("DEVELOPER", False),
                     "Carol King": ("SCRUM_MASTER", False)}


def test_invite_errors_change_nothing(alice, bob, scrum, kanban, unchanged):
    with unchanged(NotFoundError, "ask them to sign up"):
        call(members.invite_member, alice, scrum.id, "ghost@example.com")
    with unchanged(ConflictError, "already a member"):
        call(members.invite_member, alice, scrum.id, "bob@example.com")
    with unchanged(InvalidError, "not a valid email"):
        call(members.invite_member, alice, scrum.id, "bob")
    with unchanged(ForbiddenError, "owner can invite"):
        call(members.invite_member, bob, scrum.id, "alice@example.com")
    with unchanged(InvalidError, "only in SCRUM"):
        call(members.change_role, alice, kanban.id, bob.user_id, "DEVELOPER")
    with unchanged(InvalidError, "PRODUCT_OWNER, SCRUM_MASTER, DEVELOPER"):
        call(members.change_role, alice, scrum.id, bob.user_id, "boss")


def test_leaving_and_removing(alice, bob, scrum, make_user, unchanged):
    item = item_in(alice, scrum)
    task = call(board.create_task, alice, item.id)
    call(board.assign_task, alice, task.id, bob.user_id)
    with unchanged(ConflictError, "owner cannot leave"):
        call(members.remove_member, alice, scrum.id, alice.user_id)
    carol = make_user("Carol King", "carol@example.com")
    call(members.invite_member, alice, scrum.id, "carol@example.com")
    with unchanged(ForbiddenError, "Only the workspace owner can remove"):
        call(members.remove_member, bob, scrum.id, carol.user_id)
    call(members.remove_member, bob, scrum.id, bob.user_id)  # leaving
    assert dbstate.count("memberships", "user_id = :u", u=bob.user_id) == 0
    assert dbstate.count("tasks", "assignee_id IS NOT NULL") == 0, "a leaver's tasks are unassigned"
    assert dbstate.count("activity", "action = 'leave_space'") == 1


@pytest.mark.parametrize("who", ["Bob Roe", "bob", "BOB@example.com"])
def test_resolve_member_by_name_first_name_or_email(alice, bob, scrum, who):
    assert call(members.resolve_member, alice, scrum.id, who).user_id == bob.user_id
