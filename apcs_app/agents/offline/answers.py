"""The model's answers after a tool ran, in the tone of the seed's examples."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

ACTIONS = {
    "create_space": "create the workspace", "get_user_spaces": "list your workspaces",
    "get_space_info": "read the workspace", "create_backlog_item": "create the backlog item",
    "get_backlog": "read the backlog", "update_backlog_item": "update the backlog item",
    "create_task": "create the task", "move_task": "move the task", "assign_task": "assign the task",
    "create_column": "add the column", "get_kanban_board": "read the board", "get_column_tasks": "read the column",
    "create_sprint": "create the sprint", "start_sprint": "start the sprint", "complete_sprint": "complete the sprint",
    "add_to_sprint_backlog": "add the item to the sprint", "get_sprint_backlog": "read the sprint backlog",
    "list_sprints": "list the sprints", "get_sprint_metrics": "read the sprint metrics",
    "get_standup_digest": "write the stand-up digest", "get_sprint_report": "write the sprint report",
    "forecast_completion": "forecast the completion", "get_comments": "read the comments",
    "add_comment": "add the comment", "get_flow_metrics": "read the flow metrics",
}


def failure(tool: str, message: str) -> str:
    return f"⚠️ I couldn't {ACTIONS.get(tool, 'do that')}: {message}"


def render(tool: str, data: Any) -> str:
    if not isinstance(data, dict):
        return f"Done. {data}" if data else "Done."
    return _RENDERERS.get(tool, _message)(data)


def _message(data: dict) -> str:
    return data.get("message") or "Done."


def _day(iso: str | None) -> str:
    return dt.date.fromisoformat(iso).strftime("%b %-d, %Y") if iso else "?"


def _title(value: str) -> str:
    return value.replace("_", " ").title()


def _item_line(i: dict) -> str:
    points = f"{i['story_points']} pts" if i.get("story_points") is not None else "no estimate"
    return f"• #{i['id']} {i['title']} — {points}, {_title(i['priority'])}, {i['status']}"


def _space_created(d: dict) -> str:
    s = d["space"]
    columns = ", ".join(c["name"] for c in d.get("columns", []))
    return (f"✅ Created workspace '{s['name']}' with {_title(s['methodology'])} methodology.\n"
            f"Workspace ID: {s['id']}\nYou've been added as the owner.\nBoard columns: {columns}.")


def _spaces(d: dict) -> str:
    if not d["spaces"]:
        return "You don't belong to any workspace yet. Shall I create one? Tell me its name and SCRUM or KANBAN."
    lines = [f"You have access to {d['count']} workspace{'s' if d['count'] != 1 else ''}:"]
    for s in d["spaces"]:
        sprint = f", active sprint: {s['active_sprint']['name']}" if s.get("active_sprint") else ""
        current = " (current)" if s.get("is_current") else ""
        lines.append(f"• {s['name']}{current} — {s['methodology']}, id {s['id']}, {s['members']} member(s), "
                     f"{s['backlog_items']} backlog item(s){sprint}")
    return "\n".join(lines)


def _space_info(d: dict) -> str:
    s = d["space"]
    lines = [f"**{s['name']}** — {s['methodology']} workspace (id {s['id']})"]
    if s.get("description"):
        lines.append(s["description"])
    lines.append("Members: " + ", ".join(f"{m['name']} ({m['role']})" for m in d["members"]))
    lines.append("Board columns: " + " → ".join(c["name"] for c in d["columns"]))
    sprint = d.get("active_sprint")
    lines.append(f"Active sprint: {sprint['name']} ({_day(sprint['start_date'])} – {_day(sprint['end_date'])})" if sprint
                 else "Active sprint: none")
    counts = d.get("counts", {})
    lines.append(f"{counts.get('backlog_items', 0)} backlog item(s), {counts.get('tasks', 0)} task(s).")
    return "\n".join(lines)


def _item_created(d: dict) -> str:
    i = d["item"]
    points = i["story_points"] if i.get("story_points") is not None else "not estimated"
    return (f"✅ Created backlog item #{i['id']}: \"{i['title']}\"\n• Story points: {points}\n• Status: {i['status']}\n"
            f"• Priority: {_title(i['priority'])}\n\nWould you like to add this to the current sprint or create a task for it?")


def _backlog(d: dict) -> str:
    if not d["items"]:
        return "The backlog is empty. Add an item with e.g. \"Create a backlog item 'Login page' worth 3 points\"."
    head = f"The backlog has {d['count']} item{'s' if d['count'] != 1 else ''} ({d['total_points']} points), top first:"
    return "\n".join([head, *(_item_line(i) for i in d["items"])])


def _item_updated(d: dict) -> str:
    i = d["item"]
    if not d.get("changes"):
        return f"Backlog item #{i['id']} \"{i['title']}\" already had these values; nothing changed."
    changes = "\n".join(f"• {_title(k)}: {v['from']} → {v['to']}" for k, v in d["changes"].items())
    return f"✅ Updated backlog item #{i['id']}: \"{i['title']}\"\n{changes}"


def _task_created(d: dict) -> str:
    t, i = d["task"], d["backlog_item"]
    return (f"✅ Created task #{t['id']}: \"{t['title']}\" in {t['column']['name']}, "
            f"for backlog item #{i['id']} \"{i['title']}\".")


def _task_moved(d: dict) -> str:
    t, i = d["task"], d["backlog_item"]
    if not d.get("moved"):
        return f"Task #{t['id']} \"{t['title']}\" is already in {d['to_column']['name']}; nothing changed."
    return (f"✅ Moved task #{t['id']} \"{t['title']}\" from {d['from_column']['name']} to {d['to_column']['name']}.\n"
            f"Backlog item #{i['id']} \"{i['title']}\" is now {i['status']}.")


def _task_assigned(d: dict) -> str:
    t, a = d["task"], d["assignee"]
    if not d.get("changed", True):
        return f"Task #{t['id']} \"{t['title']}\" was already assigned to {a['name']}; nothing changed."
    return f"✅ Assigned task #{t['id']} \"{t['title']}\" to {a['name']} ({a['email']})."


def _column_created(d: dict) -> str:
    c = d["column"]
    order = " → ".join(x["name"] for x in d.get("columns", []))
    return f"✅ Added column '{c['name']}' at position {c['position']}.\nThe board now reads: {order}."


def _card_line(t: dict) -> str:
    who = f" — {t['assignee']['name']}" if t.get("assignee") else " — unassigned"
    return f"  • #{t['id']} {t['title']}{who}"


def _column_block(c: dict) -> list[str]:
    limit = f", WIP limit {c['wip_limit']}" + (" — over the limit!" if c.get("over_wip_limit") else "") if c.get("wip_limit") else ""
    return [f"**{c['name']}** ({c['task_count']} task{'s' if c['task_count'] != 1 else ''}{limit})",
            *(_card_line(t) for t in c["tasks"])]


def _board(d: dict) -> str:
    return "\n".join(line for c in d["columns"] for line in _column_block(c))


def _column_tasks(d: dict) -> str:
    if not d["tasks"]:
        return f"The {d['name']} column is empty."
    return "\n".join(_column_block(d))


def _sprint_lines(s: dict) -> str:
    weeks = s["days"] / 7
    duration = f"{weeks:g} week{'s' if weeks != 1 else ''}" if s["days"] % 7 == 0 else f"{s['days']} days"
    return (f"• Name: {s['name']}\n• Duration: {duration}\n• Start: {_day(s['start_date'])}\n• End: {_day(s['end_date'])}\n"
            f"• Status: {s['status']}")


def _sprint_created(d: dict) -> str:
    s = d["sprint"]
    return (f"✅ Created sprint #{s['id']}\n{_sprint_lines(s)}\n\nSprint is ready for planning. Add backlog items with "
            f"\"Add backlog item #42 to this sprint\", and remember to start it when planning is done.")


def _sprint_started(d: dict) -> str:
    s = d["sprint"]
    return (f"🚀 Started {s['name']} (#{s['id']}) with {s['committed_points'] or 0} story points committed; "
            f"it ends {_day(s['end_date'])}.")


def _sprint_completed(d: dict) -> str:
    s, v = d["sprint"], d.get("velocity") or {}
    committed = s.get("committed_points") or 0
    done = s.get("completed_points") or 0
    rate = f" ({round(100 * done / committed)}%)" if committed else ""
    lines = [f"🏁 Completed {s['name']} (#{s['id']}).",
             f"• Completed: {done} of {committed} committed points{rate}",
             f"• Items finished: {len(d['completed_items'])}; back to the backlog: {len(d['returned_to_backlog'])}"]
    lines += [f"  ↩ #{i['id']} {i['title']}" for i in d["returned_to_backlog"]]
    if v.get("average_last_three") is not None:
        lines.append(f"• Velocity (average of the last three sprints): {v['average_last_three']} points")
    return "\n".join(lines)


def _added_to_sprint(d: dict) -> str:
    s, i = d["sprint"], d["item"]
    if not d.get("added"):
        return f"Backlog item #{i['id']} \"{i['title']}\" is already in {s['name']}; nothing changed."
    reminder = " Start the sprint when planning is done." if s["status"] == "PLANNING" else ""
    return f"✅ Added backlog item #{i['id']} \"{i['title']}\" to {s['name']} ({s['status']}).{reminder}"


def _sprint_backlog(d: dict) -> str:
    s = d["sprint"]
    if not d["items"]:
        return f"{s['name']} ({s['status']}) has no items yet. Add some with \"Add backlog item ... to this sprint\"."
    head = f"{s['name']} ({s['status']}, {_day(s['start_date'])} – {_day(s['end_date'])}): {d['count']} item(s), " \
           f"{d['done_points']} of {d['total_points']} points done."
    return "\n".join([head, *(_item_line(i) for i in d["items"])])


def _sprints(d: dict) -> str:
    if not d["sprints"]:
        return "There are no sprints yet. Create one with e.g. \"Create a 2-week sprint starting next Monday\"."
    return "\n".join([f"{d['count']} sprint(s):", *(
        f"• #{s['id']} {s['name']} — {s['status']}, {_day(s['start_date'])} – {_day(s['end_date'])}" for s in d["sprints"])])


def _metrics(d: dict) -> str:
    s = d["sprint"]
    known = [p for p in d["burndown"] if p["remaining"] is not None]
    lines = [f"{s['name']} ({s['status']}): {s.get('committed_points') or 0} points committed."]
    if known:
        last = known[-1]
        lines.append(f"• Remaining on {_day(last['day'])}: {last['remaining']} points (ideal {last['ideal']:g})")
    velocity = d.get("velocity") or {}
    if velocity.get("average_last_three") is not None:
        lines.append(f"• Velocity (last three sprints): {velocity['average_last_three']} points")
    return "\n".join(lines)


def _written(d: dict) -> str:
    """The stand-up digest and the sprint report: the service writes them as plain text."""
    return d.get("text") or "There is nothing to report yet."


def _forecast(d: dict) -> str:
    weeks = d.get("weekly_throughput") or []
    return (f"Forecast for {d['items']} more item(s), from {len(weeks)} past week(s) of throughput "
            f"({sum(weeks)} finished):\n• 50% likely done by {_day(d['p50'])}\n• 85% likely by {_day(d['p85'])}\n"
            f"• 95% likely by {_day(d['p95'])}")


def _days(p: dict) -> str:
    known = [f"P{k[1:]} {p[k]:g} days" for k in ("p50", "p85", "p95") if p.get(k) is not None]
    return ", ".join(known) or "not enough finished work yet"


def _flow(d: dict) -> str:
    weeks = d.get("throughput") or []
    lines = [f"Flow over the last 90 days ({d['items_done']} item(s) done):",
             f"• Cycle time: {_days(d['cycle_time_days'])}", f"• Lead time: {_days(d['lead_time_days'])}",
             f"• Throughput: {sum(w['count'] for w in weeks)} in {len(weeks)} week(s)"
             + (f", last week {weeks[-1]['count']}" if weeks else "")]
    aging = d.get("aging_wip") or []
    lines.append(f"In progress ({len(aging)}):" if aging else "Nothing is in progress.")
    lines += [f"  • #{c['task_id']} {c['title']} — {c['column']}, {c['age_days']:g} days" for c in aging]
    return "\n".join(lines)


def _comments(d: dict) -> str:
    found, who = d.get("comments") or [], d.get("author")
    if not found:
        if who:
            return f"No comment by {who} on backlog item #{d['backlog_item_id']}."
        return f"Backlog item #{d['backlog_item_id']} has no comments yet."
    by = f" by {who}" if who else ""
    head = f"{len(found)} comment(s){by} on #{d['backlog_item_id']} {found[0]['item_title']}, oldest first:"
    return "\n".join([head, *(f"• {c['author_name']}{' (via agent)' if c.get('via_agent') else ''}, "
                              f"{_day(c['created_at'][:10])}: {c['text']}" for c in found)])


def _commented(d: dict) -> str:
    c = d["comment"]
    return f"✅ Commented on #{c['backlog_item_id']} {c['item_title']} in your name: {c['text']}"


def about_one(tool: str, data: dict, about: dict) -> str:
    """The answer to a look asked about one story or card: its own line, then where it stands;
    the whole list when the look does not hold it."""
    titles = {ref.text.casefold() for ref in about.values() if ref.text}
    if tool == "get_kanban_board":
        for column in data.get("columns", []):
            for card in column.get("tasks", []):
                if card["title"].casefold() in titles or card["backlog_item"]["title"].casefold() in titles:
                    who = card["assignee"]["name"] if card.get("assignee") else "nobody yet"
                    return (f"Task #{card['id']} \"{card['title']}\" is in {column['name']}, assigned to {who} "
                            f"(backlog item #{card['backlog_item']['id']} \"{card['backlog_item']['title']}\").")
    if tool == "get_backlog":
        found = [i for i in data.get("items", []) if i["title"].casefold() in titles]
        if found:
            return "\n".join(_item_line(i) for i in found)
    return render(tool, data)


_RENDERERS: dict[str, Callable[[dict], str]] = {
    "create_space": _space_created, "get_user_spaces": _spaces, "get_space_info": _space_info,
    "create_backlog_item": _item_created, "get_backlog": _backlog, "update_backlog_item": _item_updated,
    "create_task": _task_created, "move_task": _task_moved, "assign_task": _task_assigned,
    "create_column": _column_created, "get_kanban_board": _board, "get_column_tasks": _column_tasks,
    "create_sprint": _sprint_created, "start_sprint": _sprint_started, "complete_sprint": _sprint_completed,
    "add_to_sprint_backlog": _added_to_sprint, "get_sprint_backlog": _sprint_backlog, "list_sprints": _sprints,
    "get_sprint_metrics": _metrics, "get_standup_digest": _written, "get_sprint_report": _written,
    "forecast_completion": _forecast, "get_flow_metrics": _flow, "get_comments": _comments, "add_comment": _commented,
}
