"""Which item and task titles of a workspace a message contains: lets the 'auto' router read a
request knowing the names in it ("Move Dashboard with sprint health to In Progress" is about a
card, whatever the title says), without loading the board."""

from __future__ import annotations

import re

from sqlalchemy import func, literal, or_
from sqlmodel import Session, select

from apcs_app.domain import BacklogItem, Task
from apcs_app.services.access import Actor, require_member

MAX_TITLES = 50  # a message holds a handful of names; the cap bounds a pathological one
# "the sprint health dashboard task": the words right before a noun for a card or story may be
# part of a title ("Dashboard with sprint health"); titles holding one of them are candidates.
# The offline model spots such names the same way (agents/offline/names.py).
KIND_NOUN = r"(?:tasks?|cards?|stor(?:y|ies)|items?|tickets?|bugs?|issues?)"
# Words that start a noun phrase or stand in for one; never a name's word.
NOT_NAME_WORDS = frozenset("the a an this that these those my our your his her their its new next first last another "
                           "some any each every one same other".split())
_BEFORE_NOUN = re.compile(rf"((?:[\w'-]+\s+){{1,4}}){KIND_NOUN}\b")
# Command verbs are no title's words either, for the lookup (the reader never takes them).
_NOT_LOOKED_UP = NOT_NAME_WORDS | {"move", "assign", "give", "put", "mark", "set"}


def titles_in(session: Session, actor: Actor, space_id: int, message: str) -> list[tuple[str, int, str]]:
    """(kind, id, title) for every title the message holds, ignoring case. LIKE is only the
    filter in the database; the caller matches words exactly."""
    require_member(session, actor, space_id)
    folded = message.casefold()[:4000]
    text = literal(folded)
    words = {w for phrase in _BEFORE_NOUN.findall(folded) for w in phrase.split()
             if len(w) >= 3 and w not in _NOT_LOOKED_UP}
    found: list[tuple[str, int, str]] = []
    for kind, model in (("item", BacklogItem), ("task", Task)):
        holds = [func.lower(model.title).contains(w, autoescape=True) for w in sorted(words)[:8]]
        rows = session.exec(select(model.id, model.title).where(
            model.space_id == space_id, func.length(model.title) >= 3,
            or_(text.contains(func.lower(model.title)), *holds)).limit(MAX_TITLES))
        found += [(kind, ident, title) for ident, title in rows]
    return found
