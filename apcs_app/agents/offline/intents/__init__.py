"""From one user message to what they want: the tool, its arguments, and the names to look up.

Each reader below recognises one kind of request by its verbs and nouns (not by whole
sentences) and pulls the arguments out of the words around them. Names the user typed
(items, tasks, columns, members, workspaces, sprints) become `Ref`s that the model resolves
to ids with a read tool before it acts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents.backlog import read_item
from apcs_app.agents.offline.names import PLACEHOLDER, Catalog, Span, mask, only_placeholder, spot, unmask
from apcs_app.agents.offline.normalize import command_word, normalize
from apcs_app.agents.offline.vocabulary import COMMAND_WORDS, GRAMMAR, NOT_TITLES
from apcs_app.mcp import WRITE_TOOLS
from apcs_app.agents.offline.intents.board import read_board, read_column, read_task
from apcs_app.agents.offline.intents.phrases import FIELDS, TO_SPRINT, UPDATE_VERBS, Intent, Ref, plain_words
from apcs_app.agents.offline.intents.spaces import read_space
from apcs_app.agents.offline.intents.sprints import read_planning, read_sprint

__all__ = ["Catalog", "Intent", "Ref", "negated", "understand"]


def understand(text: str, today: dt.date, catalog: Catalog | None = None, members: Sequence[str] = ()) -> Intent | None:
    """The request in `text`, or None when it asks for nothing these agents do.

    With a catalog, the titles it holds are found first and stand in the text as placeholders
    while it is read (names before keywords); `members` are the names people go by here."""
    spans = spot(text, catalog, NOT_TITLES) if catalog else []
    command = normalize(mask(text, spans), members)
    # "Which sprints are completed?" asks; it never completes one.
    intent = _read(command, today, reads_only=is_question(command))
    if intent is not None:
        _bind(intent, spans)
        _people(intent, text, members)
        intent = _as_move(intent, spans)
        if intent.tool in WRITE_TOOLS:
            intent.unread = unread_words(text, intent, spans, members)
            intent.guesses += _loose_values(intent, text)
    return intent


def _loose_values(intent: Intent, text: str) -> list[str]:
    """A new title or name cut from unquoted words that still holds request words ("Dark theme
    to the backlog", "Login page with 5") may have been cut in the wrong place: shown first."""
    quotes = {" ".join(q.casefold().split()) for q in lang.quoted(text)}
    values = {**intent.args, **(intent.args.get("updates") or {})}
    loose = []
    for key in ("title", "name"):
        value = values.get(key)
        if not isinstance(value, str) or not value or " ".join(value.casefold().split()) in quotes:
            continue
        words = re.findall(r"[^\W_]+", value.casefold())
        if re.fullmatch(r"sprint \d+", " ".join(words)):
            continue  # "Create Sprint 7" names it
        if any(w in COMMAND_WORDS for w in words) or words[-1] in GRAMMAR or re.search(r"[?!;]", value):
            loose.append(f"{key} '{value}'")
    return loose


def unread_words(text: str, intent: Intent, spans: list[Span], members: Sequence[str]) -> list[str]:
    """Words of the message that no part of the reading accounts for: not a name found, a value
    taken, a member, a number or a word requests are made of. Any such word may change what was
    meant ("…, but not yet", "somewhere"), so the write is shown before it runs."""
    used = " ".join([*(s.typed for s in spans), *lang.quoted(text), *members,
                     *(r.text or "" for r in intent.refs.values() if r is not None), *(r.typed or "" for r in intent.refs.values() if r),
                     *_values(intent.args)]).casefold()
    known = set(re.findall(r"[^\W_]+", used))
    left = []
    for word in re.findall(r"[^\W_]+", lang.without_quotes(text).casefold()):
        if word in known or word in GRAMMAR or word.isdigit() or lang.to_number(word) is not None:
            continue
        if command_word(word) is not None or re.fullmatch(r"\d+(?:st|nd|rd|th)|s|t|ll|re|ve|d|m", word):
            continue
        left.append(word)
    return left


def _values(value) -> list[str]:
    if isinstance(value, dict):
        return [v for x in value.values() for v in _values(x)]
    return [value] if isinstance(value, str) else []


# A status said of a task is where its card goes: the column called so on the board.
_STATUS_COLUMN = {"TODO": "to do", "IN_PROGRESS": "in progress", "DONE": "done"}


def _as_move(intent: Intent, spans: list[Span]) -> Intent:
    """"Write CSV serializer: done" names a card, not a story: the card moves."""
    ref = intent.refs.get("item_id")
    updates = intent.args.get("updates") or {}
    if intent.tool != "update_backlog_item" or set(updates) != {"status"} or ref is None or ref.kind != "item":
        return intent
    span = next((s for s in spans if s.title == ref.text and s.typed == ref.typed), None)
    if span is None or "task" not in span.kinds or "item" in span.kinds and span.exact and len(span.kinds) > 1 and False:
        return intent
    if "item" in span.kinds and (span.exact or len(span.kinds.get("item", [])) == 1 and not span.kinds.get("task")):
        return intent
    task = Ref("task", text=ref.text, guess=ref.guess, typed=ref.typed)
    return Intent("move_task", refs={"task_id": task, "column_id": Ref("column", text=_STATUS_COLUMN[updates["status"]])},
                  guesses=intent.guesses)


_HIM = re.compile(r"^(?:him|her|them)$", re.I)


def _people(intent: Intent, text: str, members: Sequence[str]) -> None:
    """"Bob has time. Give him the dashboard task.": him is the one person the message names."""
    ref = intent.refs.get("user_id")
    if ref is None or not ref.text or not _HIM.match(ref.text):
        return
    named_here = {m for m in members if re.search(rf"(?<!\w){re.escape(m)}(?!\w)", text, re.I)}
    firsts = {m.split()[0] for m in named_here}
    if len(firsts) == 1:
        ref.text = max(named_here, key=len)


def is_question(text: str) -> bool:
    """A question about the work, not a polite request ("could you add…?" was made a command
    by normalize, and "Can Bob take X?" an assignment)."""
    last = re.split(r"(?<=[.!?;])\s+", text.strip())[-1]  # "We plan tomorrow. What could go in?" asks
    return bool(re.match(r"\s*(?:what|which|who|whose|how|when|where|why|is|are|was|were|does|do|did|has|have)\b",
                         last, flags=re.I))


def _bind(intent: Intent, spans: list[Span]) -> None:
    """Placeholders back to what they stand for: a whole one is the titled thing, a part of free
    text (a new title) is the words as typed."""
    used = {n for ref in intent.refs.values() if ref is not None and (n := only_placeholder(ref.text)) is not None}
    for ref in intent.refs.values():
        if ref is not None and ref.pronoun and ref.kind in ("item", "task"):
            # "SAML is underestimated. Set it to 21 points.": it is the one other thing named.
            free = [n for n, span in enumerate(spans) if n not in used and set(span.kinds) & {"item", "task"}]
            if len(free) == 1:
                ref.text, ref.pronoun = f"\ue000{free[0]}\ue001", False
                intent.guesses.append(f"'it' as '{spans[free[0]].typed}'")
                used.add(free[0])
    for slot, kinds in (("item", {"item"}), ("task", {"task", "item"})):
        if slot not in intent.missing:
            continue
        # "Make Dark mode one point": a thing the request needs, named anywhere in it.
        free = [n for n, span in enumerate(spans) if n not in used and set(span.kinds) & kinds]
        if len(free) == 1:
            arg = {"task": "task_id"}.get(slot, "item_id" if intent.tool == "update_backlog_item" else "backlog_item_id")
            intent.refs[arg] = Ref(slot, text=f"\ue000{free[0]}\ue001")
            intent.missing.remove(slot)
            used.add(free[0])
    for ref in intent.refs.values():
        if ref is None or not ref.text:
            continue
        # "the ⟨CSV serializer⟩ over", "⟨SAML⟩ story": the name with words around it that name nothing.
        bare = re.sub(r"\b(?:the|a|an|this|that|task|card|story|item|ticket|bug|over|up|one|please)\b|[\s.,:;!?'\"]+", "",
                      PLACEHOLDER.sub("", ref.text), flags=re.I)
        if not bare and len(PLACEHOLDER.findall(ref.text)) == 1:
            ref.text = PLACEHOLDER.search(ref.text).group(0)
        number = only_placeholder(ref.text)
        if number is not None:
            span = spans[number]
            ref.text, ref.guess, ref.typed = span.title, not span.exact, span.typed
        else:
            ref.text = unmask(ref.text, spans)
    intent.args = _unmasked(intent.args, spans)


def _unmasked(value, spans: list[Span]):
    if isinstance(value, str):
        return unmask(value, spans)
    if isinstance(value, dict):
        return {k: _unmasked(v, spans) for k, v in value.items()}
    return value


def _read(text: str, today: dt.date, reads_only: bool = False) -> Intent | None:
    plain = plain_words(text)
    if negated(plain):
        return None
    readers = (read_planning, read_sprint, read_space, read_column, read_board, read_task, read_item)
    if re.search(UPDATE_VERBS, plain) and re.search(FIELDS, plain) and not re.search(TO_SPRINT, plain):
        readers = (read_item, *readers)  # "change dashboard with sprint health to 13 points" is about an item
    for reader in readers:
        intent = reader(text, plain, today)
        if intent is not None and not (reads_only and intent.tool in WRITE_TOOLS):
            return intent
    return None


def negated(text: str) -> bool:
    """'Don't move it', 'never mind': nothing to do, whatever verbs follow."""
    plain = plain_words(text)
    return bool(re.search(r"\b(?:don'?t|do\s+not|never|no\s+need\s+to|cancel|forget\s+it|stop)\b", plain)
                or re.fullmatch(r"(?:no|nope|nah)(?:\W.*)?", plain))


