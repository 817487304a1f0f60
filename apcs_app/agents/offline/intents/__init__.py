"""From one user message to what they want: the tool, its arguments, and the names to look up.

Each reader below recognises one kind of request by its verbs and nouns (not by whole
sentences) and pulls the arguments out of the words around them. Names the user typed
(items, tasks, columns, members, workspaces, sprints) become `Ref`s that the model resolves
to ids with a read tool before it acts.
"""

from __future__ import annotations

import datetime as dt
import re

from apcs_app.agents.offline.intents.backlog import read_item
from apcs_app.agents.offline.intents.board import read_board, read_column, read_task
from apcs_app.agents.offline.intents.phrases import FIELDS, TO_SPRINT, UPDATE_VERBS, Intent, Ref, plain_words
from apcs_app.agents.offline.intents.spaces import read_space
from apcs_app.agents.offline.intents.sprints import read_sprint

__all__ = ["Intent", "Ref", "negated", "understand"]


def understand(text: str, today: dt.date) -> Intent | None:
    """The request in `text`, or None when it asks for nothing these agents do."""
    plain = plain_words(text)
    if negated(plain):
        return None
    readers = (read_sprint, read_space, read_column, read_board, read_task, read_item)
    if re.search(UPDATE_VERBS, plain) and re.search(FIELDS, plain) and not re.search(TO_SPRINT, plain):
        readers = (read_item, *readers)  # "change dashboard with sprint health to 13 points" is about an item
    for reader in readers:
        intent = reader(text, plain, today)
        if intent is not None:
            return intent
    return None


def negated(text: str) -> bool:
    """'Don't move it', 'never mind': nothing to do, whatever verbs follow."""
    plain = plain_words(text)
    return bool(re.search(r"\b(?:don'?t|do\s+not|never|no\s+need\s+to|cancel|forget\s+it|stop)\b", plain)
                or re.fullmatch(r"(?:no|nope|nah)(?:\W.*)?", plain))


