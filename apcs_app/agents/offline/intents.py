"""From one user message to what they want: the tool, its arguments, and the names to look up.

Each reader below recognises one kind of request by its verbs and nouns (not by whole
sentences) and pulls the arguments out of the words around them. Names the user typed
(items, tasks, columns, members, workspaces, sprints) become `Ref`s that the model resolves
to ids with a read tool before it acts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from apcs_app.agents.offline import language as lang

CREATE = (r"\b(?:create|add|make|new|set\s*up|open|log|file|write|record|register|plan|schedule|start\s+a\s+new|put|insert|"
          r"(?:need|want|like)(?=\s+(?:a|an|another|one\s+more)\b))\b")
SHOW = r"\b(?:show|list|display|view|see|get|give|what(?:'s|\s+is|\s+are)?|which|how|whats|tell|print|describe|summar\w*)\b"
PRONOUN = r"(?:it|this|that|this\s+one|that\s+one|the\s+same(?:\s+one)?)"
OBJECT_NOUNS = (
    ("task", r"\b(?:task|card|subtask|sub-task)s?\b"),
    ("column", r"\bcolumns?\b"),
    ("sprint", r"\bsprints?\b"),
    ("space", r"\b(?:workspaces?|spaces?|projects?)\b"),
    ("item", r"\b(?:backlog\s+items?|items?|user\s+stor(?:y|ies)|stor(?:y|ies)|bugs?|features?|tickets?|issues?|chores?|epics?|pbis?)\b"),
)


_UPDATE_VERBS = r"\b(?:set|change|update|mark|rename|re-?estimate|estimate|bump|raise|lower|prioriti[sz]e|flag|reopen|edit)\b"
_FIELDS = r"\b(?:points?|pts|priority|status|title|description|estimate|done|in\s+progress|to\s*do)\b"


@dataclass
class Ref:
    """Something the user named that must become an id: by typed id, by name, or 'it'."""

    kind: str  # item | task | column | member | space | sprint
    text: str | None = None
    id: int | None = None
    pronoun: bool = False

    def describe(self) -> str:
        if self.id is not None:
            return f"#{self.id}"
        return f"'{self.text}'" if self.text else "it"


@dataclass
class Intent:
    tool: str
    args: dict = field(default_factory=dict)
    refs: dict[str, Ref] = field(default_factory=dict)  # argument name -> what to resolve
    missing: list[str] = field(default_factory=list)  # slots to ask the user for
    note: str | None = None  # why a slot is asked for (e.g. points off the scale)


def understand(text: str, today: dt.date) -> Intent | None:
    """The request in `text`, or None when it asks for nothing these agents do."""
    plain = _plain(text)
    if negated(plain):
        return None
    readers = (_sprint, _space, _column, _board, _task, _item)
    if re.search(_UPDATE_VERBS, plain) and re.search(_FIELDS, plain) and not re.search(_TO_SPRINT, plain):
        readers = (_item, *readers)  # "change dashboard with sprint health to 13 points" is about an item
    for reader in readers:
        intent = reader(text, plain, today)
        if intent is not None:
            return intent
    return None


def negated(text: str) -> bool:
    """'Don't move it', 'never mind': nothing to do, whatever verbs follow."""
    return bool(re.search(r"\b(?:don'?t|do\s+not|never|no\s+need\s+to|cancel|forget\s+it|stop)\b", _plain(text)))


def _plain(text: str) -> str:
    """Lowercased, quotes blanked, typographic apostrophes normalised: for keyword tests."""
    return " ".join(lang.without_quotes(text.replace("’", "'")).lower().split())


def _first_object(plain: str) -> str | None:
    """The kind of thing named first after a creation verb ('create a task for item X' → task)."""
    verb = re.search(CREATE, plain)
    tail = plain[verb.end():] if verb else plain
    found = [(m.start(), kind) for kind, pattern in OBJECT_NOUNS if (m := re.search(pattern, tail))]
    return min(found)[1] if found else None


def _clean(fragment: str | None) -> str | None:
    """A name as typed, without leading articles and trailing punctuation."""
    if fragment is None:
        return None
    fragment = re.sub(r"^\s*(?:the|a|an|my|our|this|that)\s+", "", fragment.strip(" \t\"'“”‘’:,-"), flags=re.I)
    fragment = fragment.strip(" \t\"'“”‘’:,.!?-")
    return fragment or None


