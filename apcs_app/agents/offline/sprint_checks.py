"""Starting or completing a sprint the sprint list shows cannot be: said before any call.

The service refuses these anyway (only a PLANNING sprint starts, only the ACTIVE one
completes, one active sprint at a time); reading the list first lets the assistant say what the
sprints are and what to do instead, rather than try a write it knows will fail.
"""

from __future__ import annotations

from apcs_app.agents.offline.conversation import Conversation

LIFECYCLE = ("start_sprint", "complete_sprint")
_READ = "list_sprints"


class Blocked(str):
    """Why the sprint cannot start or complete now (nothing was called)."""


def lifecycle_check(tool: str, args: dict, convo: Conversation, available: set[str]) -> str | Blocked | None:
    """"list_sprints" when the list must be read first, a Blocked reason, or None (go ahead, or
    the list cannot tell: the tool's own answer decides then)."""
    if tool not in LIFECYCLE or _READ not in available:
        return None
    data = next((c.data for c in reversed(convo.current.calls) if c.tool == _READ and not c.is_error
                 and isinstance(c.data, dict) and not c.args.get("space_id")), None)
    if data is None:
        return None if any(c.tool == _READ for c in convo.current.calls) else _READ
    if data.get("next_cursor"):
        return None  # a page of many sprints: the list cannot tell what it does not hold
    sprints = data.get("sprints", [])
    named = next((s for s in sprints if s["id"] == args.get("sprint_id")), None)
    if args.get("sprint_id") is not None and named is None:
        return None
    active = next((s for s in sprints if s["status"] == "ACTIVE"), None)
    planned = [s for s in sprints if s["status"] == "PLANNING"]
    if tool == "complete_sprint":
        if named is not None and named["status"] != "ACTIVE":
            state = "was completed already" if named["status"] == "COMPLETED" else "has not started yet"
            return Blocked(f"{named['name']} {state}, so there is nothing to complete there." + _active_hint(active))
        if named is None and active is None:
            return Blocked("No sprint is active right now, so there is none to complete." + _planned_hint(planned))
        return None
    target = named or (planned[0] if planned and active is None else None)
    if named is not None and named["status"] != "PLANNING":
        state = "is already running" if named["status"] == "ACTIVE" else "was completed already"
        return Blocked(f"{named['name']} {state}; only a planned sprint can be started." + _planned_hint(planned))
    if active is not None:
        which = f" before {target['name']} can start" if target else ""
        return Blocked(f"{active['name']} is still active; it has to be completed{which} (one sprint runs at a time)."
                       + ("" if target else _planned_hint(planned)))
    if target is None:
        return Blocked("There is no planned sprint to start. Plan one first, e.g. \"Create a 2-week sprint "
                       "starting next Monday\".")
    return None


def already_planned(tool: str, args: dict, convo: Conversation) -> Blocked | None:
    """A story the product backlog shows in an open sprint already: putting it in again changes
    nothing, and putting it in another sprint is refused; said before asking for a yes."""
    if tool != "add_to_sprint_backlog" or not isinstance(args.get("backlog_item_id"), int):
        return None
    seen = _seen(convo, "item", args["backlog_item_id"])
    if seen and seen.get("status") == "DONE":
        return Blocked(f"Backlog item #{seen['id']} \"{seen['title']}\" is already DONE; only unfinished work goes into a sprint.")
    target = _seen(convo, "sprint", args["sprint_id"]) if isinstance(args.get("sprint_id"), int) else None
    if target and target.get("status") == "COMPLETED":
        return Blocked(f"{target.get('name') or target.get('title')} was completed already; "
                       "stories go into a planned or the active sprint.")
    data = next((c.data for c in reversed(convo.current.calls) if c.tool == "get_product_backlog" and not c.is_error
                 and isinstance(c.data, dict)), None)
    item = next((i for i in (data or {}).get("items", []) if i.get("id") == args["backlog_item_id"]), None)
    sprint = (item or {}).get("sprint")
    if not sprint:
        return None
    said = f"Backlog item #{item['id']} \"{item['title']}\" is already in {sprint['name']}"
    if args.get("sprint_id") in (None, sprint["id"]):
        return Blocked(f"{said}; there is nothing to add.")
    return Blocked(f"{said}; take it out of {sprint['name']} first to move it to another sprint.")


def _seen(convo: Conversation, kind: str, ident: int) -> dict | None:
    """The story or sprint `ident` as this turn's search or list results show it."""
    for call in reversed(convo.current.calls):
        if call.is_error or not isinstance(call.data, dict):
            continue
        rows = {"search": [r for r in call.data.get("results", []) if r.get("kind") == kind],
                "list_sprints": call.data.get("sprints", []) if kind == "sprint" else []}.get(call.tool, [])
        found = next((r for r in rows if r.get("id") == ident), None)
        if found is not None:
            return found
    return None


def _active_hint(active: dict | None) -> str:
    return f" The active sprint is {active['name']}." if active else " No sprint is active right now."


def _planned_hint(planned: list[dict]) -> str:
    if not planned:
        return " No sprint is planned yet."
    return " Planned: " + ", ".join(s["name"] for s in planned) + "."
