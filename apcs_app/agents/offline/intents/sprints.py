"""Sprint requests (Scrum Master): plan, start, complete, fill and read sprints."""

from __future__ import annotations

import datetime as dt
import re

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents.phrases import (
    AFTER_A_NAME,
    CREATE,
    ITEM_NOUNS,
    LAST_COMPLETED,
    SHOW,
    TO_SPRINT,
    Intent,
    Ref,
    after,
    clean,
    cut,
    drop_noun,
    NAMING,
    first_object,
    named,
)
from apcs_app.agents.offline.intents.sprint_dates import SprintDates, read_dates, too_long
from apcs_app.agents.offline.names import CLOSE, OPEN


def read_sprint(text: str, plain: str, today: dt.date) -> Intent | None:
    if not re.search(r"\bsprints?\b|\biteration\b|\bvelocity\b|\bideal\s+(?:line|burn\w*|pace)\b|" + _BURNDOWN, plain):
        # "Can you create 'Sprint 3' from tomorrow for two weeks?": a quoted sprint name and its days
        if any(re.match(r"(?:sprint|iteration)\b", q, re.I) for q in lang.quoted(text)) and _schedules(plain, today):
            return _create_sprint(text, plain, today)
        return None
    if re.search(CREATE, plain) and first_object(plain) not in (None, "sprint") and not re.search(TO_SPRINT, plain):
        return None  # "add a task for dashboard with sprint health": a task, named after a sprint feature
    if re.search(TO_SPRINT, plain) and (re.search(_INTO_VERBS, plain) or re.match(_VERBLESS_INTO, plain)):
        return _add_to_sprint(text, plain)
    if re.search(r"\b(?:velocity|metrics|progress|health|how\s+(?:are|is)\s+we)\b|" + _BURNDOWN + "|" + _HOW_IT_WENT + "|" + _PACE, plain):
        return Intent("get_sprint_metrics", refs=_sprint_ref(text, plain))
    if re.search(_SPRINT_SERIES, plain) and not re.search(CREATE, plain):
        return Intent("list_sprints")
    if re.search(r"\bsprint\s+backlog\b|\b(?:in|on)\s+(?:the\s+|this\s+|our\s+)?(?:current\s+|active\s+)?sprint\b", plain) \
            and re.search(SHOW, plain) and not re.search(CREATE, plain):
        return Intent("get_sprint_backlog", refs=_sprint_ref(text, plain))
    if re.search(r"\b(?:complete|close|finish|end(?!\s+(?:dates?|days?|of)\b)|wrap(?:\s+|-)?up|wrap\s+(?:\S+\s+){1,3}?up|conclude|done\s+with|finished\s+with|"
                 r"(?:can|could|should|may)\s+(?:now\s+)?be\s+(?:completed|closed|ended|wrapped\s+up))\b|"
                 r"\b(?:mark|set|flag)\b.*\b(?:sprint|iteration)\b.*\b(?:done|finished|over|closed)\b", plain) \
            and not re.search(r"\bend(?:ing|s)?\s+(?:it\s+)?(?:on|at|by|in)\b|" + _DATES_NAMED, plain) and not re.search(CREATE, plain):
        return Intent("complete_sprint", refs=_sprint_ref(text, plain))
    if re.search(r"\b(?:list|show|which|what)\b.*\bsprints\b|\b(?:all|every|how\s+many)\s+(?:the\s+|of\s+the\s+)?sprints?\b"
                 r"|^\s*(?:our\s+|the\s+|all\s+)?sprints\s*[?.!]*$|" + _SPRINTS_ASKED, plain):
        return Intent("list_sprints")
    if _starts(plain, today):
        return Intent("start_sprint", refs=_sprint_ref(text, plain))
    if re.search(CREATE, plain) or (_schedules(plain, today) and not re.search(_ASKS, plain)) or re.search(r"\bstart(?:ing|s)\b|\bnext\s+one\b|\bline\s+up\b", plain):
        return _create_sprint(text, plain, today)
    if re.search(SHOW, plain):
        return Intent("get_sprint_backlog", refs=_sprint_ref(text, plain))
    return None


