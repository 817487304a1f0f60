"""Who is acting, and what they may touch."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import and_
from sqlmodel import Session, select

from apcs_app.domain import (
    ForbiddenError,
    Membership,
    NotFoundError,
    ScrumRole,
    Space,
    User,
    UserRole,
    Via,
)


@dataclass(frozen=True)
class Actor:
    """The acting user, the entry point they came through and the request that carries them."""

    user_id: int
    via: Via = Via.UI
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])

    def with_request(self, request_id: str | None = None) -> "Actor":
        return Actor(self.user_id, self.via, request_id or uuid.uuid4().hex[:16])


MAX_ID = 2**31 - 1  # ids are 32-bit on PostgreSQL; larger numbers would be a database error


def is_row_id(value: object) -> bool:
    """Whether `value` could name a row at all (anything else is simply not found)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def load_user(session: Session, actor: Actor) -> User:
    user = session.get(User, actor.user_id)
    if user is None:
        raise NotFoundError(f"User {actor.user_id} does not exist; sign in again.")
    return user


def require_member(session: Session, actor: Actor, space_id: int, *, lock: bool = False) -> tuple[Space, Membership]:
    """The space and the actor's membership, in one query; a non-member learns nothing.

    `lock=True` takes the workspace's row lock: every write that touches more than one row
    takes it first, so writers in one workspace queue up in one order and never deadlock."""
    query = (
        select(Space, Membership)
        .join(Membership, Membership.space_id == Space.id)
        .where(Space.id == space_id, Membership.user_id == actor.user_id)
    )
    if lock:
        query = query.with_for_update(of=Space)
    row = session.exec(query).first() if is_row_id(space_id) else None
    if row is None:
        # Same message whether the space exists or not, so ids cannot be probed.
        raise NotFoundError(
            f"Workspace {space_id} was not found among your workspaces; "
            "list them with get_user_spaces and pick one you belong to."
        )
    return row[0], row[1]


def reload(session: Session, row):
    """The row as committed now (after a lock was taken), not as this session first read it."""
    model = type(row)
    return session.exec(select(model).where(model.id == row.id).execution_options(populate_existing=True)).one()


def member_row(session: Session, actor: Actor, model, row_id: object, missing: str, *, lock: bool = False):
    """A row of a workspace the actor belongs to, else NotFoundError(missing) — the same
    answer whether the row exists elsewhere or not. `lock=True` takes the workspace lock,
    then returns the row as committed now."""
    if not is_row_id(row_id):
        raise NotFoundError(missing)
    if not lock:  # the row and the membership in one query
        row = session.exec(select(model).join(Membership, and_(
            Membership.space_id == model.space_id, Membership.user_id == actor.user_id)).where(model.id == row_id)).first()
        if row is None:
            raise NotFoundError(missing)
        return row
    row = session.exec(select(model).where(model.id == row_id)).first()
    if row is not None:
        try:
            require_member(session, actor, row.space_id, lock=lock)
        except NotFoundError:
            row = None
    if row is None:
        raise NotFoundError(missing)
    return reload(session, row)


def require_owner(session: Session, actor: Actor, space_id: int, action: str) -> Space:
    """Owner-only changes; they take the workspace lock like every other write."""
    space, _ = require_member(session, actor, space_id, lock=True)
    user = load_user(session, actor)
    if space.owner_id != actor.user_id and user.role != UserRole.SUPERADMIN:
        raise ForbiddenError(f"Only the workspace owner can {action} in '{space.name}'.")
    return space


SPRINT_MANAGERS = {ScrumRole.PRODUCT_OWNER, ScrumRole.SCRUM_MASTER}


def require_sprint_manager(session: Session, actor: Actor, space: Space, membership: Membership, action: str) -> None:
    if space.owner_id == actor.user_id or membership.scrum_role in SPRINT_MANAGERS:
        return
    raise ForbiddenError(
        f"Only the Product Owner or Scrum Master can {action} in '{space.name}'; "
        "ask one of them, or ask the owner to change your role."
    )
