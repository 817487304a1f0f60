"""Keeping the board in shape (Workflow): rename, delete, archive and restore cards, archive old
done cards, and rename, limit, move or delete columns. Each needs its noun ("card", "column",
"WIP limit"), so "rename 'Dark mode' to …" stays an item's rename."""

from __future__ import annotations

import datetime as dt
import re

from apcs_app.agents.offline import language as lang
from apcs_app.agents.offline.intents.phrases import Intent, Ref, clean, named, split_target
from apcs_app.mcp import WRITE_TOOLS

# Writes these readers plan (the tools may not be on the connected server yet: the model checks).
BOARD_WRITES = frozenset({"update_task", "delete_task", "archive_task", "restore_task", "archive_done_cards",
                          "update_column", "move_column", "delete_column"})
_CARD = r"(?:card|task)"


def changes(tool: str) -> bool:
    """A tool that changes something: a contract write or one of the board's own writes."""
    return tool in WRITE_TOOLS or tool in BOARD_WRITES


def read_board_admin(text: str, plain: str, _today: dt.date) -> Intent | None:
    if re.search(r"\b(?:create|make|new|set\s*up|add)\b", plain):
        return None  # "create a workspace called Sprint Retros Archive" makes something
    if re.search(r"\bwip\s*-?\s*limit\b", plain) and re.search(r"\b(?:set|change|make|raise|lower|limit|put|update)\b", plain):
        return _wip_limit(text, plain)
    if re.search(r"\barchive\b", plain) and re.search(r"\bdone\b", plain) and re.search(r"\b(?:cards|tasks)\b", plain):
        days = re.search(rf"\b(?:older\s+than|more\s+than|over)\s+({lang.NUMBER})\s+(days?|weeks?)\b", plain)
        intent = Intent("archive_done_cards")
        if days and (n := lang.to_number(days.group(1))):
            intent.args["older_than_days"] = n * (7 if days.group(2).startswith("w") else 1)
        return intent
    column = re.search(r"\bcolumns?\b", plain)
    if re.search(r"\b(?:delete|remove)\b", plain):
        if re.search(r"\bfrom\b", plain):
            return None  # "remove X from the sprint" takes it out of something, deletes nothing
        return _delete_column(text) if column else _card("delete_task", text, r"delete|remove")
    if re.search(r"\b(?:unarchive|restore|un-archive)\b", plain):
        return _card("restore_task", text, r"unarchive|un-archive|restore")
    if re.search(r"\barchive\b", plain):
        return _card("archive_task", text, r"archive")
    if re.search(r"\brename\b", plain) and (column or re.search(rf"\brename\s+(?:the\s+)?{_CARD}\b", plain)):
        return _rename(text, column is not None)
    moved = split_target(plain, r"to")
    if column and moved and re.search(r"\bcolumn\b", moved[0]) and re.search(r"\bmove\b", plain) and re.search(r"\b(?:position|place|first|second|third|fourth|\d+(?:st|nd|rd|th))\b", plain):
        head = split_target(text, r"to") or (text, "")
        intent = Intent("move_column", refs={"column_id": _column(head[0], r"move")})
        position = lang.find_position(head[1] or text) or lang.find_position(f"position {head[1]}")
        if position is None:
            intent.missing.append("position")
        else:
            intent.args["position"] = position
        return intent
    return None


def _name(head: str, verbs: str, noun: str) -> str | None:
    head = re.sub(rf"^.*?\b(?:{verbs})\s+", "", head, count=1, flags=re.I)
    quotes = lang.quoted(head)
    if quotes:
        return quotes[0]
    head = re.sub(rf"^(?:the\s+)?{noun}\s+", "", head.strip(), flags=re.I)
    return clean(re.sub(rf"\s+{noun}\s*[.!?]*$", "", head.strip(), flags=re.I))


def _column(head: str, verbs: str) -> Ref | None:
    name = _name(head, verbs, r"columns?")
    return Ref("column", text=name) if name else None


def _card(tool: str, text: str, verbs: str) -> Intent:
    intent = Intent(tool)
    ref = named("task", _name(text, verbs, _CARD))
    if ref is None:
        intent.missing.append("task")
    else:
        intent.refs["task_id"] = ref
    return intent


def _rename(text: str, column: bool) -> Intent:
    split = split_target(text, r"to|as")
    intent = Intent("update_column" if column else "update_task")
    head, tail = split or (text, "")
    new = lang.quoted(tail)
    value = new[0] if new else clean(tail)
    ref = _column(head, "rename") if column else named("task", _name(head, "rename", _CARD))
    key, slot = ("column_id", "column") if column else ("task_id", "task")
    if ref is None:
        intent.missing.append(slot)
    else:
        intent.refs[key] = ref
    if value:
        intent.args["name" if column else "title"] = value
    else:
        intent.missing.append("name")
    return intent


def _wip_limit(text: str, plain: str) -> Intent:
    intent = Intent("update_column")
    of = re.search(r"\bwip\s*-?\s*limit\s+(?:of|on|for)\s+(?:the\s+)?(.+?)(?:\s+column)?(?:\s+(?:to|at)\s+|\s*[.!?]*$)", text, flags=re.I) \
        or re.search(r"\b(?:limit|set)\s+(?:the\s+)?(.+?)(?:\s+column)?(?:'s)?\s+(?:wip\s*-?\s*limit\s+)?(?:to|at)\s+", text, flags=re.I)
    if of:
        intent.refs["column_id"] = Ref("column", text=clean(of.group(1)))
    else:
        intent.missing.append("column")
    number = re.search(rf"\b(?:to|at|of)\s+({lang.NUMBER})\s*(?:cards?|tasks?)?\s*[.!?]*$", plain)
    limit = lang.to_number(number.group(1)) if number else None
    if re.search(r"\b(?:no|remove|clear)\s+(?:the\s+)?wip\b|\bunlimited\b", plain):
        intent.args["wip_limit"] = 0
    elif limit is None:
        intent.missing.append("wip_limit")
    else:
        intent.args["wip_limit"] = limit
    return intent


def _delete_column(text: str) -> Intent:
    intent = Intent("delete_column")
    moving = re.search(r"\s+(?:and\s+)?(?:move|put|send)\s+(?:its|the|all)?\s*(?:cards|tasks)?\s*(?:to|into|in)\s+(?:the\s+)?(.+?)(?:\s+column)?\s*[.!?]*$",
                       text, flags=re.I)
    head = text[: moving.start()] if moving else text
    ref = _column(head, r"delete|remove|drop")
    if ref is None:
        intent.missing.append("column")
    else:
        intent.refs["column_id"] = ref
    if moving:
        intent.refs["move_cards_to"] = Ref("column", text=clean(moving.group(1)))
    return intent
