"""Comments on backlog items (Workflow): read them ("what did Bob say about X?", "show the
comments on X") and add one ("comment on X: waiting for design"). The item is a name the
search resolves; the comment's words are kept as typed."""

from __future__ import annotations

import datetime as dt
import re

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents.phrases import ITEM_NOUNS, Intent, clean, drop_noun, named

_ADD = r"\b(?:comment|note|remark|reply)\s+(?:on|to|for)\b|\badd\s+(?:a\s+)?(?:comment|note)\b|\bleave\s+(?:a\s+)?(?:comment|note)\b"
_READ = r"\bcomments?\b|\bwhat\s+did\s+\S+(?:\s+\S+)?\s+(?:say|write|comment|note)\b|\bwho\s+(?:said|commented)\b"

# "what did Bob (Chen) say", "Bob's comments", "comments by/from Bob"
_AUTHOR = (r"\bwhat\s+did\s+(?P<who>(?!you\b|we\b|they\b|i\b)\S+(?:\s+(?!say|write|comment|note)\S+)?)\s+(?:say|write|comment|note)\b"
           r"|\bcomments?\s+(?:by|from)\s+(?P<by>\S+?)(?=\s+(?:about|on|of|for|under)\b|[?.!]*$)")


def read_comment(text: str, plain: str, _today: dt.date) -> Intent | None:
    if re.search(_ADD, plain):
        return _add(text)
    if re.search(r"\b(?:create|make|new|log|file|add|move|assign|rename|set|change|update)\b", plain):
        return None  # "add an item about moderating comments" makes an item
    if re.search(_READ, plain):
        target = re.search(r"\b(?:about|on|of|for|under)\s+(.+?)\s*[?.!]*$", lang.without_quotes(text), flags=re.I)
        quotes = lang.quoted(text)
        ref = named("item", quotes[0] if quotes else drop_noun(ITEM_NOUNS, target.group(1)) if target else None)
        intent = Intent("get_comments")
        author = re.search(_AUTHOR, lang.without_quotes(text), flags=re.I)
        if author:
            intent.args["author"] = author.group("who") or author.group("by")
        if ref is None:
            intent.missing.append("item")
        else:
            intent.refs["backlog_item_id"] = ref
        return intent
    return None


def _add(text: str) -> Intent:
    intent = Intent("add_comment")
    rest = re.sub(r"^.*?(?:" + _ADD + r")\s*(?:on|to|for)?\s*", "", text, count=1, flags=re.I)
    # "comment on X: words", "comment on X saying 'words'", "comment on X that words"
    split = re.search(r"\s*(?::|\s-\s|\bsaying\b|\bthat\b|\bwith\b)\s*", lang.without_quotes(rest), flags=re.I)
    quotes = lang.quoted(rest)
    if split:
        head, words = rest[: split.start()], rest[split.end():]
    elif len(quotes) >= 2:
        head, words = quotes[0], quotes[-1]
    else:
        head, words = rest, ""
    head_quotes = lang.quoted(head)
    ref = named("item", head_quotes[0] if head_quotes else drop_noun(ITEM_NOUNS, head))
    if ref is None:
        intent.missing.append("item")
    else:
        intent.refs["backlog_item_id"] = ref
    said = lang.quoted(words)
    words = said[0] if said else clean(words)
    if words:
        intent.args["text"] = words
    else:
        intent.missing.append("comment")
    return intent
