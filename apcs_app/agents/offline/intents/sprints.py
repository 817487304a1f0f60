"""Sprint requests (Scrum Master): plan, start, complete, fill and read sprints."""

from __future__ import annotations

import datetime as dt
import re

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents.phrases import (
    CREATE,
    ITEM_NOUNS,
    NAME,
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
    plain_words,
)


# What is still open for planning: the product backlog, not one sprint's.
_OPEN_WORK = (r"\b(?:unplanned|unscheduled|not\s+(?:yet\s+)?(?:done|finished|scheduled|planned|in\s+a\s+sprint)|not-yet-done|"
              r"open|remaining|candidates?|leftover|product\s+backlog|planning\s+backlog|could\s+go\s+in|"
              r"(?:pull|bring|take)\s+(?:in(?:to)?)\b|ready\s+for\s+planning|for\s+(?:sprint\s+)?planning)")
_WORK_NOUNS = r"\b(?:items?|stor(?:y|ies)|backlog|work|things|tickets?|pbis?)\b"


def read_planning(text: str, plain: str, _today: dt.date) -> Intent | None:
    """"What could go into the next sprint?", "unplanned items?": the items open for planning."""
    asks = re.search(SHOW + r"|\?\s*$|\bneed\b", plain)
    if re.search(_OPEN_WORK, plain) and asks and (re.search(_WORK_NOUNS, plain) or re.search(r"\bsprint\b", plain)) \
            and not re.search(r"\b(?:create|add|put|set|change|update|mark|move|assign)\b", plain):
        return Intent("get_product_backlog")
    return None


def read_sprint(text: str, plain: str, today: dt.date) -> Intent | None:
    if not re.search(r"\bsprints?\b|\biteration\b|\bvelocity\b|\bburn-?down\b", plain):
        return None
    if re.search(CREATE, plain) and first_object(plain) not in (None, "sprint") and not re.search(TO_SPRINT, plain):
        return None  # "add a task for dashboard with sprint health": a task, named after a sprint feature
    if re.search(TO_SPRINT, plain) and re.search(r"\b(?:add|put|pull|move|include|bring|commit|drag|take|plan|goe?s?|belongs?|"
                                                 r"fits?|should\s+be|needs?\s+to\s+be|schedule)\b|\+=", plain):
        return _add_to_sprint(text, plain)
    if re.search(r"\b(?:velocity|burndown|burn-down|metrics|progress|health|how\s+(?:are|is)\s+we)\b", plain):
        return Intent("get_sprint_metrics", refs=_sprint_ref(text, plain))
    if re.search(r"\bsprint\s+(?:backlog|items?|stor(?:y|ies)|scope|contents?|work)\b|\bcommit(?:ted)?\b|"
                 r"\b(?:in|on|of|for)\s+(?:the\s+|this\s+|our\s+)?(?:current\s+|active\s+)?sprint\b|"
                 r"\bsprint\s+\S+\s+(?:items?|stor(?:y|ies)|backlog|scope)\b", plain) \
            and (re.search(SHOW + r"|\bis\b|\bare\b|\bdid\b", plain) or len(plain.split()) <= 4) and not re.search(CREATE, plain):
        return Intent("get_sprint_backlog", refs=_sprint_ref(text, plain))
    if re.search(r"\b(?:complet(?:e|ing)|clos(?:e|ing)|finish(?:ing)?|end(?:ing)?|wrap(?:ping)?(?:\s+|-)?up|conclud(?:e|ing)|"
                 r"done\s+with|(?:is|are)\s+(?:now\s+)?(?:over|finished|done|complete)|call\s+it\s+done)\b", plain) \
            and not re.search(r"\bend(?:ing|s)?\s+(?:on|at|by)\b", plain) and not re.search(CREATE, plain):
        return Intent("complete_sprint", refs=_sprint_ref(text, plain))
    if re.search(r"\b(?:list|show|which|what)\b.*\bsprints\b|\b(?:all|every|how\s+many)\s+(?:the\s+|of\s+the\s+)?sprints?\b"
                 r"|^\s*(?:our\s+|the\s+|all\s+)?sprints\s*[?.!]*$", plain):
        return Intent("list_sprints")
    starting = re.search(r"\b(?:start(?:ing)?|begin(?:ning)?|kick(?:ing)?[\s-]*off|launch(?:ing)?|activat(?:e|ing)|"
                         r"get\s+(?:\S+\s+){1,3}(?:going|started|underway|rolling)|go\s+live\s+with)\b", plain)
    dated = re.search(r"\b(?:in\s+\S+\s+(?:days?|weeks?)|tomorrow|next|mon|tue|wed|thu|fri|sat|sun|\d{4}-\d\d|jan|feb|mar|apr|may|"
                      r"jun|jul|aug|sep|oct|nov|dec|weeks?\s+long|for\s+\S+\s+(?:days?|weeks?)|until|ends?|ending)\w*\b", plain)
    if starting and not re.search(r"\b(?:create|make|new|plan|schedule|set\s*up)\b", plain) and not dated:
        return Intent("start_sprint", refs=_sprint_ref(text, plain))
    if re.search(CREATE, plain) or re.search(r"\bstart(?:ing|s)\b", plain):
        return _create_sprint(text, plain, today)
    if re.search(SHOW, plain):
        return Intent("get_sprint_backlog", refs=_sprint_ref(text, plain))
    return None


