"""From one user message to what they want: the tool, its arguments, and the names to look up.

Each reader below recognises one kind of request by its verbs and nouns (not by whole
sentences) and pulls the arguments out of the words around them. Names the user typed
(items, tasks, columns, members, workspaces, sprints) become `Ref`s that the model resolves
to ids with a read tool before it acts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents.backlog import read_item, title_from_what_is_wanted
from apcs_app.agents.offline.names import (
    CLOSE,
    OPEN,
    PLACEHOLDER,
    Catalog,
    Span,
    loose_names,
    mask,
    only_placeholder,
    sprint_spans,
    spot,
    unmask,
)
from apcs_app.agents.offline.normalize import normalize
from apcs_app.agents.offline.vocabulary import COMMAND_WORDS, NOT_TITLES
from apcs_app.mcp import WRITE_TOOLS
from apcs_app.agents.offline.intents.board import MOVE_VERBS, read_board, read_cards, read_column, read_task
from apcs_app.agents.offline.intents.phrases import BY_METHOD, FIELDS, SHOW, TO_SPRINT, UPDATE_VERBS, Intent, Ref, plain_words
from apcs_app.agents.offline.intents.board_admin import BOARD_WRITES, changes, read_board_admin
from apcs_app.agents.offline.intents.card_states import as_card_move
from apcs_app.agents.offline.intents.comments import read_comment
from apcs_app.agents.offline.intents.frames import read_frame
from apcs_app.agents.offline.intents.reports import read_report
from apcs_app.agents.offline.intents.spaces import MAKES_SPACE, read_space
from apcs_app.agents.offline.intents.sprints import read_sprint
from apcs_app.agents.offline.intents.views import read_view

__all__ = ["Catalog", "Intent", "Ref", "negated", "retracted", "understand"]


def understand(text: str, today: dt.date, catalog: Catalog | None = None, members: Sequence[str] = (),
               workspaces: Mapping[int, str] | None = None) -> Intent | None:
    """The request in `text`, or None when it asks for nothing these agents do.

    With a catalog, the titles it holds are found first and stand in the text as placeholders
    while it is read (names before keywords); `members` are the names people go by here, and
    `workspaces` (id → name) the user's workspaces, which a message may name too."""
    if retracted(text):
        return None
    names = _with_workspaces(catalog, workspaces)
    spans = spot(text, names, NOT_TITLES) if names else []
    if names and names.sprints:
        spans = sorted(spans + sprint_spans(text, names, spans), key=lambda s: s.start)
    masked = _as_sprints(mask(text, spans), spans)
    command = normalize(masked, members)
    # "Which sprints are completed?" asks; it never completes one.
    intent = _read(command, today, reads_only=is_question(command))
    asked = _asked_last(intent, masked, today, members, spans)
    if asked is not None:
        intent, masked = asked
        command = normalize(masked, members)
    # "Bob wants a change, so could you give him X?": the request is the clause after the context.
    asked_after = re.search(_CONTEXT_THEN_ASK, masked, flags=re.I) is not None and (
        intent is None or (names is not None and _names_nothing_here(intent, names, members)) or _a_clause_read_as_a_name(intent))
    if intent is None or any(ref is not None and ref.pronoun for ref in intent.refs.values()) \
            or {"item", "task", "member"} & set(intent.missing) \
            or any(ref is not None and ref.kind == "member" and ref.text in _HIM for ref in intent.refs.values()) \
            or asked_after:
        alone = _from_one_sentence(masked, today, members, names, clauses=bool(asked_after))
        if alone is None and not asked_after and intent is not None and intent.tool in ("move_task", "assign_task") and any(
                ref is not None and ref.pronoun and ref.kind == "task" for ref in intent.refs.values()):
            # "i'm picking up the dashboard build now, can u shift it over": the clause before the ask
            # names 'it'; a change to a story said in two clauses is read whole (frames.py)
            alone = _from_one_sentence(masked, today, members, names, clauses=True)
        intent = alone or intent
    if intent is not None:
        _it_the_one_named(intent, masked, spans)
    if intent is not None and "title" in intent.missing:
        # "… a huge deal for the new customer, so I started the X story. Can you mark it as in
        # progress?": no new thing without its name, when one sentence asks about a thing named.
        alone = _from_one_sentence(masked, today, members, names)
        if alone is not None and any(ref is not None and ref.text and PLACEHOLDER.search(ref.text) for ref in alone.refs.values()):
            intent = alone
    if (intent is None or intent.tool not in WRITE_TOOLS) and (asked := re.match(_DO_THEN_TELL, command, flags=re.I)):
        # "close it and tell me where our velocity landed": the change is the request, its answer tells the rest
        first = _read(asked.group(1), today, reads_only=False)
        if first is not None and first.tool in WRITE_TOOLS:
            intent = first
    if intent is not None:
        _reslot(intent, spans)
        intent = as_card_move(intent, f"{masked}\n{command}", spans, names)
    misread = catalog is not None and _names_nothing_here(intent, names, members)
    if catalog is not None and (_may_be_framed(intent, command) or misread):
        framed = read_frame(command, spans, names, members)
        if framed is not None and (intent is None or _names_it(framed)) and not (
                intent is not None and framed.tool not in WRITE_TOOLS and intent.tool not in _NO_LOOK and not misread):
            intent = framed
    if intent is None and names is not None:
        intent = _about_a_workspace(command, spans) or _about_one_thing(command, spans)
    if intent is not None:
        intent = as_card_move(intent, f"{masked}\n{command}", spans, names)
        _in_named_workspace(intent, command, spans)
        _one_status(intent, masked)
        _bind(intent, spans)
    return intent


