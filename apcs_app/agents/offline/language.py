"""Reading ordinary phrasing: quoted text, numbers in words, priorities, dates, durations."""

from __future__ import annotations

import datetime as dt
import re

from rapidfuzz import fuzz, process
from word2number import w2n

# A quote opens after a start, space or bracket and closes before an end, space or
# punctuation, so apostrophes inside words ("What's", "We're") are not quotes.
QUOTED = re.compile(r"""(?:(?<=^)|(?<=[\s(:\[]))(?:"([^"]+)"|'([^']+)'|“([^”]+)”|‘([^’]+)’|`([^`]+)`)(?=$|[\s.,;:!?)\]])""")

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred"
).split()
NUMBER = r"(?:\d+|(?:(?:%s)(?:[\s-]+(?:%s))*)|an?)" % ("|".join(_NUMBER_WORDS), "|".join(_NUMBER_WORDS))

PRIORITY_WORDS = {
    "low": "LOW", "lowest": "LOW", "minor": "LOW", "trivial": "LOW",
    "medium": "MEDIUM", "normal": "MEDIUM", "moderate": "MEDIUM",
    "high": "HIGH", "major": "HIGH", "important": "HIGH",
    "critical": "CRITICAL", "urgent": "CRITICAL", "blocker": "CRITICAL", "highest": "CRITICAL", "asap": "CRITICAL",
}
STATUS_WORDS = {
    "in progress": "IN_PROGRESS", "in-progress": "IN_PROGRESS", "in_progress": "IN_PROGRESS", "started": "IN_PROGRESS",
    "doing": "IN_PROGRESS", "wip": "IN_PROGRESS",
    "done": "DONE", "complete": "DONE", "completed": "DONE", "finished": "DONE", "closed": "DONE",
    "todo": "TODO", "to do": "TODO", "to-do": "TODO", "open": "TODO", "not started": "TODO",
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def quoted(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None).strip() for m in QUOTED.finditer(text)]


def quoted_spans(text: str) -> list[tuple[int, str]]:
    """(where the quote opens, its text) for each quoted span."""
    return [(m.start(), next(g for g in m.groups() if g is not None).strip()) for m in QUOTED.finditer(text)]


def without_quotes(text: str) -> str:
    """The text with quoted spans blanked (same length, so positions still match the text),
    so that words inside a title are not read as options."""
    return QUOTED.sub(lambda m: "\x00" * len(m.group(0)), text)


def to_number(words: str) -> int | None:
    words = words.strip().lower()
    if words.isdigit():
        return int(words)
    if words in ("a", "an"):
        return 1
    try:
        return w2n.word_to_num(words.replace("-", " "))
    except ValueError:
        return None


def find_priority(text: str) -> str | None:
    """A priority named in the text: 'high priority', 'priority: low', or a bare 'critical'."""
    lowered = without_quotes(text).lower()
    for word, value in PRIORITY_WORDS.items():
        if re.search(rf"\b{word}\b", lowered):
            return value
    return None


# Between a field's word and its quoted value: "description: 'X'", "for the description, put 'X'",
# "the description should say 'X'", "description to read 'X'".
VALUE_CUE = (r"[\s:=,]*(?:(?:is|of|as|put|write|say|says|read|reads|should|would|will|could|be|to|it|just|"
             r"please|use|set|now|then|like|something)\b[\s:=,]*){0,4}")


def quoted_after(keyword: str, text: str) -> str | None:
    """The quoted words right after a keyword: "with the description 'X'", "described as "X"."."""
    match = re.search(rf"\b(?:{keyword})\b{VALUE_CUE}(['\"“‘])", text, flags=re.I)
    if not match:
        return None
    found = quoted(text[match.end() - 1:])
    return found[0] if found else None


def find_priorities(text: str) -> set[str]:
    """Every priority the text names: more than one is a contradiction to ask about."""
    lowered = without_quotes(text).lower()
    return {value for word, value in PRIORITY_WORDS.items() if re.search(rf"\b{word}\b", lowered)}


def find_methodology(text: str) -> str | None:
    lowered = without_quotes(text).lower()
    found = {m.upper() for m in re.findall(r"\b(scrum|kanban)\b", lowered)}
    # How the team works tells it too; "kanban but with two-week sprints" says both, so it is asked.
    if re.search(_NO_SPRINTS, lowered):
        found.add("KANBAN")
    elif re.search(_SPRINTS, lowered):
        found.add("SCRUM")
    return found.pop() if len(found) == 1 else None


_NO_SPRINTS = (r"\b(?:no|without|never)\s+(?:\w+[\s-]+)?(?:sprints|iterations)\b|\bcontinuous[\s-]+flow\b|\bflow[\s-]based\b|"
               r"\b(?:don'?t|do\s+not|doesn'?t|does\s+not|won'?t|will\s+not|hate|dislike|can'?t\s+stand)\s+(?:\w+[\s-]+){0,2}?(?:sprints|iterations)\b")