def _cut(fragment: str, stops: str) -> str:
    match = re.search(stops, fragment, flags=re.I)
    return fragment[: match.start()] if match else fragment


def _id_ref(kind: str, fragment: str) -> Ref | None:
    """'#12', 'item 12', 'task id 12' → Ref by id; 'it', 'this one' → Ref by pronoun."""
    fragment = fragment.strip().lower()
    match = re.fullmatch(r"(?:(?:backlog\s+)?(?:item|story|task|card|column|sprint|ticket)\s*)?(?:id\s*)?#?\s*(\d+)", fragment)
    if match:
        return Ref(kind, id=int(match.group(1)))
    if re.fullmatch(rf"(?:the\s+)?{PRONOUN}(?:\s+(?:item|story|task|card|one))?|the\s+(?:item|story|task|card)", fragment):
        return Ref(kind, pronoun=True)
    return None


def _named(kind: str, fragment: str | None) -> Ref | None:
    if fragment is None:
        return None
    if kind in ("item", "task"):  # "the dark mode story", "the CSV card": the noun is not part of the title
        fragment = re.sub(r"\s+(?:backlog\s+item|item|user\s+story|story|ticket|bug|task|card)\s*$", "", fragment.strip(), flags=re.I)
    return _id_ref(kind, fragment) or (Ref(kind, text=cleaned) if (cleaned := _clean(fragment)) else None)


def _after(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text, flags=re.I)
    return text[match.end():] if match else None


# ---------------------------------------------------------------- sprints (Scrum Master)

_TO_SPRINT = r"\b(?:in)?to\s+(?:the\s+|this\s+|that\s+|our\s+|my\s+)?(?:current\s+|active\s+|next\s+|upcoming\s+|new\s+|planned\s+)?sprint\b"


def _sprint(text: str, plain: str, today: dt.date) -> Intent | None:
    if not re.search(r"\bsprints?\b|\biteration\b|\bvelocity\b|\bburn-?down\b", plain):
        return None
    if re.search(CREATE, plain) and _first_object(plain) not in (None, "sprint") and not re.search(_TO_SPRINT, plain):
        return None  # "add a task for dashboard with sprint health": a task, named after a sprint feature
    if re.search(_TO_SPRINT, plain) and re.search(r"\b(?:add|put|pull|move|include|bring|commit|drag|take|plan)\b", plain):
        return _add_to_sprint(text, plain)
    if re.search(r"\b(?:velocity|burndown|burn-down|metrics|progress|health|how\s+(?:are|is)\s+we)\b", plain):
        return Intent("get_sprint_metrics", refs=_sprint_ref(text, plain))
    if re.search(r"\bsprint\s+backlog\b|\b(?:in|on)\s+(?:the\s+|this\s+|our\s+)?(?:current\s+|active\s+)?sprint\b", plain) \
            and re.search(SHOW, plain) and not re.search(CREATE, plain):
        return Intent("get_sprint_backlog", refs=_sprint_ref(text, plain))
    if re.search(r"\b(?:complete|close|finish|end|wrap(?:\s+|-)?up|conclude|done\s+with)\b", plain) \
            and not re.search(r"\bend(?:ing|s)?\s+(?:on|at|by)\b", plain) and not re.search(CREATE, plain):
        return Intent("complete_sprint", refs=_sprint_ref(text, plain))
    if re.search(r"\b(?:list|show|which|what)\b.*\bsprints\b|\ball\s+(?:the\s+)?sprints\b", plain):
        return Intent("list_sprints")
    starting = re.search(r"\b(?:start|begin|kick\s*off|kick-off|launch|activate)\b", plain)
    if starting and not re.search(r"\b(?:create|make|new|plan|schedule|set\s*up)\b", plain) \
            and not re.search(r"\bstart(?:ing|s)\b", plain):
        return Intent("start_sprint", refs=_sprint_ref(text, plain))
    if re.search(CREATE, plain) or re.search(r"\bstart(?:ing|s)\b", plain):
        return _create_sprint(text, plain, today)
    if re.search(SHOW, plain):
        return Intent("get_sprint_backlog", refs=_sprint_ref(text, plain))
    return None