# "tell me more about Support Desk", "details on the Support Desk one": a workspace named, and asked about.
_ABOUT_IT = re.compile(
    r"^\W*(?:(?:and|ok(?:ay)?|so|now|then)\W+)*(?:(?:can|could)\s+(?:you|u)\s+|please\s+)?(?:(?:tell|show)\s+me\s+(?:(?:a\s+(?:bit|little)\s+)?more\s+)?about|"
    r"describe|(?:(?:i\s+(?:need|want)|give\s+me|show\s+me|send\s+me)\s+)?(?:the\s+)?(?:more\s+)?(?:details|info(?:rmation)?|overview|summary)(?:\s+page)?\s+(?:of|on|about|for)|"
    r"how\s+many\s+(?:people|members|folks|users)\s+(?:are\s+)?(?:in|on)|what(?:'s|\s+is)\s+(?=.*\babout\s*[?.!]*$))\s+"
    rf"(?:the\s+)?{OPEN}(\d+){CLOSE}(?:\s+(?:one|workspace|space|project))?(?:\s+about)?(?:\s+please)?\s*[?.!]*$", re.I)


# "how about Support Desk?", "and the same for Support Desk": the last look, at that workspace
# (follow_ups.carry_look); with no look before, what there is to know about it.
_ANOTHER_SPACE = re.compile(
    r"^\W*(?:(?:and|ok(?:ay)?|so|now)\W+)*(?:(?:how|what)\s+about|(?:do\s+)?(?:the\s+)?same\s+(?:for|with|in|over\s+in)|"
    r"(?:now\s+)?(?:for|in))\s+"
    rf"(?:the\s+)?{OPEN}(\d+){CLOSE}(?:\s+(?:one|workspace|space|project))?(?:\s+(?:too|as\s+well|then|please))?\s*[?.!]*$", re.I)


_ABOUT_THE_METHOD = re.compile(r"^\W*(?:(?:and|ok(?:ay)?|so|now|then)\W+)*(?:(?:can|could)\s+(?:you|u)\s+|please\s+)?(?:(?:tell|show)\s+me\s+"
                               r"(?:(?:a\s+(?:bit|little)\s+)?more\s+)?about|describe|(?:more\s+)?(?:details|info)\s+(?:of|on|about|for))\s+"
                               r"the\s+(scrum|kanban)\s+(?:one|workspace|space|project)\s*[?.!]*$", re.I)


