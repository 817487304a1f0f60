"""From how people phrase a request to the plain command the readers know: politeness and
filler off, command words' typos fixed, and statements and questions about a named thing
("X is now high priority", "Can Bob take X?", "X → Done") said as commands.

Runs on the text with titles masked (names.py), so none of this touches what a title says."""

from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import OSA

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.names import is_rare
from apcs_app.agents.offline.vocabulary import (
    COMMAND_WORDS,
    DONE_WORDS,
    MODAL,
    POLITE_LEAD,
    POLITE_TAIL,
    PRIORITY,
    SHORT_WORDS,
    SYNONYMS,
    TAKES,
)

_NAME = r"\ue000\d+\ue001"
_THING = rf"(?:the\s+)?({_NAME}|['\"“‘][^'\"”’]+['\"”’])(?:\s+(?:task|card|story|item|ticket|bug))?"


def normalize(text: str, members: list[str] = ()) -> str:
    text = _embedded_question(" ".join(text.replace("’", "'").split()))
    polite = re.sub(rf"^{POLITE_LEAD}", "", text, flags=re.I)
    # "Would you mind marking X as done": after a polite lead, a doing is the thing to do
    text = _doing_as_command(polite, _ASKED_DOING) if polite != text else _doing_as_command(text, _MIND)
    text = re.sub(POLITE_TAIL, "", text, flags=re.I) or text
    text = _fix_typos(text)
    text = _in_product_words(text)
    # "the running sprint", "the ongoing iteration": the product says "current sprint"
    text = re.sub(r"\b(?:running|ongoing|present|live|in-progress)\s+sprint\b", "current sprint", text, flags=re.I)
    text = re.sub(r"\b(kick|kicking|kicked)\s+of(?=\s+(?:sprint|the|our|this|it)\b)", r"\1 off", text, flags=re.I)  # "kick of sprint 3"
    text = sizes_as_points(text)
    text = _second_thoughts(text)
    # "Mobile-friendly board: mark it as in progress": the thing named first is the 'it' that follows
    text = re.sub(rf"^\s*(?:the\s+)?({_NAME})(?:\s+(?:task|card|story|item|ticket))?\s*[:—–]\s+(.*?)\b(?:it|this\s+one|that\s+one)\b",
                  lambda m: m.group(2) + m.group(1), text, count=1, flags=re.I)
    # "move Audit log up to high priority": a priority, said as a move
    text = re.sub(rf"\b(?:move|bump|push|raise|drop|lower|take|bring)\s+(?:the\s+)?([^,;.!?]+?)\s+(?:(?:all\s+the\s+way\s+)?(?:up|down)\s+)?to\s+(?:an?\s+|the\s+)?"
                  rf"({PRIORITY})\s+priority\b", r"set the priority of \1 to \2", text, flags=re.I)
    text = re.sub(rf"\b(?:bump|raise|lower|drop|knock|push)\s+(?:the\s+)?([^,;.!?]+?)\s+(?:up|down)\s+to\s+(?:an?\s+)?({PRIORITY})(?:\s+priority)?\b",
                  r"set the priority of \1 to \2", text, flags=re.I)
    # "… so let's pull Onboarding checklist in": a story pulled in goes into the sprint
    text = re.sub(rf"\b(?:let'?s\s+)?(?:pull|bring|squeeze|sneak|slot)\s+{_THING}\s+in(?:\s+(?:too|as\s+well|now|then|after\s+all))?\s*([.!]*)$",
                  r"add \1 to the sprint\2", text, flags=re.I)
    return _as_command(text, members)


# "… and I can't remember who else is in Project Phoenix. Can you check?": the question is the
# clause after "I can't remember"; what comes before it is why, and "can you check?" asks it.
_FORGOT = re.compile(r"\b(?:i\s+(?:can'?t|cannot|don'?t|do\s+not)\s+(?:quite\s+)?(?:remember|recall|know)|i\s+(?:forgot|forget)|"
                     r"i'?m\s+not\s+sure|remind\s+me)\s+((?:who|what|which|how\s+many|when|where)\b(?!\s+to\b)[^.?!]*)[.?!]?\s*(.*)$", re.I)
_CHECK = re.compile(r"(?:(?:so\s+)?(?:can|could|would|will)\s+(?:you|u)\s+)?(?:please\s+)?(?:check|look(?:\s+it\s+up)?|tell\s+me|remind\s+me|"
                    r"find\s+out|see|have\s+a\s+look)?(?:\s+(?:please|for\s+me|quickly|real\s+quick))*\s*[.?!]*", re.I)


