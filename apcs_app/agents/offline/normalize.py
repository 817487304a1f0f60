"""From how people phrase a request to the plain command the readers know: politeness and
filler off, command words' typos fixed, and statements and questions about a named thing
("X is now high priority", "Can Bob take X?", "X → Done") said as commands.

Runs on the text with titles masked (names.py), so none of this touches what a title says."""

from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import OSA

from apcs_app.agents.offline.language import STATUS_WORDS

from apcs_app.agents.offline.vocabulary import (
    COMMAND_WORDS,
    DONE_WORDS,
    MODAL,
    POLITE_LEAD,
    POLITE_TAIL,
    PRIORITY,
    SHORTHAND,
    TAKES,
    TIME_TAIL,
    WISH,
)

_NAME = r"\ue000\d+\ue001"
_THING = rf"(?:the\s+)?({_NAME}|['\"“‘][^'\"”’]+['\"”’])(?:\s+(?:task|card|story|item|ticket|bug))?"


def normalize(text: str, members: list[str] = ()) -> str:
    text = " ".join(text.replace("’", "'").split())
    text = re.sub(rf"^{POLITE_LEAD}", "", text, flags=re.I)
    text = re.sub(WISH, "add ", text, count=1, flags=re.I)
    text = re.sub(TIME_TAIL, "", text, flags=re.I) or text
    text = re.sub(POLITE_TAIL, "", text, flags=re.I) or text
    text = _fix_typos(text)
    return _as_command(text, members)


def command_word(word: str, first: bool = True) -> str | None:
    """The command word `word` is, or is a slip of ("moev", "prioirty", "backlgo"); None for any
    other word. A capitalised word after the first (`first` False) is a name, never a slip."""
    lowered = word.lower()
    if lowered in COMMAND_WORDS:
        return lowered
    if lowered in SHORTHAND:
        return SHORTHAND[lowered]
    if len(lowered) < 4 or not lowered.isalpha() or (word[0].isupper() and not first):
        return None
    # Optimal string alignment counts a swap of two letters ("moev") as one slip.
    best = process.extractOne(lowered, COMMAND_WORDS, scorer=OSA.normalized_similarity, score_cutoff=0.74)
    # "reviews", "boarding": a word built on a command word is another word, not a slip.
    if best is None or best[0][0] != lowered[0] or abs(len(best[0]) - len(lowered)) > 2 or lowered.startswith(best[0]):
        return None
    swapped = sorted(lowered) == sorted(best[0])
    if len(lowered) <= 5 and best[1] < 0.79 and not swapped:
        return None
    # Four letters leave no room for a changed letter ("mode" is no "move"), only a swap ("moev")
    # or a dropped one ("bord").
    if len(lowered) == 4 and not swapped and not _dropped_one(lowered, best[0]):
        return None
    return best[0]


def _dropped_one(typed: str, word: str) -> bool:
    return len(word) == len(typed) + 1 and any(word[:i] + word[i + 1:] == typed for i in range(len(word)))


def _fix_typos(text: str) -> str:
    """A misspelt command word becomes the word; anything quoted or masked, and any word close to
    no command word, stays as typed."""
    def fix(match: re.Match) -> str:
        word = match.group(0)
        fixed = command_word(word, first=match.start() == 0)
        return word if fixed is None or fixed == word.lower() else fixed
    parts = re.split(r"""(['"“‘][^'"”’]*['"”’]|\ue000\d+\ue001)""", text)
    return "".join(p if i % 2 else re.sub(r"[A-Za-z]+", fix, p) for i, p in enumerate(parts))


def _as_command(text: str, members: list[str]) -> str:
    body = text.rstrip(" .!?")
    people = "|".join(re.escape(m) for m in sorted(members, key=len, reverse=True) if m) or r"(?!x)x"
    status = "|".join(re.escape(w) for w in sorted(STATUS_WORDS, key=len, reverse=True))
    rewrites = (
        # "X += Y", "sprint += X"
        (r"^(.+?)\s*\+=\s*(.+)$", r"add \2 to the \1"),
        # "X: done", "X is in progress now", "X - started"
        (rf"^{_THING}\s*(?::|-|–|is|are|'s|has\s+been|got|was)\s+(?:now\s+|finally\s+|all\s+)?(?:marked\s+(?:as\s+)?)?({status})(?:\s+now)?$",
         r"mark \1 \2"),
        (rf"^{_THING}\s*:\s*({status})$", r"mark \1 \2"),
        # "X: 8 points", "X - high priority"
        (rf"^{_THING}\s*(?::|-|–|=)\s*(\d+|[a-z-]+)\s*(?:story\s+)?(?:points?|pts|sp)$", r"estimate \1 at \2 points"),
        (rf"^{_THING}\s*(?::|-|–|=)\s*({PRIORITY})(?:\s+priority)?$", r"set the priority of \1 to \2"),
        # "Kindly hand X over to Bob", "put me on X", "give him X"
        (rf"^(?:hand|pass)\s+{_THING}\s+over\s+to\s+(.+)$", r"assign \1 to \2"),
        (rf"^(?:put|sign)\s+({people}|me)\s+(?:up\s+)?(?:on|for)\s+{_THING}$", r"assign \2 to \1"),
        (rf"^(?:give|hand)\s+({people}|me|him|her|them)\s+{_THING}$", r"assign \2 to \1"),
        # "X is now high priority", "X should be critical"
        (rf"^{_THING}\s+(?:is|are|'s|should\s+be|needs\s+to\s+be|becomes?)\s+(?:now\s+)?(?:an?\s+)?({PRIORITY})(?:\s+priority)?(?:\s+now)?$",
         r"set the priority of \1 to \2"),
        # "X is worth 5 points", "X is an 8"
        (rf"^{_THING}\s+(?:is|are|'s|should\s+be)\s+(?:now\s+)?(?:worth\s+|estimated\s+at\s+|an?\s+)?(\d+|[a-z-]+)\s*(?:story\s+)?(?:points?|pts|sp)$",
         r"estimate \1 at \2 points"),
        # "X is done" / "X has been finished"
        (rf"^{_THING}\s+(?:is|are|'s|has\s+been|have\s+been|was|got)\s+(?:now\s+|finally\s+|all\s+)?{DONE_WORDS}$",
         r"mark \1 done"),
        # "Bob should work on X", "Can Bob take X", "Bob will handle X"
        (rf"^(?:{MODAL}\s+)?({people}|me|i)\s+(?:{MODAL}\s+)?{TAKES}\s+{_THING}$", r"assign \2 to \1"),
        (rf"^(?:{MODAL})\s+({people}|me|i)\s+{TAKES}\s+{_THING}$", r"assign \2 to \1"),
        # "X → Done", "X -> In Progress"
        (rf"^{_THING}\s*(?:->|→|=>|>)\s*({people}|me)$", r"assign \1 to \2"),
        (rf"^{_THING}\s*(?:->|→|=>|>)\s*(.+)$", r"move \1 to \2"),
    )
    for pattern, command in rewrites:
        rewritten, count = re.subn(pattern, command, body, flags=re.I)
        if count:
            return re.sub(r"\bto (?:i|me)$", "to me", rewritten)
    return text