def _about_a_workspace(command: str, spans: list[Span]) -> Intent | None:
    if method := _ABOUT_THE_METHOD.match(command):  # "tell me more about the kanban one"
        return Intent("get_space_info", refs={"space_id": Ref("space", text=BY_METHOD + method.group(1).upper())})
    asked = _ABOUT_IT.match(command) or _ANOTHER_SPACE.match(command)
    if asked is None or set(spans[int(asked.group(1))].kinds) != {"space"}:
        return None
    return Intent("get_space_info", refs={"space_id": Ref("space", text=f"{OPEN}{asked.group(1)}{CLOSE}")})


# "what's the priority on X?", "Who's working on X?", "tell me about the X story": one thing named, and asked about.
_ASKS_ABOUT = re.compile(r"^\W*(?:(?:and|ok(?:ay)?|so|hey|quick\s+question)\W+)*(?:what|who|whos|which|where|how|is|are|has|does|"
                         r"(?:can|could)\s+(?:you|u)\s+(?:tell|show)|tell\s+me|show\s+me|details|info|any\s+news)\b", re.I)
_ON_THE_BOARD = re.compile(r"\b(?:who|whos|assigned|assignee|working|owns?|owner|column|where|board|card|stage|lane)\b", re.I)


def _about_one_thing(command: str, spans: list[Span]) -> Intent | None:
    named = set(map(int, PLACEHOLDER.findall(command)))
    if len(named) != 1 or not _ASKS_ABOUT.match(command) or re.search(r"\b(?:and|then)\s+(?:set|make|move|give|assign)\b", command, re.I):
        return None
    number = named.pop()
    kinds = [kind for kind in ("task", "item") if kind in spans[number].kinds]
    if not kinds:
        return None
    board = "task" in kinds and (kinds == ["task"] or _ON_THE_BOARD.search(PLACEHOLDER.sub(" ", command)))
    intent = Intent("get_kanban_board" if board else "get_backlog")
    intent.about = {kind: Ref(kind, text=f"{OPEN}{number}{CLOSE}") for kind in kinds}
    return intent


def _one_status(intent: Intent, masked: str) -> None:
    """Two statuses for one story, said as equals, are asked about, never one of them guessed."""
    updates = intent.args.get("updates")
    if intent.tool == "update_backlog_item" and isinstance(updates, dict) and "status" in updates \
            and (both := lang.two_statuses(PLACEHOLDER.sub(" ", masked))):
        del updates["status"]
        intent.missing.append("status")
        intent.note = f"you said both {both[0]} and {both[1]}"


def _as_sprints(masked: str, spans: list[Span]) -> str:
    """A sprint named by its name alone ("start Hardening", "the Board Cleanup sprint") reads as
    "sprint <name>", the way the sprint readers know a named sprint."""
    def said(match: re.Match) -> str:
        number = int(match.group(1))
        return f"sprint {OPEN}{number}{CLOSE}" if set(spans[number].kinds) == {"sprint"} else match.group(0)
    return re.sub(rf"(?:\b(?:sprint|iteration)\s+)?{OPEN}(\d+){CLOSE}(?:\s+(?:sprint|iteration)\b)?", said, masked,
                  flags=re.I)


# Readings a look the frames find may replace: none, or a look at the whole board where one column is named.
_NO_LOOK = ("get_kanban_board",)


def _may_be_framed(intent: Intent | None, command: str) -> bool:
    """Not understood, understood without the thing it is about, or read as a look at what the
    message states a change to: what the message names decides (frames.py)."""
    if intent is None:
        return True
    if {"item", "task", "member", "column"} & set(intent.missing):
        return True
    if "title" in intent.missing and PLACEHOLDER.search(command):
        return True  # "put Bob on the slow search ticket": no new story without a name, but one named
    if PLACEHOLDER.search(command) and any(ref is not None and ref.pronoun and ref.kind in ("item", "task")
                                           for ref in intent.refs.values()):
        return True  # "X should be 3 points, and make it high priority too": 'it' is the X named
    if _new_name_holds_a_title(intent):
        return True
    return not changes(intent.tool) and not is_question(command)