def _embedded_question(text: str) -> str:
    forgot = _FORGOT.search(text)
    return forgot.group(1) + "?" if forgot and _CHECK.fullmatch(forgot.group(2)) else text


# An estimate said as a size: "more like an 8", "more of an 8 than a 13", "closer to a 5".
SIZE_SAID = (rf"\b(?:(?:really|actually|probably|honestly)\s+)?(?:more\s+like|closer\s+to|nearer|more\s+of)\s+(?:an?\s+)"
              rf"({lang.NUMBER})(?:\s*-?\s*(?:pointer|point(?:s)?|pts?))?(?!\w)(?:\s+than\s+(?:an?\s+)?(?:{lang.NUMBER})(?:\s*(?:-?pointer|points?|pts?))?(?!\w))?|"
              rf"\b(?:really|actually)\s+(?:an?\s+)({lang.NUMBER})(?!\s*(?:-?pointer|points?|pts?|days?|weeks?)\b)(?!\w)|"
              rf"\b(?:an?\s+)({lang.NUMBER})\s+(?:really|tbh|honestly|actually)\b")


# "5 points — actually make that 8", "high, no wait, critical": a value taken back in the same
# breath; the one said last is meant.
_TAKEN_BACK = r"\s*[,;:.!—–-]*\s*(?:(?:no|oh|er+m*|um+)[,\s]+)?(?:actually|sorry|no\s+wait|wait|oops|or\s+rather|rather|i\s+mean|scratch\s+that)[,:—–-]*\s+" \
              r"(?:(?:let'?s\s+)?(?:make|say|call)\s+(?:that|it)\s+|(?:it'?s|that'?s)\s+)?(?:an?\s+)?"
_POINTS = r"(?:\s*(?:story\s+)?(?:-?pointer|points?|pts?))"


def _second_thoughts(text: str) -> str:
    text = re.sub(rf"\b{lang.NUMBER}{_POINTS}{_TAKEN_BACK}({lang.NUMBER}){_POINTS}?(?!\w)", r"\1 points", text, flags=re.I)
    return re.sub(rf"\b(?:{PRIORITY})(\s+priority)?{_TAKEN_BACK}({PRIORITY})(?!\w)", r"\2\1", text, flags=re.I)


def sizes_as_points(text: str) -> str:
    """"more of an 8 than a 13" → "8 points"."""
    return re.sub(SIZE_SAID, lambda m: f"{m.group(1) or m.group(2) or m.group(3)} points", text, flags=re.I)


def _in_product_words(text: str) -> str:
    """Other words for the same things ("lane", "iteration", "prio", "tmrw") said as the product
    says them; quotes and masked titles are left as typed."""
    def word(match: re.Match) -> str:
        typed = match.group(0)
        if typed[0].isupper() and match.start() > 0:  # "start Iteration 3": a capitalised word mid-sentence is a name
            return typed
        found = SYNONYMS.get(typed.lower())
        return found if found is not None else typed
    kept = [(m.start(), m.end()) for m in lang.QUOTED.finditer(text)] + [
        (m.start(), m.end()) for m in re.finditer(r"\ue000\d+\ue001", text)]
    out, last = [], 0
    for start, end in sorted(kept):
        if start < last:
            continue
        out += [re.sub(r"[A-Za-z]+", word, text[last:start]), text[start:end]]
        last = end
    return "".join(out + [re.sub(r"[A-Za-z]+", word, text[last:])])


