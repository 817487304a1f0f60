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
from wordfreq import zipf_frequency

from apcs_app.agents.offline.language import without_quotes
from apcs_app.agents.offline.vocabulary import COMMAND_WORDS
from apcs_app.services.titles import KIND_NOUN, NOT_NAME_WORDS

OPEN, CLOSE = "\ue000", "\ue001"
PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")
_WORD = re.compile(r"[\w'’-]+")
# A near miss must be this close (0–100) and long enough that a typo is the likely reason.
FUZZY_SCORE = 88
FUZZY_MIN_LENGTH = 8


@dataclass
class Catalog:
    """The titles this turn's read tools returned, by kind ("item", "task") and id."""

    titles: dict[str, dict[int, str]] = field(default_factory=dict)
    columns: dict[int, str] = field(default_factory=dict)  # the board's columns, never spotted as titles
    # Sprints, found by their whole names only ("kick off Payments"): never loosely, since
    # "Sprint 2" and "Sprint 3" share every word but one.
    sprints: dict[int, str] = field(default_factory=dict)

    def add(self, kind: str, ident: int, title: str) -> None:
        if kind == "sprint":
            self.sprints[ident] = title
        else:
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
    names = {k: v for k, v in catalog.names().items() if k not in vocabulary and len(k) >= 3}
    taken: list[Span] = []
    folded = text.casefold()
    for name in sorted(names, key=len, reverse=True):
        pattern = r"\s+".join(re.escape(word) for word in name.split())
        for match in re.finditer(rf"(?<!\w){pattern}(?!\w)", folded):
            if not _overlaps(taken, match.start(), match.end()):
                taken.append(Span(match.start(), match.end(), _title(catalog, names[name]), names[name],
                                  text[match.start():match.end()], True))
    taken += _near_misses(text, names, taken, catalog)
    taken += _named_by_words(text, names, taken)
    taken += _acronyms(text, names, taken, catalog)
    return sorted(taken, key=lambda s: s.start)


def _acronyms(text: str, names: dict, taken: list[Span], catalog: Catalog) -> list[Span]:
    """"SSO" for Single sign-on (SAML): a word in capitals that spells the first letters of a
    title's first words, of one title only, and no word of any title. A guess, shown first."""
    every = {w for name in names for w in _title_words(name)}
    found: list[Span] = []
    for match in re.finditer(r"(?<![\w'-])([A-Z]{2,6})s?(?![\w'-])", text):
        letters = match.group(1).lower()
        if letters in every or _overlaps(taken + found, match.start(), match.end()):
            continue
        spelt = [name for name in names if _initials(name).startswith(letters) and len(letters) >= min(3, len(_initials(name)))]
        if len(spelt) == 1:
            found.append(Span(match.start(), match.end(), _title(catalog, names[spelt[0]]), names[spelt[0]],
                              match.group(0), False))
    return found


def _initials(name: str) -> str:
    return "".join(word[0] for word in re.findall(r"[a-z0-9]+", re.sub(r"\([^)]*\)", " ", name)))


def sprint_spans(text: str, catalog: Catalog, taken: list[Span]) -> list[Span]:
    """Sprints the text names by their whole names (any case), outside the titles found."""
    found: list[Span] = []
    folded = text.casefold()
    for ident, name in sorted(catalog.sprints.items(), key=lambda s: len(s[1]), reverse=True):
        pattern = r"\s+".join(re.escape(word) for word in _key(name).split())
        for match in re.finditer(rf"(?<![\w'\"‘“]){pattern}(?![\w'\"’”])", folded):
            if not _overlaps(taken + found, match.start(), match.end()):
                found.append(Span(match.start(), match.end(), name, {"sprint": [ident]},
                                  text[match.start():match.end()], True))
    return found


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


# "the serializer task", "the sprint health dashboard story": words of a title, then the noun
# for what it is. The noun is left in the text (the readers know it); the words become the name.
_KIND_NOUN = re.compile(rf"(?<!\w){KIND_NOUN}(?!\w)", re.I)
WORD_SCORE = 85  # a typed word this close (0–100) to a title's word is that word with a typo
WORD_FUZZY_MIN = 5