# A new thing's name that holds a thing of this workspace and more ("the story Audit log
# has five story points" read as a story of that name) may be a change to that thing.
_NEW_NAMES = {"create_backlog_item": "title", "create_task": "title"}


def _new_name_holds_a_title(intent: Intent) -> bool:
    name = intent.args.get(_NEW_NAMES.get(intent.tool, ""))
    return isinstance(name, str) and bool(PLACEHOLDER.search(name)) and only_placeholder(name) is None


def _names_nothing_here(intent: Intent | None, catalog: Catalog, members: Sequence[str]) -> bool:
    """A reading whose column or member is no column or member here ("I found no column matching
    'the'", "'bob' is no column"): its words were cut in the wrong place."""
    if intent is None:
        return False
    people = {name.casefold() for name in members if name}
    for ref in intent.refs.values():
        if ref is None or ref.pronoun or ref.id is not None or not ref.text or PLACEHOLDER.search(ref.text):
            continue
        if ref.kind in ("item", "task") and ref.text.strip().casefold() in people:
            return True  # "bring Bob in on the rate limit card": a person, read as the card
        if ref.kind in ("item", "task") and re.match(r"(?:was|is|are|were|has|have|had|got|seems|looks|feels)\b", ref.text.strip(), re.I):
            return True  # "the X estimate was way off, it's an 8": a clause after a noun, read as the story
        if ref.kind == "column" and catalog.columns and lang.ordinal_place(ref.text) is None \
                and not lang.best_match(ref.text, catalog.columns, loose=False)[0]:
            return True
        if ref.kind == "member" and members and ref.text.casefold() not in ("@me", "me", "myself", "i") \
                and "@" not in ref.text and not lang.best_match(ref.text, dict(enumerate(members)), cutoff=85)[0]:
            return True
    return False


def _names_it(framed: Intent) -> bool:
    """A frame overrides another reading only when it has its thing by a name found as such."""
    return all(ref.kind not in ("item", "task") or only_placeholder(ref.text) is not None for ref in framed.refs.values())


# Reads that may look at another of the user's workspaces than the current one.
_READS_ANY_SPACE = ("get_backlog", "get_kanban_board", "get_space_info")


def _with_workspaces(catalog: Catalog | None, workspaces: Mapping[int, str] | None) -> Catalog | None:
    if not workspaces:
        return catalog
    names = Catalog({kind: dict(titles) for kind, titles in (catalog.titles if catalog else {}).items()},
                    dict(catalog.columns) if catalog else {}, dict(catalog.sprints) if catalog else {})
    for ident, name in workspaces.items():
        names.add("space", ident, name)
    return names


def _in_named_workspace(intent: Intent, command: str, spans: list[Span]) -> None:
    """"support desk backlog", "Who is in the Support Desk workspace?": the one workspace the
    message names is the one the read is about, and the one a write must be in."""
    column = intent.refs.get("column_id")
    if intent.tool == "get_column_tasks" and column is not None and (
            number := only_placeholder(column.text or "")) is not None and "space" in spans[number].kinds:
        intent.tool, intent.refs = "get_kanban_board", {}  # "the cards in Support Desk": a workspace holds cards, no column
    if intent.tool in ("create_space", "get_user_spaces") or intent.refs.get("space_id") is not None:
        return  # "Besides Support Desk, am I in any other workspaces?": the list names every one
    named = {n for n in map(int, PLACEHOLDER.findall(command)) if "space" in spans[n].kinds}
    method = re.search(r"\bthe\s+(scrum|kanban)\s+(?:one|workspace|space|project)\b", command, flags=re.I)
    if len(named) != 1 and not (method and not named):
        return
    ref = Ref("space", text=f"{OPEN}{named.pop()}{CLOSE}") if named else Ref("space", text=BY_METHOD + method.group(1).upper())
    if intent.tool in _READS_ANY_SPACE:
        intent.refs["space_id"] = ref
    else:  # a write acts in the current workspace: naming another one is checked before it runs
        intent.elsewhere = ref


