"""Which item and task titles of a workspace a message contains: lets the 'auto' router read a
request knowing the names in it ("Move Dashboard with sprint health to In Progress" is about a
card, whatever the title says), without loading the board."""

from __future__ import annotations

from sqlalchemy import func, literal
from sqlmodel import Session, select

from apcs_app.domain import BacklogItem, Task
from apcs_app.services.access import Actor, require_member

MAX_TITLES = 50  # a message holds a handful of names; the cap bounds a pathological one


def titles_in(session: Session, actor: Actor, space_id: int, message: str) -> list[tuple[str, int, str]]:
    """(kind, id, title) for every title the message holds, ignoring case. LIKE is only the
    filter in the database; the caller matches words exactly."""
    require_member(session, actor, space_id)
    text = literal(message.casefold()[:4000])
    found: list[tuple[str, int, str]] = []
    for kind, model in (("item", BacklogItem), ("task", Task)):
        rows = session.exec(select(model.id, model.title).where(
            model.space_id == space_id, func.length(model.title) >= 3,
            text.contains(func.lower(model.title))).limit(MAX_TITLES))
        found += [(kind, ident, title) for ident, title in rows]
    return found
