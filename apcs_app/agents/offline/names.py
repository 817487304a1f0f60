"""Names before keywords: the titles of items and tasks a message contains, found before any
verb or noun is read, so that the words inside a title ("Dashboard with sprint health",
"Mobile-friendly board") never decide what the user asked for.

A found title is replaced by a placeholder while the request is read; whatever slot the
placeholder lands in gets the thing it stands for. Exact titles (any case) are names the user
typed; a near miss ("Dashbord with sprint helth") is a guess, which a write confirms first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

OPEN, CLOSE = "\ue000", "\ue001"
PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")
ADDED = "\ue002"  # after a noun mask() added, so unmask() can take it away again
_WORD = re.compile(r"[\w'’-]+")
# A near miss must be this close (0–100) and long enough that a typo is the likely reason.
FUZZY_SCORE = 88
FUZZY_MIN_LENGTH = 8


@dataclass
class Catalog:
    """The titles this turn's read tools returned, by kind ("item", "task") and id."""

    titles: dict[str, dict[int, str]] = field(default_factory=dict)

    def add(self, kind: str, ident: int, title: str) -> None:
        self.titles.setdefault(kind, {})[ident] = title

    def names(self) -> dict[str, dict[str, list[int]]]:
        """title (casefolded) → kind → ids."""
        found: dict[str, dict[str, list[int]]] = {}
        for kind, titles in self.titles.items():
            for ident, title in titles.items():
                found.setdefault(_key(title), {}).setdefault(kind, []).append(ident)
        return found


@dataclass
class Span:
    start: int
    end: int
    title: str  # as the workspace spells it
    kinds: dict[str, list[int]]  # kind → ids with this title
    typed: str  # as the user typed it
    exact: bool


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def spot(text: str, catalog: Catalog, vocabulary: frozenset[str] = frozenset()) -> list[Span]:
    """Titles in `text`, longest first, none overlapping. Titles that are ordinary command words
    ("Done", "Bug") are left to the keyword readers."""
    # "Sprint 2" is read by the sprint words themselves; other sprint names are names.
    names = {k: v for k, v in catalog.names().items()
             if k not in vocabulary and len(k) >= 3 and not re.fullmatch(r"sprint\s*\d+", k)}
    taken: list[Span] = []
    folded = text.casefold()
    for name in sorted(names, key=len, reverse=True):
        pattern = r"\s+".join(re.escape(word) for word in name.split())
        for match in re.finditer(rf"(?<!\w){pattern}(?!\w)", folded):
            if not _overlaps(taken, match.start(), match.end()):
                taken.append(Span(match.start(), match.end(), _title(catalog, names[name]), names[name],
                                  text[match.start():match.end()], True))
    taken += _near_misses(text, names, taken, catalog)
    taken += _partial_names(text, catalog, taken, vocabulary)
    return sorted(taken, key=lambda s: s.start)


def _near_misses(text: str, names: dict, taken: list[Span], catalog: Catalog) -> list[Span]:
    words = [m for m in _WORD.finditer(text) if not _overlaps(taken, m.start(), m.end())]
    found: list[Span] = []
    for name in sorted(names, key=len, reverse=True):
        if len(name) < FUZZY_MIN_LENGTH:
            continue
        size = len(name.split())
        best: tuple[float, int, int] | None = None
        for width in {max(1, size - 1), size, size + 1}:
            for i in range(len(words) - width + 1):
                window = words[i:i + width]
                start, end = window[0].start(), window[-1].end()
                if _overlaps(taken + found, start, end) or any(
                        w2.start() - w1.end() > 3 for w1, w2 in zip(window, window[1:])):
                    continue
                score = fuzz.ratio(name, _key(text[start:end]))
                if score >= FUZZY_SCORE and (best is None or score > best[0]):
                    best = (score, start, end)
        if best:
            found.append(Span(best[1], best[2], _title(catalog, names[name]), names[name], text[best[1]:best[2]], False))
    return found


# Words that say nothing about which thing is meant: a partial name needs one other word.
_FILLER = frozenset("""
a an the this that these those my our your his her their its it to of in on at for with and or by from into onto
is are was were be been up down out off over me him them us we i you he she they one all any some new
""".split())
_TOKEN = re.compile(r"[^\W_]+")


