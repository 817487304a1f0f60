"""Looks at the work said by what is looked at, with no verb needed ("product backlog", "sprint
items", "who's on the team?"): the product backlog for planning, the sprint backlog, and the
people of a workspace. Read before the other readers, and only when no write verb is present."""

from __future__ import annotations

import datetime as dt
import re

from apcs_app.agents.offline.intents.phrases import Intent, without_new_names
from apcs_app.agents.offline.names import PLACEHOLDER
from apcs_app.agents.offline.intents.spaces import MAKES_SPACE
from apcs_app.agents.offline.intents.sprints import TOSS_IN, _VERBLESS_INTO, _sprint_ref

# "give me the stories …" and "before I start pruning" ask for a look; "give X 3 points" and "start Sprint 3" change something.
_WRITES = (r"\b(?:add|create|make|new|move|drag|assign|set|change|update|mark|rename|delete|remove|archive|(?<!i )(?<!we )start|"
           r"complete|close|finish|end|wrap|put|drop|schedule|give(?!\s+(?:me|us)\b)|hand|raise|lower|bump|estimate|comment)\b|"
           r"\bplan\s+(?:a|an|another|one\s+more|the\s+next|a\s+new|new)\s+(?:[\w-]+\s+){0,2}?(?:sprint|iteration)\b")
_ITEMS = r"(?:items?|stor(?:y|ies)|tickets?|work|things|pbis?|backlog)"
# Open work that could go into a sprint: the product backlog of the Scrum Master.
PLANNING = (
    r"\bproduct\s+backlog\b|\bbacklog\s+of\s+the\s+product\b|\bplanning\s+backlog\b|\bunplanned\b|\bcandidates\b|\bcandidate\s+(?:items?|stor(?:y|ies)|tickets?|work)\b|"
    rf"\b(?:open|unfinished|remaining|undone|outstanding|pending)\s+(?:backlog\s+)?{_ITEMS}\b|"
    rf"\b{_ITEMS}\s+(?:(?:that|which)\s+)?(?:are\s+|is\s+|aren'?t\s+|isn'?t\s+)?(?:still\s+)?(?:open|not\s+(?:yet\s+)?done|"
    r"unfinished|left|done\s+yet|(?:waiting\s+)?to\s+be\s+planned|not\s+(?:yet\s+)?planned|unplanned)\b|"
    r"\b(?:left|waiting|still)\s+to\s+(?:be\s+)?plan(?:ned)?\b|\bthat\s+isn'?t\s+done\s+yet\b|"
    r"\b(?:left|remaining)\s+that\s+(?:isn'?t|is\s+not|aren'?t|are\s+not)\s+(?:yet\s+)?(?:finished|done|complete|completed)\b|"
    r"\bwhat(?:'s|\s+is)\s+(?:still\s+)?(?:open|unfinished|not\s+(?:yet\s+)?done)\b|"
    r"\b(?:could|can|might|should)\s+(?:we\s+)?(?:still\s+)?(?:go|pull|fit|bring|take|squeeze)\s+(?:in|into)?\b.*\bsprint\b|"
    r"\b(?:could|can|might|should)\s+(?:we\s+)?(?:still\s+)?(?:go\s+in|pull\s+in|fit\s+in)\b|"
    # "Next sprint is close, what could we pull into it?": 'it' is the sprint the sentence is about
    r"\b(?:what|which)\b[^.!?]*\b(?:could|can|might|should)\s+(?:we\s+)?(?:still\s+)?(?:pull|fit|bring|squeeze|take|put)\s+in(?:to)?\s+it\b|"
    r"\bfor\s+(?:sprint\s+)?planning\b"
)
# Verbs that put a named story into a sprint ("pull X into the sprint", "X goes into Sprint 2").
_JOINS = (r"\b(?:pull|include|squeeze|bring|go|goes|fit|plan|activate|kick|launch|begin|join|joins|joining|belongs?|"
          r"take|commit)\b")
