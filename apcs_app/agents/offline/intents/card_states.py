"""A state said of a card is a move on the board: "mark the Write CSV serializer task done",
"the serializer card is finished", "reopen Write CSV serializer". The backlog readers read such
a sentence as a story's status; when the thing is called a task or card, or its name is a card's
and no story's, the card moves to the column that state means."""

from __future__ import annotations

import re
from collections.abc import Sequence

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents.phrases import Intent, Ref
from apcs_app.agents.offline.names import Catalog, Span, only_placeholder

# The board a workspace starts with, for when its columns are not known yet.
_DEFAULT_COLUMNS = {"TODO": "To Do", "IN_PROGRESS": "In Progress", "DONE": "Done"}
_CARD = r"(?:task|card|subtask|sub-task|build)"  # "the dark mode build": the card "Build: Dark mode"


def as_card_move(intent: Intent, command: str, spans: Sequence[Span], catalog: Catalog | None) -> Intent:
    if intent.tool != "update_backlog_item" or set(intent.args.get("updates") or {}) != {"status"}:
        return intent
    ref = intent.refs.get("item_id")
    if ref is None or ref.pronoun or not ref.text:
        return intent
    number = only_placeholder(ref.text)
    kinds = set(spans[number].kinds) if number is not None else set()
    said = re.escape(ref.text.strip())
    called_a_card = re.search(rf"(?:{said})\s+{_CARD}s?\b|\b{_CARD}\s+(?:called\s+|named\s+)?(?:{said})", command, flags=re.I)
    task = Ref("task", text=ref.text, guess=ref.guess, typed=ref.typed)
    if called_a_card and kinds == {"item"} and (card := _its_one_card(spans[number], catalog)):
        # "move the dark mode task back": the card of story Dark mode is 'Build: Dark mode', shown first
        task = Ref("task", text=card, guess=True, typed=spans[number].typed)
    elif not (called_a_card and (not kinds or "task" in kinds)) and not (kinds and "item" not in kinds and "task" in kinds):
        return intent
    column = _column_for(intent.args["updates"]["status"], catalog)
    if column is None:
        return intent
    moved = Intent("move_task", refs={"task_id": task, "column_id": Ref("column", text=column)})
    moved.guesses, moved.elsewhere = list(intent.guesses), intent.elsewhere
    return moved


def _column_for(status: str, catalog: Catalog | None) -> str | None:
    if catalog is None or not catalog.columns:
        return _DEFAULT_COLUMNS.get(status)
    matching = [name for name in catalog.columns.values() if lang.find_status(name) == status]
    return matching[0] if len(matching) == 1 else None


def _its_one_card(span: Span, catalog: Catalog | None) -> str | None:
    """The one card whose title holds the story's whole title, or None."""
    if catalog is None:
        return None
    said = span.title.casefold()
    cards = [title for title in catalog.titles.get("task", {}).values() if said in title.casefold()]
    return cards[0] if len(cards) == 1 else None
