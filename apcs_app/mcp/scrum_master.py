"""Scrum Master tools: sprints and the sprint backlog (5 contract tools + 3 read tools)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from apcs_app.results import (
    AddedToSprintOut,
    BurndownDayOut,
    FlowMetricsOut,
    ForecastOut,
    ItemOut,
    ItemRef,
    Paged,
    PlannedItemOut,
    ProductBacklogOut,
    SprintBacklogOut,
    SprintChangedOut,
    SprintCompletedOut,
    SprintMetricsOut,
    SprintOut,
    SprintRef,
    SprintsOut,
    VelocityOut,
    VelocitySprintOut,
)
from apcs_app.mcp import by_id
from apcs_app.mcp.search import search
from apcs_app.mcp.tooling import Cursor, Limit, SprintId, StatusName, Words, Work, new_server, work
from apcs_app.domain import SprintStatus
from apcs_app.services import flow, metrics, pages, reports, sprints
from apcs_app.services.pages import Filters

INSTRUCTIONS = (
    "Sprints of the signed-in user's current SCRUM workspace: plan (1-4 weeks, at most 31 days), "
    "fill the sprint backlog, start, complete. Only one sprint can be active at a time. "
    "Dates are ISO YYYY-MM-DD."
)

ANY_STATUS = tuple(SprintStatus)
LISTED = 50  # items a completed sprint's report names, of each kind (the counts say how many in all)
ItemStatusFilter = Annotated[StatusName | None, Field(description="Only items with this status "
                                                                  "(TODO, IN_PROGRESS or DONE).")]


def _velocity(w: Work, space_id: int) -> VelocityOut:
    v = metrics.velocity(w.session, w.actor, space_id)
    return VelocityOut(average_last_three=v.average_last_three, sprints=[
        VelocitySprintOut(id=p.sprint_id, name=p.name, committed=p.committed, completed=p.completed)
        for p in v.sprints[-5:]])


def create_sprint(
    name: Annotated[str, Field(description="Sprint name, e.g. 'Sprint 7'; pass \"\" to get the next default name 'Sprint N'.")],
    start_date: Annotated[dt.date, Field(description="First day of the sprint, YYYY-MM-DD.")],
    end_date: Annotated[dt.date, Field(description="Last day of the sprint, YYYY-MM-DD (a 2-week sprint ends 14 days after it starts).")],
    *,
    ctx: Context,
) -> SprintChangedOut:
    """Plan a new sprint in the current workspace (status PLANNING; start it with start_sprint)."""
    with work(ctx) as w:
        sprint = sprints.create_sprint(w.session, w.actor, w.space_id(), name, start_date, end_date)
        return SprintChangedOut(message=f"Planned {sprint.name} from {sprint.start_date} to {sprint.end_date}. "
                                "Add items with add_to_sprint_backlog, then start it with start_sprint.",
                                sprint=SprintOut.of(sprint))


def start_sprint(sprint_id: SprintId = None, *, ctx: Context) -> SprintChangedOut:
    """Start a planned sprint; its current points become the commitment."""
    with work(ctx) as w:
        sprint = sprints.start_sprint(w.session, w.actor, w.space_id(), sprint_id)
        return SprintChangedOut(message=f"Started {sprint.name} with {sprint.committed_points} point(s) committed.",
                                sprint=SprintOut.of(sprint))


def complete_sprint(sprint_id: SprintId = None, *, ctx: Context) -> SprintCompletedOut:
    """Complete the active sprint: unfinished items go back to the backlog; reports the
    completed points and the team's velocity."""
    with work(ctx) as w:
        report = sprints.complete_sprint(w.session, w.actor, w.space_id(), sprint_id)
        sprint = report.sprint
        return SprintCompletedOut(
            message=f"Completed {sprint.name}: {sprint.completed_points} of {sprint.committed_points or 0} "
            f"point(s) done, {len(report.returned_items)} item(s) back to the backlog.",
            sprint=SprintOut.of(sprint), completed_count=len(report.completed_items),
            returned_count=len(report.returned_items),
            completed_items=[ItemRef.of(i) for i in report.completed_items[:LISTED]],
            returned_to_backlog=[ItemRef.of(i) for i in report.returned_items[:LISTED]],
            velocity=_velocity(w, sprint.space_id))


def add_to_sprint_backlog(
    backlog_item_id: Annotated[int, Field(description="Backlog item id (see get_product_backlog).")],
    sprint_id: SprintId = None,
    *,
    ctx: Context,
) -> AddedToSprintOut:
    """Put a backlog item into a sprint's backlog (default: the current sprint)."""
    with work(ctx) as w:
        sprint, item, added = sprints.add_to_sprint(w.session, w.actor, w.space_id(), backlog_item_id, sprint_id)
        message = (f"Added item #{item.id} '{item.title}' to {sprint.name}." if added
                   else f"Item #{item.id} '{item.title}' is already in {sprint.name}; nothing changed.")
        return AddedToSprintOut(message=message, added=added, sprint=SprintOut.of(sprint), item=ItemOut.of(item))


def get_sprint_backlog(
    sprint_id: SprintId = None,
    status: ItemStatusFilter = None,
    words: Words = None,
    limit: Limit = None,
    cursor: Cursor = None,
    *,
    ctx: Context,
) -> SprintBacklogOut:
    """List the items of a sprint (default: the current sprint) with the sprint's total and done
    points, a page at a time (total_count, next_cursor)."""
    with work(ctx) as w:
        page = pages.sprint_backlog_page(w.session, w.actor, w.space_id(), sprint_id,
                                         Filters(status=status, words=words), cursor, limit)
        return SprintBacklogOut(sprint=SprintOut.of(page.sprint), count=page.total_count,
                                total_points=page.total_points, done_points=page.done_points,
                                items=[ItemOut.of(i) for i in page.rows], **Paged.of_page(page))


