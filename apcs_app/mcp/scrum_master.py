"""Scrum Master tools: sprints and the sprint backlog (5 contract tools + 3 read tools)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from apcs_app.results import ItemOut, SprintOut, SprintRef
from apcs_app.mcp.search import search
from apcs_app.mcp.tooling import SprintId, StatusName, Work, new_server, work
from apcs_app.domain import SprintStatus
from apcs_app.services import flow, metrics, reports, sprints

INSTRUCTIONS = (
    "Sprints of the signed-in user's current SCRUM workspace: plan (1-4 weeks, at most 31 days), "
    "fill the sprint backlog, start, complete. Only one sprint can be active at a time. "
    "Dates are ISO YYYY-MM-DD."
)

ANY_STATUS = tuple(SprintStatus)


def _velocity(w: Work, space_id: int) -> dict[str, Any]:
    v = metrics.velocity(w.session, w.actor, space_id)
    return {
        "average_last_three": v.average_last_three,
        "sprints": [{"id": p.sprint_id, "name": p.name, "committed": p.committed, "completed": p.completed}
                    for p in v.sprints[-5:]],
    }


def create_sprint(
    name: Annotated[str, Field(description="Sprint name, e.g. 'Sprint 7'; pass \"\" to get the next default name 'Sprint N'.")],
    start_date: Annotated[dt.date, Field(description="First day of the sprint, YYYY-MM-DD.")],
    end_date: Annotated[dt.date, Field(description="Last day of the sprint, YYYY-MM-DD (a 2-week sprint ends 14 days after it starts).")],
    *,
    ctx: Context,
) -> dict[str, Any]:
    """Plan a new sprint in the current workspace (status PLANNING; start it with start_sprint)."""
    with work(ctx) as w:
        sprint = sprints.create_sprint(w.session, w.actor, w.space_id(), name, start_date, end_date)
        return {
            "message": f"Planned {sprint.name} from {sprint.start_date} to {sprint.end_date}. "
            "Add items with add_to_sprint_backlog, then start it with start_sprint.",
            "sprint": SprintOut.of(sprint).data(),
        }


def start_sprint(sprint_id: SprintId = None, *, ctx: Context) -> dict[str, Any]:
    """Start a planned sprint; its current points become the commitment."""
    with work(ctx) as w:
        sprint = sprints.start_sprint(w.session, w.actor, w.space_id(), sprint_id)
        return {
            "message": f"Started {sprint.name} with {sprint.committed_points} point(s) committed.",
            "sprint": SprintOut.of(sprint).data(),
        }


def complete_sprint(sprint_id: SprintId = None, *, ctx: Context) -> dict[str, Any]:
    """Complete the active sprint: unfinished items go back to the backlog; reports the
    completed points and the team's velocity."""
    with work(ctx) as w:
        report = sprints.complete_sprint(w.session, w.actor, w.space_id(), sprint_id)
        sprint = report.sprint
        return {
            "message": f"Completed {sprint.name}: {sprint.completed_points} of {sprint.committed_points or 0} "
            f"point(s) done, {len(report.returned_items)} item(s) back to the backlog.",
            "sprint": SprintOut.of(sprint).data(),
            "completed_items": [ItemOut.of(i).data() for i in report.completed_items],
            "returned_to_backlog": [ItemOut.of(i).data() for i in report.returned_items],
            "velocity": _velocity(w, sprint.space_id),
        }


def add_to_sprint_backlog(
    backlog_item_id: Annotated[int, Field(description="Backlog item id (see get_product_backlog).")],
    sprint_id: SprintId = None,
    *,
    ctx: Context,
) -> dict[str, Any]:
    """Put a backlog item into a sprint's backlog (default: the current sprint)."""
    with work(ctx) as w:
        sprint, item, added = sprints.add_to_sprint(w.session, w.actor, w.space_id(), backlog_item_id, sprint_id)
        message = (f"Added item #{item.id} '{item.title}' to {sprint.name}." if added
                   else f"Item #{item.id} '{item.title}' is already in {sprint.name}; nothing changed.")
        return {"message": message, "added": added, "sprint": SprintOut.of(sprint).data(), "item": ItemOut.of(item).data()}


def get_sprint_backlog(sprint_id: SprintId = None, *, ctx: Context) -> dict[str, Any]:
    """List the items of a sprint (default: the current sprint) with total and done points."""
    with work(ctx) as w:
        sb = sprints.get_sprint_backlog(w.session, w.actor, w.space_id(), sprint_id)
        return {
            "sprint": SprintOut.of(sb.sprint).data(),
            "count": len(sb.items),
            "total_points": sb.total_points,
            "done_points": sb.done_points,
            "items": [ItemOut.of(i).data() for i in sb.items],
        }


