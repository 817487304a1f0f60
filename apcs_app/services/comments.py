"""Comments on backlog items: any member adds and reads them; one edits only one's own, and
deletes one's own — the workspace owner and site admins may delete anyone's.

The text is plain text (validate.text, multi-line) and every adapter shows it as text. An
agent's comment is its user's, marked as written on their behalf (Via.AGENT)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from apcs_app.domain import Action, BacklogItem, Comment, ForbiddenError, User, UserRole, Via
from apcs_app.domain.models import utcnow
from apcs_app.services import activity, validate
from apcs_app.services.access import Actor, load_user, member_row, require_member
from apcs_app.services.backlog import get_item

MAX_TEXT = 4000
MAX_LIST = 200
MAX_AUTHOR = 320  # an email address at most


class CommentView(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: int
    backlog_item_id: int
    item_title: str
    author_id: int | None
    author_name: str
    via_agent: bool
    text: str
    created_at: dt.datetime
    edited_at: dt.datetime | None


def _text(value: object) -> str:
    return validate.text(value, "Comment", max_len=MAX_TEXT)


def _get(session: Session, actor: Actor, comment_id: int, *, lock: bool = False) -> Comment:
    return member_row(session, actor, Comment, comment_id, lock=lock, missing=(
        f"Comment {comment_id} was not found in your workspaces; list them with get_comments."))


def get_comment(session: Session, actor: Actor, comment_id: int) -> Comment:
    """A comment any member of its workspace may read."""
    return _get(session, actor, comment_id)


def _summary(item: BacklogItem, text: str) -> str:
    return f"commented on item #{item.id} '{item.title}': {validate.excerpt(text)}"


def add_comment(session: Session, actor: Actor, backlog_item_id: int, text: str) -> Comment:
    item = get_item(session, actor, backlog_item_id, lock=True)
    comment = Comment(space_id=item.space_id, backlog_item_id=item.id, author_id=actor.user_id,
                      via_agent=actor.via == Via.AGENT, text=_text(text))
    session.add(comment)
    session.flush()
    activity.record(session, actor, space_id=item.space_id, action=Action.ADD_COMMENT, entity_type="comment",
                    entity_id=comment.id, summary=_summary(item, comment.text),
                    after={"backlog_item_id": item.id, "text": comment.text})
    return comment


def list_comments(session: Session, actor: Actor, backlog_item_id: int, limit: int | None = None,
                  author: str | None = None) -> list[CommentView]:
    """An item's comments, oldest first; with `limit`, the latest `limit` of them; with `author`,
    only those whose author's name or email holds it ("Bob", "bob@example.com")."""
    item = get_item(session, actor, backlog_item_id)
    limit = validate.positive_int(limit, "Limit") or MAX_LIST
    query = (select(Comment, User.name).outerjoin(User, col(User.id) == Comment.author_id)
             .where(Comment.backlog_item_id == item.id))
    who = validate.text(author, "Author", max_len=MAX_AUTHOR, required=False)
    if who:
        # autoescape: a '%' or '_' in what the user typed is a character, not a wildcard
        query = query.where(or_(func.lower(User.name).contains(who.lower(), autoescape=True),
                                func.lower(User.email).contains(who.lower(), autoescape=True)))
    rows = session.exec(
        query.order_by(col(Comment.created_at).desc(), col(Comment.id).desc()).limit(min(limit, MAX_LIST))
    ).all()
    return [view(c, item, name) for c, name in reversed(rows)]


def view(comment: Comment, item: BacklogItem, author_name: str | None) -> CommentView:
    return CommentView(id=comment.id, backlog_item_id=item.id, item_title=item.title, author_id=comment.author_id,
                       author_name=author_name or "a former member", via_agent=comment.via_agent, text=comment.text,
                       created_at=comment.created_at, edited_at=comment.edited_at)


def edit_comment(session: Session, actor: Actor, comment_id: int, text: str) -> Comment:
    comment = _get(session, actor, comment_id, lock=True)
    if comment.author_id != actor.user_id:
        raise ForbiddenError("You can edit only your own comments.")
    new_text = _text(text)
    if new_text == comment.text:
        return comment
    before = {"text": comment.text, "edited_at": activity.snapshot(comment, "edited_at")["edited_at"]}
    comment.text, comment.edited_at = new_text, utcnow()
    item = session.get(BacklogItem, comment.backlog_item_id)
    activity.record(session, actor, space_id=comment.space_id, action=Action.EDIT_COMMENT, entity_type="comment",
                    entity_id=comment.id, summary=f"edited a comment on item #{item.id} '{item.title}'",
                    before=before, after={"text": new_text})
    session.flush()
    return comment


def put_comment_back(session: Session, actor: Actor, backlog_item_id: int, comment: Comment) -> Comment:
    """Undo of a deletion: the very same comment (id, author, time) on its item again."""
    item = get_item(session, actor, backlog_item_id, lock=True)
    comment.text, comment.space_id, comment.backlog_item_id = _text(comment.text), item.space_id, item.id
    session.add(comment)
    session.flush()
    return comment


def delete_comment(session: Session, actor: Actor, comment_id: int) -> None:
    comment = _get(session, actor, comment_id, lock=True)
    if comment.author_id != actor.user_id:
        space, _ = require_member(session, actor, comment.space_id)
        if space.owner_id != actor.user_id and load_user(session, actor).role == UserRole.USER:
            raise ForbiddenError("You can delete only your own comments; the workspace owner can delete any.")
    item = session.get(BacklogItem, comment.backlog_item_id)
    activity.record(session, actor, space_id=comment.space_id, action=Action.DELETE_COMMENT, entity_type="comment",
                    entity_id=comment.id, summary=f"deleted a comment on item #{item.id} '{item.title}'",
                    before=activity.snapshot(comment))  # the whole row: undo puts the very same one back
    session.delete(comment)
    session.flush()