_SPRINT_LOOK = (
    r"\bsprint\s+(?:backlog|items?|stor(?:y|ies)|scope|contents?|commitment)\b|"
    rf"\b(?:in|on|of|into|for)\s+(?:the\s+|this\s+|our\s+|that\s+)?(?:current\s+|active\s+|ongoing\s+)?sprint\b(?!\s+(?:planning|review|report))|"
    r"\bsprint\s+\d+\s+(?:items?|stor(?:y|ies)|backlog|scope)\b|\bcommit(?:ted)?\s+to\b|\bpart\s+of\s+(?:the\s+|this\s+)?sprint\b"
)
_PEOPLE = (r"\bwho(?:'s|s|\s+is|\s+are|'re)\s+(?:in|on|part\s+of)\b|\bteam(?:\s+(?:list|members?))?\b|\bmembers?\b|"
           r"\bteammates\b|\bemails?(?:\s+address(?:es)?)?\b|\b(?:product\s+)?owner\b|\broles?\b|\bwho\s+(?:can|has)\s+access\b|"
           # everyone said of the place: "everybody in this workspace", "which people work here?", "who else is here?"
           r"\b(?:everyone|everybody|people|folks)\s+(?:(?:who\s+)?(?:works?\s+)?(?:on|in|of)\s+(?:this|the|our)\s+"
           r"(?:project|workspace|space|team)|(?:who\s+)?works?\s+here|here)\b|\b(?:which|what)\s+people\b|"
           r"\blist\s+of\s+(?:everyone|everybody|people|the\s+people)\b|\bwho(?:\s+else)?(?:\s+is|'s|\s+are|\s+works?)\s+(?:here|around)\b|"
           r"\bhow\s+many\s+(?:people|members|folks|users)\b")
# Asking who work can go to asks for the members ("who could I hand this card to?").
_ASSIGNABLE = (r"^\s*(?:so\s+|and\s+)?who\s+(?:can|could|should|might|do|would)\s+(?:i|we)\s+(?:assign|give|hand|pass|delegate)\b"
               r"[^.?!]*\bto(?:\s+(?:here|in\s+this\s+\w+))?\s*[?.!]*$")


def read_view(text: str, plain: str, _today: dt.date) -> Intent | None:
    if re.search(_ASSIGNABLE, plain):
        return Intent("get_space_info")
    if re.search(_WRITES, plain) or re.search(TOSS_IN, plain) or re.match(_VERBLESS_INTO, plain) or re.search(MAKES_SPACE, plain):
        return None
    named = PLACEHOLDER.search(text) is not None
    joins = re.search(_JOINS, plain) is not None
    if re.search(PLANNING, without_new_names(plain)) and not named and not re.search(
            r"\bsprint\s+(?:backlog|\d+)\b|\b(?:this|current|active)\s+sprint\b", plain):
        return Intent("get_product_backlog")
    # "What did we commit to this sprint?" asks what joined; "commit X to the sprint" joins it.
    if joins and not re.match(r"\s*(?:what|which)\b", plain):
        return None
    # "Is Mobile-friendly board part of this sprint?" looks; "Mobile-friendly board in this sprint" may put it there.
    asked = re.match(r"\s*(?:is|are|was|were|what|which|show|list)\b", plain) is not None
    if re.search(_SPRINT_LOOK, plain) and (asked or not named) and not re.search(_SPRINT_NUMBERS, plain):
        return Intent("get_sprint_backlog", refs=_sprint_ref(text, plain))
    if re.search(_PEOPLE, plain) and not re.search(_NOT_PEOPLE, plain):
        return Intent("get_space_info")
    return None


_SPRINT_NUMBERS = (r"\b(?:velocity|burn-?down|metrics|health|report|review|how\s+(?:are|is)\s+we|remaining\s+points)\b|"
                   r"\bsprint\s+names\b|\bnames\s+of\s+(?:the\s+|our\s+|all\s+)?sprints\b")  # numbers or names: no one sprint's items
# The people of one workspace, not the workspaces a user is in, nor what people are doing.
_NOT_PEOPLE = (r"\b(?:working|doing|assigned|tasks?|cards?|board|workspaces|spaces|projects|velocity|burn-?down|metrics|"
               r"going|started|underway|rolling|kick(?:ing)?\s+off)\b|"
               r"\b(?:am\s+i|i'?m|i\s+am)\b")