def _sprint_ref(text: str, plain: str) -> dict[str, Ref]:
    quotes = lang.quoted(text)
    if quotes:
        return {"sprint_id": Ref("sprint", text=quotes[0])}
    match = re.search(r"\bsprint\s+(?:id\s*)?#\s*(\d+)\b", plain) or re.search(r"\bsprint\s+id\s+(\d+)\b", plain)
    if match:
        return {"sprint_id": Ref("sprint", id=int(match.group(1)))}
    match = re.search(r"\bsprint\s+(\d+)\b(?!\s*-?\s*(?:weeks?|days?))", plain)
    if match:
        return {"sprint_id": Ref("sprint", text=f"Sprint {match.group(1)}")}
    return {}


def _create_sprint(text: str, plain: str, today: dt.date) -> Intent:
    intent = Intent("create_sprint")
    quotes = lang.quoted(text)
    name = quotes[0] if quotes else None
    if name is None:
        called = _after(r"\b(?:called|named|titled)\s+", text)
        if called:
            name = _clean(_cut(called, r"\s+(?:starting|from|beginning|for|lasting|running|that|which|on|with)\b|[,.;]"))
    if name is None and (match := re.search(r"\bsprint\s+(\d+)\b(?!\s*-?\s*(?:weeks?|days?))", plain)):
        name = f"Sprint {match.group(1)}"
    intent.args["name"] = name or ""
    start = end = None
    span = re.search(r"\bfrom\s+(.+?)\s+(?:to|until|till|through|thru|-)\s+(.+?)(?:$|[,;]|\s+(?:for|with|called|named)\b)", plain)
    if span:
        start, end = lang.parse_date(span.group(1), today), lang.parse_date(span.group(2), today)
    if start is None:
        when = re.search(r"\b(?:starting|start(?:s|ing)?\s+(?:on|at)?|beginning|begins?|from|on|kicking\s+off)\s+(.+?)(?:$|[,;]|\s+(?:for|and|with|lasting|until|to|ending|called|named)\b)", plain)
        if when:
            start = lang.parse_date(when.group(1), today)
    if end is None:
        until = re.search(r"\b(?:until|till|through|ending(?:\s+on)?|ends?(?:\s+on)?|to)\s+(.+?)(?:$|[,;]|\s+(?:for|and|with|called|named)\b)", plain)
        if until and start is not None:
            end = lang.parse_date(until.group(1), today)
    days = lang.find_duration_days(plain)
    if start is None:
        intent.missing.append("start_date")
    else:
        intent.args["start_date"] = start.isoformat()
    if end is None and days is not None and start is not None:
        end = start + dt.timedelta(days=days)
    if end is None:
        intent.missing.append("length")
    else:
        intent.args["end_date"] = end.isoformat()
    return intent


def _add_to_sprint(text: str, plain: str) -> Intent:
    intent = Intent("add_to_sprint_backlog")
    quotes = lang.quoted(text)
    if quotes:
        intent.refs["backlog_item_id"] = Ref("item", text=quotes[0])
    else:
        head = re.sub(r"^.*?\b(?:add|put|pull|move|include|bring|commit|drag|take|plan)\s+", "", text, count=1, flags=re.I)
        head = _cut(head, _TO_SPRINT.replace(r"\b(?:in)?to", r"\s+(?:in)?to"))
        head = re.sub(r"^(?:the\s+)?(?:backlog\s+item|item|user\s+story|story|ticket|bug)\s+", "", head.strip(), flags=re.I)
        ref = _named("item", head)
        if ref is not None:
            intent.refs["backlog_item_id"] = ref
        else:
            intent.missing.append("item")
    intent.refs.update(_sprint_ref("", re.sub(r".*?" + _TO_SPRINT, "sprint", plain, count=1)))
    return intent


# ---------------------------------------------------------------- workspaces (Administration)