def _title_words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:['-][a-z0-9]+)*", name)


def _as_title_word(word: str, words: set[str]) -> str | None:
    """The title word `word` is (itself, without its hyphens, or with a typo), if any."""
    if word in words:
        return word
    for candidate in words:
        if candidate.replace("-", "") == word.replace("-", ""):
            return candidate
    for candidate in words:  # another form of the word: "limiting" for "limit", "export" for "exports"
        short, long = sorted((candidate, word), key=len)
        if len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 3:
            return candidate
    if len(word) >= WORD_FUZZY_MIN:
        best = max(words, key=lambda w: fuzz.ratio(word, w), default=None)
        if best is not None and len(best) >= WORD_FUZZY_MIN and fuzz.ratio(word, best) >= WORD_SCORE:
            return best
    return None


def _named_by_words(text: str, names: dict, taken: list[Span]) -> list[Span]:
    """Some words of a title, right before a noun saying what it is: a name, not keywords, and a
    guess (the resolver matches the words against the titles, and a write confirms first)."""
    every = {w for name in names for w in _with_parts(_title_words(name))}
    blanked = without_quotes(text).casefold()  # a new title's words name nothing yet
    found: list[Span] = []
    for noun in _KIND_NOUN.finditer(blanked):
        words = list(re.finditer(r"[\w'-]+", blanked[:noun.start()]))
        picked: list[tuple[re.Match, str]] = []
        for match in reversed(words):
            gap = blanked[match.end():(picked[-1][0].start() if picked else noun.start())]
            if gap.strip() or match.group(0) in NOT_NAME_WORDS:
                break
            word = _as_title_word(match.group(0), every)
            if word is None:
                break
            picked.append((match, word))
        if not picked:
            continue
        picked.reverse()
        start, end = picked[0][0].start(), picked[-1][0].end()
        wanted = {w for _, w in picked}
        kinds: dict[str, list[int]] = {}
        for name, by_kind in names.items():
            if wanted <= _with_parts(_title_words(name)):
                for kind, ids in by_kind.items():
                    kinds.setdefault(kind, []).extend(ids)
        if not kinds or _overlaps(taken + found, start, end) or (len(picked) == 1 and len(picked[0][1]) < 3):
            continue
        if len(picked) == 1 and picked[0][0].group(0) in COMMAND_WORDS:
            continue  # "sprint items", "board cards": the product's own word, not a title's

        found.append(Span(start, end, " ".join(w for _, w in picked), kinds, text[start:end], False))
    return found


# Words that join a title's words ("Audit log for admin actions") but never start or end a loose name.
_JOINING_WORDS = frozenset("to of for with on in at and or the a an".split())


def loose_names(text: str, catalog: Catalog, plain_words: frozenset[str] = frozenset()) -> list[tuple[str, dict[str, list[int]], int, int]]:
    """(words as typed, kind → ids, start, end) for each run of words that are all words of some
    title ("Finished the CSV serializer", "the mobile frendly board story"): a loose name, which
    the resolver matches against the titles (several → it asks). A run of only `plain_words`
    (command and status words) or joining words names nothing."""
    names = {k: v for k, v in catalog.names().items() if len(k) >= 3}
    words_of = {name: _with_parts(_title_words(name)) for name in names}
    every = set().union(*words_of.values()) if words_of else set()
    blanked = PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), without_quotes(text)).casefold()
    runs: list[list[tuple[re.Match, str]]] = [[]]
    for match in re.finditer(r"[\w'-]+", blanked):
        word = match.group(0).strip("'-")
        title_word = None if word in NOT_NAME_WORDS and word not in _JOINING_WORDS else _as_title_word(word, every)
        previous = runs[-1][-1][0] if runs[-1] else None
        if title_word is None or (previous is not None and blanked[previous.end():match.start()].strip()):
            runs.append([])
        if title_word is not None:
            runs[-1].append((match, title_word))
    found = []
    for run in runs:
        best = _covered(run, words_of, plain_words)
        if best is not None:
            window, titles = best
            kinds: dict[str, list[int]] = {}
            for title in titles:
                for kind, ids in names[title].items():
                    kinds.setdefault(kind, []).extend(ids)
            start, end = window[0][0].start(), window[-1][0].end()
            found.append((text[start:end], kinds, start, end))
    return found


# Zipf frequency (log10 per billion words): "csv" 2.6, "dashboard" 3.3 name a title alone;
# "user" 4.7, "export" 4.2 are ordinary words.
RARE_WORD = 4.0


def is_rare(word: str) -> bool:
    return zipf_frequency(word, "en") < RARE_WORD


def _with_parts(words: list[str]) -> set[str]:
    return set(words) | {part for w in words if "-" in w for part in w.split("-") if len(part) >= 3}


def _covered(run: list[tuple[re.Match, str]], words_of: dict[str, set[str]],
             plain_words: frozenset[str]) -> tuple[list, list[str]] | None:
    """The longest part of the run whose words some titles all hold, and those titles."""
    for size in range(len(run), 0, -1):
        for i in range(len(run) - size + 1):
            window = run[i:i + size]
            if window[0][1] in _JOINING_WORDS or window[-1][1] in _JOINING_WORDS:
                continue
            content = [w for _, w in window if w not in _JOINING_WORDS and w not in plain_words]
            if not content or (len(window) == 1 and not is_rare(window[0][0].group(0))):
                continue
            wanted = {w for _, w in window}
            titles = [name for name, words in words_of.items() if wanted <= words]
            if titles:
                return window, titles
    return None


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
        last = span.end
    return "".join(out + [text[last:]])


def unmask(text: str, spans: list[Span]) -> str:
    """Free text (a new title, a description) as the user typed it."""
    return PLACEHOLDER.sub(lambda m: spans[int(m.group(1))].typed, text)


def only_placeholder(text: str | None) -> int | None:
    """The span number when `text` is one placeholder and nothing else."""
    match = PLACEHOLDER.fullmatch((text or "").strip(" \t\"'“”‘’:,.!?-"))
    return int(match.group(1)) if match else None
