"""Workspace requests (Administration): create, list, describe."""

from __future__ import annotations

import datetime as dt
import re

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents.phrases import (
    CREATE,
    SHOW,
    Intent,
    Ref,
    after,
    clean,
    cut,
    first_object,
    named,
    stated_name,
)


# A new workspace said without a creation verb: "spin up a kanban space", "legal wants their own
# space", "there should be a Kanban workspace called X", "I need a Kanban board for the design team".
MAKES_SPACE = (r"\b(?:(?:spin|stand|fire|set)\s+(?:them\s+|us\s+|me\s+|him\s+|her\s+)?up|kick\s+off|there\s+should\s+be|should\s+(?:get|have)|wants?|needs?|"
                r"deserves?|would\s+like|give\s+(?:them|us|me|him|her|the\s+\w+(?:\s+team)?))\s+(?:a|an|their|its|our|my|his|her)\s+(?:own\s+)?(?:new\s+|separate\s+|dedicated\s+)?"
                r"(?:(?:(?:scrum|kanban|[\w]+-[\w]+)\s+)?(?:workspace|space)\b|(?:scrum|kanban)\s+(?:project|board)\b(?!\s+columns?))")
# "could we get a kanban space called Recruiting going?": getting one that has a name makes it.
_GETS_NAMED_SPACE = (r"\bget\s+(?:us\s+|me\s+|them\s+)?(?:a|an)\s+(?:new\s+)?(?:(?:scrum|kanban)\s+)?(?:workspace|space|project)\s+"
                     r"(?:called|named|titled)\b")
# "… for them", "… for now": who or when, not what the workspace is for.
_NO_PURPOSE = r"for\s+(?:them|us|me|him|her|it|now|the\s+team|a\s+while|today)\s*[.!?]*"
_PURPOSE_FIRST = (r"\b(?:workspace|space|project|board|home|place)\s+(for\s+.+?)(?=\s*[,;.!?—–]|\s+-\s+|\s+(?:call(?:ed)?|named|titled)\b|$)|"
                  # "Like Support Desk, but for the billing team: a new kanban workspace …": a lead clause of purpose
                  r"(?:^|[,;]\s*|\bbut\s+)(for\s+(?:the|our|a)\s+[\w' -]+?)\s*[:;,]")
# "For the legal folks, a scrum workspace named Contracts": a new one, named, with no verb.
_VERBLESS_SPACE = (r"(?:^|[,:;]\s*)(?:a|an)\s+(?:new\s+)?(?:scrum|kanban)\s+(?:workspace|space|project)\s+"
                   r"(?:called|named|titled)\b")
# "scrum space Data Platform": the kind, the noun and the name.
_TERSE_SPACE = r"\s*(?:new\s+)?(?:scrum|kanban)\s+(?:workspace|space|project)\s*:?\s*(?:\s\w|['\"“‘]\w|\x00)"


def read_space(text: str, plain: str, _today: dt.date) -> Intent | None:
    # "project" alone is too common a word ("the Project Phoenix backlog"); "projects" and "every project" are workspaces
    mentions = re.search(r"\b(?:workspaces?|spaces?|projects)\b|\b(?:every|each|all)\s+(?:the\s+)?projects?\b|"
                         r"\b(?:this|our|the\s+current|current)\s+project\b(?!\s+\w)", plain)
    creating = (re.search(CREATE, plain) and first_object(plain) == "space") or re.search(MAKES_SPACE, plain) \
        or re.match(_TERSE_SPACE, plain) or re.search(_VERBLESS_SPACE, plain) or re.search(_GETS_NAMED_SPACE, plain)
    if creating:
        return _create_space(text, plain)
    if not mentions:
        # asked about the people: "who's on it?", "team members?", "Is Bob a member of Project Phoenix?"
        if re.search(r"\b(?:who(?:\s+else)?(?:\s+is|'s)\s+(?:else\s+)?(?:in|on)|members?|team\s+members|teammates)\b", plain) and (
                re.search(SHOW + r"|\bwho\b", plain) or plain.rstrip().endswith("?") or re.match(r"\s*(?:is|are)\b", plain)):
            return Intent("get_space_info")
        return None
    if re.search(r"\b(?:workspaces|spaces|projects)\b|\bwhich\s+(?:workspace|space)\b|\baccess\s+to\b|\bmy\s+(?:workspace|space)s?\b|"
                 r"\b(?:every|each|all)\s+(?:the\s+)?(?:workspace|space|project)s?\b|\bmore\s+than\s+one\s+(?:workspace|space|project)\b|"
                 r"\b(?:workspace|space|project)s?\s+(?:i|i'm|i\s+am|am\s+i)\s+(?:belong|in\b|a\s+member|part)", plain) \
            and not re.search(r"\b(?:this|current|the)\s+(?:workspace|space)\b", plain):
        return Intent("get_user_spaces")
    if re.search(r"\b(?:backlog|items?|tickets?|stor(?:y|ies)|cards?|tasks?|board|kanban|columns?|sprints?)\b", plain) \
            and not re.search(r"\b(?:members?|who|team|details?|info|about|describe|methodology)\b", plain):
        return None  # "every backlog item in this workspace": the workspace says where, the items what
    quotes = lang.quoted(text)
    space_name = quotes[0] if quotes else clean(cut(after(r"\b(?:about|of|on|describe|for)\s+(?:the\s+)?(?:workspace|space)\s+", text) or "", r"[?.!,]"))
    if not space_name and (match := re.search(r"\b(?:about|of|describe|on)\s+(?:the\s+)?(?!(?:the\s+)?(?:this|current|my|our)\b)(.+?)\s+(?:workspace|space)\b", text, flags=re.I)):
        space_name = clean(match.group(1))
    if space_name:
        return Intent("get_space_info", refs={"space_id": Ref("space", text=space_name)})
    return Intent("get_space_info")


