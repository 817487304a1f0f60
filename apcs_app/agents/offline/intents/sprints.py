"""Sprint requests (Scrum Master): plan, start, complete, fill and read sprints."""

from __future__ import annotations

import datetime as dt
import re

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents.phrases import (
    CREATE,
    ITEM_NOUNS,
    SHOW,
    TO_SPRINT,
    Intent,
    Ref,
    after,
    clean,
    cut,
    drop_noun,
    first_object,
    named,
)


def read_sprint(text: str, plain: str, today: dt.date) -> Intent | None:
    if not re.search(r"\bsprints?\b|\biteration\b|\bvelocity\b|\bburn-?down\b", plain):
        return None
    if re.search(CREATE, plain) and first_object(plain) not in (None, "sprint") and not re.search(TO_SPRINT, plain):
        return None  # "add a task for dashboard with sprint health": a task, named after a sprint feature
    if re.search(TO_SPRINT, plain) and re.search(r"\b(?:add|put|pull|move|include|bring|commit|drag|take|plan)\b", plain):
        return _add_to_sprint(text, plain)
    if re.search(r"\b(?:velocity|burndown|burn-down|metrics|progress|health|how\s+(?:are|is)\s+we)\b", plain):
        return Intent("get_sprint_metrics", refs=_sprint_ref(text, plain))
    if re.search(r"\bsprint\s+backlog\b|\b(?:in|on)\s+(?:the\s+|this\s+|our\s+)?(?:current\s+|active\s+)?sprint\b", plain) \
            and re.search(SHOW, plain) and not re.search(CREATE, plain):
        return Intent("get_sprint_backlog", refs=_sprint_ref(text, plain))
    if re.search(r"\b(?:complete|close|finish|end|wrap(?:\s+|-)?up|conclude|done\s+with)\b", plain) \
            and not re.search(r"\bend(?:ing|s)?\s+(?:on|at|by)\b", plain) and not re.search(CREATE, plain):
        return Intent("complete_sprint", refs=_sprint_ref(text, plain))
    if re.search(r"\b(?:list|show|which|what)\b.*\bsprints\b|\b(?:all|every|how\s+many)\s+(?:the\s+|of\s+the\s+)?sprints?\b"
                 r"|^\s*(?:our\s+|the\s+|all\s+)?sprints\s*[?.!]*$", plain):
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
    match = re.search(rf"\bsprint\s+({lang.NUMBER})\b(?!\s*-?\s*(?:weeks?|days?))", plain)
    if match and match.group(1) not in ("a", "an") and (number := lang.to_number(match.group(1))) is not None:
        return {"sprint_id": Ref("sprint", text=f"Sprint {number}")}
    return {}


def _create_sprint(text: str, plain: str, today: dt.date) -> Intent:
    intent = Intent("create_sprint")
    quotes = lang.quoted(text)
    name = quotes[0] if quotes else None
    if name is None:
        called = after(r"\b(?:called|named|titled)\s+", text)
        if called:
            name = clean(cut(called, r"\s+(?:starting|from|beginning|for|lasting|running|that|which|on|with)\b|[,.;]"))
    if name is None and (match := re.search(r"\bsprint\s+(\d+)\b(?!\s*-?\s*(?:weeks?|days?))", plain)):
        name = f"Sprint {match.group(1)}"
    intent.args["name"] = name or ""
    start, end, days = _dates(plain, today, intent)
    if start is None:
        intent.missing.append("start_date")
    else:
        intent.args["start_date"] = start.isoformat()
    if end is None and days is not None and start is not None:
        end = lang.shift(start, days)
    if end is None:
        intent.missing.append("length")
    else:
        intent.args["end_date"] = end.isoformat()
    return intent


_START = r"\b(?:start(?:s|ing)?|begin(?:s|ning)?|from|kick(?:s|ing)?\s+off|commencing)\s+(?:on\s+|at\s+)?"
# "to" as in "to Friday", not "to start in 9 days" (a verb's infinitive says nothing of the end).
_END = (r"\b(?:ends?|ending|until|till|through|thru|to(?!\s+(?:start|begin|kick|run|last|go|be|end|finish)\b)|"
        r"finish(?:es|ing)?)\s+(?:on\s+|by\s+)?")
_STOP = r"(?=\s+(?:and|for|lasting|lasts|that|which|called|named|ending|ends?|until|till|to|through|with)\b|\s*[,;.!?]|$)"
_RELATIVE = r"\b(?:today|tomorrow|tonight|now|next|this|in\s+\S+\s+(?:days?|weeks?)|mon|tue|wed|thu|fri|sat|sun)"


def _dates(plain: str, today: dt.date, intent: Intent) -> tuple[dt.date | None, dt.date | None, int | None]:
    """Start, end and length, each from the words that say which it is: "starts in 3 days and
    ends on Dec 20" is a start and an end, never two starts. A date said relative to today is
    read as a guess, shown before the sprint is made."""
    start = end = None
    if (said := re.search(_START + r"(.+?)" + _STOP, plain)) is not None:
        start = lang.parse_date(said.group(1), today)
        if start is not None and re.search(_RELATIVE, said.group(1)):
            intent.guesses.append(f"start {start:%a %b %d, %Y} (for '{said.group(1).strip()}')")
    elif (said := re.match(r"\s*(?:\S+\s+){0,6}?(?:sprint\s+)?(?:on|in)\s+(.+?)" + _STOP, plain)) is not None:
        start = lang.parse_date(said.group(1), today)
    if (until := re.search(_END + r"(.+?)" + _STOP, plain)) is not None and start is not None:
        end = lang.parse_date(until.group(1), today)
        if end is not None and re.search(_RELATIVE, until.group(1)):
            intent.guesses.append(f"end {end:%a %b %d, %Y} (for '{until.group(1).strip()}')")
    days = lang.find_duration_days(plain)
    return start, end, days


def _add_to_sprint(text: str, plain: str) -> Intent:
    intent = Intent("add_to_sprint_backlog")
    quotes = lang.quoted(text)
    if quotes:
        intent.refs["backlog_item_id"] = Ref("item", text=quotes[0])
    else:
        head = re.sub(r"^.*?\b(?:add|put|pull|move|include|bring|commit|drag|take|plan)\s+", "", text, count=1, flags=re.I)
        head = cut(head, TO_SPRINT.replace(r"\b(?:in(?:to)?|to|on)", r"\s+(?:in(?:to)?|to|on)"))
        head = drop_noun(ITEM_NOUNS, head)
        ref = named("item", head)
        if ref is not None:
            intent.refs["backlog_item_id"] = ref
        else:
            intent.missing.append("item")
    intent.refs.update(_sprint_ref("", re.sub(r".*?" + TO_SPRINT, "sprint", plain, count=1)))
    return intent
