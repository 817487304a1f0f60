"""When a new sprint runs, from the date phrases of a message and the words before each.

Every phrase that names a day ("tomorrow", "in 9 days", "Jan 4", "Christmas Eve", "2027-01-15")
is found first; the cue before it says whether it is the start ("from", "starting", "start it")
or the end ("until", "ending", "end it in 16 days", "through"). A day with no cue is the start
when none was said yet, else the end. A length ("for two weeks", "2 wks", "one week long") is any
count of days or weeks that is no day and not time left ("about a week left"); one said with
"for", "lasting" or "long" wins over a bare one. A day said relative to today is a guess the
user sees before the sprint is made, and a start, end and length that disagree are asked about.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from apcs_app.agents.offline import language as lang
from apcs_app.domain import MAX_SPRINT_DAYS

_N = lang.NUMBER
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY_NUMBER = r"\d{1,2}(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
_HOLIDAYS = {r"christmas\s+eve": "12-24", r"christmas(?:\s+day)?|xmas": "12-25", r"new\s+year'?s\s+eve": "12-31",
             r"new\s+year'?s(?:\s+day)?": "01-01"}
_DAY = re.compile("|".join((
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b(?:the\s+)?day\s+after\s+tomorrow\b",
    r"\b(?:today|tonight|tomorrow|now|right\s+away|immediately)\b",
    rf"\b(?:(?:next|this|coming|the\s+coming)\s+)?{_WEEKDAY}\b",
    r"\bnext\s+week\b",
    rf"\bin\s+(?:{_N})\s+(?:days?|weeks?|wks?)\b",
    rf"\b(?:{_N})\s+(?:days?|weeks?|wks?)\s+(?:from\s+(?:now|today)|after\s+today|out|today)\b",
    rf"\b(?:{_N})\s+(?:days?|weeks?|wks?)\s+(?:from|after)\s+(?:tomorrow|next\s+week|(?:next\s+|this\s+|the\s+coming\s+)?{_WEEKDAY})\b",
    r"\b(?:a\s+)?fortnight\s+(?:from\s+(?:now|today)|after\s+today|today)\b",
    rf"\b{_MONTH}\s+{_DAY_NUMBER}\b(?:,?\s+\d{{4}}\b)?",
    rf"\b(?:the\s+)?{_DAY_NUMBER}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}}\b)?",
    *(rf"\b(?:{holiday})\b" for holiday in _HOLIDAYS),
)), re.I)
_START_CUE = re.compile(r"\b(?:start(?:s|ing|ed)?(?:\s+it)?|begin(?:s|ning)?(?:\s+it)?|from|kick(?:s|ing)?\s+(?:it\s+)?off|"
                        r"commenc\w*|as\s+of|opens?|running\s+from|runs\s+from|go(?:es)?\s+live)\b", re.I)
_END_CUE = re.compile(r"(?:\b(?:end(?:s|ing|ed)?(?:\s+it)?|until|till|til|through|thru|to|finish(?:es|ing)?(?:\s+it)?|"
                      r"due|wrap(?:s|ping)?\s+(?:it\s+)?up|clos(?:e|es|ing)(?:\s+it)?|by|last\s+day(?:\s+is)?)\b|[-–—])", re.I)
_NOW = r"now|right\s+away|immediately|today|tonight"
_CUE_WINDOW = 4  # words before a day that may say what it is
_LENGTH = re.compile(rf"\b((?:{_N}|a\s+couple\s+of|a\s+couple|couple\s+of))[\s-]*(weeks?|wks?|days?)\b"
                     r"(?!\s+(?:from|before|ago|left|remaining|to\s+go|out)\b)"
                     # "ending 14 days after that": a length from the start; "3 days after Friday" is none
                     r"(?!\s+after\s+(?!(?:that|it\s+(?:starts|begins|kicks\s+off)|the\s+start|starting|kick-?off)\b))|\bfortnight\b", re.I)
_LENGTH_CUE = re.compile(r"\b(?:for|lasting|lasts|last|running|runs|run|length|long|duration)\s+(?:of\s+|about\s+|around\s+|just\s+)?$", re.I)


@dataclass
class SprintDates:
    start: dt.date | None = None
    end: dt.date | None = None
    days: int | None = None
    guesses: list[str] = field(default_factory=list)
    conflict: str | None = None  # what disagrees, to ask about


def said_days(plain: str) -> list[re.Match]:
    return list(_DAY.finditer(plain))


def read_dates(plain: str, today: dt.date) -> SprintDates:
    found = SprintDates()
    days = said_days(plain)
    said: list[tuple[dt.date, str | None, str]] = []  # each day, its cue, its words
    previous_end = 0
    for match in days:
        before = plain[previous_end:match.start()]
        previous_end = match.end()
        day = _day(match.group(0), today)
        if day is not None:
            said.append((day, _role(before), match.group(0)))
    # A day cued as the start wins over one said without a cue ("get it on the calendar now: it
    # should start in nine days"); an uncued "now" is when the user speaks, never the end.
    cued_start = any(role == "start" for _, role, _ in said)
    for day, role, phrase in said:
        if role == "start" or (role is None and found.start is None and not cued_start):
            if found.start is None:
                found.start = day
                _note_guess(found, "start", day, phrase)
        elif found.end is None and not (role is None and re.fullmatch(_NOW, phrase.strip(), flags=re.I)):
            found.end = day
            _note_guess(found, "end", day, phrase)
    found.days = _length(plain, [(m.start(), m.end()) for m in days])
    if found.start and found.end and found.days and (found.end - found.start).days != found.days:
        found.conflict = (f"you said it runs {found.start:%b %d} to {found.end:%b %d}, which is "
                          f"{(found.end - found.start).days} days, and also {found.days} days")
    if found.start and found.end and found.end <= found.start:
        found.conflict = f"the end ({found.end:%b %d}) is not after the start ({found.start:%b %d})"
    return found


def _role(before: str) -> str | None:
    """'start' or 'end' by the last cue among the few words right before a day, else None."""
    words = re.findall(r"[\w'-]+|[-–—]", before)[-_CUE_WINDOW:]
    window = " ".join(words)
    cues = [(m.end(), "start") for m in _START_CUE.finditer(window)] + [(m.end(), "end") for m in _END_CUE.finditer(window)]
    return max(cues)[1] if cues else None


def _day(phrase: str, today: dt.date) -> dt.date | None:
    lowered = phrase.lower()
    for holiday, month_day in _HOLIDAYS.items():
        if re.fullmatch(holiday, lowered):
            month, day = map(int, month_day.split("-"))
            candidate = dt.date(today.year, month, day)
            return candidate if candidate >= today else dt.date(today.year + 1, month, day)
    if re.fullmatch(r"right\s+away|immediately|tonight", lowered):
        return today
    return lang.parse_date(lowered, today)


def _note_guess(found: SprintDates, which: str, day: dt.date, phrase: str) -> None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", phrase.strip()):
        found.guesses.append(f"{which} {day:%a %b %d, %Y} (for '{phrase.strip()}')")


def _length(plain: str, taken: list[tuple[int, int]]) -> int | None:
    """The run's length in days: a count of days or weeks that is no day already read."""
    lengths = []
    for match in _LENGTH.finditer(plain):
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        if match.group(0).lower() == "fortnight":
            count, unit = 2, "week"
        else:
            words = re.sub(r"\b(?:a\s+)?couple(?:\s+of)?\b", "two", match.group(1).lower())
            count, unit = lang.to_number(words), match.group(2).lower()
        if count is None:
            continue
        cued = bool(_LENGTH_CUE.search(plain[max(0, match.start() - 20):match.start()])) or bool(
            re.match(r"\s*(?:long|in\s+length)\b", plain[match.end():]))
        lengths.append((cued, match.start(), count * (7 if unit.startswith("w") else 1)))
    if not lengths:
        return None
    cued = [length for length in lengths if length[0]]
    return (cued or lengths)[0][2] if cued else lengths[-1][2]


def too_long(start: dt.date, end: dt.date) -> str | None:
    """Why a sprint from `start` to `end` could not be planned (the service's own limit), asked
    before anything is called: "a six-week sprint" is a question, not a refused write."""
    days = (end - start).days
    if days <= MAX_SPRINT_DAYS:
        return None
    return (f"from {start:%b %-d} to {end:%b %-d, %Y} is {days} days, and a sprint lasts at most "
            f"{MAX_SPRINT_DAYS} days")