def _create_space(text: str, plain: str) -> Intent:
    intent = Intent("create_space")
    name = stated_name(text, _SPACE_NAME_END)
    if name is None and (before := re.search(_NAME_BEFORE_NOUN, text)) and not re.fullmatch(
            r"(?:(?:scrum|kanban|new|fresh|separate|another|second|team|shared|empty|blank)\s*)+", before.group(1), flags=re.I):
        name = re.sub(r"\s+(?:scrum|kanban)$", "", before.group(1).strip(), flags=re.I)
    if name is None:
        called = after(r"\b(?:workspace|space|project)\s*:\s*", text) or after(
            r"\b(?:workspace|space|project)\s+(?!called|named|titled|for|with|using|that|which)", text)
        name = clean(cut(called or "", _SPACE_NAME_END + r"|[,.;!?]"))
    if name:
        intent.args["name"] = name
    else:
        intent.missing.append("name")
    methodology = lang.find_methodology(text)
    if methodology:
        intent.args["methodology"] = methodology
    else:
        intent.missing.append("methodology")
    described = lang.quoted_after(r"description|described|details", text) or after(
        r"\bdescription\s*(?::|is|=)\s*|\bdescribed\s+as\s+", text)
    if described is None and name and (purpose := _purpose_after(lang.without_quotes(text), text.find(name) + len(name))):
        described = purpose
    if described is None and (before := re.search(_PURPOSE_FIRST, lang.without_quotes(text), flags=re.I)) \
            and not re.fullmatch(_NO_PURPOSE, before.group(1) or before.group(2), flags=re.I):
        # "a Kanban board for the design team, call it Design Requests": what it is for, said before
        # its name, may describe it or just say who asks; a guess, shown for a yes.
        described = before.group(1) or before.group(2)
        intent.guesses.append(f"the description '{described.strip(' .!?')}' (what you said it is for)")
    if described:
        intent.args["description"] = described.strip(" .!?\"'")
    return intent


def _purpose_after(text: str, end: int) -> str | None:
    """What the workspace is for, said after its name: in the name's own sentence ("a kanban
    space named Support Desk for the helpdesk team") or in a sentence of its own about it
    ("… called Data Platform? It's for the data crew"); never a later sentence's "for" about
    something else ("I'll invite people for it later")."""
    rest = text[end:] if end >= 0 else ""
    own = re.match(r"[^.!?]*", rest).group(0)
    if (purpose := re.search(rf"\b(?:for|about|{_TO_DO_WHAT})\s+.+$", own, flags=re.I)) is None:
        purpose = re.search(rf"[.!?]\s+(?:it|this|that)(?:'s|’s|\s+is|\s+will\s+be|'ll\s+be)\s+(?:(?:meant|mainly|mostly|just|only)\s+)?"
                            rf"((?:for|about|{_TO_DO_WHAT})\s+[^.!?]+)", rest, flags=re.I)
    said = purpose and (purpose.group(purpose.lastindex or 0)).strip(" .!?")
    return None if not said or re.fullmatch(_NO_PURPOSE, said, flags=re.I) else said


# "Can you create a Security Audits workspace?": a name in capitals before the noun itself.
_NAME_BEFORE_NOUN = (r"\b(?i:a|an|new|one\s+more)\s+(?i:(?:new|fresh|separate)\s+)?((?:[A-Z0-9][\w&.+'-]*\s+){1,4}?)"
                     r"(?i:(?:scrum|kanban)\s+)?(?i:workspace|space|project)\b")
# "… called Legal Reviews to track contract reviews": what it is for, said as what it will do
_TO_DO_WHAT = (r"to\s+(?:track|manage|handle|run|organi[sz]e|coordinate|plan|keep\s+track\s+of|collect|hold|log|host|"
               r"follow|triage|cover)")
_SPACE_NAME_END = r"\s+(?:for|with|using|to|that|which|where|about|and)\b|\s+(?:as\s+)?(?:a\s+)?(?:scrum|kanban)\b"
