"""What a follow-up look is about when it does not say: "show me the Support Desk board" then
"and its backlog?" is Support Desk's backlog; "what did Sprint 1 hold?" then "how about its
velocity" is Sprint 1's. Only looks carry the topic over: a write acts where the user is unless
it says otherwise, and a message that names its own workspace or sprint is about that one."""

from __future__ import annotations

import copy
import re

from apcs_app.agents.offline.intents import Intent

# A look at the same place or sprint, said as a continuation of the last one.
_CONTINUES = re.compile(
    r"^\s*(?:and|also|now|then|ok(?:ay)?|so|what\s+about|how\s+about|same\s+for)\b|"
    r"\b(?:its|their|that\s+(?:one|team|workspace|space|project|sprint)|the\s+same\s+(?:one|workspace|sprint))\b",
    re.I)
_TOPICS = {
    "space_id": ("get_backlog", "get_kanban_board", "get_space_info", "get_column_tasks"),
    "sprint_id": ("get_sprint_metrics", "get_sprint_backlog"),
}


def carry_topic(intent: Intent | None, said: str, previous: Intent | None) -> None:
    """Gives `intent` the workspace or sprint `previous` was about, when `said` continues it."""
    if intent is None or previous is None or intent.elsewhere is not None or not _CONTINUES.search(said):
        return
    for slot, looks in _TOPICS.items():
        topic = previous.refs.get(slot)
        if intent.tool in looks and previous.tool in looks and topic is not None and intent.refs.get(slot) is None:
            intent.refs[slot] = copy.deepcopy(topic)
