"""The shared vocabulary of requests: verbs, object nouns, and how a typed name becomes a `Ref`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from apcs_app.agents.offline import language as lang
from apcs_app.domain import FIBONACCI_POINTS

# "I need a kanban project", "I'd like another story": wanting a thing (not "an overview") makes one
_THINGS = (r"(?:workspace|space|project|task|card|subtask|column|sprint|item|story|stories|bug|ticket|feature|"
           r"issue|chore|epic|backlog\s+entry|backlog\s+entrie)s?")
# A verb right after an article is a word of a name ("close the Write CSV serializer card").
_NOT_AFTER_ARTICLE = "".join(rf"(?<!\b{article}\s)" for article in ("the", "a", "an", "this", "that", "our", "my", "your"))
CREATE = (rf"\b(?:{_NOT_AFTER_ARTICLE}(?:create|add|make|(?<!got\s)(?<!'ve\s)(?<!have\s)(?<!had\s)set\s*up|open|log|file|write|record|register|plan|schedule|put|insert|"
          r"jot\s+down|note\s+down|write\s+up|raise(?=\s+(?:me\s+|us\s+)?(?:a|an|another|one\s+more|new)\s)|"
          # "let's capture that as a story — X —", "log this as a ticket: X"
          r"(?:capture|log|file|record|track|note|write)(?=\s+(?:that|this|it)\s+(?:down\s+)?as\s+(?:a|an|one)\s+(?:new\s+)?(?:story|backlog\s+item|item|ticket|bug)\b)|"
          # "let's capture it: story 'X', three points"
          r"(?:capture|log|file|record|track|note|write)(?=\s+(?:that|this|it)\s*(?:down\s*)?[:—–]\s*(?:an?\s+)?(?:new\s+)?(?:story|backlog\s+item|item|ticket|bug)\b)|"
          # "let's get a story in for X", "get a ticket going for X"
          r"get(?=\s+(?:a|an|another|one\s+more|a\s+new)\s+(?:[\w-]+\s+){0,2}?(?:story|backlog\s+item|item|ticket|bug)\s+"
          r"(?:in|up|going|written|logged|added|created|opened)\b(?!\s+(?:the\s+|this\s+|our\s+)?sprint\b)))|"
          r"new|start\s+a\s+new|"
          rf"(?:needs?|want|like|missing|lacking|lack|could\s+use|(?:could|can|should|shall)\s+there\s+be|"
          # "give it a task in To Do named X": a new card for the thing just named
          r"give\s+(?:it|this|that)(?=\s+(?:a|an|another|one\s+more)\s+(?:new\s+)?(?:task|card|sub-?task)\b))"
          rf"(?=\s+(?:a|an|another|one\s+more)\s+(?:[\w-]+\s+){{0,3}}?{_THINGS}\b)|"
          # what ought to exist, said of it: "'Bulk import' should be a story", "there's no card yet for X"
          # (of a quoted name, or a new one: "Dark mode should be a story worth 5" re-estimates a story)
          rf"(?:(?<=\x00\s)|(?=\S+(?:\s+to)?\s+(?:be|become)\s+(?:a\s+new|an?\s+own|its\s+own|their\s+own)\s))"
          rf"(?:should|ought\s+to|needs?\s+to|has\s+to|must)\s+(?:be|become)"
          rf"(?=\s+(?:a|an|its\s+own|their\s+own)\s+(?:new\s+)?(?:backlog\s+|product\s+)?{_THINGS}\b)|"
          rf"there(?:'s|\s+is)\s+no(?=\s+(?:[\w-]+\s+){{0,2}}?{_THINGS}\s+(?:yet|at\s+all|for|about|called|named)\b)|"
          rf"there(?:'s|\s+is|\s+are)\s+(?:a|an|one|another|a\s+second|a\s+third)(?=\s+(?:[\w-]+\s+){{0,2}}?{_THINGS}\s+(?:still\s+)?missing\b))\b")
SHOW = (r"\b(?:show|list|display|view|see|get|give|what(?:'s|\s+is|\s+are)?|which|how|whats|tell|print|describe|summar\w*|"
        r"pull\s+up|bring\s+up|open\s+up|fetch|(?:i'?m|i\s+am|we'?re)\s+after|go\s+over|look\s+(?:at|over|through)|"
        r"pull(?!.*\b(?:in|into|to|on)\b)|(?:like|want|need|let\s+me|let's)\s+(?:to\s+)?(?:review|check|see)|"
        r"(?:want|need)\s+(?:the\s+|our\s+)?(?:entire|whole|full|complete)(?=\s+(?:backlog|board|list|sprint)))\b|^\s*review\b")
PRONOUN = r"(?:it|this|that|this\s+one|that\s+one|the\s+same(?:\s+one)?)"
OBJECT_NOUNS = (
    ("task", r"\b(?:task|card|subtask|sub-task)s?\b"),
    ("column", r"\bcolumns?\b"),
    ("sprint", r"\bsprints?\b"),
    ("space", r"\b(?:workspaces?|spaces?|projects?)\b"),
    ("item", r"\b(?:backlog\s+items?|backlog\s+entr(?:y|ies)|items?|user\s+stor(?:y|ies)|stor(?:y|ies)|bugs?|features?|tickets?|issues?|chores?|epics?|pbis?)\b"),
)


ITEM_NOUNS = r"backlog\s+item|item|user\s+story|story|ticket|bug"  # before a title: "the story dark mode"

# A workspace named by its method ("the Kanban one"): this prefix, then SCRUM or KANBAN.
BY_METHOD = "@method:"
# The sprint completed last ("the previous sprint", "the one we closed two weeks ago").
LAST_COMPLETED = "@last-completed"

UPDATE_VERBS = r"\b(?:set|change|update|mark|rename|re-?estimate|estimate|bump|raise|lower|prioriti[sz]e|flag|reopen|edit)\b"
FIELDS = r"\b(?:points?|pts|priority|status|title|description|estimate|done|in\s+progress|to\s*do)\b"


@dataclass
class Ref:
    """Something the user named that must become an id: by typed id, by name, or 'it'."""

    kind: str  # item | task | column | member | space | sprint
    text: str | None = None  # a title to look up; with an id too, tried first ("Card 001")
    id: int | None = None
    pronoun: bool = False
    guess: bool = False  # the typed name only nearly matched this title (a typo, a partial name)
    typed: str | None = None  # the words the user typed, when `text` is the title they were read as


@dataclass
class Intent:
    tool: str
    args: dict = field(default_factory=dict)
    refs: dict[str, Ref] = field(default_factory=dict)  # argument name -> what to resolve
    missing: list[str] = field(default_factory=list)  # slots to ask the user for
    note: str | None = None  # why a slot is asked for (e.g. points off the scale)
    guesses: list[str] = field(default_factory=list)  # values read loosely: shown for confirmation before a write
    # The workspace a write names when its tool acts in the current one ("to the Support Desk backlog")
    elsewhere: Ref | None = None
    confirmed: bool = False  # the user said yes to the reading shown
    twin_ok: bool = False  # the user said yes to a second story of a title the workspace has
    said: str = ""  # the message the request was read from (a later "yes" or answer is not it)
    # The one story or card a look asks about ("what's the priority on X?"), by kind: its answer
    # is about that thing, and a later 'it' is that thing.
    about: dict[str, Ref] = field(default_factory=dict)



# Words that give a new thing its name: what follows them is the name, whatever words it holds.
NAMING = (r"\b(?:called|named|titled|entitled)\s+|"
          r"\b(?:call|name|title)\s+(?:(?:this|that|the\s+new)\s+one|it|this|the\s+\w+)\s+(?:as\s+)?|"
          # the name labelled: "workspace name Legal Intake", "Name: Design System", "the name is Atlas"
          r"\b(?:workspace|space|project|column|sprint|story|card|task)\s+name\s*[:=]?\s+(?!is\b|should\b|will\b)|"
          r"(?:^|(?<=[.!?,;:(])\s*|\band\s+)(?:the\s+|its\s+|a\s+)?(?:name|title)\s*(?:[:=]|\bis\b|\bshould\s+be\b|\bwill\s+be\b|\bcan\s+be\b)\s*")
# The name said before the words that make it one: "let's go with Customer Feedback as the name".
_NAME_FIRST = re.compile(r"\b(?:go\s+with|use|pick|choose|take)\s+(.+?)\s+(?:as|for)\s+(?:the|its|a)\s+(?:name|title)\b", re.I)
# Words before a quote that make it another value than the name.
_NOT_THE_NAME = re.compile(r"\b(?:description|described|details|acceptance\s+criteria|comment|note|says?|saying)\b"
                           rf"(?:[\s:=]*(?:with|the)\b)?{lang.VALUE_CUE}$", re.I)
# Where an unquoted name after a naming word ends, for every kind of thing: the next clause or
# sentence; each reader adds the attributes of its kind ("for ..." ends a workspace's name, not
# a story's: "Export for accountants").
# Where, when and for what, said right after a name: never part of it ("a story called Invoice
# export for the next sprint", "a sprint called Hardening next monday", "a column called QA on the
# right", "a card named Fix login to the CSV story").
# A bare "for Sprint" may end a name ("Ready for Sprint"): a place is said with its article.
AFTER_A_NAME = (r"\s+(?:to|on|in|into|onto|for)\s+(?:(?:the|our|my|this|that)\s+(?:next\s+|current\s+|active\s+|upcoming\s+)?|"
                r"(?:next|current|upcoming)\s+)(?:product\s+|sprint\s+|kanban\s+)?(?:backlog|board|sprint)\b|"
                r"\s+(?:to|for|under|on|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,5}?(?:story|backlog\s+item|ticket)\b|"
                r"\s+(?:next|this|coming)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month)\b|"
                r"\s+(?:tomorrow|tonight|tmrw)\b|\s+\d{4}-\d{2}-\d{2}\b|"
                r"\s+(?:on|at|to)\s+the\s+(?:far\s+)?(?:right|left|end|start|beginning|front)\b|"
                r"\s+(?:right\s+)?now\b|\s+(?:too|as\s+well|also)\s*[?.!]*$")
NAME_END = (r"\s+(?:to\s+(?:the\s+)?(?:backlog|board)|"
            r"and\s+(?:put|make|place|set|give|move|add|assign|it|then|run|use|mark|drop))\b|"
            r"\s*[,;!?(]|\.(?=\s|$)|\s+-\s+|"
            # "a column called Blocked on there": where, said after the name
            r"\s+(?:on|in|up|over|out)\s+(?:there|here)\b|"
            # "a space called Recruiting going?": how soon or how far, said at the end
            r"\s+(?:going|started|(?:set\s+)?up(?:\s+and\s+running)?|asap|right\s+away|today|now)\s*[?.!]*$|"
            + AFTER_A_NAME)


def stated_name(text: str, ends: str = "") -> str | None:
    """The name a request gives a new thing in so many words: a quote right after a naming
    word ("called 'Apollo'"), else the first quote that is not another value (a description),
    else the words after a naming word up to the next attribute ("named Billing Revamp with the
    description '...'", "Call it Calendar view, 8 points"). None: no name was stated."""
    spans = lang.quoted_spans(text)
    naming = list(re.finditer(NAMING, text, flags=re.I))
    for cue in naming:
        for start, quote in spans:
            if start == cue.end():
                return quote
    for start, quote in spans:
        if not _NOT_THE_NAME.search(text[:start]):
            return quote
    if (first := _NAME_FIRST.search(lang.without_quotes(text))) and (name := clean(first.group(1))):
        return name
    for cue in reversed(naming):  # the last naming of a two-sentence request is its name
        if re.search(r"\b(?:what|how)\s+(?:to|we|i|you)(?:\s+(?:should|would|could|will|'d|'ll))?\s*$", text[:cue.start()], flags=re.I):
            continue  # "I'm not sure what to call it yet": no name said
        name = clean(cut(lang.without_quotes(text[cue.end():]).replace("\x00", " "), NAME_END + (f"|{ends}" if ends else "")))
        if name:
            return name
    return None


def plain_words(text: str) -> str:
    """Lowercased, quotes blanked, typographic apostrophes normalised, and the name after "new
    story:" blanked ("New story: Sprint review export" makes a story, whatever its name says):
    for keyword tests."""
    plain = lang.without_quotes(text.replace("’", "'")).lower()
    plain = re.sub(_NAMED_AFTER_COLON, lambda m: m.group(1) + " name", plain)
    plain = re.sub(_NAME_AFTER_NAMING, _other_kinds_blanked, plain)
    plain = re.sub(_KEYWORD_COLUMN, r"\1name \2", plain)
    return " ".join(plain.split())


# "what's in the Sprint Review column": a column's name, whatever keywords it holds
_COLUMN_WORD = r"(?!(?:to|in|into|on|onto|of|for|and|or|the|a|an|from|with|at|by|my|our|its|their)\b)[\w-]+\s+"
_KEYWORD_COLUMN = re.compile(rf"\b((?:the|our|a|an|this|that)\s+)(?!(?:kanban\s+|scrum\s+)?board\s+columns?\b)"
                             rf"(?=(?:{_COLUMN_WORD}){{0,3}}?(?:sprint|backlog|board|story|stories|task|tasks|cards?|workspace|project|"
                             rf"velocity|burndown)\b)(?:{_COLUMN_WORD}){{1,4}}?(columns?|lane)\b")


# "a story named Archive old projects": the keywords in a new thing's name said after a naming
# word are no keywords of another kind of thing ("projects" is no workspace), up to where it ends.
_NAME_AFTER_NAMING = re.compile(
    r"\b(stor(?:y|ies)|item|bug|ticket|task|card|column|lane|workspace|space|project|sprint)\s+(?:called|named|titled|entitled)\s+"
    rf"((?:(?!{NAME_END}|\s+(?:with|worth|at|starting|begin\w*|from|for|in|on|to|between|after|before|as|and|that|which|"
    r"due|by|end\w*|until|till|through|right|priority)\b|\s+\d+\s*(?:story\s+)?(?:points?|pts)\b).)+)", re.I)
_KIND_WORDS = {"item": r"stor(?:y|ies)|items?|bugs?|tickets?", "task": r"tasks?|cards?", "column": r"columns?|lanes?",
               "space": r"workspaces?|spaces?|projects?", "sprint": r"sprints?|iterations?|velocity|burndown"}
_KIND_OF = {"story": "item", "stories": "item", "bug": "item", "ticket": "item", "card": "task", "lane": "column",
            "workspace": "space", "project": "space"}


def without_new_names(plain: str) -> str:
    """`plain` with a new thing's name said after a naming word left out ("a sprint called
    Release Candidate" asks for no candidates)."""
    return re.sub(_NAME_AFTER_NAMING, lambda m: m.group(0)[: m.start(2) - m.start(0)] + "name", plain)


def _other_kinds_blanked(match: re.Match) -> str:
    kind = _KIND_OF.get(match.group(1).lower(), match.group(1).lower())
    others = "|".join(words for k, words in _KIND_WORDS.items() if k != kind) + r"|boards?|backlogs?"
    return match.group(0)[: match.start(2) - match.start(0)] + re.sub(rf"\b(?:{others})\b", "x", match.group(2))


# "make a ticket for a responsive login layout, medium priority", "raise a story for GDPR export, 5
# points": a verb of making and a new story, whatever values and verbs of change follow.
A_NEW_ITEM = (rf"{CREATE}\s+(?:me\s+|us\s+)?(?:a|an|another|one\s+more|a\s+new|new|a\s+fresh)\s+(?:[\w-]+\s+){{0,2}}?"
              r"(?:story|backlog\s+item|backlog\s+entry|item|ticket|bug|feature\s+request)\b")


# "make a story called X and make it low", "put a story in the backlog for that": a new story,
# whatever verbs of change or placing follow.
A_NEW_STORY = (rf"{CREATE}\s+(?:a|an|another|one\s+more|a\s+new)\s+(?:[\w-]+\s+){{0,2}}?(?:story|backlog\s+item|item|ticket|bug)\b"
               r"(?=.*(?:\b(?:call|name)\s+it\b|\b(?:called|named|titled)\b|\bfor\s+(?:that|it|this)\b))")

# "new story: X", "bug: X", "story: X, 3 pts": the words up to the attributes are the new thing's name.
_NAMED_AFTER_COLON = re.compile(
    r"^(\s*(?:new\s+|add\s+(?:a\s+)?)?(?:backlog\s+item|item|story|bug|ticket|feature|epic|task|card|column|sprint|workspace|space|project)\s*:)"
    r"[^,;(]*?(?=\s*(?:,|;|\(|$|\s+\d+\s*(?:story\s+)?(?:points?|pts)\b|\s+(?:low|medium|high|critical|urgent)\b|\s+priority\b))")


def first_object(plain: str) -> str | None:
    """The kind of thing named first after a creation verb ('create a task for item X' → task)."""
    verb = re.search(CREATE, plain)
    tail = plain[verb.end():] if verb else plain
    found = [(m.start(), kind) for kind, pattern in OBJECT_NOUNS if (m := re.search(pattern, tail))]
    # "create for the ticket X one task": a thing the new one goes under is not what is made.
    made = [(at, kind) for at, kind in found if not re.search(_UNDER_THING, tail[:at])]
    found = made or found
    return min(found)[1] if found else None


_UNDER_THING = r"\b(?:for|to|under|in|on|of|from)\s+(?:the\s+|a\s+|an\s+|this\s+|that\s+|our\s+|my\s+)?$"


def clean(fragment: str | None) -> str | None:
    """A name as typed, without leading articles and trailing punctuation."""
    if fragment is None:
        return None
    fragment = re.sub(r"^\s*(?:the|a|an|my|our|this|that)\s+", "", fragment.strip(" \t\"'“”‘’:,-"), flags=re.I)
    # "Guided onboarding tour. Nothing else changes", "Record intro video, so it doesn't get lost":
    # a name ends where the next sentence or a clause of reason starts
    fragment = cut(fragment, _CLAUSE_AFTER)
    fragment = re.sub(_FILLER_AT_END, "", fragment, flags=re.I)
    fragment = fragment.strip(" \t\"'“”‘’:,.!?-")
    # "workspace Atlas please": the user being polite, not a word of the name
    fragment = re.sub(r"(?:[\s,]+(?:please|pls|plz))+$", "", fragment, flags=re.I).strip(" \t,")
    return fragment or None


_CLAUSE_AFTER = (r"\.\s+(?=[A-Z])|[,;]\s*(?:so|because|since|as|which|that|but|then|it|it'?s|we|we'?re|i|i'?m|"
                 r"please|pls|thanks|thank\s+you|okay|ok)\b|\s+-+\s+|\s+—\s*")
# "call it Support Desk EU then": the user's filler, not a word of the name
_FILLER_AT_END = r"(?:[\s,]+(?:then|instead|thanks|thank\s+you|cheers|too|as\s+well))+\s*[.!?]*$"


def cut(fragment: str, stops: str) -> str:
    match = re.search(stops, fragment, flags=re.I)
    return fragment[: match.start()] if match else fragment


# "a task for it straight away", "that one too": when or how, after the pronoun, not a name.
_WHEN_SAID = (r"(?:\s*,?\s+(?:too|also|as\s+well|straight\s+away|right\s+away|right\s+now|now|please|asap|again|then|"
              r"immediately|first|for\s+me|while\s+you'?re\s+at\s+it))*\s*[.!?]*")


def id_ref(kind: str, fragment: str) -> Ref | None:
    """'#12', 'item #12', 'task id 12' → Ref by id; 'task 12', 'Card 001' → by title, else by id;
    'it', 'this one' → Ref by pronoun."""
    typed = fragment.strip()
    fragment = typed.lower()
    match = re.fullmatch(r"(?:the\s+)?(?:((?:backlog\s+)?(?:item|story|task|card|column|sprint|ticket))\s*)?(id\s*|#)?\s*#?\s*(\d+)", fragment)
    if match:
        noun, marked = match.group(1), match.group(2)
        return Ref(kind, id=int(match.group(3)), text=typed if noun and not marked else None)
    if re.fullmatch(rf"(?:(?:the\s+)?{PRONOUN}(?:\s+(?:item|story|task|card|one))?|the\s+(?:item|story|task|card)|"
                    rf"its(?:\s+(?:task|card|story))?){_WHEN_SAID}", fragment):
        return Ref(kind, pronoun=True)
    return None


def named(kind: str, fragment: str | None) -> Ref | None:
    if fragment is None:
        return None
    if kind in ("item", "task"):  # "the dark mode story", "the CSV card": the noun is not part of the title
        fragment = re.sub(r"\s+(?:backlog\s+item|item|user\s+story|story|ticket|bug|task|card)\s*$", "",
                          fragment.strip(" \t,;:.!?"), flags=re.I)
    return id_ref(kind, fragment) or (Ref(kind, text=cleaned) if (cleaned := clean(fragment)) else None)


def drop_noun(nouns: str, fragment: str) -> str:
    """The fragment without a leading object noun ('the story dark mode' → 'dark mode'), which
    stays before a bare number: 'Card 001' may be a card's title as well as card #1."""
    return re.sub(rf"^(?:the\s+)?(?:{nouns})\s+(?!\d+\s*[.!?]*$)", "", fragment.strip(), flags=re.I)


def after(pattern: str, text: str) -> str | None:
    match = re.search(pattern, text, flags=re.I)
    return text[match.end():] if match else None


TO_SPRINT = (r"\b(?:in(?:to)?|to|on)\s+(?:the\s+|this\s+|that\s+|our\s+|my\s+)?(?:current\s+|active\s+|next\s+|upcoming\s+|new\s+|planned\s+)?sprint\b"
             # "the date pickers in the sprint form": a screen of the product, no sprint
             r"(?!\s+(?:form|page|view|screen|dialog|modal|settings|tab|picker|editor|field)s?\b)")


def split_target(text: str, words: str) -> tuple[str, str] | None:
    """'X to Y' split at the LAST connector outside quotes, so titles may contain 'to' themselves."""
    matches = list(re.finditer(rf"\s+(?:{words})\s+", lang.without_quotes(text), flags=re.I))
    if not matches:
        return None
    return text[: matches[-1].start()], text[matches[-1].end():]


def check_points(intent: Intent, points: int | None) -> None:
    if points is not None and points not in FIBONACCI_POINTS:
        intent.missing.append("story_points")
        intent.note = f"{points} is not on the Fibonacci scale"
