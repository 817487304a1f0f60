"""Clarifying questions, and reading the user's answer to one in the next turn.

Each question carries a fixed phrase, so the next turn can tell which argument was asked
for and fill it from the answer instead of reading the answer as a new request.
"""

from __future__ import annotations

import datetime as dt
import re

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents import Intent, Ref
from apcs_app.agents.offline.intents.phrases import NAMING, check_points, clean, named, stated_name
from apcs_app.agents.offline.intents.sprint_dates import read_dates, too_long

_MARKERS = {
    "methodology": "SCRUM or KANBAN workspace?",
    "name": "What should it be called?",
    "title": "What should the item be called?",
    "story_points": "Story points use the Fibonacci scale",
    "priority": "Which priority should it get: LOW, MEDIUM, HIGH or CRITICAL?",
    "status": "Which status should it get: TODO, IN_PROGRESS or DONE?",
    "start_date": "When should the sprint start?",
    "length": "How long should the sprint run",
    "item": "Which backlog item do you mean?",
    "task": "Which task do you mean?",
    "column": "Which column do you mean?",
    "member": "Who should I assign it to?",
    "space": "Which workspace do you mean?",
    "sprint": "Which sprint do you mean?",
    "items": "How many items should the forecast cover?",
    "comment": "What should the comment say?",
    "position": "Which position should the column move to?",
    "order": "Which position should the new column take?",
    "wip_limit": "What should the WIP limit be?",
    "confirm": "Shall I go ahead?",
    "duplicate": "Do you want a second story with the same title?",
}
_YES = re.compile(r"^\s*(?:y|yes|yep|yeah|sure|ok|okay|correct|right|confirm(?:ed)?|do\s+it|go\s+ahead|please\s+do)\b", re.I)


def ask(slot: str, intent: Intent, detail: str = "") -> str:
    """The question for a missing or ambiguous argument: what was found first, the question last."""
    lead = {
        "methodology": f"Before I create '{intent.args.get('name', 'the workspace')}': SCRUM suits sprint-based teams, "
                       "KANBAN continuous flow. Should it be a ",
        "story_points": f"{intent.note[0].upper() + intent.note[1:]}. " if intent.note else "",
        "priority": f"{intent.note[0].upper() + intent.note[1:]}. " if intent.note else "",
        "status": f"{intent.note[0].upper() + intent.note[1:]}. " if intent.note else "",
        "length": f"{intent.note[0].upper() + intent.note[1:]}. " if intent.note else "",
    }.get(slot, "")
    tail = {
        "story_points": " (1, 2, 3, 5, 8, 13, 21). How many points should it get?",
        "length": " (1–4 weeks is typical)?",
    }.get(slot, "")
    return (f"{detail} " if detail else "") + f"{lead}{_MARKERS[slot]}{tail}"


def asked_slot(reply: str) -> str | None:
    for slot, marker in _MARKERS.items():
        if marker in reply:
            return slot
    return None


_ONLY_ASSENT = (r"\W*(?:y|yes|yep|yeah|yup|sure|ok(?:ay)?|no|nope|nah|correct|right|fine|thanks|thank\s+you|"
                r"go\s+ahead|do\s+it|please)(?:\W+(?:please|thanks|do\s+it|go\s+ahead))*\W*")
_VALUES_AFTER = (rf"\s*[,;]\s*(?=(?:{lang.NUMBER})\s*(?:story\s+)?(?:points?|pts|sp)\b|(?:low|medium|normal|high|critical|urgent)\b|"
                 r"priority\b)|\s+worth\s")


