"""Reports the Scrum Master writes from the data (Scrum Master): the stand-up digest, the
sprint report, the completion forecast and the flow metrics. Read by their nouns, never by
whole sentences; a title that holds such a word is masked before this runs (names.py)."""

from __future__ import annotations

import datetime as dt
import re

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents.phrases import SHOW, Intent
from apcs_app.agents.offline.intents.sprints import _sprint_ref

_WRITES = (r"\b(?:move|drag|assign|create|add|rename|delete|archive|set|change|update|comment|complete|close|finish|"
           r"start|begin|end|wrap)\b")
STANDUP = r"\bstand-?\s*ups?\b(?!\s+(?:a|an|another|one)\s)|\bdaily\s+(?:digest|summary|update)\b|\bsince\s+yesterday\b|\bwhat\s+(?:happened|moved)\b"
REPORT = r"\bsprint\s+(?:report|review|summary)\b|\breport\s+(?:on|for|of)\s+(?:the\s+)?(?:last\s+|current\s+)?sprint\b"
FLOW = r"\bflow(?:\s+metrics)?\b(?!\s*\w*\s*(?:to|into))|\bcycle\s+times?\b|\blead\s+times?\b|\bthroughput\b|\baging\s+(?:wip|work|cards)\b"
_COUNTED = rf"\b({lang.NUMBER})\s+(?:more\s+|remaining\s+|open\s+|other\s+|left\s+)?(?:items?|cards?|stor(?:y|ies)|tasks?|tickets?)\b"


def read_report(text: str, plain: str, _today: dt.date) -> Intent | None:
    if re.search(_WRITES, plain):
        return None
    if re.search(r"\bforecast\b", plain) or (re.search(r"\bwhen\s+(?:will|would|could|can)\b", plain)
                                             and re.search(_COUNTED, plain)):
        return _forecast(plain)
    if _occasion_only(plain):
        return None
    if re.search(REPORT, plain):
        return Intent("get_sprint_report", refs=_sprint_ref(text, re.sub(REPORT, "", plain)))
    # "quick one before standup: I need a fresh space …": the meeting says when, not what
    if re.search(STANDUP, re.sub(_BEFORE_A_MEETING, " ", plain)):
        return Intent("get_standup_digest")
    if re.search(FLOW, plain) and not re.search(r"\bflow\b", plain) or re.search(r"\b(?:our|the)\s+flow\b|\bflow\s+metrics\b", plain):
        return Intent("get_flow_metrics")
    return None


_BEFORE_A_MEETING = r"\b(?:before|after|during|ahead\s+of|till|until)\s+(?:the\s+|our\s+|today'?s\s+|tomorrow'?s\s+)?(?:daily\s+)?stand-?\s*ups?\b"
# "about to run standup, pull up the whole board", "for the sprint review, the items in this sprint":
# the meeting is when, the board or the items are what to show.
_A_VIEW = (r"\b(?:board|kanban|columns?|backlog|items?|stor(?:y|ies)|cards?|tickets?)\b|"
           r"\bwhat(?:'s|\s+is|\s+are)?\s+(?:still\s+)?(?:sitting\s+|waiting\s+|left\s+|stuck\s+)?in\b")


def _occasion_only(plain: str) -> bool:
    said = re.sub(rf"{STANDUP}|{REPORT}|\bsprint\s+review\b", " ", plain)
    return said != plain and re.search(SHOW, said) is not None and re.search(_A_VIEW, said) is not None


def _forecast(plain: str) -> Intent:
    intent = Intent("forecast_completion")
    counted = re.search(_COUNTED, plain) or re.search(rf"\bforecast\s+(?:for\s+)?({lang.NUMBER})\b", plain)
    count = lang.to_number(counted.group(1)) if counted else None
    if count is None or count < 1:
        intent.missing.append("items")
    else:
        intent.args["items"] = count
    weeks = re.search(rf"\b(?:last|past)\s+({lang.NUMBER})\s+weeks?\b", plain)
    if weeks and (n := lang.to_number(weeks.group(1))):
        intent.args["weeks"] = n
    return intent