def _space(text: str, plain: str, _today: dt.date) -> Intent | None:
    mentions = re.search(r"\b(?:workspaces?|spaces?)\b", plain)
    creating = re.search(CREATE, plain) and _first_object(plain) == "space"
    if creating:
        return _create_space(text, plain)
    if not mentions:
        if re.search(r"\b(?:who\s+is\s+(?:in|on)|members?|team\s+members|teammates)\b", plain) and re.search(SHOW + r"|\bwho\b", plain):
            return Intent("get_space_info")
        return None
    if re.search(r"\b(?:workspaces|spaces)\b|\bwhich\s+(?:workspace|space)\b|\baccess\s+to\b|\bmy\s+(?:workspace|space)s?\b", plain) \
            and not re.search(r"\b(?:this|current|the)\s+(?:workspace|space)\b", plain):
        return Intent("get_user_spaces")
    quotes = lang.quoted(text)
    named = quotes[0] if quotes else _clean(_cut(_after(r"\b(?:about|of|on|describe|for)\s+(?:the\s+)?(?:workspace|space)\s+", text) or "", r"[?.!,]"))
    if not named and (match := re.search(r"\b(?:about|of|describe|on)\s+(?:the\s+)?(?!this\b|current\b|my\b|our\b)(.+?)\s+(?:workspace|space)\b", text, flags=re.I)):
        named = _clean(match.group(1))
    if named:
        return Intent("get_space_info", refs={"space_id": Ref("space", text=named)})
    return Intent("get_space_info")


def _create_space(text: str, plain: str) -> Intent:
    intent = Intent("create_space")
    quotes = lang.quoted(text)
    rest = text
    if quotes:
        name = quotes[0]
    else:
        called = _after(r"\b(?:called|named|titled)\s+|\b(?:workspace|space|project)\s*:\s*", text) or _after(
            r"\b(?:workspace|space|project)\s+(?!called|named|titled|for|with|using|that|which)", text)
        name = _clean(_cut(called or "", r"\s+(?:for|with|using|to|that|which|where|about)\b|\s+(?:as\s+)?(?:a\s+)?(?:scrum|kanban)\b|[,.;!?]"))
        rest = called or ""
    if name:
        intent.args["name"] = name
    else:
        intent.missing.append("name")
    methodology = lang.find_methodology(text)
    if methodology:
        intent.args["methodology"] = methodology
    else:
        intent.missing.append("methodology")
    described = _after(r"\bdescription\s*(?::|is|=)\s*|\bdescribed\s+as\s+", text)
    if described is None and (purpose := re.search(r"\b(for|about)\s+(.+?)\s*[.!?]*$", lang.without_quotes(rest), flags=re.I)):
        described = purpose.group(0)
    if described:
        intent.args["description"] = described.strip(" .!?\"'")
    return intent


# ---------------------------------------------------------------- board columns (Workflow)


def _column(text: str, plain: str, _today: dt.date) -> Intent | None:
    if not re.search(r"\bcolumns?\b", plain):
        return None
    quotes = lang.quoted(text)
    if re.search(CREATE, plain) and _first_object(plain) == "column":
        intent = Intent("create_column")
        name = quotes[0] if quotes else None
        if name is None:
            called = _after(r"\b(?:called|named|titled|for)\s+", text)
            if called:
                name = _clean(_cut(called, r"\s+(?:at|in|as|after|before|to)\b|[,.;!?]"))
        if name is None and (before := re.search(rf"{CREATE}\s+(?:a\s+|an\s+|the\s+)?(?:new\s+)?(.+?)\s+column\b", text, flags=re.I)):
            name = _clean(before.group(1))
        if name is None and (after := re.search(r"\bcolumn\s*[:\-]?\s+(.+?)(?:\s+(?:at|in|as|after|before)\b|[,.;!?]|$)", text, flags=re.I)):
            name = _clean(after.group(1))
        if name:
            intent.args["name"] = name
        else:
            intent.missing.append("name")
        position = lang.find_position(lang.without_quotes(text))
        if position is not None:
            intent.args["order"] = position
        return intent
    column = quotes[0] if quotes else None
    if column is None and (match := re.search(r"\b(?:in|of|on|from)\s+(?:the\s+)?(.+?)\s+column\b", text, flags=re.I)):
        column = match.group(1)
    if column is None and (match := re.search(r"\bthe\s+(.+?)\s+column\b", text, flags=re.I)):
        column = match.group(1)
    if column is None and (match := re.search(r"\bcolumn\s+(.+?)\s*[?.!]*$", text, flags=re.I)):
        column = match.group(1)
    ref = _named("column", column)
    return Intent("get_column_tasks", refs={"column_id": ref}) if ref else Intent("get_kanban_board")