def apply_answer(intent: Intent, slot: str, answer: str, today: dt.date, question: str = "") -> bool:
    """Fill `slot` of `intent` from the user's answer to `question`; False when it does not fill it."""
    if slot == "confirm":
        # Yes to the reading shown: the same words read against the same data give the same
        # values, now without asking again.
        intent.confirmed = bool(_YES.match(answer))
        return intent.confirmed
    if slot == "duplicate":  # yes: a second story of that title is what the user wants
        intent.twin_ok = bool(_YES.match(answer))
        return intent.twin_ok
    quotes = lang.quoted(answer)
    value = quotes[0] if quotes else clean(answer)
    if not value:
        return False
    if slot == "methodology":
        methodology = lang.find_methodology(answer)
        if methodology is None:
            return False
        intent.args["methodology"] = methodology
    elif slot in ("name", "title"):
        value = stated_name(answer) or value  # "Call it Vendor Onboarding": the name, not the words around it
        if not quotes and intent.tool == "create_backlog_item":
            value = re.split(_VALUES_AFTER, value, maxsplit=1, flags=re.I)[0].strip() or value  # "Webhook retries, high priority"
        if not quotes and re.fullmatch(_ONLY_ASSENT, answer, flags=re.I):
            return False  # "yes" to "What should it be called?" names nothing
        if len(value.split()) > 12 or (not quotes and re.search(r"\b(?:set|change|update|move|assign|show|list|create|add)\b", value, re.I)):
            return False  # a new request, not a name
        intent.args["title" if slot == "name" and intent.tool == "update_task" else slot] = value
        if intent.tool == "create_backlog_item":  # "Call it Custom fields, 8 points": the values said with it
            rest = answer.replace(value, " ")
            if "story_points" not in intent.args and (points := lang.find_points(rest)) is not None:
                intent.args["story_points"] = points
                check_points(intent, points)
            if "priority" not in intent.args and len(priorities := lang.find_priorities(rest)) == 1:
                intent.args["priority"] = priorities.pop()
    elif slot in ("priority", "status"):
        found = lang.find_priority(answer) if slot == "priority" else lang.find_status(answer)
        if found is None:
            return False
        intent.args["updates"][slot] = found
    elif slot == "story_points":
        points = lang.find_points(answer)
        if points is None:
            numbers = re.findall(lang.NUMBER, answer.lower())
            points = lang.to_number(numbers[0]) if numbers else None
        if points is None:
            return False
        target = intent.args["updates"] if intent.tool == "update_backlog_item" else intent.args
        target["story_points"] = points
        intent.note = None
        check_points(intent, points)
    elif slot == "comment":
        intent.args["text"] = quotes[0] if quotes else answer.strip()
    elif slot in ("position", "order", "wip_limit"):
        numbers = re.findall(r"\d+", answer) or [n for n in re.findall(lang.NUMBER, answer.lower()) if n not in ("a", "an")]
        count = lang.to_number(numbers[0]) if numbers else None
        if count is None:
            return False
        intent.args[slot] = count
    elif slot == "items":
        numbers = re.findall(lang.NUMBER, answer.lower())
        count = lang.to_number(numbers[0]) if numbers else None
        if not count:
            return False
        intent.args["items"] = count
    elif slot in ("start_date", "length"):
        return _apply_dates(intent, answer, today)
    else:
        kind = {"item": "item", "task": "task", "column": "column", "member": "member", "space": "space", "sprint": "sprint"}[slot]
        arg = {"item": "item_id" if intent.tool == "update_backlog_item" else "backlog_item_id", "task": "task_id",
               "column": "column_id", "member": "user_id", "space": "space_id", "sprint": "sprint_id"}[slot]
        ref = named(kind, value) or Ref(kind, text=value)
        intent.refs[arg] = ref
    while slot in intent.missing:
        intent.missing.remove(slot)
    _also_stated(intent, answer)
    return True


def _also_stated(intent: Intent, answer: str) -> None:
    """"Kanban, and name it DS Lab": an answer that states another missing value in so many
    words (a naming word, the method) gives that one too, so it is not asked again."""
    if intent.tool != "create_space":
        return
    if "name" in intent.missing and re.search(NAMING, answer, re.I) and (name := stated_name(answer)):
        intent.args["name"] = name
        intent.missing.remove("name")
    if "methodology" in intent.missing and (methodology := lang.find_methodology(answer)):
        intent.args["methodology"] = methodology
        intent.missing.remove("methodology")


def _apply_dates(intent: Intent, answer: str, today: dt.date) -> bool:
    """"tomorrow for two weeks", "until the 20th of December": the days and length the answer
    says, read as in the request (sprint_dates.py); what the request already had stays."""
    said = read_dates(answer.lower(), today)
    start = dt.date.fromisoformat(intent.args["start_date"]) if "start_date" in intent.args else None
    filled = False
    if start is None and said.start is not None:
        start = said.start
        intent.args["start_date"] = start.isoformat()
        intent.missing.remove("start_date")
        filled = True
    elif start is not None and said.end is None and said.start is not None and said.days is None:
        said.end = said.start  # asked how long: a lone day is when it ends ("until Friday")
    if start is not None and "end_date" not in intent.args:
        end = said.end if said.end is not None and said.end > start else (
            lang.shift(start, said.days) if said.days else None)
        if end is not None and too_long(start, end):
            intent.note = too_long(start, end)
            return True  # an answer, still too long: the same question again, saying why
        if end is not None:
            intent.args["end_date"] = end.isoformat()
            intent.note = None
            if "length" in intent.missing:
                intent.missing.remove("length")
            filled = True
    return filled


def answers_outright(said: str, slot: str | None) -> bool:
    """"Call it Custom fields on cards, 8 points" answers "What should it be called?", whatever
    the name holds ("cards" is no look at the board); "scrum, we'll run one-week sprints"
    answers "SCRUM or KANBAN?", whatever the rest says of sprints."""
    if slot == "methodology":
        return re.match(r"\W*(?:(?:ok(?:ay)?|sure|right|hmm|so|yes|yeah|let'?s\s+(?:go\s+with|do|make\s+it))\W+)*"
                        r"(?:(?:a|it'?s|it\s+is|make\s+it|go\s+with)\s+)?(?:scrum|kanban)\b", said, re.I) is not None
    return slot in ("title", "name") and re.match(r"\W*(?:(?:ok(?:ay)?|sure|right|hmm|so)\W+)*(?:let'?s\s+)?"
                                                  r"(?:call\s+it|name\s+it|title\s+it|it'?s\s+called|its\s+name\s+is|"
                                                  r"the\s+(?:name|title)\s+is|title\s*:|name\s*:)", said, re.I) is not None