def _fix_typos(text: str) -> str:
    """A misspelt command word ("moev", "prioirty", "backlgo") becomes the word; anything
    quoted or masked, and any word close to no command word, stays as typed."""
    def fix(match: re.Match) -> str:
        word = match.group(0)
        lowered = word.lower()
        if len(lowered) < 4 or lowered in COMMAND_WORDS or not lowered.isalpha() or (
                word[0].isupper() and match.start() > 0):  # a capitalised word mid-sentence is a name
            return word
        if not is_rare(lowered):  # "title", "mode", "form": a common word is that word, not a slip
            return word
        # Optimal string alignment counts a swap of two letters ("moev") as one slip.
        best = process.extractOne(lowered, COMMAND_WORDS, scorer=OSA.normalized_similarity, score_cutoff=0.79)
        if best is None and len(same := [w for w in COMMAND_WORDS if _undoubled(w) == _undoubled(lowered)]) == 1:
            return same[0]  # a letter doubled or not ("tommorow", "comited"): that word
        # "reviews", "boarding": a word built on a command word is another word, not a slip.
        if best is None or best[0][0] != lowered[0] or abs(len(best[0]) - len(lowered)) > 2 or lowered.startswith(best[0]):
            return word
        # Four letters leave no room for a changed letter ("mode" is no "move"), only a swap ("moev").
        if len(lowered) == 4 and sorted(lowered) != sorted(best[0]):
            return word
        return best[0]

    def fix_or_swap(match: re.Match) -> str:
        word = match.group(0)
        fixed = fix(match)
        if fixed == word and len(word) in (3, 4) and not (word[0].isupper() and match.start() > 0) and is_rare(word.lower()):
            # A short word has room for one slip only: two letters swapped ("moev", "teh") or one
            # left out ("bord", "wat"); a changed letter would make it another word ("mode").
            return _short_slip(word.lower()) or word
        return fixed
    parts = re.split(r"""(['"“‘][^'"”’]*['"”’]|\ue000\d+\ue001)""", text)
    return "".join(p if i % 2 else re.sub(r"[A-Za-z]+", fix_or_swap, p) for i, p in enumerate(parts))


def _undoubled(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def slips(text: str) -> list[tuple[str, str]]:
    """(as typed, as read) of each command word read through a slip of the keys ("moev" → "move"):
    a reading that rests on one is a guess, shown before a write."""
    typed, read = re.findall(r"[A-Za-z]+", text), re.findall(r"[A-Za-z]+", _fix_typos(text))
    if len(typed) != len(read):
        return []
    return [(a, b) for a, b in zip(typed, read) if a.lower() != b.lower()]


def _short_slip(word: str) -> str | None:
    swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)} - {word}
    found = sorted(w for w in swaps if w in COMMAND_WORDS or w in SHORT_WORDS)
    if not found:
        found = sorted(w for w in COMMAND_WORDS | SHORT_WORDS
                       if len(w) == len(word) + 1 and w[0] == word[0] and any(w[:i] + w[i + 1:] == word for i in range(len(w))))
    return found[0] if len(found) == 1 else None


# "… from now on", "… this week": when, not what; a statement reads the same without it.
_WHEN_TAIL = r"(?:\s+(?:from\s+now\s+on|for\s+now|going\s+forward|now|today|tomorrow|this\s+week|next))+$"
_WHEN_LEAD = (r"^(?:from\s+now\s+on|starting\s+(?:today|now|tomorrow|this\s+week)|going\s+forward|as\s+of\s+(?:today|now)|"
              r"from\s+(?:today|tomorrow)(?:\s+on)?)\s*,?\s+")


_SPRINT = r"(?:sprint\s+\d+|the\s+(?:current\s+|active\s+)?sprint|this\s+sprint|(?:sprint\s+)?\ue000\d+\ue001(?:\s+sprint)?)"
# "We're finishing Sprint 2 early", "I'm moving X to Done": what is being done, said as a command.
_DOING = r"^(?:we|i)(?:'re|'m|\s+are|\s+am)\s+(?:now\s+|going\s+to\s+be\s+)?([a-z]+?)(?:ing)\b"


def _doing_as_command(body: str, doing: str = _DOING) -> str:
    match = re.match(doing, body, flags=re.I)
    if not match:
        return body
    stem = match.group(1).lower()
    verb = next((v for v in (stem, stem + "e", stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else None)
                 if v and v in COMMAND_WORDS), None)
    return verb + body[match.end():] if verb else body


# "Mind creating a card for X?", "(would you mind) marking X as done": a request, said as what to do.
_MIND = r"^(?:(?:would|do)\s+you\s+)?mind\s+([a-z]+?)(?:ing)\b"
_ASKED_DOING = r"^([a-z]+?)(?:ing)\b(?!\s+(?:is|are|was|were|has|will|starts?|went)\b)"


