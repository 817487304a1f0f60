"""Which item, task and sprint names of a workspace a message contains: lets the 'auto' router read a
request knowing the names in it ("Move Dashboard with sprint health to In Progress" is about a
card, whatever the title says), without loading the board."""

from __future__ import annotations

import re

from sqlalchemy import func
from sqlmodel import Session, select

from apcs_app.domain import BacklogItem, Sprint, Task
from apcs_app.services import title_index
from apcs_app.services.access import Actor, require_member

MAX_TITLES = 50  # a message holds a handful of names; the cap bounds a pathological one
_MESSAGE_WORDS = 120  # names are looked for in a message's first words, in titles up to _SPAN_WORDS
_SPAN_WORDS = 24
_CHUNK = 500  # spans looked up per query
TITLE_MAX = 200  # no longer span can be a title (domain.models)
_QUOTES = "'\"‘’“”`"
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
    """(kind, id, title) for every title the message holds (as whole words, ignoring case), and
    for titles holding a word said before a noun for a card. Index lookups only: the spans of the
    message's words are looked up as whole titles, the words through the trigram index."""
    require_member(session, actor, space_id)
    folded = message.casefold()[:4000]
    words = sorted({w for phrase in _BEFORE_NOUN.findall(folded) for w in phrase.split()
                    if len(w) >= 3 and w not in _NOT_LOOKED_UP})[:8]
    spans = sorted(_spans(message))
    found: list[tuple[str, int, str]] = []
    for kind, model in (("item", BacklogItem), ("task", Task)):
        titles: dict[int, str] = {}  # id -> title, in the order found
        for chunk in range(0, len(spans), _CHUNK):
            if len(titles) >= MAX_TITLES:
                break
            titles.update(session.exec(select(model.id, model.title).where(
                model.space_id == space_id, func.lower(model.title).in_(spans[chunk:chunk + _CHUNK]))
                .limit(MAX_TITLES - len(titles))).all())
        if words and len(titles) < MAX_TITLES:
            query = select(model.id, model.title).where(model.space_id == space_id)
            titles.update(session.exec(title_index.holding(session, query, model, words, MAX_TITLES - len(titles))).all())
        found += [(kind, ident, title) for ident, title in titles.items()]
    # Sprints by whole name only ("kick off Payments"), never by some of their words.
    for chunk in range(0, len(spans), _CHUNK):
        found += [("sprint", ident, name) for ident, name in session.exec(select(Sprint.id, Sprint.name).where(
            Sprint.space_id == space_id, func.lower(Sprint.name).in_(spans[chunk:chunk + _CHUNK])).limit(MAX_TITLES)).all()]
    return found


def _spans(message: str) -> set[str]:
    """Every run of the message's first _MESSAGE_WORDS words as long as a title may be, its ends
    as typed, bare of quotes, or bare of all punctuation ("'Dark mode'?" holds "dark mode'?" and
    "dark mode"), since a title may end in either. Lower-cased both as PostgreSQL and as SQLite
    (ASCII letters only) lower a title."""
    tokens = message.split()[:_MESSAGE_WORDS]
    lefts = [{_trim(t, chars, first=True) for chars in _TRIMS} - {""} for t in tokens]
    rights = [{_trim(t, chars, first=False) for chars in _TRIMS} - {""} for t in tokens]
    out: set[str] = set()
    for start in range(len(tokens)):
        out |= {_trim(left, chars, first=False) for left in lefts[start] for chars in _TRIMS}
        inner = ""  # the words between the span's first and last, as typed
        for end in range(start + 1, min(start + _SPAN_WORDS, len(tokens))):
            if len(inner) > TITLE_MAX:
                break
            out |= {f"{left}{inner} {right}" for left in lefts[start] for right in rights[end]}
            inner += f" {tokens[end]}"
    out = {span for span in out if 3 <= len(span) <= TITLE_MAX}
    return {span.lower() for span in out} | {_ascii_lower(span) for span in out}


_TRIMS = ("", _QUOTES, None)  # keep the end, strip quotes, strip every non-alphanumeric


def _trim(token: str, chars: str | None, *, first: bool) -> str:
    if chars is None:
        while token and not (token[0] if first else token[-1]).isalnum():
            token = token[1:] if first else token[:-1]
        return token
    if not chars:
        return token
    return token.lstrip(chars) if first else token.rstrip(chars + "?!.,;:")


def _ascii_lower(text: str) -> str:
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)