def _asked_last(intent: Intent | None, masked: str, today: dt.date, members: Sequence[str],
                spans: Sequence[Span] = ()) -> tuple[Intent, str] | None:
    """"The sprint is half over. What's still sitting in To Do?": sentences of context, then the
    look asked for. When the whole message reads as one look and its last sentence, a question or
    a "show me", reads as another, the last sentence is what was asked; the workspace or sprint the
    context named stays with it. A write read from the whole message gives way only when every
    sentence before the last states something ("Sprint review is on Friday.") and asks nothing.
    The reading and the sentence it came from, or None to keep the whole message's."""
    if intent is None:
        return None
    sentences = [s for s in re.split(_SENTENCE, masked.strip()) if s]
    if len(sentences) < 2:
        return None
    if changes(intent.tool) and not all(re.match(_STATES, normalize(s, members), flags=re.I) for s in sentences[:-1]) \
            and not _a_clause_read_as_a_name(intent):
        return None
    command = normalize(sentences[-1], members)
    if not (is_question(command) or re.match(rf"\s*(?:{SHOW})", command, flags=re.I)):
        return None
    if changes(intent.tool) and (asks := _read(command, today)) is not None and asks.tool == intent.tool:
        return None  # "Let's give them a kanban board, workspace name X": the last sentence asks for that write
    last = _read(command, today, reads_only=True)
    if last is None or last.tool == intent.tool or changes(last.tool):
        return None
    if any(ref is not None and (ref.pronoun or (ref.text or "").strip().lower() in _POINTING) for ref in last.refs.values()):
        return None  # "… what we committed to this sprint. What's in it?": 'it' is what the whole message is about
    for slot, looks in (("space_id", _READS_ANY_SPACE + ("get_column_tasks",)), ("sprint_id", ("get_sprint_backlog", "get_sprint_metrics"))):
        if intent.refs.get(slot) is not None and last.refs.get(slot) is None and last.tool in looks:
            last.refs[slot] = intent.refs[slot]
    context = {n for s in sentences[:-1] for n in map(int, PLACEHOLDER.findall(s)) if set(spans[n].kinds) == {"space"}} if spans else set()
    if last.refs.get("space_id") is None and last.tool in _READS_ANY_SPACE and len(context) == 1 \
            and re.search(r"\b(?:it|its|there|that\s+(?:one|workspace|space|project))\b", sentences[-1], flags=re.I):
        last.refs["space_id"] = Ref("space", text=f"{OPEN}{context.pop()}{CLOSE}")  # "… on Support Desk. Who's in it?"
    return last, sentences[-1]


_POINTING = ("it", "that", "this", "them", "there", "that one", "this one")


def _a_clause_read_as_a_name(intent: Intent) -> bool:
    """A write whose card or story is a long run of words naming nothing found ("For the audit I
    need literally everything we've ever put" in the backlog): a clause, cut in the wrong place."""
    return any(ref is not None and ref.kind in ("item", "task") and not ref.pronoun and ref.text
               and not PLACEHOLDER.search(ref.text) and len(ref.text.split()) >= 6 for ref in intent.refs.values())


# A sentence that states how things are ("Sprint review is on Friday", "the sprint is half over"):
# a subject of a few words, then its verb; no command verb first.
_STATES = (r"^(?!\s*(?:please\s+)?(?:create|add|make|move|assign|set|change|update|mark|start|complete|close|finish|"
           r"plan|schedule|put|give|rename|new)\b)\s*(?:[\w'\ue000\ue001-]+\s+){0,4}?(?:is|are|was|were|'s|'re|has|have|had|"
           r"starts|begins|ends|feels|looks|seems)\b")


