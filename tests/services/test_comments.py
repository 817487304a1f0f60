import pytest

from apcs_app.domain import Action, ForbiddenError, InvalidError, NotFoundError, Via
from apcs_app.services import activity, comments, undo
from apcs_app.services.access import Actor
from tests.services.conftest import call, item_in


def test_members_comment_and_read_them_in_order_with_their_author(alice, bob, kanban):
    item = item_in(alice, kanban, "CSV export")
    call(comments.add_comment, alice, item.id, "Needs a header row.")
    call(comments.add_comment, bob, item.id, "  Semicolons for the German locale\n please  ")
    listed = call(comments.list_comments, alice, item.id)
    assert [(c.author_name, c.text, c.via_agent) for c in listed] == [
        ("Alice Doe", "Needs a header row.", False),
        ("Bob Roe", "Semicolons for the German locale\n please", False),
    ]
    assert [c.text for c in call(comments.list_comments, bob, item.id, 1)] == ["Semicolons for the German locale\n please"]
    feed = call(activity.list_activity, alice, kanban.id)
    assert feed[0].action == Action.ADD_COMMENT and "CSV export" in feed[0].summary


def test_an_agents_comment_is_its_users_on_their_behalf(alice, kanban):
    item = item_in(alice, kanban)
    call(comments.add_comment, Actor(alice.user_id, Via.AGENT, "run-7"), item.id, "Split into two stories?")
    (comment,) = call(comments.list_comments, alice, item.id)
    assert (comment.author_name, comment.via_agent) == ("Alice Doe", True)


def test_text_limits_hold_and_markup_stays_text(alice, kanban, unchanged):
    item = item_in(alice, kanban)
    with unchanged(InvalidError, "empty"):
        call(comments.add_comment, alice, item.id, " \u200b ")
    with unchanged(InvalidError, "limit is 4000"):
        call(comments.add_comment, alice, item.id, "x" * 4001)
    call(comments.add_comment, alice, item.id, "<script>alert(1)</script>")
    assert call(comments.list_comments, alice, item.id)[0].text == "<script>alert(1)</script>"


def test_one_edits_only_ones_own_and_the_owner_may_delete_any(alice, bob, kanban, unchanged):
    item = item_in(alice, kanban)
    mine = call(comments.add_comment, bob, item.id, "first")
    with unchanged(ForbiddenError, "only your own"):
        call(comments.edit_comment, alice, mine.id, "changed by Alice")
    edited = call(comments.edit_comment, bob, mine.id, "second")
    assert edited.text == "second" and edited.edited_at is not None
    alices = call(comments.add_comment, alice, item.id, "owner's")
    with unchanged(ForbiddenError, "only your own"):
        call(comments.delete_comment, bob, alices.id)
    call(comments.delete_comment, alice, mine.id)  # the owner
    assert [c.text for c in call(comments.list_comments, bob, item.id)] == ["owner's"]


def test_a_comment_of_another_workspace_is_not_found(alice, mallory, kanban, unchanged):
    item = item_in(alice, kanban)
    comment = call(comments.add_comment, alice, item.id, "private")
    with unchanged(NotFoundError):
        call(comments.edit_comment, mallory, comment.id, "mine now")
    with unchanged(NotFoundError):
        call(comments.list_comments, mallory, item.id)


def test_undo_removes_a_comment_an_agent_added(alice, kanban):
    item = item_in(alice, kanban)
    call(comments.add_comment, Actor(alice.user_id, Via.AGENT, "run-c"), item.id, "agent note")
    call(undo.undo_run, alice, kanban.id, "run-c")
    assert call(comments.list_comments, alice, item.id) == []
    assert call(activity.list_activity, alice, kanban.id)[1].action == Action.UNDO_ADD_COMMENT
