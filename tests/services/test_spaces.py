from apcs_app import db
from apcs_app.domain import ConflictError, ForbiddenError, InvalidError, Membership, NotFoundError
from apcs_app.services import board, spaces
from tests import dbstate
from tests.services.conftest import call, item_in


def test_creating_a_scrum_space_makes_the_creator_product_owner_with_default_columns(alice):
    space = call(spaces.create_space, alice, "  Project   Phoenix ", "scrum", "The portal")
    assert (space.name, space.methodology, space.owner_id) == ("Project Phoenix", "SCRUM", alice.user_id)
    with db.transaction() as s:
        membership = s.get(Membership, 1)
        assert (membership.user_id, membership.scrum_role) == (alice.user_id, "PRODUCT_OWNER")
        assert [c.name for c in board.columns(s, space.id)] == ["To Do", "In Progress", "Done"]
    assert dbstate.count("activity", "action = 'create_space'") == 1


def test_a_kanban_space_has_no_scrum_role(alice):
    space = call(spaces.create_space, alice, "Desk", "Kanban")
    assert dbstate.count("memberships", "space_id = :s AND scrum_role IS NULL", s=space.id) == 1


def test_bad_methodology_or_name_is_refused_and_changes_nothing(alice, unchanged):
    with unchanged(InvalidError, "KANBAN, SCRUM"):
        call(spaces.create_space, alice, "X", "waterfall")
    with unchanged(InvalidError, "cannot be empty"):
        call(spaces.create_space, alice, "   ", "SCRUM")
    with unchanged(InvalidError, "limit is 120"):
        call(spaces.create_space, alice, "x" * 121, "SCRUM")


def test_a_second_workspace_of_mine_with_the_same_name_is_refused(alice, bob, scrum, unchanged):
    # Names are how people and the assistant pick a workspace: two of mine with one name could not be told apart.
    with unchanged(ConflictError, "already have a workspace named 'phoenix'"):
        call(spaces.create_space, alice, "  phoenix ", "KANBAN")
    other = call(spaces.create_space, alice, "Desk", "KANBAN")
    with unchanged(ConflictError, "already have a workspace named 'PHOENIX'"):
        call(spaces.update_space, alice, other.id, name="PHOENIX")
    assert call(spaces.update_space, alice, scrum.id, name="phoenix").name == "phoenix"  # its own name, recased
    assert call(spaces.create_space, bob, "Desk", "SCRUM").name == "Desk"  # Alice's Desk is not Bob's


def test_listing_shows_only_my_spaces_with_counts(alice, bob, scrum):
    call(spaces.create_space, bob, "Bob's own", "KANBAN")
    item_in(alice, scrum)
    mine = call(spaces.list_user_spaces, alice)
    assert [(s.space.name, s.member_count, s.item_count, s.scrum_role) for s in mine] == [
        ("Phoenix", 2, 1, "PRODUCT_OWNER")
    ]
    assert sorted(s.space.name for s in call(spaces.list_user_spaces, bob)) == ["Bob's own", "Phoenix"]


def test_only_the_owner_renames_or_deletes(alice, bob, scrum, unchanged):
    with unchanged(ForbiddenError, "Only the workspace owner"):
        call(spaces.update_space, bob, scrum.id, name="Hijacked")
    with unchanged(ForbiddenError, "Only the workspace owner"):
        call(spaces.delete_space, bob, scrum.id)
    assert call(spaces.update_space, alice, scrum.id, name="Phoenix 2").name == "Phoenix 2"


def test_deleting_a_space_removes_everything_in_it(alice, scrum):
    item = item_in(alice, scrum)
    call(board.create_task, alice, item.id)
    call(spaces.delete_space, alice, scrum.id)
    for table in ("spaces", "memberships", "backlog_items", "tasks", "board_columns"):
        assert dbstate.count(table) == 0, table
    assert dbstate.count("activity", "action = 'delete_space' AND space_id IS NULL") == 1


def test_a_non_member_cannot_see_a_space_and_learns_nothing(mallory, scrum, unchanged):
    with unchanged(NotFoundError, "not found among your workspaces") as info:
        call(spaces.get_space, mallory, scrum.id)
    assert "Phoenix" not in info.value.message
    with unchanged(NotFoundError) as missing:
        call(spaces.get_space, mallory, 99999)
    assert missing.value.message.replace("99999", "N") == info.value.message.replace(str(scrum.id), "N")


def test_resolve_space_by_name_or_id_and_default_space(alice, scrum, kanban):
    assert call(spaces.resolve_space, alice, "desk").id == kanban.id
    assert call(spaces.resolve_space, alice, str(scrum.id)).id == scrum.id
    assert call(spaces.default_space_id, alice) == scrum.id
    call(spaces.set_default_space, alice, kanban.id)
    assert call(spaces.default_space_id, alice) == kanban.id