# "start and end dates", "its finish date": days named, not a sprint being ended.
_DATES_NAMED = r"\b(?:start|begin)\w*\s+(?:and|&|/)\s+(?:end|finish)\w*\b|\b(?:end|finish)\s+dates?\b"
# The sprints as a series, asked about: their history and dates, which one ran when, what comes
# after the running one ("sprint history", "start and end dates of each sprint", "which sprint
# were we in three weeks ago?", "anything planned after the sprint we're in?").
_SPRINT_SERIES = (r"\bsprint\s+(?:history|timeline|calendar|schedule|list|overview)\b|\blist\s+of\s+(?:our\s+|the\s+|all\s+)?sprints\b|\bhistory\s+of\s+(?:our\s+|the\s+)?sprints\b|"
                  r"\b(?:start|end|begin|finish)(?:\s+and\s+(?:start|end|finish)|ing)?\s+dates?\s+of\s+(?:each|every|all|the|our)\s+"
                  r"(?:of\s+(?:the|our)\s+)?sprints?\b|\bdates\s+of\s+(?:each|every|all|our|the)\s+(?:of\s+(?:the|our)\s+)?sprints?\b|"
                  r"\b(?:each|every)\s+sprint\s+(?:so\s+far|we(?:'ve|\s+have)\s+(?:run|had|done))\b|"
                  r"\bwhich\s+(?:sprint|iteration)\s+(?:were|was)\s+(?:we|it|running|active)\b|"
                  r"\b(?:planned|scheduled|lined\s+up|coming)\s+(?:after|following)\s+(?:the|this|our)\s+(?:current\s+|active\s+)?(?:sprint|one)\b|"
                  # "is there any sprint planned?", "do we have another sprint lined up": what the list holds
                  r"\b(?:any|another|a|the\s+next)\s+(?:sprint|iteration)\s+(?:planned|scheduled|lined\s+up|coming\s+up|queued)\b|"
                  r"\bafter\s+the\s+(?:current\s+)?sprint\s+(?:we'?re|we\s+are)\s+in\b")
# The sprints themselves, asked about: "all our sprints", "have we run more than two sprints",
# "when our sprints ran".
_SPRINTS_ASKED = (r"\b(?:all|every|any|our|past|previous|earlier|old|more\s+than\s+\w+|fewer\s+than\s+\w+)\s+(?:of\s+)?"
                  r"(?:the\s+|our\s+)?(?:past\s+)?sprints\b|\bsprints\b.*\b(?:ran|run|held|had|dates)\b|"
                  r"\b(?:ran|run|held|had)\b.*\bsprints\b|\bsprint\s+names\b|\bnames\s+of\s+(?:the\s+|our\s+|all\s+)?sprints\b")
_STARTING = re.compile(r"\b(?:start(?:s|ed)?|begin(?:s|ning)?|began|kick(?:ing|s|ed)?\s*off|kick-off|launch|activate)\b|\bkick\s+(?:\S+\s+){1,3}?off\b"
                       r"|\bget\s+(?:\S+\s+){1,3}?(?:going|started|underway|rolling)\b")
_MAKING = r"\b(?:create|make|new|plan|schedule|set\s*up|another|next\s+one|line\s+up)\b|" + NAMING
_ASKS = r"^\s*(?:what|which|who|how|when|where|is|are|does|do|show|list|display|view|see|tell)\b"
_EXISTING = re.compile(rf"\bsprint\s+{OPEN}\d+{CLOSE}")


def _starts(plain: str, today: dt.date) -> bool:
    """Starting a sprint that exists, not planning one: no word of making, and no day to start on
    but today ("Sprint 3 starts now" starts it; "start it in 9 days" plans a new one)."""
    if not _STARTING.search(plain):
        return False
    existing = _EXISTING.search(plain) is not None
    if re.search(_MAKING, plain) and not existing:
        return False
    dates = read_dates(plain, today)
    if existing:
        return dates.start in (None, today)
    return dates.start in (None, today) and dates.end is None and dates.days is None \
        and not re.search(r"\bstart(?:ing|s)\b", plain)


def _schedules(plain: str, today: dt.date) -> bool:
    """Days or a length said: a sprint to be planned, not one to act on."""
    dates = read_dates(plain, today)
    return dates.start is not None or dates.days is not None


# Where the sprint stands against its plan: "ahead of or behind the ideal line", "on track".
_PACE = (r"\bideal(?:\s+(?:line|burn\w*|pace))?\b|\bremaining\s+points\b|\bpoints\s+(?:left|remaining)\b|"
         r"\bon\s+(?:track|schedule|pace)\b|\b(?:ahead|behind)\s+(?:of\s+)?(?:or\s+behind\s+)?(?:the\s+)?(?:schedule|plan|ideal)\b")