def _sprint_ref(text: str, plain: str) -> dict[str, Ref]:
    if (match := re.search(rf"({NAME})\s+sprint\b", text, flags=re.I)):
        return {"sprint_id": Ref("sprint", text=match.group(1))}
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
    made = re.search(CREATE, plain)  # "Sprint 2 ends soon. Create Sprint 3 …": the sprint being made
    if name is None and (match := re.search(r"\bsprint\s+(\d+)\b(?!\s*-?\s*(?:weeks?|days?))", plain[made.end():] if made else plain)
                         or re.search(r"\bsprint\s+(\d+)\b(?!\s*-?\s*(?:weeks?|days?))", plain)):
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
_END = (r"\b(?:ends?|ending|until|till|through|thru|to(?!\s+(?:start|begin|run|last|kick|end|finish|go)\b)|"
        r"finish(?:es|ing)?|wrap(?:s|ping)?\s+up|close[sd]?|done)\s+(?:on\s+|by\s+|at\s+)?")
_STOP = r"(?=\s+(?:and|for|lasting|lasts|that|which|called|named|ending|ends?|until|till|to|through|with)\b|\s*[,;.!?]|$)"
_RELATIVE = r"\b(?:today|tomorrow|tonight|now|next|this|days?|weeks?|mon|tue|wed|thu|fri|sat|sun)"


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
        if start is not None and re.search(_RELATIVE, said.group(1)):
            intent.guesses.append(f"start {start:%a %b %d, %Y} (for '{said.group(1).strip()}')")
    if (until := re.search(_END + r"(.+?)" + _STOP, plain)) is not None and start is not None:
        end = lang.parse_date(until.group(1), today)
        if end is not None and re.search(_RELATIVE, until.group(1)):
            intent.guesses.append(f"end {end:%a %b %d, %Y} (for '{until.group(1).strip()}')")
    days = lang.find_duration_days(plain)
    return start, end, days


def _add_to_sprint(text: str, plain: str) -> Intent:
    intent = Intent("add_to_sprint_backlog")
    quotes = lang.quoted(text)
    target = re.search(r"\s*" + TO_SPRINT, text, flags=re.I)
    named_first = re.match(rf"\s*(?:{MODAL_LEAD}\s+)?(?:the\s+)?({NAME})", text, flags=re.I)
    if quotes:
        intent.refs["backlog_item_id"] = Ref("item", text=quotes[0])
    elif named_first and (target is None or named_first.end() <= target.start()):
        # "Mobile-friendly board goes into Sprint 2", "Could the checklist go into Sprint 2?"
        intent.refs["backlog_item_id"] = Ref("item", text=named_first.group(1))
    else:
        head = re.sub(r"^.*?\b(?:add|put|pull|move|include|bring|commit|drag|take|plan|schedule)\s+", "", text, count=1, flags=re.I)
        head = cut(head, r"\s+" + TO_SPRINT[2:])
        head = drop_noun(ITEM_NOUNS, head)
        ref = named("item", head)
        if ref is not None:
            intent.refs["backlog_item_id"] = ref
        else:
            intent.missing.append("item")
    rest = text[target.start():] if target else ""
    intent.refs.update(_sprint_ref(rest, plain_words(rest)))
    return intent


MODAL_LEAD = r"(?:could|can|should|shall|would|will|may|might|must)"
