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
        called = after(r"\b(?:called|named|titled)\s+", text)
        if called:
            name = clean(cut(called, r"\s+(?:starting|from|beginning|for|lasting|running|that|which|on|with)\b|[,.;]"))
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
        head = cut(head, TO_SPRINT.replace(r"\b(?:in)?to", r"\s+(?:in)?to"))
        head = drop_noun(ITEM_NOUNS, head)
        ref = named("item", head)
        if ref is not None:
            intent.refs["backlog_item_id"] = ref
        else:
            intent.missing.append("item")
    intent.refs.update(_sprint_ref("", re.sub(r".*?" + TO_SPRINT, "sprint", plain, count=1)))
    return intent