def _as_command(text: str, members: list[str]) -> str:
    body = re.sub(_WHEN_TAIL, "", text.rstrip(" .!?"), flags=re.I) or text.rstrip(" .!?")
    body = re.sub(_WHEN_LEAD, "", body, flags=re.I) or body
    said = _doing_as_command(re.sub(r"\s+(?:early|soon|already)$", "", body, flags=re.I))
    text, body = (said, said) if said != body and not said.lower().startswith(("we", "i ")) else (text, body)
    people = "|".join(re.escape(m) for m in sorted(members, key=len, reverse=True) if m) or r"(?!x)x"
    # "put me on X instead of Bob", "I'll handle X instead of Bob": who had it before is no one to give it to
    body = re.sub(rf"\s+(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:{people})$|\s+(?:myself|personally)$", "", body, flags=re.I) or body
    rewrites = (
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
        (rf"^(?:{MODAL}\s+)?({people}|me|i)(?:'ll|\s+{MODAL})?\s+{TAKES}\s+{_THING}$", r"assign \2 to \1"),
        (rf"^(?:{MODAL})\s+({people}|me|i)\s+{TAKES}\s+{_THING}$", r"assign \2 to \1"),
        # "put Bob on X", "put my name on X": their name on the card
        (rf"^put\s+({people})(?:'s\s+name)?\s+on\s+{_THING}$", r"assign \2 to \1"),
        # "audit log build task: bob": a card and who takes it
        (rf"^((?:the\s+)?(?:{_NAME}|[\w' -]+?)\s+(?:task|card))\s*:\s*({people}|me)$", r"assign \1 to \2"),
        # "switch it over to me", "flip the X card over to Bob": a card passed to a person
        (rf"^(?:switch|swap|flip|pass|hand|move|shift)\s+((?:it|that|this)(?:\s+one)?|{_THING})\s+over\s+to\s+(me|{people})$",
         r"assign \1 to \3"),
        (rf"^put\s+(?:my\s+name|me)\s+on\s+{_THING}$", r"assign \1 to me"),
        # "put me on the serializer card": a person put on a card is its assignee, however it is named
        (rf"^put\s+(?:my\s+name|me|myself)\s+(?:down\s+)?(?:on|for)\s+((?:the|that|this)\s+.+?\b(?:task|card|ticket|one)|it|that|this)$",
         r"assign \1 to me"),
        (rf"^put\s+({people})(?:'s\s+name)?\s+(?:down\s+)?(?:on|for)\s+((?:the|that|this)\s+.+?\b(?:task|card|ticket|one)|it|that|this)$",
         r"assign \2 to \1"),
        # "to Bob assign the task X": the person said first
        (rf"^to\s+({people}|me)\s+(assign|give|hand)\s+(.+)$", r"\2 \3 to \1"),
        # "assign to me the Build task", "give Bob the dashboard card", "assign him the rate-limit task"
        (rf"^(assign|give|hand)\s+to\s+({people}|me)\s+(.+)$", r"\1 \3 to \2"),
        (rf"^(assign|give|hand)\s+({people}|me|him|her|them)\s+((?:the|this|that|our)\s+.*\b(?:task|card|ticket)|{_THING})$",
         r"\1 \3 to \2"),
        # "X → bob": to a person, it is theirs
        (rf"^{_THING}\s*(?:->|→|=>|>)\s*({people}|me)$", r"assign \1 to \2"),
        # "X → Done", "X -> In Progress"
        (rf"^{_THING}\s*(?:->|→|=>|>)\s*(.+)$", r"move \1 to \2"),
        # "rate-limit build -> to do", "slow search -> bob": an arrow after a loose name (the resolver
        # matches the words, and a guess is shown first)
        (rf"^(?!(?:show|list|what|which|how|who)\b)([\w'][^>→]{{1,60}}?)\s*(?:->|→|=>)\s*({people}|me)$", r"assign \1 to \2"),
        (r"^(?!(?:show|list|what|which|how|who)\b)([\w'][^>→]{1,60}?)\s*(?:->|→|=>)\s*"
         r"(?!.*\b(?:pts?|points?|sp|priority|prio|low|medium|high|critical|urgent)\b)(\S.*)$", r"move \1 to \2"),
        # "X goes into Sprint 2", "Could X go into the sprint?", "X belongs in the Cleanup sprint"
        (rf"^(?:{MODAL}\s+)?{_THING}\s+(?:{MODAL}\s+)?(?:goes|go|belongs?|fits?)\s+(?:in|into|to|on)\s+(.+)$",
         r"add \1 to \2"),
        # "The title of Dark mode should be 'X'", "the SAML story's description should say 'X'": a field's new value, stated
        (rf"^(?:the\s+)?(title|name|description)\s+(?:of|for|on)\s+{_THING}\s+(?:{MODAL}|ought\s+to)\s+(?:be|say|read)\s+"
         r"(?:changed\s+to\s+)?(['\"“‘].+)$", r"change the \1 of \2 to \3"),
        (rf"^{_THING}(?:'s)?\s+(title|name|description)\s+(?:{MODAL}|ought\s+to)\s+(?:be|say|read)\s+(?:changed\s+to\s+)?(['\"“‘].+)$",
         r"change the \2 of \1 to \3"),
        # "The onboarding checklist should be part of this sprint", "X needs to be in the current sprint"
        (rf"^{_THING}\s+(?:{MODAL}|ought\s+to|need\s+to)\s+be\s+(?:part\s+of|included\s+in|added\s+to|pulled\s+into|in)\s+"
         r"((?:the|this|our)\s+(?:current\s+|active\s+|next\s+)?sprint\b.*|sprint\s+\d+.*)$", r"add \1 to \2"),
        # "'Slack notifications' should be on the backlog, critical": a new story named, wanted there
        (r"^(['\"“‘][^'\"”’]+['\"”’])\s+(?:should|must|needs?\s+to|ought\s+to|has\s+to)\s+(?:be|go|get\s+added)\s+"
         r"(?:on|in|into|to|onto)\s+(?:the\s+|our\s+)?(?:product\s+)?backlog\b(.*)$", r"add \1 to the backlog\2"),
        # "The team needs a backlog item for archiving old sprints": a new story someone needs
        (r"^(?:the\s+(?:\w+\s+)?team|everyone|they|people|customers|users|the\s+customer|[A-Z]\w+)\s+(?:needs?|wants?|could\s+use|would\s+like|asked\s+for)\s+"
         r"(an?\s+(?:new\s+)?(?:backlog\s+item|story|user\s+story|ticket)\s+(?:for|about|to|covering|on)\s+.+)$", r"add \1"),
        # "schedule X for the current sprint", "earmark X for this sprint"
        (rf"^(?:schedule|plan|earmark|slot|queue|line\s+up|pencil\s+in)\s+{_THING}\s+for\s+"
         r"((?:the|this|our)\s+(?:current\s+|active\s+)?sprint\b.*|sprint\s+\d+.*)$", r"add \1 to \2"),
        # "Our board is missing a UAT column", "could we get an extra column at the end?": a column wanted
        (r"^(?:(?:our|the|this)\s+)?(?:board|kanban)\s+(?:could\s+(?:really\s+|also\s+)?use|needs|is\s+missing|lacks|"
         r"should\s+(?:have|get)|has\s+no)\s+(.*?\bcolumns?\b.*)$", r"add \1"),
        (r"^(?:can|could|may)\s+(?:we|i)\s+(?:get|have|add)\s+((?:an?|one|another)\b.*?\bcolumns?\b.*)$", r"add \1"),
        # "Sprint 2 is over", "the sprint is finished"
        (rf"^({_SPRINT})\s+(?:is|'s|has|was)\s+(?:now\s+|officially\s+)?(?:over|ended|wrapped\s+up|{DONE_WORDS})"
         r"(?:\s*[,;.!]\s*(?:so\s+)?(?:(?:we'?re|we\s+are|i'?m|let'?s|please|pls|go\s+ahead\s+and|you\s+can)\s+)?"
         r"(?:clos|complet|finish|end|wrap)\w*\s+(?:it|that|this|the\s+sprint)(?:\s+(?:now|out|up|off))?\s*[.!]*)?$",
         r"complete \1"),
        # "support desk backlog", "members?": a view, named and nothing else ("kanban" alone
        # answers "Scrum or Kanban?")
        (rf"^(?:(?:and|now|also|then|so)\s+)*(?:(?:the|our|my|its|their|this|that)\s+)?"
         rf"((?:{_NAME}(?:'s)?\s+)?(?:backlog|board|kanban\s+board|members|team(?:\s+list)?)"
         r"(?:\s+(?:of|in|for)\s+(?:this|that|the\s+same|our)\s+(?:workspace|space|project|one))?)(?:\s+(?:too|as\s+well|also|then))?"
         r"(?:\s*,\s*(?:every|all|each|everything|including|with|even)\b[^,]*)?$",
         r"show \1"),
    )
    for pattern, command in rewrites:
        rewritten, count = re.subn(pattern, command, body, flags=re.I)
        if count:
            return re.sub(r"\bto (?:i|me)$", "to me", rewritten, flags=re.I)
    return text
