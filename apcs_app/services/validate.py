"""Input checks shared by the services; each failure says how to fix the input.

`text()` is the one gate every piece of user-written text passes (titles, names,
descriptions, goals — whatever the UI, the HTTP API, an agent or an import sends). What it
does with each class of character, and why:

- **NUL and other control characters (Unicode Cc: C0, DEL, C1) — removed.** They are never
  meaningful in a title or a description; they come from pasted terminal output or binary
  junk, PostgreSQL refuses NUL outright, and ESC sequences could restyle a terminal that
  prints the audit log. Removing them loses nothing a person meant. Long text (descriptions,
  goals) keeps newline and tab; CR LF / CR become newline. Short text is one line: every run
  of whitespace (newlines and tabs included) becomes one space.
- **Bidi embedding / override / isolate controls (U+202A–U+202E, U+2066–U+2069) — removed.**
  They reorder what is *displayed* without changing what is stored ("Trojan Source"), so a
  title can read differently to a person, to the audit log and to an agent. Arabic and
  Hebrew text never needs them (the Unicode bidi algorithm orders letters by itself), so
  removing them keeps the visible characters and drops only the trick; refusing would make
  honest pasted text fail for no visible reason. The weak marks LRM, RLM and ALM
  (U+200E, U+200F, U+061C) are kept inside text: they only affect neighbouring punctuation,
  cannot reorder a run, and mixed-direction text legitimately uses them.
- **Invisible characters with no place in text — removed**: zero-width space U+200B,
  word joiner U+2060, BOM / zero-width no-break space U+FEFF, Mongolian vowel separator
  U+180E, invisible math operators U+2061–U+2064, deprecated format controls
  U+206A–U+206F, interlinear annotation controls U+FFF9–U+FFFB, and Unicode tag characters
  (U+E0000–U+E007F) except inside an emoji tag sequence (the flags of England, Scotland,
  Wales): tags are invisible on screen but read by language models, a known way to smuggle
  instructions to the agents. Removing these also stops "To\u200bDo" posing as "To Do".
- **Zero-width joiner / non-joiner (U+200C, U+200D) and soft hyphen — kept inside text**:
  ZWJ builds emoji sequences (👩‍💻) and ZWNJ is part of Persian and Indic spelling.
  At the edges of a text they mean nothing and are trimmed like whitespace.
- **Lone surrogates — removed.** They are not characters (only broken UTF-16 or a JSON
  "\\ud800" escape produces them) and cannot be stored as UTF-8.
- **Text that is empty once cleaned — counts as empty**: text made only of whitespace,
  format characters (Cf) and blank-looking fillers (Hangul fillers, braille blank) is
  refused when required ("cannot be empty") and stored as nothing when optional. A name
  nobody can see is a name nobody can pick.
- **Normalisation — NFC**, after cleaning, so "Café" typed with a combining accent and
  with a precomposed é is the same name (unique column names compare equal) and lengths
  are counted in what people see as characters.

Length is checked on the cleaned text. No message ever quotes a long input back: text
messages quote lengths, other messages at most a short prefix (`_quote`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from apcs_app.domain import FIBONACCI_POINTS, InvalidError

# Integers go into 32-bit database columns (ids, positions, WIP limits): anything larger is
# not a sane value and would be a database error, so it is refused here with a clear message.
MAX_INT = 2**31 - 1
_QUOTE_LEN = 60

_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_REMOVED = (
    "\u200b\u2060\ufeff\u180e\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d\u206e\u206f"
    "\ufff9\ufffa\ufffb"
)
# Trimmed at the edges with the whitespace (meaningless there), kept inside text.
_EDGE = "\u200c\u200d\u200e\u200f\u061c\u00ad\u034f"
# Letters or symbols that render as nothing: text made only of them is empty.
_BLANK_LOOKING = "\u3164\u115f\u1160\uffa0\u2800"

_STRIP = re.compile(
    "[" + re.escape(_BIDI_CONTROLS + _REMOVED) + "\ud800-\udfff]"
    # C0 and C1 controls and DEL, except tab and newline (handled by the callers below)
    "|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
# A run of tag characters, with the black flag that may start an emoji tag sequence.
_TAGS = re.compile("(\U0001f3f4?)([\U000e0000-\U000e007f]+)")
_FLAG_TAGS = re.compile("[\U000e0030-\U000e0039\U000e0061-\U000e007a]{1,6}\U000e007f")
_EDGE_CHARS = _EDGE + _REMOVED + _BLANK_LOOKING


def _keep_flags(match: re.Match) -> str:
    flag, tags = match.groups()
    return flag + tags if flag and _FLAG_TAGS.fullmatch(tags) else flag


def _clean(value: str, multiline: bool) -> str:
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x85", "\n")
        value = value.replace("\u2028", "\n").replace("\u2029", "\n")
    value = _TAGS.sub(_keep_flags, _STRIP.sub("", value))
    value = unicodedata.normalize("NFC", value)
    if multiline:
        value = value.strip()
    else:
        value = " ".join(value.split())
    while value and (value[0] in _EDGE_CHARS or value[0].isspace()):
        value = value[1:]
    while value and (value[-1] in _EDGE_CHARS or value[-1].isspace()):
        value = value[:-1]
    if all(c.isspace() or c in _BLANK_LOOKING or unicodedata.category(c) in ("Cf", "Cc", "Zs", "Zl", "Zp")
           for c in value):
        return ""
    return value


def text(value: Any, what: str, *, max_len: int, required: bool = True) -> str | None:
    """The cleaned text (see the module docstring), None for an empty optional text."""
    if value is None:
        if required:
            raise InvalidError(f"{what} is required.")
        return None
    if not isinstance(value, str):
        raise InvalidError(f"{what} must be text; got {type(value).__name__}.")
    cleaned = _clean(value, multiline=max_len > 200)
    if not cleaned:
        if required:
            raise InvalidError(f"{what} cannot be empty.")
        return None
    if len(cleaned) > max_len:
        raise InvalidError(f"{what} is {len(cleaned)} characters long; the limit is {max_len}.")
    return cleaned


def _quote(value: Any) -> str:
    """repr() of a user's input, cut to a short prefix: messages never echo a huge input."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**_QUOTE_LEN:
        return f"a number of about {int(abs(value).bit_length() * 0.30103) + 1} digits"
    if isinstance(value, str) and len(value) > _QUOTE_LEN:
        return repr(value[:_QUOTE_LEN]) + f"… ({len(value)} characters)"
    shown = repr(value)
    return shown if len(shown) <= _QUOTE_LEN + 2 else shown[:_QUOTE_LEN] + "…"


