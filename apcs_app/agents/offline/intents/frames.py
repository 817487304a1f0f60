"""Requests read by what they name, when no reader knows their wording.

"Finished the CSV serializer just now", "Bob's taking the dashboard task", "The rate limiting
story was underestimated. Make it 5 points": the verbs vary without end, but the things named
(a card, a story, a member, a column, a sprint) and the values given (points, a priority, a state,
a new name) leave few requests they can be. Each frame says which things and values a request
takes; the one the message fills is the request. Its verb was never read, so a write read this
way is always shown for a yes first (`Intent.guesses`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents.phrases import Intent, Ref, check_points, clean, stated_name
from apcs_app.agents.offline.names import CLOSE, OPEN, PLACEHOLDER, Catalog, Span, loose_names
from apcs_app.agents.offline.vocabulary import COMMAND_WORDS

_TASK_NOUN = r"\b(?:task|card|subtask|sub-task|to-?do\s+item)s?\b"
_ITEM_NOUN = r"\b(?:story|stories|item|items|ticket|tickets|bug|bugs|feature|epic|pbi)\b"
_SPRINT = r"\b(?:sprint|iteration)s?\b"
_COLUMN_NOUN = r"\b(?:column|colum|colunm|lane|stage|swimlane|status)s?\b"
_CREATING = (r"\b(?:add|ad|create|creat|make|new|need|needs|want|get|set\s*up|insert|another|one\s+more|extra|"
             r"break\w*(?:\s+\S+){0,6}\s+(?:down|up|into)|split|start\s+with|first\s+(?:task|card))\b")
_JOINING = (r"\b(?:add|ad|put|pull|squeeze|join|joining|joins|belongs?|include|including|bring|commit|"
            r"go|goes|going|move|moving|drop|slot|fit|take|taking|schedule|plan)\b|\+=|->|→|=>")
# A state a card or story is in, said of it: where it goes on the board, or its status.
_STATES = (
    ("DONE", r"\b(?:done|finished|finish|finishes|completed?|wrapped\s+(?:it\s+)?up|wraps?\s+up|shipped|ships?|"
             r"resolved|fixed|closed|delivered|merged|deployed|released)\b"),
    ("IN_PROGRESS", r"\b(?:in\s+progress|in-progress|started|starting|start(?:s)?\s+on|begun|began|picked\s+up|"
                    r"underway|under\s+way|kicked\s+off|wip|doing)\b"),
    ("TODO", r"\b(?:to\s*do|to-do|not\s+started|reopen(?:ed)?|back\s+to\s+the\s+start|not\s+(?:actually\s+)?(?:done|finished))\b"),
)
_WORKING = r"\b(?:i|we)(?:'ve|'m|'re|\s+have|\s+am|\s+are)\s+(?:been\s+|now\s+|just\s+)?(?:working|started\s+working)\s+on\b"
_SELF = r"\b(?:(?<!for\s)me|myself|mine|my\s+name|i'll|i\s+will|i'm\s+(?:taking|handling|on)|i\s+can\s+take|i\s+take|i'd\s+like)\b"
_ASSIGN_CUES = (r"\b(?:assign\w*|give|giving|hand\w*|take|takes|taking|took|handle|handles|handling|own|owns|owning|"
                r"grab|grabs|pick|picks|tackle|tackles|on|to|for|over|responsible|charge|do|does|doing|work|works|"
                r"got|gets|getting|mine|problem|job|name)\b|->|→|=>")


@dataclass(frozen=True)
class Thing:
    """One thing the message names: a placeholder's span, or words that loosely name a title."""

    ref_text: str  # what the Ref is looked up by (a placeholder, or the words read loosely)
    kinds: frozenset[str]
    start: int
    end: int
    guess: bool
    titles: tuple[tuple[str, str], ...] = ()  # (kind, title) of the one title of a kind loose words name


def read_frame(command: str, spans: Sequence[Span], catalog: Catalog | None, members: Sequence[str]) -> Intent | None:
    """The one request the things and values of `command` fill, or None."""
    if catalog is None:
        return None
    things = _things(command, spans, catalog)
    lowered = command.lower()
    columns = _columns_named(lowered, catalog, things)
    person = _person(command, members, things)
    intent = None
    if len(things) == 1:
        intent = _about_one(command, lowered, things[0], columns, person, catalog)
    elif not things:
        intent = _new_column(command, lowered) or _column_look(lowered, columns)
        if intent is not None and intent.tool == "get_column_tasks":
            return intent  # a look, not a write: nothing to confirm
    if intent is not None:
        intent.guesses.append("a request read from what it names: " + _described(intent))
    return intent


def _described(intent: Intent) -> str:
    return intent.tool.replace("_", " ") + (" " + ", ".join(f"{v!r}" for v in intent.args.values()) if intent.args else "")