def _similar(typed: str, word: str) -> bool:
    """The same word, or one typo away from it (long enough words only)."""
    if typed == word:
        return True
    return len(typed) >= 5 and len(word) >= 5 and typed[0] == word[0] and fuzz.ratio(typed, word) >= 80


def _partial_names(text: str, catalog: Catalog, taken: list[Span], vocabulary: frozenset[str]) -> list[Span]:
    """Runs of typed words that are all words of some title ("the serialzer task", "sprint health
    dashboard"): a loose name, read as a guess. The run stands for the title words it matched, so
    the resolver can tell one match from several. A run needs a word that is neither filler nor a
    command word, so "show the board" never names "Mobile-friendly board"."""
    from apcs_app.agents.offline.normalize import command_word  # the words requests are made of

    titles = [(kind, ident, [w.casefold() for w in _TOKEN.findall(title)])
              for kind, found in catalog.titles.items() for ident, title in found.items()]
    blanked = _quotes_blanked(text)
    tokens = [m for m in _TOKEN.finditer(blanked) if not _overlaps(taken, m.start(), m.end())]
    found: list[Span] = []
    i = 0
    while i < len(tokens):
        best = None
        for j in range(i, len(tokens)):
            if j > i and not re.fullmatch(r"[\s:'’-]{1,3}", blanked[tokens[j - 1].end():tokens[j].start()]):
                break
            window = [t.group(0).casefold() for t in tokens[i:j + 1]]
            hits = [(kind, ident, [next((w for w in words if _similar(typed, w)), None) for typed in window])
                    for kind, ident, words in titles]
            hits = [(kind, ident, matched) for kind, ident, matched in hits if None not in matched]
            if not hits:
                break
            distinctive = any(w not in _FILLER and command_word(w) is None and w not in vocabulary
                              and not w.isdigit() for w in window)
            if distinctive and window[0] not in _FILLER and window[-1] not in _FILLER:
                best = (j, hits)
        if best is None:
            i += 1
            continue
        j, hits = best
        start, end = tokens[i].start(), tokens[j].end()
        kinds: dict[str, list[int]] = {}
        for kind, ident, _ in hits:
            kinds.setdefault(kind, []).append(ident)
        # The words as the titles spell them: a typo read as the word it nearly is.
        words = " ".join(hits[0][2])
        found.append(Span(start, end, words, kinds, text[start:end], False))
        i = j + 1
    return found


def _quotes_blanked(text: str) -> str:
    """Quoted text is typed on purpose (a new title, an exact name): never read as a loose name."""
    return re.sub(r"""(?:(?<=^)|(?<=[\s(:\[]))(["'“‘`])[^"'”’`]*["'”’`]""", lambda m: "\x00" * len(m.group(0)), text)


def _title(catalog: Catalog, kinds: dict[str, list[int]]) -> str:
    kind, ids = next(iter(kinds.items()))
    return catalog.titles[kind][ids[0]]


def _overlaps(spans: list[Span], start: int, end: int) -> bool:
    return any(start < s.end and s.start < end for s in spans)


def mask(text: str, spans: list[Span]) -> str:
    """The text with each span replaced by its placeholder (numbered by position in `spans`)."""
    out, last = [], 0
    for number, span in enumerate(spans):
        out += [text[last:span.start], f"{OPEN}{number}{CLOSE}"]
        # A sprint's name still says it is a sprint ("start the Hardening Sprint").
        for kind, noun in (("sprint", "sprint"), ("space", "workspace")):
            if set(span.kinds) == {kind} and not re.match(rf"\s*{noun}\b", text[span.end:], re.I):
                out.append(f" {noun}{ADDED}")
        last = span.end
    return "".join(out + [text[last:]])


def unmask(text: str, spans: list[Span]) -> str:
    """Free text (a new title, a description) as the user typed it."""
    text = re.sub(rf"\s*\w+{ADDED}", "", text)
    return PLACEHOLDER.sub(lambda m: spans[int(m.group(1))].typed, text)


def only_placeholder(text: str | None) -> int | None:
    """The span number when `text` is one placeholder and nothing else."""
    match = PLACEHOLDER.fullmatch((text or "").strip(" \t\"'“”‘’:,.!?-"))
    return int(match.group(1)) if match else None
