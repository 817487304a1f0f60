"""Which titles the workspace holds, read through the agent's own read tools before a message
that may name something is read (names before keywords, see names.py)."""

from __future__ import annotations

import re

from apcs_app.agents.offline.conversation import Conversation
from apcs_app.agents.offline.intents import Catalog, Intent, negated
from apcs_app.agents.offline.vocabulary import COMMAND_WORDS

# Board: tasks and the items they belong to; backlog: every item; sprints by name. The Scrum
# Master has no board, the Workflow agent no sprint list.
_ITEM_READS = ("get_backlog", "get_product_backlog")
_BOARD_READ = "get_kanban_board"
_SPRINT_READ = "list_sprints"
_SPACE_READ = "get_user_spaces"


def catalog_reads(available: set[str], intent: Intent | None) -> list[tuple[str, dict]]:
    """The reads that list every title the message may hold (names before keywords: any
    phrase may be a name, whatever the first reading took it for). The read the request itself
    wants goes last, so its result is the one the answer is about."""
    reads = [t for t in (_BOARD_READ, next((t for t in _ITEM_READS if t in available), None), _SPRINT_READ, _SPACE_READ)
             if t in available]
    if intent is not None and intent.tool in reads and not intent.refs and not intent.args:
        reads.remove(intent.tool)
        reads.append(intent.tool)
    return [(tool, {}) for tool in reads]


def catalog_of(convo: Conversation) -> Catalog | None:
    """The titles this turn's reads returned, or None before any such read."""
    catalog, read_any = Catalog(), False
    for call in convo.current.calls:
        if call.tool not in (_BOARD_READ, _SPRINT_READ, _SPACE_READ, *_ITEM_READS) or call.args:
            continue
        read_any = True  # a failed read counts too: asking again would fail again
        data = call.data if not call.is_error else None
        if not isinstance(data, dict):
            continue
        for item in data.get("items", []):
            catalog.add("item", item["id"], item["title"])
        for column in data.get("columns", []):
            for task in column.get("tasks", []):
                catalog.add("task", task["id"], task["title"])
                catalog.add("item", task["backlog_item"]["id"], task["backlog_item"]["title"])
        for sprint in data.get("sprints", []):
            catalog.add("sprint", sprint["id"], sprint["name"])
        for space in data.get("spaces", []):
            catalog.add("space", space["id"], space["name"])
    return catalog if read_any else None


def wants_titles(intent: Intent | None, message: str) -> bool:
    """Whether the message may name something: anything but a bare refusal ("no", "never mind").
    Words with no command word and no name-like word ("sing me a song") name nothing either."""
    if negated(message):
        return False
    if intent is not None:
        return True
    words = set(re.findall(r"[a-z]+", message.lower()))
    looks_named = re.search(r"\S\s+[A-Z]|['\"“‘]", message)  # a capitalised word mid-sentence, or quotes
    return bool(words & COMMAND_WORDS or looks_named or len(words) >= 2)


def member_names(context: dict) -> list[str]:
    """How people are named here: full names and first names."""
    names = []
    for member in context.get("members") or []:
        full = member.get("name") or ""
        names += [full, full.split()[0]] if full.split() else []
    return names