_SPRINTS = (r"\b(?:in|with|uses?|using|runs?|running|works?\s+in|do|does|doing|plans?\s+in)\s+(?:\w+[\s-]+){0,3}(?:sprints|iterations)\b|"
            r"\b(?:\w+[\s-]+)?(?:week|weekly|fortnightly)[\s-]+(?:sprints|iterations)\b|"
            r"\bsprint[\s-](?:based|driven|cadence|planning|backlogs?|reviews?|goals?)\b|\btime[\s-]?boxed\b")


def find_points(text: str) -> int | float | None:
    """Story points: '8 story points', 'five points', 'worth 3', 'estimate 5', '13 pts'. A part of a
    point ('0.5 pts') is returned as said, so it is refused as off the scale, never read as 5."""
    lowered = without_quotes(text).lower()
    fraction = re.search(r"(?<![\w.,])(\d*[.,]\d+)\s*(?:story[\s-]*)?(?:points?|pts?|sp)\b|"
                         r"\b(?:worth|estimated?\s+(?:at|as)?|points?\s*(?:of|:|=|to)?)\s*(\d*[.,]\d+)(?![\w.,])", lowered)
    if fraction:
        return float((fraction.group(1) or fraction.group(2)).replace(",", "."))
    patterns = (
        rf"\b({NUMBER})[\s-]*(?:story[\s-]*)?(?:points?|pointers?|pts?|sp)\b",
        rf"\b(?:worth|estimated?\s+(?:at|as)?|estimate\s+of|points?\s*(?:of|:|=)?)\s*({NUMBER})\b",
    )
    for pattern in patterns:
        match = re.search(pattern, lowered)
        if match:
            value = to_number(match.group(1))
            if value is not None:
                return value
    return None


def undecided_points(text: str) -> bool:
    """"5 points, or maybe 8, not sure", "3 points... no, 5... maybe 8?": more than one estimate,
    said with a doubt or a change of mind. Which one to set is the user's call."""
    lowered = without_quotes(text).lower()
    values = {to_number(n) for n in re.findall(rf"\b({NUMBER})\b", lowered) if n not in ("a", "an")} - {None}
    return len(values & {1, 2, 3, 5, 8, 13, 21}) > 1 and re.search(
        r"\bor\b|\bmaybe\b|\bperhaps\b|\bnot\s+sure\b|\bno\s*,|\bactually\b|\bunsure\b|\bdunno\b|\?", lowered) is not None


def find_status(text: str) -> str | None:
    lowered = without_quotes(text).lower()
    for phrase in sorted(STATUS_WORDS, key=len, reverse=True):
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", lowered):
            return STATUS_WORDS[phrase]
    return None


def two_statuses(text: str) -> tuple[str, str] | None:
    """"Mark it done. Also set its status to in progress": two statuses for one change, with no
    word that says which replaces which ("instead of", "from … to", "no longer"). Words that are
    also verbs ("open", "started") are left out."""
    lowered = without_quotes(text).lower()
    if re.search(r"\b(?:instead|rather|from|no\s+longer|not|anymore|back|was|were|still)\b", lowered):
        return None
    found: dict[str, int] = {}  # status → where it is first said
    for phrase in sorted(STATUS_WORDS, key=len, reverse=True):
        if phrase in ("open", "started"):
            continue
        pattern = rf"(?<![\w-]){re.escape(phrase)}(?![\w-])"
        for match in re.finditer(pattern, lowered):
            found[STATUS_WORDS[phrase]] = min(found.get(STATUS_WORDS[phrase], match.start()), match.start())
        lowered = re.sub(pattern, lambda m: " " * len(m.group(0)), lowered)
    said = sorted(found, key=found.get)
    return (said[0], said[1]) if len(said) == 2 else None