def _from_one_sentence(masked: str, today: dt.date, members: Sequence[str], catalog: Catalog | None = None,
                       clauses: bool = False) -> Intent | None:
    """"Bob finished the export build. Move it to Done.": the sentence that asks for something,
    read alone; its 'it' is the one thing the other sentences name (else it stays 'it', which
    the conversation resolves or asks about)."""
    sentences = [s for s in re.split(_SENTENCE_OR_ASK if clauses else _SENTENCE, masked.strip()) if s]
    if len(sentences) < 2:
        return None
    for index in range(len(sentences) - 1, -1, -1):
        command = normalize(sentences[index], members)
        intent = _read(command, today, reads_only=is_question(command))
        if intent is None:
            continue
        others = " ".join(sentences[:index] + sentences[index + 1:])
        named = set(PLACEHOLDER.findall(others)) - set(PLACEHOLDER.findall(sentences[index]))
        for ref in intent.refs.values():
            if ref is not None and ref.pronoun and ref.kind in ("item", "task") and len(named) == 1:
                ref.pronoun, ref.text = False, f"{OPEN}{named.pop()}{CLOSE}"
            elif ref is not None and ref.pronoun and ref.kind in ("item", "task") and not named \
                    and (loose := _one_loose_name(others, ref.kind, catalog)):
                # "We underestimated SAML. Set it to 21 points.": named loosely, so a guess shown first.
                ref.pronoun, ref.text, ref.guess, ref.typed = False, loose[1], True, loose[0]
            elif ref is not None and ref.kind == "member" and (ref.text or "").lower() in _HIM:
                ref.text = _one_person(others, members) or ref.text  # "Bob knows it best. Assign him …"
        if index < len(sentences) - 1:
            _said_after(intent, " ".join(sentences[index:]), today, members)
        if index:
            title_from_what_is_wanted(intent, " ".join(sentences[: index + 1]))
        if "member" in intent.missing and intent.tool == "assign_task" and (person := _one_person(others, members)):
            intent.missing.remove("member")  # "Why don't we put Bob on the dashboard card? Assign it."
            intent.refs["user_id"] = Ref("member", text=person)
        return intent
    return None


def _said_after(intent: Intent, rest: str, today: dt.date, members: Sequence[str]) -> None:
    """"Could you add a task for that? Title it 'Call with Okta'": the sentences after the ask go
    on with it; what they give, the ask read alone lacks. (The talk before the ask does not.)"""
    whole = _read(normalize(rest, members), today, reads_only=False)
    if whole is None or whole.tool != intent.tool:
        return
    for key, value in whole.args.items():
        if key not in intent.args:
            intent.args[key] = value
            if key in intent.missing:
                intent.missing.remove(key)


def _it_the_one_named(intent: Intent, masked: str, spans: list[Span]) -> None:
    """"Refund request #4411 isn't that urgent after all, lower it to medium": 'it' is the one
    thing of its kind the message names before it."""
    for ref in intent.refs.values():
        if ref is None or not ref.pronoun or ref.kind not in ("item", "task"):
            continue
        it = re.search(r"\b(?:it|its|this|that)\b", masked, flags=re.I)
        before = masked[: it.start()] if it else ""
        named = {n for n in map(int, PLACEHOLDER.findall(before)) if ref.kind in spans[n].kinds}
        if len(named) == 1 and len(set(PLACEHOLDER.findall(masked))) == 1:
            ref.pronoun, ref.text = False, f"{OPEN}{named.pop()}{CLOSE}"


_HIM = ("him", "her", "them")
_DO_THEN_TELL = (r"^(.+?)\s*,?\s+(?:and|then|&)\s+(?:then\s+)?(?:(?:tell|show|give|let)\s+(?:me|us)\b|(?:we'?ll\s+|let'?s\s+)?"
                 r"(?:see|check|find\s+out|look\s+at)\s+(?:where|what|how|if|whether|the)\b)[^.?!]*[.?!]*$")
