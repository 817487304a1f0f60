"""Which titles the workspace holds, read through the agent's own read tools before a message
that may name something is read (names before keywords, see names.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from apcs_app.agents.offline.conversation import Conversation
from apcs_app.agents.offline.intents import Catalog, Intent, negated
from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.names import is_rare
from apcs_app.agents.offline.normalize import SIZE_SAID
from apcs_app.mcp import WRITE_TOOLS
from apcs_app.agents.offline.vocabulary import COMMAND_WORDS, STATE_WORDS

# Board: tasks and the items they belong to; backlog: every item. The Scrum Master has no board.
_ITEM_READS = ("get_backlog", "get_product_backlog")
_BOARD_READ = "get_kanban_board"
_SPRINT_READ = "list_sprints"


def catalog_reads(available: set[str], intent: Intent | None, wanted: str | None = None,
                  elsewhere: Sequence[int] = ()) -> list[tuple[str, dict]]:
    """The reads that list the titles the message may hold: only items' when it names only items,
    only the board's (cards and their stories) when it names only cards — of the open workspace,
    and the first page of each of the user's `elsewhere` workspaces, whose tickets a message may
    name too ("put Bob on the slow search ticket" said in Project Phoenix). The read the request
    itself asks for (`wanted`) comes last, as it would alone."""
    understood = intent is not None and intent.tool in available  # else anything may be a title
    kinds = {ref.kind for ref in intent.refs.values() if ref is not None} | set(intent.missing) if understood else None
    if kinds is not None and "title" in kinds:
        kinds = None  # a new thing with no name: the thing meant may be any story or card named elsewhere
    # A card "made" for no story it names may be a card already there ("Loop Bob in on the audit log task").
    wants_board = kinds is None or "task" in kinds or _BOARD_READ not in available or (
        intent.tool == "create_task" and "item" in intent.missing)
    wants_items = kinds is None or "item" in kinds or _BOARD_READ not in available
    # The sprint list first: the last read is the one a look at the board or backlog answers with.
    reads = [_SPRINT_READ] if _SPRINT_READ in available and (
        kinds is None or "sprint" in kinds or intent.tool in (*SPRINT_NAMED, "add_to_sprint_backlog")) else []
    reads += [_BOARD_READ] if _BOARD_READ in available and wants_board else []
    if wants_items and (items := [t for t in _ITEM_READS if t in available]):
        reads.append(items[0])
    reads.sort(key=lambda tool: tool == wanted)
    others = [(tool, {"space_id": space}) for space in elsewhere for tool in reads if tool in _READS_ANY_SPACE]
    return others + [(tool, {}) for tool in reads]


# The title reads that take a workspace; the Scrum Master's lists are the open workspace's only.
_READS_ANY_SPACE = (_BOARD_READ, "get_backlog")


# Requests that may name a sprint by a name only the sprint list knows ("Sprint 3 starts now"
# is no new sprint when Sprint 3 is planned).
SPRINT_NAMED = ("create_sprint", "start_sprint")


def names_a_sprint(intent: Intent | None, available: set[str]) -> bool:
    return intent is not None and intent.tool in SPRINT_NAMED and _SPRINT_READ in available


def catalog_of(convo: Conversation) -> Catalog | None:
    """The titles this turn's reads returned, or None before any such read. Titles of another
    workspace are names too (ids are unique across workspaces); its columns and sprints are not:
    a column or sprint named here is the open workspace's."""
    catalog, read_any = Catalog(), False
    current = convo.context.get("space_id")
    for call in convo.current.calls:
        if call.tool not in (_BOARD_READ, *_ITEM_READS, _SPRINT_READ):
            continue
        here = call.args.get("space_id") in (None, current)
        read_any = read_any or here  # a failed read counts too: asking again would fail again
        data = call.data if not call.is_error else None
        if not isinstance(data, dict):
            continue
        for sprint in data.get("sprints", []) if call.tool == _SPRINT_READ and here else []:
            catalog.add("sprint", sprint["id"], sprint["name"])
        for item in data.get("items", []):
            catalog.add("item", item["id"], item["title"])
        for column in data.get("columns", []):
            if here:
                catalog.columns[column["id"]] = column["name"]
            for task in column.get("tasks", []):
                catalog.add("task", task["id"], task["title"])
                catalog.add("item", task["backlog_item"]["id"], task["backlog_item"]["title"])
    return catalog if read_any else None


