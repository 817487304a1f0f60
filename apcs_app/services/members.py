"""Workspace membership: invite by email, change role, leave or remove."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from apcs_app.domain import (
    Action,
    ConflictError,
    ForbiddenError,
    InvalidError,
    Membership,
    Methodology,
    NotFoundError,
    ScrumRole,
    Task,
    User,
)
from apcs_app.services import activity, validate
from apcs_app.services.access import Actor, is_row_id, require_member, require_owner
from apcs_app.services.auth import find_user, normalize_email


@dataclass
class Member:
    user_id: int
    name: str
    email: str
    scrum_role: ScrumRole | None
    is_owner: bool


def list_members(session: Session, actor: Actor, space_id: int) -> list[Member]:
    space, _ = require_member(session, actor, space_id)
    rows = session.exec(
        select(User, Membership.scrum_role)
        .join(Membership, col(Membership.user_id) == User.id)
        .where(Membership.space_id == space_id)
        .order_by(col(Membership.joined_at), col(Membership.id))
    ).all()
    return [Member(u.id, u.name, u.email, role, u.id == space.owner_id) for u, role in rows]


def _scrum_role(methodology: Methodology, role: str | None) -> ScrumRole | None:
    if methodology != Methodology.SCRUM:
        if role:
            raise InvalidError("Scrum roles exist only in SCRUM workspaces; leave the role empty on Kanban.")
        return None
    return ScrumRole.parse(role or ScrumRole.DEVELOPER, "Scrum role")


def invite_member(session: Session, actor: Actor, space_id: int, email: str, scrum_role: str | None = None) -> Member:
    space = require_owner(session, actor, space_id, "invite members")
    email = normalize_email(email)
    user = find_user(session, email)
    if user is None:
        raise NotFoundError(f"No APCS user has the email {email}; ask them to sign up first, then invite them.")
    exists = session.exec(
        select(Membership).where(Membership.space_id == space_id, Membership.user_id == user.id)
    ).first()
    if exists:
        raise ConflictError(f"{user.name} is already a member of '{space.name}'.")
    role = _scrum_role(space.methodology, scrum_role)
    session.add(Membership(space_id=space_id, user_id=user.id, scrum_role=role))
    activity.record(
        session, actor, space_id=space_id, action=Action.INVITE_MEMBER, entity_type="user", entity_id=user.id,
        summary=f"added {user.name} <{user.email}>" + (f" as {role}" if role else ""), after={"scrum_role": role},
    )
    session.flush()
    return Member(user.id, user.name, user.email, role, False)


def change_role(session: Session, actor: Actor, space_id: int, user_id: int, scrum_role: str) -> Member:
    space = require_owner(session, actor, space_id, "change member roles")
    membership = _membership(session, space_id, user_id)
    role = _scrum_role(space.methodology, scrum_role)
    before = {"scrum_role": membership.scrum_role}
    membership.scrum_role = role
    user = session.get(User, user_id)
    activity.record(
        session, actor, space_id=space_id, action=Action.CHANGE_ROLE, entity_type="user", entity_id=user_id,
        summary=f"made {user.name} {role}", before=before, after={"scrum_role": role},
    )
    session.flush()
    return Member(user.id, user.name, user.email, role, user.id == space.owner_id)


def remove_member(session: Session, actor: Actor, space_id: int, user_id: int) -> None:
    """Remove a member; a member may remove themselves (leave). The owner cannot leave."""
    space, _ = require_member(session, actor, space_id, lock=True)
    if user_id != actor.user_id and space.owner_id != actor.user_id:
        raise ForbiddenError(f"Only the workspace owner can remove other members from '{space.name}'.")
    if user_id == space.owner_id:
        raise ConflictError(f"The owner cannot leave '{space.name}'; delete the workspace instead.")
    membership = _membership(session, space_id, user_id)
    for task in session.exec(select(Task).where(Task.space_id == space_id, Task.assignee_id == user_id)):
        task.assignee_id = None
    user = session.get(User, user_id)
    session.delete(membership)
    action = Action.LEAVE_SPACE if user_id == actor.user_id else Action.REMOVE_MEMBER
    activity.record(
        session, actor, space_id=space_id, action=action, entity_type="user", entity_id=user_id,
        summary=f"{'left' if action == Action.LEAVE_SPACE else 'removed ' + user.name}", before={"scrum_role": membership.scrum_role},
    )
    session.flush()


def _membership(session: Session, space_id: int, user_id: int) -> Membership:
    membership = session.exec(
        select(Membership).where(Membership.space_id == space_id, Membership.user_id == user_id)
    ).first() if is_row_id(user_id) else None
    if membership is None:
        raise NotFoundError(f"User {user_id} is not a member of this workspace; list members with get_space_info.")
    return membership


def resolve_member(session: Session, actor: Actor, space_id: int, who: str | int) -> Member:
    """A member named by id, email, or (unique, case-insensitive) name or first name."""
    members = list_members(session, actor, space_id)
    text = str(who).strip()
    if (user_id := validate.ref_id(text)) is not None:
        found = [m for m in members if m.user_id == user_id]
    elif "@" in text:
        found = [m for m in members if m.email.lower() == text.lower()]
    else:
        key = text.casefold()
        found = [m for m in members if m.name.casefold() == key] or [
            m for m in members if m.name.casefold().split()[0] == key
        ]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFoundError(f"No member of this workspace matches '{validate.excerpt(text)}'; members: "
                            + ", ".join(f"{m.name} (id {m.user_id})" for m in members) + ".")
    raise InvalidError(f"'{validate.excerpt(text)}' matches several members: " + ", ".join(f"{m.name} <{m.email}>" for m in found) + ".")