_BURNDOWN = r"\bburn(?:s|ing|ed|t)?\s*-?\s*down\b"
# "how is the sprint going?", "how did Sprint 1 go?": how it went is what the numbers tell.
_HOW_IT_WENT = (r"\bhow(?:'s|\s+(?:is|are|was|did))\s+(?:the\s+|this\s+|our\s+|that\s+|last\s+|the\s+last\s+)?"
                r"(?:current\s+|previous\s+)?(?:sprint|iteration)(?:\s+\S+)?\s+(?:go|went|going|doing|looking|tracking)\b")


# The sprint before this one, by when it ended: "the previous sprint", "the last completed one",
# "the sprint we closed a fortnight ago", "the sprint that ended two weeks ago".
_BEFORE_THIS_ONE = (r"\b(?:the|our)\s+(?:previous|prior|last\s+(?:completed|finished|closed)|most\s+recent\s+(?:completed|finished|closed))"
                    r"\s+(?:sprint|one)\b|\bthe\s+sprint\s+(?:that\s+|which\s+)?(?:we\s+)?(?:just\s+)?"
                    r"(?:closed|ended|finished|completed|wrapped\s+up)\b|\bthe\s+(?:sprint|one)\s+before\s+(?:this|the\s+current)\b")


def _sprint_ref(text: str, plain: str) -> dict[str, Ref]:
    if (existing := _EXISTING.search(plain)) is not None:
        return {"sprint_id": Ref("sprint", text=existing.group(0).split()[-1])}
    quotes = lang.quoted(text)
    if quotes:
        return {"sprint_id": Ref("sprint", text=quotes[0])}
    # "the first one" (after the sprints were listed), "the second sprint": by place in the sprint list.
    # "last" is left out: "the last sprint" is the one before this, not the end of the list.
    if place := re.search(r"\bthe\s+(first|second|third|fourth)\s+(?:one|sprint)\b", plain):
        return {"sprint_id": Ref("sprint", text=f"{place.group(1)} one")}
    if re.search(_BEFORE_THIS_ONE, plain):
        return {"sprint_id": Ref("sprint", text=LAST_COMPLETED)}
    match = re.search(r"\bsprint\s+(?:id\s*)?#\s*(\d+)\b", plain) or re.search(r"\bsprint\s+id\s+(\d+)\b", plain)
    if match:
        return {"sprint_id": Ref("sprint", id=int(match.group(1)))}
    match = re.search(rf"\bsprint\s+(?:(?:number|no\.?|nr\.?)\s+)?({lang.NUMBER})\b(?!\s*-?\s*(?:weeks?|days?))", plain)
    if match and match.group(1) not in ("a", "an") and (number := lang.to_number(match.group(1))) is not None:
        return {"sprint_id": Ref("sprint", text=f"Sprint {number}")}
    # "into sprint Hardening": a sprint by a name of its own, looked up in the sprint list (asked
    # about when there is none so named), never dropped for the current one
    if named := re.search(r"(?:^\s*|\b(?:to|into|in|for|onto)\s+(?:the\s+)?)sprint\s+(?!(?i:backlog|planning|review|goal|board)\b)"
                          r"([A-Z][\w-]*(?:\s+[A-Z0-9][\w-]*){0,3})", text):
        return {"sprint_id": Ref("sprint", text=named.group(1))}
    return {}


def _create_sprint(text: str, plain: str, today: dt.date) -> Intent:
    intent = Intent("create_sprint")
    intent.args["name"] = _new_name(text, intent) or ""
    dates = _dates_asked(plain, today)
    intent.guesses += dates.guesses
    start, end = dates.start, dates.end
    if start is None:
        intent.missing.append("start_date")
    else:
        intent.args["start_date"] = start.isoformat()
    if end is None and dates.days is not None and start is not None:
        end = lang.shift(start, dates.days)
    if dates.conflict or (start is not None and end is not None and too_long(start, end)):
        intent.note = dates.conflict or too_long(start, end)
        intent.missing.append("length")
    elif end is None:
        intent.missing.append("length")
    else:
        intent.args["end_date"] = end.isoformat()
    return intent