def get_product_backlog(
    status: Annotated[StatusName | None, Field(description="Only items with this status (TODO, IN_PROGRESS or DONE); "
                                                           "omit for every item not yet DONE.")] = None,
    words: Words = None,
    limit: Limit = None,
    cursor: Cursor = None,
    *,
    ctx: Context,
) -> ProductBacklogOut:
    """List the product backlog for sprint planning: items not yet done (top priority first) with
    their ids, titles, points and priority, and the open sprint each one is already in (null: none),
    a page at a time (total_count, next_cursor)."""
    with work(ctx) as w:
        page = pages.product_backlog_page(w.session, w.actor, w.space_id(), Filters(status=status, words=words),
                                          cursor, limit)
        return ProductBacklogOut(count=page.total_count, unplanned_points=page.unplanned_points, items=[
            PlannedItemOut(**ItemOut.of(i).model_dump(), sprint=SprintRef.of(sprint) if sprint else None)
            for i, sprint in page.rows], **Paged.of_page(page))


def list_sprints(limit: Limit = None, cursor: Cursor = None, *, ctx: Context) -> SprintsOut:
    """List the sprints of the current workspace (planned, active and completed) with their ids,
    oldest first, a page at a time (total_count, next_cursor)."""
    with work(ctx) as w:
        space_id = w.space_id()
        page = pages.slice_page(sprints.list_sprints(w.session, w.actor, space_id), "sprints", space_id, cursor, limit)
        return SprintsOut(count=page.total_count, sprints=[SprintOut.of(s) for s in page.rows], **Paged.of_page(page))


def get_sprint_metrics(sprint_id: SprintId = None, *, ctx: Context) -> SprintMetricsOut:
    """Burndown of a sprint (per day: ideal and remaining points) and the team's velocity."""
    with work(ctx) as w:
        space_id = w.space_id()
        sprint = sprints.get_sprint(w.session, w.actor, space_id, sprint_id, statuses=ANY_STATUS)
        days = metrics.burndown(w.session, w.actor, space_id, sprint.id)
        return SprintMetricsOut(sprint=SprintOut.of(sprint), burndown=[
            BurndownDayOut(day=d.day.isoformat(), ideal=d.ideal, remaining=d.remaining) for d in days],
            velocity=_velocity(w, space_id))


# ---------------------------------------------------------------- flow metrics and reports

def get_standup_digest(*, ctx: Context) -> reports.StandupDigest:
    """The daily stand-up digest of the current workspace, written from the board's history:
    what moved in the last 24 hours, what is in progress and for how long, what is blocked or
    over a WIP limit. Give the user its `text` as it is."""
    with work(ctx) as w:
        return reports.standup_digest(w.session, w.actor, w.space_id())


def get_sprint_report(sprint_id: SprintId = None, *, ctx: Context) -> reports.SprintReport:
    """The report of a sprint (default: the active one, else the one completed last):
    committed against completed points, items carried over, scope added or removed after the
    start, and the cycle time of the finished items. Give the user its `text` as it is."""
    with work(ctx) as w:
        return reports.sprint_report(w.session, w.actor, w.space_id(), sprint_id)


def forecast_completion(
    items: Annotated[int, Field(ge=1, le=10_000, description="How many more items are to be done, e.g. 10.")],
    weeks: Annotated[int | None, Field(ge=1, le=104, description="How many past full weeks of throughput to sample; omit for 12.")] = None,
    *,
    ctx: Context,
) -> ForecastOut:
    """Forecast when N more items will be done ("when will these 10 items be done?"): a Monte
    Carlo simulation over the current workspace's past weekly throughput, answering the P50,
    P85 and P95 dates (50%, 85% and 95% likely to be done by then)."""
    with work(ctx) as w:
        result = flow.forecast(w.session, w.actor, w.space_id(), items, weeks or 12)
        return ForecastOut(message=f"{items} item(s): 50% likely done by {result.p50}, 85% by {result.p85}, "
                           f"95% by {result.p95}.", **result.model_dump())


def get_flow_metrics(*, ctx: Context) -> FlowMetricsOut:
    """Flow metrics of the current workspace's board: cycle and lead time percentiles (days)
    of the items done in the last 90 days, throughput of the last 12 weeks, and the age of
    every card in progress."""
    with work(ctx) as w:
        views = flow.overview(w.session, w.actor, w.space_id())
        times = views.cycle_times
        return FlowMetricsOut(cycle_time_days=times.cycle, lead_time_days=times.lead, items_done=len(times.items),
                              throughput=views.throughput, aging_wip=views.aging_wip)


READS = (get_sprint_backlog, list_sprints, get_sprint_metrics, get_product_backlog, get_standup_digest,
         get_sprint_report, forecast_completion, get_flow_metrics, search, by_id.get_backlog_item)
WRITES = (create_sprint, start_sprint, complete_sprint, add_to_sprint_backlog)


CHANGES = (start_sprint, complete_sprint, add_to_sprint_backlog)
# start/complete without a sprint id act on "the current sprint", which the first call changes.
IDEMPOTENT = (add_to_sprint_backlog,)


def build() -> MCPServer:
    return new_server("scrum_master", INSTRUCTIONS, reads=READS, writes=WRITES, changes=CHANGES,
                      idempotent=IDEMPOTENT)