# Where one sentence ends, or a clause of context gives way to the request ("Bob wants a change,
# so could you give him the dark mode task?").
_SENTENCE = r"(?<=[.!?;])\s+"
_CONTEXT_THEN_ASK = (r",\s*(?:so|and|but|then)?\s*(?:could|can|would|will)\s+(?:you|u)\b|,\s*so\s+(?:show|list|give|tell)\s+(?:me|us)\b|"
                     r",\s*so\s+(?:i|we)\s+(?:need|want|'d\s+like|would\s+like)\s+(?:the|a|to\s+see)\b")
_SENTENCE_OR_ASK = (r"(?<=[.!?;])\s+|\s+[—–]\s+|,\s*(?:so|and|but|then)?\s*(?=(?:could|can|would|will)\s+(?:you|u)\b|"
                    r"(?:please|pls)\s+\w)|(?i:,\s*so\s+(?=(?:show|list|give|tell)\s+(?:me|us)\b|(?:i|we)\s+(?:need|want|'d\s+like|would\s+like)\s+(?:the|a|to\s+see)\b))")


def _one_loose_name(text: str, kind: str, catalog: Catalog | None) -> tuple[str, str] | None:
    """(words as typed, title) of the one `kind` the words of `text` loosely name, or None."""
    if catalog is None:
        return None
    found = [(typed, ids) for typed, kinds, _start, _end in loose_names(text, catalog, COMMAND_WORDS)
             for ids in [kinds.get(kind, [])] if ids]
    if len(found) != 1 or len(found[0][1]) != 1:
        return None
    return found[0][0], catalog.titles[kind][found[0][1][0]]


def _one_person(text: str, members: Sequence[str]) -> str | None:
    """The one member `text` names ("Bob Chen" and "Bob" are one), or None."""
    named = []
    for name in sorted(members, key=len, reverse=True):
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.I) \
                and not any(name.lower() in other.lower() for other in named):
            named.append(name)
    return named[0] if len(named) == 1 else None


def is_question(text: str) -> bool:
    """A question about the work, not a polite request ("could you add…?" was made a command
    by normalize, and "Can Bob take X?" an assignment)."""
    last = re.split(r"(?<=[.!?;])\s+", text.strip())[-1]  # "We plan tomorrow. What could go in?" asks
    return bool(re.match(r"\s*(?:what|which|who|whose|how|when|where|why|is|are|was|were|does|do|did|has|have)\b",
                         last, flags=re.I))


def _bind(intent: Intent, spans: list[Span]) -> None:
    """Placeholders back to what they stand for: a whole one is the titled thing, a part of free
    text (a new title) is the words as typed."""
    _reslot(intent, spans)
    for ref in (*intent.refs.values(), intent.elsewhere, *intent.about.values()):
        if ref is None or not ref.text:
            continue
        number = only_placeholder(ref.text)
        if number is not None:
            span = spans[number]
            ref.text, ref.guess, ref.typed = span.title, not span.exact, span.typed
        else:
            ref.text = unmask(ref.text, spans)
    intent.args = _unmasked(intent.args, spans)


