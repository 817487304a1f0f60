"""What every agent run knows up front: who is asking, in which workspace, with whom."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlmodel import Session, col, select

from apcs_app.domain import ForbiddenError, Membership, NotFoundError, Space
from apcs_app.services import members, spaces
from apcs_app.services.access import Actor, load_user


@dataclass
class AgentContext:
    user_id: int
    user_name: str
    user_email: str
    user_role: str
    space_id: int | None
    space_name: str | None
    methodology: str | None
    active_sprint: dict | None
    members: list[dict] = field(default_factory=list)
    # Every workspace of the user's, so a request may name another one ("the Support Desk board").
    spaces: list[dict] = field(default_factory=list)
    request_id: str = ""
    timestamp: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def agent_context(session: Session, actor: Actor, space_id: int | None = None) -> AgentContext:
    """The run context in `space_id`, or in the user's default workspace when it is None.

    Another user's workspace is refused with the same words whether it exists or not."""
    user = load_user(session, actor)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    base = dict(user_id=user.id, user_name=user.name, user_email=user.email, user_role=user.role,
                request_id=actor.request_id, timestamp=now, spaces=_spaces_of(session, user.id))
    if space_id is None:
        space_id = spaces.default_space_id(session, actor)
        if space_id is None:
            return AgentContext(**base, space_id=None, space_name=None, methodology=None, active_sprint=None)
    try:
        space = spaces.get_space(session, actor, space_id)
    except NotFoundError:
        raise ForbiddenError(f"You are not a member of workspace {space_id}; pick one of your own workspaces.") from None
    sprint = spaces.active_sprint(session, space.id)
    return AgentContext(
        **base,
        space_id=space.id,
        space_name=space.name,
        methodology=space.methodology,
        active_sprint=None if sprint is None else {
            "id": sprint.id, "name": sprint.name, "status": sprint.status,
            "start_date": sprint.start_date.isoformat(), "end_date": sprint.end_date.isoformat(),
        },
        members=[
            {"user_id": m.user_id, "name": m.name, "email": m.email, "scrum_role": m.scrum_role, "is_owner": m.is_owner}
            for m in members.list_members(session, actor, space.id)
        ],
    )


def _spaces_of(session: Session, user_id: int) -> list[dict]:
    rows = session.exec(select(Space.id, Space.name, Space.methodology)
                        .join(Membership, col(Membership.space_id) == Space.id)
                        .where(Membership.user_id == user_id).order_by(col(Space.id)))
    return [{"id": i, "name": n, "methodology": m} for i, n, m in rows]