def _board(text: str, plain: str, _today: dt.date) -> Intent | None:
    if re.search(r"\bboard\b", plain) and not re.search(r"\b(?:move|assign|create|add)\b", plain):
        return Intent("get_kanban_board")
    return None


# ---------------------------------------------------------------- tasks (Workflow)


def _task(text: str, plain: str, _today: dt.date) -> Intent | None:
    if re.search(r"\b(?:move|drag|shift|push|advance|bring|send|put)\b", plain) and re.search(r"\b(?:to|into|in|under)\b", plain):
        return _move_task(text)
    if re.search(r"\b(?:assign|reassign|hand|give)\b", plain) and re.search(r"\bto\b", plain) or re.search(r"\bassign\b", plain):
        return _assign_task(text)
    if re.search(CREATE, plain) and _first_object(plain) == "task" or re.search(r"\bbreak\s+.+\s+into\s+tasks?\b", plain):
        return _create_task(text)
    asks_in = re.match(r"\s*(?:what(?:'s|\s+is|\s+are)?|whats|show(?:\s+me)?|list)\s+(?:(?:the\s+)?tasks?\s+)?(?:is\s+|are\s+)?(?:in|under)\s+(?:the\s+)?(.+?)\s*[?.!]*$",
                       text.replace("’", "'"), flags=re.I)
    if asks_in and not re.search(r"\b(?:backlog|sprint|workspace|space)\b", plain):
        return Intent("get_column_tasks", refs={"column_id": Ref("column", text=_clean(asks_in.group(1)))})
    return None


def _split_target(text: str, words: str) -> tuple[str, str] | None:
    """'X to Y' split at the LAST connector outside quotes, so titles may contain 'to' themselves."""
    matches = list(re.finditer(rf"\s+(?:{words})\s+", lang.without_quotes(text), flags=re.I))
    if not matches:
        return None
    return text[: matches[-1].start()], text[matches[-1].end():]


def _task_ref(head: str, verbs: str) -> Ref:
    """The task named before the connector: quoted, by id, by title, or 'it'."""
    head = re.sub(rf"^.*?\b(?:{verbs})\s+", "", head, count=1, flags=re.I)
    head = re.sub(r"^(?:the\s+)?(?:task|card)\s+", "", head.strip(), flags=re.I)
    quotes = lang.quoted(head)
    return Ref("task", text=quotes[0]) if quotes else (_named("task", head) or Ref("task", pronoun=True))


def _move_task(text: str) -> Intent:
    intent = Intent("move_task")
    split = _split_target(text, "to|into|in|under|onto")
    if split is None:
        intent.missing.append("column")
        return intent
    intent.refs["task_id"] = _task_ref(split[0], "move|drag|shift|push|advance|bring|send|put")
    column = _clean(re.sub(r"\s+column\b.*$", "", split[1].strip(" ?.!"), flags=re.I))
    if column:
        intent.refs["column_id"] = _named("column", column)
    else:
        intent.missing.append("column")
    return intent


def _assign_task(text: str) -> Intent:
    intent = Intent("assign_task")
    split = _split_target(text, "to")
    if split is None:
        intent.missing.append("member")
        return intent
    intent.refs["task_id"] = _task_ref(split[0], r"assign|reassign|hand\s+over|hand|give")
    member = _clean(split[1].strip(" ?.!"))
    if member and re.fullmatch(r"me|myself", member, flags=re.I):
        intent.refs["user_id"] = Ref("member", text="@me")
    elif member:
        intent.refs["user_id"] = Ref("member", text=member)
    else:
        intent.missing.append("member")
    return intent