def _dates_asked(plain: str, today: dt.date) -> SprintDates:
    """"Sprint 2 wraps up next week, so … Could you create 'Sprint 3' starting in 8 days?": the
    days of the sentence that asks for the sprint and after it, when they say when it starts;
    the days of the context before are about other things."""
    sentences = list(re.finditer(r"[^.!?]+(?:[.!?]+|$)", plain))
    for index, sentence in enumerate(sentences):
        if index and re.search(r"\b(?:create|make|plan|set\s*up|schedule|add|open|start\s+a\s+new)\b", sentence.group(0)):
            said = read_dates(plain[sentence.start():], today)
            return said if said.start else read_dates(plain, today)
    return read_dates(plain, today)


# "Board Cleanup: new sprint from tomorrow": a name in title case before a colon.
_NAME_BEFORE_COLON = re.compile(r"^\s*([A-Z0-9][\w.-]*(?:\s+[A-Z0-9][\w.-]*){0,3})\s*:\s+(?=.*\b(?:sprint|iteration)\b)", re.I)
_NOT_NAMES = frozenset("hey hi hello ok okay so note fyi reminder request question todo ps next also update plan idea".split())
# A sprint said by its number, not as one already running ("Sprint 2's got a week left") or one to follow.
_NUMBERED = re.compile(r"\b(?:sprint|iteration)\s+(\d+)\b(?!\s*-?\s*(?:weeks?|days?|wks?)\b)(?!'s)", re.I)


def _new_name(text: str, intent: Intent) -> str | None:
    quotes = lang.quoted(text)
    if quotes:
        return quotes[0]
    called = after(NAMING, text)
    if called:
        name = clean(cut(called, r"\s+(?:starting|from|beginning|for|lasting|running|runs|that|which|on|with|and|start|"
                                  r"begin|end|ending|until|through|to)\b|[,.;]|" + AFTER_A_NAME))
        if name:
            return name
    numbered = [m for m in _NUMBERED.finditer(text) if not re.search(r"\b(?:after|than|since|like|before|of)\s+$",
                                                                        text[max(0, m.start() - 10):m.start()], re.I)]
    if numbered:
        return numbered[-1].group(0)[:1].upper() + numbered[-1].group(0)[1:]
    # A name the sprint list holds, said again as typed (an earlier turn that made it, read again).
    existing = [m for m in _EXISTING.finditer(text) if not text[m.end():].startswith("'s")]
    if existing:
        return existing[-1].group(0).split()[-1]
    colon = _NAME_BEFORE_COLON.match(text)
    if colon and colon.group(1).split()[0].lower() not in _NOT_NAMES and all(
            w[0].isupper() or w[0].isdigit() for w in colon.group(1).split()):
        intent.guesses.append(f"name '{colon.group(1)}'")
        return colon.group(1)
    return None


# Ways to say a story goes into a sprint ("throw it into the current sprint", "slot SSO in").
TOSS_IN = r"\b(?:throw|stick|slot|pop|toss|shove|sneak|chuck|load)\b|\bget(?=\s+(?!me\b|us\b).+?\binto\b)"
_INTO_VERBS = (r"\b(?:add|put|pull|move|include|bring|commit|drag|take|plan|drop|squeeze|fit|schedule|place|push)\b|"
               + TOSS_IN)
# "SSO into the sprint", "dark mode -> sprint": a thing and where it goes, no verb.
_VERBLESS_INTO = r"^\s*(?!(?:what|which|who|how|is|are|show|list)\b)\S.*?\s*(?:\binto\b|->|→|=>)\s*(?:the\s+|this\s+|our\s+)?(?:current\s+|active\s+|next\s+)?sprint\s*[.!]*$"


def _add_to_sprint(text: str, plain: str) -> Intent:
    intent = Intent("add_to_sprint_backlog")
    quotes = lang.quoted(text)
    if quotes:
        intent.refs["backlog_item_id"] = Ref("item", text=quotes[0])
    else:
        head = re.sub(rf"^.*?(?:{_INTO_VERBS})\s+", "", text, count=1, flags=re.I)
        head = cut(head, TO_SPRINT.replace(r"\b(?:in(?:to)?|to|on)", r"\s+(?:in(?:to)?|to|on)"))
        head = drop_noun(ITEM_NOUNS, head)
        ref = named("item", head)
        if ref is not None:
            intent.refs["backlog_item_id"] = ref
        else:
            intent.missing.append("item")
    # where it goes, read from the words after "to the sprint" (a quote before them is the story's)
    said_after = re.sub(r"^.*?" + TO_SPRINT, "sprint", text, count=1, flags=re.I | re.S)
    intent.refs.update(_sprint_ref(said_after if said_after != text else "", re.sub(r".*?" + TO_SPRINT, "sprint", plain, count=1)))
    return intent