def _things(command: str, spans: Sequence[Span], catalog: Catalog) -> list[Thing]:
    found = []
    for match in PLACEHOLDER.finditer(command):
        span = spans[int(match.group(1))]
        kinds = frozenset(k for k in span.kinds if k in ("item", "task"))
        if kinds:
            found.append(Thing(match.group(0), kinds, match.start(), match.end(), not span.exact))
    if found:
        return found
    loose = loose_names(command, catalog, _PLAIN)
    # "The export build is done": plain words alone name nothing, but two of them that together
    # name one card or story do (shown for a yes like every frame).
    loose += [(typed, kinds, start, end) for typed, kinds, start, end in loose_names(command, catalog, COMMAND_WORDS)
              if len(typed.split()) >= 2 and sum(len(set(ids)) for ids in kinds.values()) == 1
              and not any(start < e and s < end for _t, _k, s, e in loose)]
    return [Thing(typed, frozenset(k for k in kinds if k in ("item", "task")), start, end, True,
                  tuple((kind, catalog.titles[kind][ids[0]]) for kind, ids in kinds.items() if len(set(ids)) == 1))
            for typed, kinds, start, end in sorted(loose, key=lambda found: found[2])]


# Words that may be part of a title but never name one alone ("the board", "done").
_PLAIN = COMMAND_WORDS | frozenset("finished started working story ticket bug feature new build export".split())


def _columns_named(lowered: str, catalog: Catalog, things: list[Thing]) -> list[tuple[int, str]]:
    """(position, column name) of each board column the text names outside the things."""
    named = []
    for name in sorted(set(catalog.columns.values()), key=len, reverse=True):
        pattern = r"\s*".join(re.escape(w) for w in name.lower().split())
        for match in re.finditer(rf"(?<![\w-]){pattern}(?![\w-])", lowered):
            if not any(t.start < match.end() and match.start() < t.end for t in things) and \
                    not any(s < match.end() and match.start() < e for s, e, _ in named):
                named.append((match.start(), match.end(), name))
    return [(start, name) for start, _, name in sorted(named)]


def _person(command: str, members: Sequence[str], things: list[Thing]) -> str | None:
    """The member the message gives something to: a name, or the user ('me', 'I'll')."""
    outside = command
    for thing in sorted(things, key=lambda t: t.start, reverse=True):
        outside = outside[:thing.start] + " " * (thing.end - thing.start) + outside[thing.end:]
    people = "|".join(re.escape(m) for m in sorted(members, key=len, reverse=True) if m) or r"(?!x)x"
    # "take over X from Bob", "Bob's swamped, so I'll take X": who had it or why, not who gets it.
    outside = re.sub(rf"\bfrom\s+(?:{people})\b|\b(?:{people})(?:'s|\s+is|\s+are)\s+(?:\w+\s+)?"
                     rf"(?:out|away|off|swamped|busy|sick|overloaded|on\s+leave|on\s+holiday|snowed\s+under)\b", " ",
                     outside, flags=re.I)
    for name in sorted(members, key=len, reverse=True):
        if name and re.search(rf"(?<!\w){re.escape(name)}(?:'s)?(?!\w)", outside, flags=re.I):
            return name
    if re.search(_SELF, outside, flags=re.I) or re.search(r"\bput\s+me\b", outside, flags=re.I):
        return "@me"
    return None


def _state(lowered: str, thing: Thing) -> str | None:
    outside = lowered[:thing.start] + " " + lowered[thing.end:]
    if re.search(_WORKING, outside):
        return "IN_PROGRESS"
    found = [value for value, pattern in _STATES if re.search(pattern, outside)]
    if "TODO" in found and "DONE" in found:  # "isn't actually finished": not done
        return "TODO" if re.search(r"\bnot\s+(?:actually\s+)?(?:done|finished)\b|n't\s+(?:actually\s+)?(?:done|finished)\b", outside) else None
    return found[0] if len(found) == 1 else None