def _create_task(text: str) -> Intent:
    intent = Intent("create_task")
    quotes = lang.quoted(text)
    blanked = lang.without_quotes(text)
    after_task = re.search(r"\b(?:task|card)s?\b", blanked, flags=re.I)
    tail = text[after_task.end():] if after_task else text
    titled = re.match(r"\s*(?:called|named|titled|:)?\s*['\"“‘]([^'\"”’]+)['\"”’]", tail)
    title = titled.group(1) if titled else None
    if title is None and (called := re.search(r"\b(?:called|named|titled)\s+(.+?)(?:\s+(?:for|in|on|under)\b|$)", tail, flags=re.I)):
        title = _clean(called.group(1))
    if title:
        intent.args["title"] = title
    item_quotes = [q for q in quotes if q != title]
    column_text = None
    column_match = re.search(r"\s+(?:in|into|under|on)\s+(?:the\s+)?(?!(?:the\s+)?(?:backlog|sprint)\b)([^'\"“‘]+?)(?:\s+column)?\s*[.!?]*$", text, flags=re.I)
    if column_match and not re.search(r"\bfor\s*$", text[: column_match.start()], flags=re.I):
        column_text = column_match.group(1)
        intent.refs["column_id"] = Ref("column", text=_clean(column_text))
    if item_quotes:
        intent.refs["backlog_item_id"] = Ref("item", text=item_quotes[0])
    else:
        body = text[: column_match.start()] if column_text else text
        target = re.search(r"\b(?:for|of|on|from)\s+(.+)$", lang.without_quotes(body), flags=re.I)
        fragment = target.group(1) if target else ""
        fragment = re.sub(r"^(?:the\s+)?(?:backlog\s+item|item|user\s+story|story|ticket|bug)\s+", "", fragment.strip(), flags=re.I)
        fragment = re.sub(r"\s+(?:backlog\s+item|item|user\s+story|story|ticket|bug)\s*[.!?]*$", "", fragment.strip(), flags=re.I)
        ref = _named("item", fragment)
        if ref is not None and "\x00" not in fragment:
            intent.refs["backlog_item_id"] = ref
        else:
            intent.missing.append("item")
    return intent


# ---------------------------------------------------------------- backlog items (Workflow)

_ATTRIBUTE_STOP = (
    r"\s*,|\s+(?:with|worth|at|estimated|estimate|sized|of|priority|and\s+(?:it'?s?|give|set|make))\b|"
    r"\s+(?:low|medium|normal|high|critical|urgent)\s+priority\b|\s+\(|\s*[.;!?]+\s*$|\s+-\s+"
)


def _item(text: str, plain: str, _today: dt.date) -> Intent | None:
    if re.search(r"\bbacklog\b", plain) and re.search(SHOW, plain) and not re.search(CREATE, plain) \
            and not re.search(r"\b(?:set|change|update|mark|rename)\b", plain):
        return Intent("get_backlog")
    if re.search(r"\b(?:set|change|update|mark|make|rename|re-?estimate|estimate|bump|raise|lower|prioriti[sz]e|flag|close|reopen|edit)\b", plain) \
            and not (re.search(r"\b(?:create|add|new)\b", plain) and _first_object(plain) == "item"):
        intent = _update_item(text, plain)
        if intent is not None:
            return intent
    creating = re.search(CREATE, plain) and (_first_object(plain) == "item" or (
        _first_object(plain) is None and lang.quoted(text) and re.search(r"\b(?:points?|pts|priority|worth)\b", plain)))
    to_backlog = re.search(r"^\s*(?:add|put)\s+(.+?)\s+(?:to|in|into|on)\s+(?:the\s+)?backlog\b", text, flags=re.I)
    if creating or to_backlog or re.match(r"\s*(?:new|todo|to-do)\s*(?:item|story|bug|ticket)?\s*:", text, flags=re.I):
        return _create_item(text, to_backlog.group(1) if to_backlog and not creating else None)
    return None


def _create_item(text: str, title_hint: str | None) -> Intent:
    intent = Intent("create_backlog_item")
    quotes = lang.quoted(text)
    if quotes:
        title = quotes[0]
    elif title_hint:
        title = _clean(title_hint)
    else:
        noun = re.search(OBJECT_NOUNS[-1][1], text, flags=re.I)
        tail = text[noun.end():] if noun else text
        tail = re.sub(r"^\s*(?::|-|called|named|titled|for|to|about|that|which)\s*", "", tail, flags=re.I)
        title = _clean(_cut(tail, _ATTRIBUTE_STOP))
    if title:
        intent.args["title"] = title[0].upper() + title[1:]
    else:
        intent.missing.append("title")
    attributes = text.replace(title or "\x01", " ") if title else text
    described = _after(r"\b(?:description|details|acceptance\s+criteria)\s*(?::|is|=)\s*", attributes)
    if described:
        intent.args["description"] = described.strip(" .\"'")
        attributes = attributes.replace(described, " ")
    points = lang.find_points(attributes)
    if points is not None:
        intent.args["story_points"] = points
    priority = lang.find_priority(attributes)
    if priority:
        intent.args["priority"] = priority
    _check_points(intent, points)
    return intent


