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


def read_space(text: str, plain: str, _today: dt.date) -> Intent | None:
    # "project" alone is too common a word ("the Project Phoenix backlog"); "projects" and "every project" are workspaces
    mentions = re.search(r"\b(?:workspaces?|spaces?|projects)\b|\b(?:every|each|all)\s+(?:the\s+)?projects?\b", plain)
    creating = re.search(CREATE, plain) and first_object(plain) == "space"
    if creating:
        return _create_space(text, plain)
    if not mentions:
        # asked about the people: "who's on it?", "team members?", "Is Bob a member of Project Phoenix?"
        if re.search(r"\b(?:who\s+is\s+(?:in|on)|members?|team\s+members|teammates)\b", plain) and (
                re.search(SHOW + r"|\bwho\b", plain) or plain.rstrip().endswith("?") or re.match(r"\s*(?:is|are)\b", plain)):
            return Intent("get_space_info")
        return None
    if re.search(r"\b(?:workspaces|spaces|projects)\b|\bwhich\s+(?:workspace|space)\b|\baccess\s+to\b|\bmy\s+(?:workspace|space)s?\b|"
                 r"\b(?:every|each|all)\s+(?:the\s+)?(?:workspace|space|project)s?\b|\bmore\s+than\s+one\s+(?:workspace|space|project)\b|"
                 r"\b(?:workspace|space|project)s?\s+(?:i|i'm|i\s+am|am\s+i)\s+(?:belong|in\b|a\s+member|part)", plain) \
            and not re.search(r"\b(?:this|current|the)\s+(?:workspace|space)\b", plain):
        return Intent("get_user_spaces")
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
    # "a kanban space named Support Desk for the helpdesk team": what it is for describes it
    if described is None and (purpose := re.search(r"\b(?:for|about)\s+(.+?)\s*[.!?]*$", lang.without_quotes(text),
                                                   flags=re.I)) and name and purpose.start() > text.find(name):
        described = purpose.group(0)
    if described:
        intent.args["description"] = described.strip(" .!?\"'")
    return intent


_SPACE_NAME_END = r"\s+(?:for|with|using|to|that|which|where|about|and)\b|\s+(?:as\s+)?(?:a\s+)?(?:scrum|kanban)\b"