def find_position(text: str) -> int | None:
    """'at position 3', 'as the 2nd column', 'in third place', 'put it first', 'at the start'."""
    lowered = text.lower()
    ordinals = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
    match = re.search(r"\b(%s|\d+)(?:st|nd|rd|th)?\s+(?:\w+\s+)?from\s+the\s+(?:left|start|beginning)\b" % "|".join(ordinals), lowered)
    if match:  # "second from the left"; from the right needs the board (column_place)
        return ordinals.get(match.group(1)) or int(match.group(1))
    if re.search(r"\bfrom\s+the\s+(?:right|end)\b", lowered):
        return None
    match = re.search(rf"\b(?:position|place|slot|order|index)\s*(?:#|number|no\.?)?\s*({NUMBER})\b", lowered)
    if match:
        return to_number(match.group(1))
    match = re.search(r"\b(\d+)(?:st|nd|rd|th)\b", lowered)
    if match:
        return int(match.group(1))
    match = re.search(r"\b(%s)\b\s+(?:column|position|place|spot|slot)" % "|".join(ordinals), lowered) or re.search(
        r"\b(?:put|make|place|set|have|move)\s+(?:it|this|that)\s+(?:the\s+)?(%s)\b" % "|".join(ordinals), lowered)
    if match:
        return ordinals[match.group(1)]
    if re.search(r"\b(?:at|to)\s+the\s+(?:very\s+)?(?:start|beginning|front|left)\b|\bleftmost\b", lowered):
        return 1
    return None


_ORDINALS = {"first": 0, "1st": 0, "leftmost": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
             "fifth": 4, "5th": 4, "last": -1, "final": -1, "rightmost": -1}


def ordinal_place(text: str) -> int | None:
    """'the first column', 'last lane', 'second one': the place counted from the left (0) or,
    negative, from the right (-1 is the last)."""
    match = re.fullmatch(r"\s*(?:the\s+)?(?:very\s+)?(%s)(?:\s+(?:column|one))?(?:\s+(?:on|of)\s+the\s+board)?\s*[.!?]*" % "|".join(_ORDINALS),
                         text.lower())
    return _ORDINALS[match.group(1)] if match else None


_END = r"\b(?:at\s+the\s+(?:very\s+)?end|(?:on\s+|at\s+)?the\s+(?:far\s+)?right|far\s+right|rightmost|last(?!\s+(?:week|sprint|month))|very\s+end)\b"
_START = r"\b(?:at\s+the\s+(?:very\s+)?(?:start|beginning|front)|(?:on\s+|at\s+)?the\s+(?:far\s+)?left|far\s+left|leftmost|first)\b"
_FROM_RIGHT = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
PLACE_WORDS = r"\b(?:after|before|behind|ahead\s+of|first|last|end|right|left|start|beginning|front|between|position|pos|leftmost|rightmost)\b"


def column_place(text: str, columns: list[str]) -> int | None:
    """The 1-based position a new column goes to, said against the board's columns (in order):
    'right after To Do' → 2, 'after Done' (the last) → at the end, 'before Done', 'at the far right',
    'first'. None: no place is said, or none of these."""
    lowered = without_quotes(text).lower()
    counted = re.search(r"\b(%s|\d+)(?:st|nd|rd|th)?\s+(?:\w+\s+)?from\s+the\s+(?:right|end)\b" % "|".join(_FROM_RIGHT), lowered)
    if counted:  # the new column is then the Nth from the right of the longer board
        return len(columns) + 2 - (_FROM_RIGHT.get(counted.group(1)) or int(counted.group(1)))
    def pattern_of(name: str) -> str:
        return r"\s+".join(map(re.escape, name.lower().split()))
    names = "|".join(pattern_of(n) for n in sorted(columns, key=len, reverse=True))
    between = re.search(rf"\bbetween\s+(?:the\s+)?({names})\s+(?:and|&)\s+(?:the\s+)?({names})\b", lowered) if columns else None
    if between:  # two neighbours: the new column goes after the left one; others place nothing
        where = sorted(next(i for i, n in enumerate(columns) if re.fullmatch(pattern_of(n), g)) for g in between.groups())
        return where[0] + 2 if where[1] == where[0] + 1 else None
    for name in sorted(columns, key=len, reverse=True):
        index = columns.index(name)
        pattern = pattern_of(name)
        if re.search(rf"\b(?:after|behind|following|to\s+the\s+right\s+of)\s+(?:the\s+)?{pattern}\b", lowered):
            return index + 2
        if re.search(rf"\b(?:before|ahead\s+of|in\s+front\s+of|to\s+the\s+left\s+of|preceding)\s+(?:the\s+)?{pattern}\b", lowered):
            return index + 1
    if re.search(_END, lowered):
        return len(columns) + 1
    if re.search(_START, lowered):
        return 1
    return None


# ---------------------------------------------------------------- dates