def _check_points(intent: Intent, points: int | None) -> None:
    from apcs_app.domain import FIBONACCI_POINTS

    if points is not None and points not in FIBONACCI_POINTS:
        intent.missing.append("story_points")
        intent.note = f"{points} is not on the Fibonacci scale"


def _update_item(text: str, plain: str) -> Intent | None:
    intent = Intent("update_backlog_item")
    quotes = lang.quoted(text)
    updates: dict = {}
    item_text: str | None = quotes[0] if quotes else None
    if re.search(r"\brename\b", plain) or re.search(r"\btitle\b", plain):
        split = _split_target(text, "to|as")
        if split:
            new = lang.quoted(split[1])
            updates["title"] = new[0] if new else _clean(split[1])
            head_quotes = lang.quoted(split[0])
            item_text = head_quotes[0] if head_quotes else _clean(re.sub(
                r"^.*?\b(?:rename|change|set|update)\s+(?:the\s+)?(?:title\s+of\s+)?(?:the\s+)?(?:backlog\s+item|item|story)?\s*", "",
                split[0], count=1, flags=re.I))
    elif re.search(r"\bdescription\b", plain):
        split = _split_target(text, "to|as")
        if split:
            new = lang.quoted(split[1])
            updates["description"] = new[0] if new else split[1].strip(" .")
            head_quotes = lang.quoted(split[0])
            item_text = head_quotes[0] if head_quotes else item_text
    else:
        value_part = text
        if not quotes:
            split = _split_target(text, "to|as|at")
            if split:
                item_text = split[0]
                value_part = split[1]
            elif (status_tail := re.search(r"\s+(?:" + "|".join(map(re.escape, lang.STATUS_WORDS)) + r")\s*[.!]*$", text, flags=re.I)):
                item_text, value_part = text[: status_tail.start()], status_tail.group(0)
        else:
            value_part = lang.without_quotes(text).split("\x00")[-1]
        if re.search(r"\b(?:points?|estimate|estimated|re-?estimate|size|sp)\b", plain):
            number = lang.find_points(value_part) or lang.to_number(re.sub(r"[^\w\s-]", "", value_part).strip().split(" ")[0] or "x")
            if number is None:
                found = re.findall(lang.NUMBER, value_part.lower())
                number = lang.to_number(found[-1]) if found else None
            if number is None:
                intent.missing.append("story_points")
            else:
                updates["story_points"] = number
                _check_points(intent, number)
        if re.search(r"\bpriority\b|\bprioriti[sz]e\b|\b(?:bump|raise|lower)\b", plain) or (
                re.search(r"\bmake\b", plain) and lang.find_priority(value_part)):
            priority = lang.find_priority(value_part) or lang.find_priority(plain)
            if priority:
                updates["priority"] = priority
        if re.search(r"\b(?:mark|status|set|move|close|reopen|flag)\b", plain) and "story_points" not in updates and "priority" not in updates:
            status = lang.find_status(value_part)
            if status is None and re.search(r"\bclose\b", plain):
                status = "DONE"
            if status is None and re.search(r"\breopen\b", plain):
                status = "TODO"
            if status:
                updates["status"] = status
    if not updates and not intent.missing:
        return None
    if item_text is not None and not quotes:
        item_text = re.sub(
            r"^.*?\b(?:set|change|update|mark|make|rename|re-?estimate|estimate|bump|raise|lower|prioriti[sz]e|flag|close|reopen|edit)\s+",
            "", item_text, count=1, flags=re.I)
        item_text = re.sub(r"^(?:the\s+)?(?:story\s+points?|points?|priority|status|estimate|size)\s+(?:of|for|on)\s+", "", item_text.strip(), flags=re.I)
        item_text = re.sub(r"^(?:the\s+)?(?:backlog\s+item|item|user\s+story|story|ticket|bug)\s+", "", item_text.strip(), flags=re.I)
        item_text = re.sub(r"\s+(?:'s\s+)?(?:story\s+points?|points?|priority|status|estimate)$", "", item_text.strip(), flags=re.I)
    ref = _named("item", item_text) if item_text else None
    if ref is None:
        intent.missing.append("item")
    else:
        intent.refs["item_id"] = ref
    intent.args["updates"] = updates
    return intent