def excerpt(value: Any) -> str:
    """A user's text as an error message may quote it: cleaned like a short text (no bidi
    controls to reorder the message) and cut to a short prefix."""
    shown = _clean(str(value), multiline=False)
    return shown if len(shown) <= _QUOTE_LEN else shown[:_QUOTE_LEN] + "…"


def ref_id(value: Any) -> int | None:
    """The id a reference like "12" names, or None if it is not one (then it is a
    name). Only ASCII digits: "²".isdigit() is true but int("²") fails, and a 5,000-digit
    string is nobody's id (int() refuses it)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def story_points(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidError("Story points must be a number on the Fibonacci scale.")
    try:
        points = int(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidError(f"Story points must be one of {_scale()}; got {_quote(value)}.") from None
    if points != value and not (isinstance(value, str) and value.strip().isdigit()):
        raise InvalidError(f"Story points must be one of {_scale()}; got {_quote(value)}.")
    if points not in FIBONACCI_POINTS:
        if not 0 <= points <= 10 * FIBONACCI_POINTS[-1]:
            raise InvalidError(f"Story points must be on the Fibonacci scale ({_scale()}); {_quote(points)} is not.")
        nearest = min(FIBONACCI_POINTS, key=lambda p: (abs(p - points), p))
        raise InvalidError(
            f"Story points must be on the Fibonacci scale ({_scale()}); {points} is not. "
            f"The nearest value is {nearest}."
        )
    return points


def _scale() -> str:
    return ", ".join(str(p) for p in FIBONACCI_POINTS)


def positive_int(
    value: Any, what: str, *, allow_none: bool = True, minimum: int = 1, maximum: int = MAX_INT
) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            raise InvalidError(f"{what} must be a whole number; got {_quote(value)}.") from None
    if value < minimum:
        raise InvalidError(f"{what} must be at least {minimum}; got {_quote(value)}.")
    if value > maximum:
        raise InvalidError(f"{what} must be at most {maximum}; got {_quote(value)}.")
    return value


# The dates anyone plans or records work on: beyond them a date is a typo or an attack (year
# 9999 sprints; 0001-01-01+05:00 overflows when converted to UTC).
EARLIEST_DAY, LATEST_DAY = dt.date(1970, 1, 1), dt.date(2100, 12, 31)


def day(value: dt.date, what: str) -> dt.date:
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        raise InvalidError(f"{what} is {value}; only dates from {EARLIEST_DAY} to {LATEST_DAY} are accepted.")
    return value


def moment(value: dt.datetime, what: str) -> dt.datetime:
    """An aware UTC time within the calendar (checked before the conversion, which could overflow)."""
    day(value.date(), what)
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def date(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return day(value.date(), what)
    if isinstance(value, dt.date):
        return day(value, what)
    if isinstance(value, str):
        try:
            parsed = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
        else:
            return day(parsed, what)
    raise InvalidError(f"{what} must be a date written as YYYY-MM-DD; got {_quote(value)}.")
