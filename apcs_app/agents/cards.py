"""A planned tool call in plain words, for the card the user confirms ("Move 'Write CSV
serializer' from In Progress to Done"). Names come from the MCP read tools, as the user
may see them now; an id that matches nothing is shown as the id, never guessed."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from agno.tools.mcp import MCPTools

# (read tool name, its arguments) → its JSON result (None if unavailable or refused)
Reader = Callable[[str, dict], Awaitable[dict | None]]

_FIELDS = {"title": "title", "description": "description", "story_points": "story points", "priority": "priority",
           "status": "status"}


class _Names:
    """Looks names up through the read tools, each at most once per batch of cards."""

    def __init__(self, read: Reader, members: dict[int, str]):
        self._read, self._cache, self.members = read, {}, members
        self._columns: dict[int, str] = {}

    async def _get(self, tool: str, **args: Any) -> dict:
        key = (tool, tuple(sorted(args.items())))
        if key not in self._cache:
            self._cache[key] = await self._read(tool, args) or {}
        return self._cache[key]

    async def task(self, task_id: Any) -> tuple[str, str | None]:
        if not isinstance(task_id, int):
            return f"task #{task_id}", None
        found = await self._get("get_task", task_id=task_id)
        self._columns.update({c["id"]: c["name"] for c in found.get("columns", [])})
        if "task" not in found:
            return f"task #{task_id}", None
        return f"'{found['task']['title']}'", found["task"]["column"]["name"]

    async def column(self, column_id: Any) -> str:
        if column_id not in self._columns:  # no task read yet: the board's columns (one card a column)
            board = await self._get("get_kanban_board", limit=1)
            self._columns.update({c["id"]: c["name"] for c in board.get("columns", [])})
        return self._columns.get(column_id, f"column #{column_id}")

    async def item(self, item_id: Any) -> str:
        found = await self._get("get_backlog_item", item_id=item_id) if isinstance(item_id, int) else {}
        return f"#{item_id} '{found['title']}'" if "title" in found else f"item #{item_id}"

    async def sprint(self, sprint_id: Any, statuses: tuple[str, ...] = ("ACTIVE", "PLANNING")) -> str:
        """The sprint by id, or the one the tool takes by default: the active one, else the next planned."""
        found = (await self._get("list_sprints")).get("sprints", [])
        if sprint_id is not None:
            return next((s["name"] for s in found if s["id"] == sprint_id), f"sprint #{sprint_id}")
        return next((s["name"] for status in statuses for s in found if s["status"] == status), "the current sprint")

    def person(self, user_id: Any) -> str:
        return self.members.get(user_id) or (str(user_id) if isinstance(user_id, str) else f"user #{user_id}")


async def planned_actions(ev: Any, toolkit: MCPTools, context: dict) -> tuple[str, list[dict]]:
    """The paused run's id and the calls waiting for confirmation, each described in words
    from the read tools of the agent's own server."""
    calls = [r.tool_execution for r in (ev.requirements or []) if r.needs_confirmation]
    params = {name: list((fn.parameters or {}).get("properties", {})) for name, fn in toolkit.functions.items()}

    async def read(tool: str, args: dict) -> dict | None:
        if tool not in toolkit.functions:
            return None
        result = await toolkit.session.call_tool(tool, args)
        return None if result.is_error else json.loads(result.content[0].text)

    members = {m["user_id"]: m["name"] for m in context.get("members", [])}
    summaries = await describe_all([(c.tool_name, c.tool_args or {}) for c in calls], read, members)
    return ev.run_id, [{"action_id": c.tool_call_id, "tool": c.tool_name, "args": c.tool_args or {}, "summary": summary,
                        "params": params.get(c.tool_name, [])} for c, summary in zip(calls, summaries)]


def public(action: dict) -> dict:
    return {k: action[k] for k in ("action_id", "tool", "args", "summary")}


def confirmation_question(actions: list[dict]) -> str:
    if len(actions) == 1:
        return f"Shall I {_lower_first(actions[0]['summary'])}? Please confirm, edit or cancel."
    steps = "\n".join(f"- {a['summary']}" for a in actions)
    return f"I am about to:\n{steps}\nShall I go ahead? Please confirm, edit or cancel."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


async def describe_all(calls: list[tuple[str, dict]], read: Reader, members: dict[int, str]) -> list[str]:
    names = _Names(read, members)
    return [await _describe(tool, args, names) for tool, args in calls]


async def _describe(tool: str, args: dict, names: _Names) -> str:
    if tool == "move_task":
        title, current = await names.task(args.get("task_id"))
        where = f" from {current}" if current else ""
        return f"Move {title}{where} to {await names.column(args.get('column_id'))}"
    if tool == "assign_task":
        title, _ = await names.task(args.get("task_id"))
        return f"Assign {title} to {names.person(args.get('user_id'))}"
    if tool == "update_backlog_item":
        item = await names.item(args.get("item_id"))
        changes = [f"{_FIELDS.get(k, k)} of {item if n == 0 else 'it'} to {_value(v)}"
                   for n, (k, v) in enumerate((args.get("updates") or {}).items())]
        return "Set the " + " and the ".join(changes) if changes else f"Change nothing on {item}"
    if tool == "start_sprint":
        return f"Start {await names.sprint(args.get('sprint_id'))}"
    if tool == "complete_sprint":
        return f"Complete {await names.sprint(args.get('sprint_id'), ('ACTIVE',))}"
    if tool == "add_to_sprint_backlog":
        sprint = await names.sprint(args.get("sprint_id"))
        return f"Add {await names.item(args.get('backlog_item_id'))} to {sprint}"
    if tool == "create_backlog_item":
        extras = ", ".join(filter(None, (args.get("story_points") and f"{args['story_points']} points",
                                         args.get("priority"))))
        return f"Create backlog item '{args.get('title')}'" + (f" ({extras})" if extras else "")
    if tool == "create_task":
        title = f"task '{args['title']}'" if args.get("title") else "a task"
        where = f" in {await names.column(args['column_id'])}" if args.get("column_id") else ""
        return f"Create {title} for {await names.item(args.get('backlog_item_id'))}{where}"
    if tool == "create_column":
        return f"Add the column '{args.get('name')}' to the board"
    if tool == "create_sprint":
        return f"Create {args.get('name') or 'a sprint'} from {args.get('start_date')} to {args.get('end_date')}"
    if tool == "add_comment":
        return f"Comment on {await names.item(args.get('backlog_item_id'))}, in your name: '{args.get('text')}'"
    if tool == "create_space":
        return f"Create the {args.get('methodology')} workspace '{args.get('name')}'"
    return f"Run {tool} with {args}"


def _value(value: Any) -> str:
    if value is None:
        return "nothing"
    return f"'{value}'" if isinstance(value, str) and not value.isupper() else str(value)