def get_product_backlog(
    status: Annotated[StatusName | None, Field(description="Only items with this status (TODO, IN_PROGRESS or DONE); "
                                                           "omit for every item not yet DONE.")] = None,
    *,
    ctx: Context,
) -> dict[str, Any]:
    """List the product backlog for sprint planning: items not yet done (top priority first) with
    their ids, titles, points and priority, and the open sprint each one is already in (null: none)."""
    with work(ctx) as w:
        found = sprints.product_backlog(w.session, w.actor, w.space_id(), status)
        return {
            "count": len(found),
            "unplanned_points": sum(i.story_points or 0 for i, sprint in found if sprint is None),
            "items": [ItemOut.of(i).data() | {"sprint": SprintRef.of(sprint).data() if sprint else None} for i, sprint in found],
        }


def list_sprints(*, ctx: Context) -> dict[str, Any]:
    """List all sprints of the current workspace (planned, active and completed) with their ids."""
    with work(ctx) as w:
        found = sprints.list_sprints(w.session, w.actor, w.space_id())
        return {"count": len(found), "sprints": [SprintOut.of(s).data() for s in found]}


def get_sprint_metrics(sprint_id: SprintId = None, *, ctx: Context) -> dict[str, Any]:
    """Burndown of a sprint (per day: ideal and remaining points) and the team's velocity."""
    with work(ctx) as w:
        space_id = w.space_id()
        sprint = sprints.get_sprint(w.session, w.actor, space_id, sprint_id, statuses=ANY_STATUS)
        days = metrics.burndown(w.session, w.actor, space_id, sprint.id)
        return {
            "sprint": SprintOut.of(sprint).data(),
            "burndown": [{"day": d.day.isoformat(), "ideal": d.ideal, "remaining": d.remaining} for d in days],
            "velocity": _velocity(w, space_id),
        }


READS = (get_sprint_backlog, list_sprints, get_sprint_metrics, get_product_backlog, search)
WRITES = (create_sprint, start_sprint, complete_sprint, add_to_sprint_backlog)


def build() -> MCPServer:
    return new_server("scrum_master", INSTRUCTIONS, reads=READS, writes=WRITES)


# ---------------------------------------------------------------- flow metrics and reports

def get_standup_digest(*, ctx: Context) -> dict[str, Any]:
    """The daily stand-up digest of the current workspace, written from the board's history:
    what moved in the last 24 hours, what is in progress and for how long, what is blocked or
    over a WIP limit. Give the user its `text` as it is."""
    with work(ctx) as w:
        return reports.standup_digest(w.session, w.actor, w.space_id()).model_dump(mode="json")


def get_sprint_report(sprint_id: SprintId = None, *, ctx: Context) -> dict[str, Any]:
    """The report of a sprint (default: the active one, else the one completed last):
    committed against completed points, items carried over, scope added or removed after the
    start, and the cycle time of the finished items. Give the user its `text` as it is."""
    with work(ctx) as w:
        return reports.sprint_report(w.session, w.actor, w.space_id(), sprint_id).model_dump(mode="json")


def forecast_completion(
    items: Annotated[int, Field(ge=1, le=10_000, description="How many more items are to be done, e.g. 10.")],
    weeks: Annotated[int | None, Field(ge=1, le=104, description="How many past full weeks of throughput to sample; omit for 12.")] = None,
    *,
    ctx: Context,
) -> dict[str, Any]:
    """Forecast when N more items will be done ("when will these 10 items be done?"): a Monte
    Carlo simulation over the current workspace's past weekly throughput, answering the P50,
    P85 and P95 dates (50%, 85% and 95% likely to be done by then)."""
    with work(ctx) as w:
        result = flow.forecast(w.session, w.actor, w.space_id(), items, weeks or 12)
        return {"message": f"{items} item(s): 50% likely done by {result.p50}, 85% by {result.p85}, 95% by {result.p95}.",
                **result.model_dump(mode="json")}


def get_flow_metrics(*, ctx: Context) -> dict[str, Any]:
    """Flow metrics of the current workspace's board: cycle and lead time percentiles (days)
    of the items done in the last 90 days, throughput of the last 12 weeks, and the age of
    every card in progress."""
    with work(ctx) as w:
        views = flow.overview(w.session, w.actor, w.space_id())
        times = views.cycle_times
        return {"cycle_time_days": times.cycle.model_dump(), "lead_time_days": times.lead.model_dump(),
                "items_done": len(times.items), "throughput": [t.model_dump(mode="json") for t in views.throughput],
                "aging_wip": [c.model_dump(mode="json") for c in views.aging_wip]}


READS = READS + (get_standup_digest, get_sprint_report, forecast_completion, get_flow_metrics)