def _reslot(intent: Intent, spans: list[Span]) -> None:
    """A new task "under Single sign-on (SAML)": the name is an item's (names are items and
    tasks, never columns), so it says which story the task is for, not its column."""
    column = intent.refs.get("column_id")
    number = only_placeholder(column.text) if column is not None else None
    if intent.tool == "create_task" and number is not None and "item" in spans[number].kinds \
            and "backlog_item_id" not in intent.refs:
        intent.refs["backlog_item_id"] = Ref("item", text=column.text)
        del intent.refs["column_id"]
        intent.missing = [slot for slot in intent.missing if slot != "item"]


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
    readers = (read_view, read_board_admin, read_comment, read_report, read_sprint, read_space, read_column, read_board, read_task, read_item,
               read_cards)
    if re.search(UPDATE_VERBS, plain) and re.search(FIELDS, plain) and not re.search(TO_SPRINT, plain) \
            and not re.search(r"\bwip\s*-?\s*limit\b", plain):  # a column's limit, not an item's status
        readers = (read_item, *readers)  # "change dashboard with sprint health to 13 points" is about an item
    elif re.match(rf"\W*{MOVE_VERBS}", plain) and re.search(r"\b(?:to|into)\s+(?:the\s+)?(?:done|to\s*do|in\s+progress|[\w-]+\s+column)\b", plain) \
            and not re.search(r"\bsprint\s+(?:backlog|\d+)\b|\b(?:to|into)\s+(?:the\s+|this\s+)?(?:current\s+|next\s+)?sprint\b", plain):
        readers = (read_task, *readers)  # "drag the sprint health dashboard over to Done": a card moved, whatever its name says
    elif re.search(MAKES_SPACE, plain):
        readers = (read_space, *readers)  # "my boss wants a separate space … they'll plan in sprints": a workspace, not a sprint
    elif re.search(r"\brename\s+(?:the\s+|our\s+|this\s+)?(?:story|item|ticket|bug|backlog\s+item|feature)\b", plain):
        readers = (read_item, *readers)  # "rename the story X to Board on phones": the new name's words choose nothing
    for reader in readers:
        intent = reader(text, plain, today)
        if intent is not None and not (reads_only and changes(intent.tool)):
            return intent
    return None


def retracted(text: str) -> bool:
    """"Shift X to Done... actually never mind": a request taken back by a later sentence."""
    sentences = [s for s in re.split(r"(?<=[.!?;…])\s+|\s+-+\s+", text.strip()) if s]
    return any(re.search(_TAKEN_BACK, later, re.I) and not negated(earlier) for i, earlier in enumerate(sentences)
               for later in sentences[i + 1:])


_TAKEN_BACK = (r"\b(?:never\s*mind|forget\s+(?:it|that|about\s+(?:it|that))|scratch\s+that|cancel\s+(?:it|that|this)|"
               r"don'?t\s+(?:do\s+(?:it|that|this)|bother)|no\s+wait)\b|"
               r"\bleave\s+it(?:\s+(?:as\s+it\s+is|where\s+it\s+is|be|alone))?\s*[.!]*$")


def negated(text: str) -> bool:
    """'Don't move it', 'never mind': nothing to do, whatever verbs follow. A 'don't' about what
    the user knows or has ("I don't remember which workspaces I'm in", "Why don't we have a
    Review column?") negates no request."""
    plain = re.sub(_NOT_A_REFUSAL, " ", plain_words(text))
    return bool(re.search(r"\b(?:don'?t|do\s+not|never|no\s+need\s+to|cancel|forget\s+it|stop)\b", plain)
                or (re.fullmatch(r"(?:no|nope|nah)(?:\W.*)?", plain) and not re.match(_CORRECTION, plain)))


# "no, I mean everything in Phoenix": the user puts right what they asked, they don't call it off.
_CORRECTION = r"(?:no|nope|nah)\W+(?:sorry\W+)?(?:i|we)\s+(?:mean|meant|want|wanted|need|needed|said)\b\s*\w|(?:no|nope|nah)\W+(?:show|give|list|the)\b"


_NOT_A_REFUSAL = (r"\b(?:why\s+)?(?:don'?t|do\s+not)\s+(?:really\s+)?(?:remember|recall|know|see|understand|get|think|have|"
                  r"mind|care|need\s+(?:a|an|the)\b)|\bwhy\s+(?:don'?t|do\s+not)\s+(?:we|you|i)\b|\bnever\s+(?:been|had|seen|got)\b|"
                  # "or did his invite never go through?": something that did not happen, asked about
                  r"\bnever\s+(?:went|go(?:ne)?|came|come|arrived|showed|worked|made\s+it)\b|"
                  # how a team works ("we never do sprints", "they don't run iterations"): a fact, no refusal
                  r"\b(?:never|don'?t|do\s+not)\s+(?:really\s+|ever\s+)?(?:do|run|use|work\s+(?:in|with)|plan\s+in|bother\s+with)\s+"
                  r"(?:\w+[\s-]+)?(?:sprints|iterations|timeboxes)\b")