def _about_one(command: str, lowered: str, thing: Thing, columns: list[tuple[int, str]], person: str | None,
               catalog: Catalog) -> Intent | None:
    outside = lowered[:thing.start] + " " + lowered[thing.end:]
    blank = lang.without_quotes(outside)
    points = lang.find_points(blank)
    priorities = lang.find_priorities(blank)
    state = _state(lowered, thing)
    if "item" in thing.kinds and re.search(_TASK_NOUN, blank):
        new = _new_title(command, thing)
        if new and (re.search(_CREATING, blank) or re.search(r"\bfor\s*$", lowered[:thing.start])):
            return _create_task(thing, new, columns)
    if "item" in thing.kinds and (points is not None or len(priorities) == 1) and not columns:
        updates: dict = {}
        if points is not None:
            updates["story_points"] = points
        if len(priorities) == 1:
            updates["priority"] = next(iter(priorities))
        intent = Intent("update_backlog_item", args={"updates": updates}, refs={"item_id": _ref("item", thing)})
        if points is not None and lang.undecided_points(blank):
            del updates["story_points"]
            intent.missing.append("story_points")
            intent.note = "you named more than one estimate"
        check_points(intent, points if "story_points" in updates else None)
        return intent
    if re.search(_SPRINT, blank) and re.search(_JOINING, blank) and "item" in thing.kinds and not columns and state is None:
        intent = Intent("add_to_sprint_backlog", refs={"backlog_item_id": _ref("item", thing)})
        named = re.search(r"\bsprint\s+(\d+)\b", blank)
        known = re.search(rf"\bsprint\s+({OPEN}\d+{CLOSE})", outside)  # a sprint of the list, by its name
        if known:
            intent.refs["sprint_id"] = Ref("sprint", text=known.group(1))
        elif named:
            intent.refs["sprint_id"] = Ref("sprint", text=f"Sprint {named.group(1)}")
        return intent
    if "task" in thing.kinds and (columns or state):
        column = columns[-1][1] if columns else _column_for(state, catalog)
        if column is not None and not (state and columns and lang.find_status(column) not in (None, state)):
            return Intent("move_task", refs={"task_id": _ref("task", thing), "column_id": Ref("column", text=column)})
    # "Mobile-friendly board is in progress now": a story (no card of that name) in the state a column names
    stated = state and all(lang.find_status(name) == state for _, name in columns)
    if "item" in thing.kinds and state and (not columns or ("task" not in thing.kinds and stated)):
        return Intent("update_backlog_item", args={"updates": {"status": state}}, refs={"item_id": _ref("item", thing)})
    if "task" in thing.kinds and person and re.search(_ASSIGN_CUES, blank):
        return Intent("assign_task", refs={"task_id": _ref("task", thing), "user_id": Ref("member", text=person)})
    return None


def _ref(kind: str, thing: Thing) -> Ref:
    """Loose words that name one title of the kind are that title (a guess, confirmed first)."""
    title = dict(thing.titles).get(kind)
    if title is not None:
        return Ref(kind, text=title, guess=True, typed=thing.ref_text)
    return Ref(kind, text=thing.ref_text, guess=thing.guess)


def _column_for(state: str | None, catalog: Catalog) -> str | None:
    """The board column a state means ('finished' → Done), when one column's name says it."""
    matching = [name for name in catalog.columns.values() if lang.find_status(name) == state]
    return matching[0] if len(matching) == 1 else None


def _new_title(command: str, thing: Thing) -> str | None:
    """The new card's name: stated ('called X', a quote), or what follows a colon after the story
    ("task for SAML: Configure IdP metadata")."""
    rest = command[:thing.start] + " " * (thing.end - thing.start) + command[thing.end:]
    name = stated_name(rest)
    if name is None and (colon := re.search(r":\s*(.+)$", command[thing.end:])):
        name = clean(re.split(r"\s+(?:in|into)\s+(?:the\s+)?\S+\s+column\b|[.;!?]\s", colon.group(1))[0])
    if name and PLACEHOLDER.search(name):
        return None
    return name


def _create_task(thing: Thing, title: str, columns: list[tuple[int, str]]) -> Intent:
    intent = Intent("create_task", args={"title": title}, refs={"backlog_item_id": _ref("item", thing)})
    if columns:
        intent.refs["column_id"] = Ref("column", text=columns[-1][1])
    return intent


def _new_column(command: str, lowered: str) -> Intent | None:
    """"Our board needs a Staging column", "ad a colum 'Testing'", "column 'Verified', pos 3"."""
    blank = lang.without_quotes(lowered)
    if not re.search(_COLUMN_NOUN, blank) or not (re.search(_CREATING, blank) or re.match(r"\s*colu\w*\s*['\"“‘]", lowered)):
        return None
    if re.search(r"\b(?:what|which|show|list|in\s+the|tasks?|cards?)\b", blank):
        return None
    name = stated_name(command)
    if name is None:
        before = re.search(r"\b(?:a|an|new)\s+((?:[A-Z][\w-]*\s+){1,3})(?:column|lane|stage)\b", command)
        name = clean(before.group(1)) if before else None
    if not name:
        return None
    intent = Intent("create_column", args={"name": name})
    position = lang.find_position(command) or _short_position(lowered)
    if position is not None:
        intent.args["order"] = position
    return intent


def _column_look(lowered: str, columns: list[tuple[int, str]]) -> Intent | None:
    """"What's sitting in To Do?", "show the done column", "the tickets in the first stage": one
    column named (or counted) and looked at."""
    if re.search(_CREATING, lowered) or not re.search(
            r"\b(?:what|what's|whats|which|show|see|list|view|sitting|look)\b|\?|^\W*(?:the\s+)?[\w\s]+\s+column\W*$", lowered):
        return None
    names = {name for _, name in columns}
    if len(names) == 1:
        return Intent("get_column_tasks", refs={"column_id": Ref("column", text=names.pop())})
    counted = re.search(r"\b(?:the\s+)?(?:very\s+)?(first|second|third|fourth|last|leftmost|rightmost)\s+(?:column|one)\b", lowered)
    if not names and counted:
        return Intent("get_column_tasks", refs={"column_id": Ref("column", text=counted.group(0))})
    return None


def _short_position(lowered: str) -> int | None:
    match = re.search(r"\b(?:pos|#)\s*(\d+)\b", lowered)
    return int(match.group(1)) if match else None
