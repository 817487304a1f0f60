"""Workspaces: create, list, describe, rename, delete."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from apcs_app.domain import (
    Action,
    Activity,
    BacklogItem,
    BoardColumn,
    ConflictError,
    Membership,
    Methodology,
    NotFoundError,
    ScrumRole,
    Space,
    Sprint,
    SprintStatus,
    Task,
    User,
)
from apcs_app.services import activity, validate
from apcs_app.services.access import Actor, load_user, require_member, require_owner

DEFAULT_COLUMNS = ("To Do", "In Progress", "Done")


@dataclass
class SpaceSummary:
    space: Space
    scrum_role: str | None
    member_count: int
    item_count: int
    task_count: int
    active_sprint: Sprint | None


def create_space(
    session: Session, actor: Actor, name: str, methodology: str, description: str | None = None
) -> Space:
    user = load_user(session, actor)
    name = validate.text(name, "Workspace name", max_len=120)
    unique_name(session, user.id, name)
    method = Methodology.parse(methodology, "Methodology")
    description = validate.text(description, "Description", max_len=2000, required=False)
    space = Space(name=name, methodology=method, description=description, owner_id=user.id)
    session.add(space)
    session.flush()
    role = ScrumRole.PRODUCT_OWNER if method == Methodology.SCRUM else None
    session.add(Membership(space_id=space.id, user_id=user.id, scrum_role=role))
    for position, column_name in enumerate(DEFAULT_COLUMNS):
        session.add(BoardColumn(space_id=space.id, name=column_name, position=position))
    if user.default_space_id is None:
        user.default_space_id = space.id
    activity.record(
        session, actor, space_id=space.id, action=Action.CREATE_SPACE, entity_type="space", entity_id=space.id,
        summary=f"created {method} workspace '{name}'", after=activity.snapshot(space),
    )
    session.flush()
    return space


def taken_names(session: Session, user_id: int, exclude: int | None = None) -> set[str]:
    """The casefolded names of the user's workspaces. Names are how people (and the assistant)
    pick one of theirs: two of one user's workspaces never share one, in any letter case."""
    # compared in Python: SQLite's lower() folds ASCII letters only ("Équipe" and "équipe" are one name)
    names = session.exec(
        select(Space.name).join(Membership, col(Membership.space_id) == Space.id)
        .where(Membership.user_id == user_id, col(Space.id) != (exclude or 0))
    ).all()
    return {other.casefold() for other in names}


def unique_name(session: Session, user_id: int, name: str, exclude: int | None = None) -> str:
    if name.casefold() in taken_names(session, user_id, exclude):
        raise ConflictError(f"You already have a workspace named '{validate.excerpt(name)}'; pick another name.")
    return name


def list_user_spaces(session: Session, actor: Actor) -> list[SpaceSummary]:
    load_user(session, actor)
    rows = session.exec(
        select(Space, Membership.scrum_role)
        .join(Membership, col(Membership.space_id) == Space.id)
        .where(Membership.user_id == actor.user_id)
        .order_by(col(Space.created_at), col(Space.id))
    ).all()
    ids = [space.id for space, _ in rows]
    members = _counts(session, Membership.space_id, ids)
    items = _counts(session, BacklogItem.space_id, ids)
    tasks = _counts(session, Task.space_id, ids)
    active = {
        s.space_id: s
        for s in session.exec(select(Sprint).where(col(Sprint.space_id).in_(ids), Sprint.status == SprintStatus.ACTIVE))
    }
    return [
        SpaceSummary(space, role, members.get(space.id, 0), items.get(space.id, 0), tasks.get(space.id, 0),
                     active.get(space.id))
        for space, role in rows
    ]


def _counts(session: Session, column, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    return dict(session.exec(select(column, func.count()).where(column.in_(ids)).group_by(column)).all())


def get_space(session: Session, actor: Actor, space_id: int) -> Space:
    space, _ = require_member(session, actor, space_id)
    return space


def space_summary(session: Session, actor: Actor, space_id: int) -> SpaceSummary:
    require_member(session, actor, space_id)
    for summary in list_user_spaces(session, actor):
        if summary.space.id == space_id:
            return summary
    raise NotFoundError(f"Workspace {space_id} was not found among your workspaces.")


def default_space_id(session: Session, actor: Actor) -> int | None:
    """The user's chosen default if they still belong to it, else their first workspace."""
    user = load_user(session, actor)
    ids = list(
        session.exec(
            select(Membership.space_id).where(Membership.user_id == user.id).order_by(col(Membership.joined_at), col(Membership.id))
        )
    )
    if user.default_space_id in ids:
        return user.default_space_id
    return ids[0] if ids else None


def set_default_space(session: Session, actor: Actor, space_id: int) -> None:
    require_member(session, actor, space_id)
    load_user(session, actor).default_space_id = space_id


def resolve_space(session: Session, actor: Actor, name_or_id: str | int) -> Space:
    """A workspace of the actor's named by id or by (case-insensitive) name."""
    text = str(name_or_id).strip()
    if (space_id := validate.ref_id(text)) is not None:
        return get_space(session, actor, space_id)
    matches = [s.space for s in list_user_spaces(session, actor) if s.space.name.casefold() == text.casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"You have no workspace named '{validate.excerpt(text)}'; list yours with get_user_spaces.")
    ids = ", ".join(str(s.id) for s in matches)
    raise NotFoundError(f"Several of your workspaces are named '{validate.excerpt(text)}' (ids {ids}); use the id.")


def update_space(
    session: Session, actor: Actor, space_id: int, *, name: str | None = None, description: str | None = None
) -> Space:
    space = require_owner(session, actor, space_id, "rename or describe the workspace")
    before = activity.snapshot(space, "name", "description")
    if name is not None:
        space.name = unique_name(session, actor.user_id, validate.text(name, "Workspace name", max_len=120), space.id)
    if description is not None:
        space.description = validate.text(description, "Description", max_len=2000, required=False)
    activity.record(
        session, actor, space_id=space.id, action=Action.UPDATE_SPACE, entity_type="space", entity_id=space.id,
        summary=f"updated workspace '{space.name}'", before=before, after=activity.snapshot(space, "name", "description"),
    )
    session.flush()
    return space


def delete_space(session: Session, actor: Actor, space_id: int) -> None:
    space = require_owner(session, actor, space_id, "delete the workspace")
    # Explicit deletes in dependency order: SQLite only cascades with foreign_keys on, and
    # PostgreSQL needs tasks gone before their columns.
    for model in (Task, BoardColumn):
        session.exec(delete(model).where(model.space_id == space_id))
    sprint_ids = select(Sprint.id).where(Sprint.space_id == space_id)
    from apcs_app.domain import SprintItem

    session.exec(delete(SprintItem).where(col(SprintItem.sprint_id).in_(sprint_ids)))
    for model in (Sprint, BacklogItem, Membership, Activity):
        session.exec(delete(model).where(model.space_id == space_id))
    for user in session.exec(select(User).where(User.default_space_id == space_id)):
        user.default_space_id = None
    session.delete(space)
    # Kept outside the space so the deletion itself stays on record.
    activity.record(
        session, actor, space_id=None, action=Action.DELETE_SPACE, entity_type="space", entity_id=space_id,
        summary=f"deleted workspace '{space.name}'", before=activity.snapshot(space),
    )
    session.flush()


def active_sprint(session: Session, space_id: int) -> Sprint | None:
    return session.exec(
        select(Sprint).where(Sprint.space_id == space_id, Sprint.status == SprintStatus.ACTIVE)
    ).first()
