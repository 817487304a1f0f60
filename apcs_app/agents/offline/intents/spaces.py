"""Workspace requests (Administration): create, list, describe."""

from __future__ import annotations

import datetime as dt
import re

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents.phrases import (
    CREATE,
    NAME,
    SHOW,
    Intent,
    Ref,
    after,
    clean,
    cut,
    first_object,
    named,
)


# Who works here and how: what get_space_info answers.
_ABOUT_SPACE = (r"\b(?:who(?:'s|\s+is|\s+are)?\s+(?:in|on|part\s+of|working\s+in)|members?|membership|team|teammates|people|"
                r"colleagues|methodology|product\s+owner|owner|owns|roles?|details|info|describe|about|overview|summary)\b")


def read_space(text: str, plain: str, _today: dt.date) -> Intent | None:
    mentions = re.search(r"\b(?:workspaces?|spaces?|projects?)\b", plain)
    creating = re.search(CREATE, plain) and first_object(plain) == "space"
    if creating:
        return _create_space(text, plain)
    if re.search(r"\b(?:board|backlog|sprints?|tasks?|cards?|items?|stor(?:y|ies)|columns?|velocity|burn-?down)\b", plain):
        return None  # "the Project Phoenix backlog" is a backlog
    if re.search(r"\b(?:projects|workspaces|spaces)\b", plain) and not re.search(_ABOUT_SPACE, plain):
        return Intent("get_user_spaces")
    named_space = re.search(rf"({NAME})\s+workspace\b", text)
    if named_space and (re.search(_ABOUT_SPACE, plain) or re.search(SHOW + r"|\?", plain)):
        return Intent("get_space_info", refs={"space_id": Ref("space", text=named_space.group(1))})
    if not mentions:
        if re.search(_ABOUT_SPACE, plain) and (re.search(SHOW + r"|\bwho\b|\?\s*$", plain) or len(plain.split()) <= 3) \
                and not re.search(r"\b(?:board|backlog|sprints?|tasks?|cards?|items?|stor(?:y|ies)|columns?)\b", plain):
            return Intent("get_space_info")
        return None
    if re.search(r"\b(?:projects|workspaces)\b", plain) or re.search(r"\baccess\b", plain):
        if not re.search(r"\b(?:this|current|the)\s+(?:workspace|space|project)\b", plain):
            return Intent("get_user_spaces")
    if re.search(r"\b(?:workspaces|spaces)\b|\bwhich\s+(?:workspace|space)\b|\baccess\s+to\b|\bmy\s+(?:workspace|space)s?\b", plain) \
            and not re.search(r"\b(?:this|current|the)\s+(?:workspace|space)\b", plain):
        return Intent("get_user_spaces")
    quotes = lang.quoted(text)
    space_name = quotes[0] if quotes else clean(cut(after(r"\b(?:about|of|on|describe|for)\s+(?:the\s+)?(?:workspace|space)\s+", text) or "", r"[?.!,]"))
    if not space_name and (match := re.search(r"\b(?:about|of|describe|on)\s+(?:the\s+)?(?!this\b|current\b|my\b|our\b)(.+?)\s+(?:workspace|space)\b", text, flags=re.I)):
        space_name = clean(match.group(1))
    if space_name:
        return Intent("get_space_info", refs={"space_id": Ref("space", text=space_name)})
    return Intent("get_space_info")


def _create_space(text: str, plain: str) -> Intent:
    intent = Intent("create_space")
    quotes = lang.quoted(text)
    rest = text
    if quotes:
        name = quotes[0]
    else:
        called = after(r"\b(?:called|named|titled)\s+|\b(?:workspace|space|project)\s*:\s*", text) or after(
            r"\b(?:workspace|space|project)\s+(?!called|named|titled|for|with|using|that|which)", text)
        name = clean(cut(called or "", r"\s+(?:for|with|using|to|that|which|where|about)\b|\s+(?:as\s+)?(?:a\s+)?(?:scrum|kanban)\b|[,.;!?]"))
        rest = called or ""
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
    if described is None and (purpose := re.search(r"\b(for|about)\s+(.+?)\s*[.!?]*$", lang.without_quotes(rest), flags=re.I)):
        described = purpose.group(0)
    if described:
        intent.args["description"] = described.strip(" .!?\"'")
    return intent