def wants_titles(intent: Intent | None, message: str) -> bool:
    """A request not understood, or one naming (or missing) an item or task, is read again
    knowing the titles. Words with no command word, state or rare word in them ("sing me a song")
    are not a request."""
    if intent is None:
        words = set(re.findall(r"[a-z]+", message.lower()))
        looks_named = re.search(r"\S\s+[A-Z]|['\"“‘]", message)  # a capitalised word mid-sentence, or quotes
        # A rare word ("SAML", "serializer") is more likely a name than talk.
        rare = any(len(w) >= 3 and is_rare(w) for w in words)
        sized = re.search(SIZE_SAID, message, re.I) is not None  # "Single sign-on is more of an 8 than a 13"
        return bool(words & COMMAND_WORDS or words & STATE_WORDS or looks_named or rare or sized) and not negated(message)
    if "title" in intent.missing and (re.search(r"[.!?;]\s+\S", message.strip()) or len(message.split()) > 3):
        # a new thing with no name, and words that may name the thing meant ("put Bob on the slow search ticket")
        return True
    return any(slot in ("item", "task") for slot in intent.missing) or any(ref is not None and ref.kind in ("item", "task") and not ref.pronoun and ref.id is None
                                 for ref in intent.refs.values())


# A capitalised word after a lower-case one, mid-sentence, then more words: a title, perhaps.
_A_NAME_MID_SENTENCE = r"(?<![.!?:]\s)(?<=[a-z,]\s)[A-Z][\w-]+\s+[a-z]+\s+[\w-]+"
# Words that choose one look over another, which a title may hold too.
_LOOK_WORDS = (r"\b(?:sprint|board|backlog|columns?|health|velocity|burn-?down|metrics|progress|report|members?|team|"
               r"done|open|planned|candidates?)\b")


def a_name_may_pick_the_look(intent: Intent | None, message: str) -> bool:
    """"… whether Dashboard with sprint health made it in": a name mid-sentence may hold the
    words that chose the look ("health" is no sprint report here); read again knowing the titles."""
    return intent is not None and intent.tool not in WRITE_TOOLS and not intent.refs \
        and re.search(_A_NAME_MID_SENTENCE, lang.without_quotes(message)) is not None \
        and re.search(_LOOK_WORDS, message, re.I) is not None


def may_state_a_change(intent: Intent | None, message: str) -> bool:
    """A read whose message holds a value a write would set (a priority, points, a state), or an
    arrow or colon, may be a statement about a named thing ("Mobile-friendly board should be
    critical" is no look at the board): it is read again knowing the titles (frames.py)."""
    if intent is None:
        return False
    if intent.tool in WRITE_TOOLS:
        # A new story whose title holds a value ("… has five story points") may be a change to
        # a story of the workspace whose title is the rest.
        title = intent.args.get("title") if intent.tool in _NEW_THINGS else None
        return isinstance(title, str) and _holds_a_value(title)
    return _holds_a_value(message) or bool(re.search(r"->|→|=>|\S:\s", message)) or bool(re.search(_OUGHT_TO_BE_IN, message, re.I))


# "X should be part of this sprint", "X needs to be in the current sprint": where a named thing belongs
_OUGHT_TO_BE_IN = (r"\b(?:should|must|needs?\s+to|has\s+to|have\s+to|ought\s+to)\s+be\s+(?:part\s+of|in|included\s+in|added\s+to)\s+"
                   r"(?:the|this|our)\s+(?:current\s+|active\s+|next\s+)?sprint\b|"
                   r"^\W*(?:please\s+)?(?:schedule|plan|earmark|slot|queue|line\s+up|pencil\s+in)\s+\S.*\bfor\s+(?:the|this|our)\s+"
                   r"(?:current\s+|active\s+)?sprint\b")


_NEW_THINGS = ("create_backlog_item", "create_task")


def _holds_a_value(text: str) -> bool:
    words = set(re.findall(r"[a-z]+", text.lower()))
    return bool(lang.find_priorities(text) or lang.find_points(text) is not None or words & STATE_WORDS
                or lang.find_status(text))


def it_may_be_named(intent: Intent | None, message: str) -> bool:
    """"X needs work. Create a task for it.", "X should be 3 points, and make it high priority": in
    a message of several sentences or clauses, 'it' may be what another names, which only the
    titles tell."""
    several = re.search(r"[.!?;,:—–]\s+\S|\s(?:and|but|so|then)\s", message) is not None
    return several and intent is not None and any(
        ref is not None and ref.kind in ("item", "task") and ref.pronoun for ref in intent.refs.values())


def member_names(context: dict) -> list[str]:
    """How people are named here: full names and first names."""
    names = []
    for member in context.get("members") or []:
        full = member.get("name") or ""
        names += [full, full.split()[0]] if full.split() else []
    return names