def next_weekday(today: dt.date, weekday: int) -> dt.date:
    """The first such weekday strictly after today ('next Monday' said on a Monday is in 7 days)."""
    return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def shift(day: dt.date, days: int) -> dt.date | None:
    """`day` plus `days`, or None past the end of the calendar ("in 99999999 days", or 14 days
    after 9999-12-25): no date at all, so the agent asks again (an out-of-range date that does
    exist goes to the tool, whose rule says which dates are accepted)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def parse_date(phrase: str, today: dt.date) -> dt.date | None:
    phrase = phrase.strip().lower().rstrip(".,;!?")
    iso = re.search(r"\b(\d{4}-\d{2}-\d{2})\b", phrase)
    if iso:
        try:
            return dt.date.fromisoformat(iso.group(1))
        except ValueError:
            return None
    # "4 weeks from now" before "now": the count decides the day, the anchor only where it counts from.
    # "a fortnight from today", "a week today" (British: that weekday a week on), "three weeks today"
    phrase = re.sub(r"\b(?:a\s+)?fortnight\b", "2 weeks", phrase)
    match = re.search(rf"\bin\s+({NUMBER})\s+(day|week)s?\b", phrase) or re.search(
        rf"\b({NUMBER})\s+(day|week)s?\s+(?:from\s+(?:today|now)|after\s+today|today)\b", phrase)
    if match and (n := to_number(match.group(1))) is not None:
        return shift(today, n * (7 if match.group(2) == "week" else 1))
    # "3 weeks from tomorrow", "ten days after next Monday": counted from another day
    counted = re.search(rf"\b({NUMBER})\s+(day|week)s?\s+(?:from|after)\s+(.+)$", phrase)
    if counted and (n := to_number(counted.group(1))) is not None and (anchor := parse_date(counted.group(3), today)):
        return shift(anchor, n * (7 if counted.group(2) == "week" else 1))
    if re.search(r"\btoday\b|\bnow\b|\bimmediately\b", phrase):
        return today
    if re.search(r"\bday\s+after\s+tomorrow\b", phrase):
        return today + dt.timedelta(days=2)
    if re.search(r"\btomorrow\b", phrase):
        return today + dt.timedelta(days=1)
    for index, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name[:3]}(?:{name[3:]})?\b", phrase):
            return next_weekday(today, index)
    if re.search(r"\bnext week\b", phrase):
        return next_weekday(today, 0)
    if not re.search(r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", phrase):
        return None
    import dateparser  # loaded only for spelled-out dates ("Jan 4", "4 February 2027")

    parsed = dateparser.parse(
        phrase, languages=["en"],
        settings={"RELATIVE_BASE": dt.datetime.combine(today, dt.time()), "PREFER_DATES_FROM": "future",
                  "REQUIRE_PARTS": ["day", "month"]},
    )
    return parsed.date() if parsed else None


def find_duration_days(text: str) -> int | None:
    """'2-week', 'two weeks', 'one week long', '10 days', 'a fortnight'."""
    lowered = re.sub(r"\b(?:a\s+)?couple\s+(?:of\s+)?", "two ", text.lower())
    if "fortnight" in lowered:
        return 14
    # "in 10 days" is when it starts, not how long it runs.
    match = re.search(rf"(?<!\bin\s)(?<!\bin\san\s)(?<!\bin\sa\s)\b({NUMBER})[\s-]*(weeks?|wks?|days?)\b(?!\s+(?:from|after|before|ago))", lowered)
    if not match:
        return None
    count = to_number(match.group(1))
    if count is None:
        return None
    return count * (7 if match.group(2).startswith("w") else 1)


# ---------------------------------------------------------------- matching names


def best_match(wanted: str, choices: dict[int, str], cutoff: float = 80, loose: bool = True) -> tuple[list[int], bool]:
    """Ids whose name matches `wanted`: exact (case-insensitive) first, then names holding every
    word typed, then (when `loose`) acronyms and fuzzy matches.

    Returns (ids, exact). Several ids means the user must choose."""
    key = " ".join(wanted.casefold().split())
    exact = [i for i, name in choices.items() if " ".join(name.casefold().split()) == key]
    if exact:
        return exact, True
    numbers = set(re.findall(r"\d+", key))
    if numbers:  # "Sprint 3" is not "Sprint 1": numbers typed must be in the name
        choices = {i: n for i, n in choices.items() if numbers <= set(re.findall(r"\d+", n))}
    words = set(re.findall(r"[a-z0-9]+", key))
    containing = [i for i, name in choices.items() if words and words <= set(re.findall(r"[a-z0-9]+", name.casefold()))]
    if containing or not loose:  # every word typed is in the name: these, and only these, are candidates
        return containing, False
    if re.fullmatch(r"[a-z0-9]{2,6}", key):  # an acronym: "sso" → "Single sign-on (SAML)"
        initials = [i for i, name in choices.items() if "".join(w[0] for w in re.findall(r"[a-z0-9]+", name.casefold())).startswith(key)]
        if initials:
            return initials, False
    scored = process.extract(key, {i: n.casefold() for i, n in choices.items()}, scorer=fuzz.WRatio, limit=None,
                             score_cutoff=cutoff)
    if not scored:
        return [], False
    top = scored[0][1]
    return [i for _, score, i in scored if score >= top - 3], False
