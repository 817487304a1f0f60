"""The reports a Scrum Master writes, written from the data: the daily stand-up digest and the
sprint report. Deterministic (same data, same words), so the offline model, the tools and the
metrics page all give the same text. The text is plain text: titles in it are the users' own."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from apcs_app.domain import Action, Activity, BacklogItem, NotFoundError, Sprint, SprintItem, SprintStatus, User
from apcs_app.services import flow
from apcs_app.services.access import Actor, require_member
from apcs_app.services.sprints import get_sprint, require_scrum_space

# A column whose name says so holds blocked work (there is no blocked flag on a card).
BLOCKED_WORD = "block"


class Result(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Moved(Result):
    at: dt.datetime
    who: str
    summary: str


class ColumnLoad(Result):
    column: str
    cards: int
    wip_limit: int


class StandupDigest(Result):
    since: dt.datetime
    moved: list[Moved]
    in_progress: list[flow.AgingCard]
    over_wip: list[ColumnLoad]
    blocked: list[flow.AgingCard]
    text: str


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def standup_digest(session: Session, actor: Actor, space_id: int, now: dt.datetime | None = None) -> StandupDigest:
    """What moved in the last 24 hours, what is in progress and for how long, and what is
    blocked (in a column named for it) or in a column over its WIP limit."""
    space, _ = require_member(session, actor, space_id)
    now = flow.now_or_given(now)
    since = now - dt.timedelta(days=1)
    rows = session.exec(
        select(Activity.created_at, Activity.summary, User.name).outerjoin(User, col(User.id) == Activity.actor_id)
        .where(Activity.space_id == space_id, Activity.action == Action.MOVE_TASK,
               Activity.created_at > since, Activity.created_at <= now)
        .order_by(col(Activity.created_at), col(Activity.id))
    ).all()
    moved = [Moved(at=flow.as_utc(when), who=who or "a former member", summary=summary) for when, summary, who in rows]
    history = flow.load_history(session, space_id)
    aging = flow.aging_of(history, now)
    counts = {c[0]: 0 for c in history.columns}
    for card in history.cards:
        column_id = card.column_at(now)
        if column_id in counts:
            counts[column_id] += 1
    over = [ColumnLoad(column=name, cards=counts[cid], wip_limit=limit)
            for cid, name, limit in history.columns if limit is not None and counts[cid] > limit]
    blocked = [c for c in aging if BLOCKED_WORD in c.column.casefold()]
    lines = [f"Stand-up digest for {space.name}, {now:%A} {now.day} {now:%B %Y}", "",
             f"Moved since yesterday ({len(moved)}):"]
    lines += [f"- {m.who} {m.summary}" for m in moved] or ["- nothing moved"]
    lines += ["", f"In progress ({len(aging)}):"]
    lines += [f"- #{c.task_id} {c.title} — {c.column}, {c.age_days:g} days"
              + (f", {c.assignee}" if c.assignee else ", unassigned") for c in aging] or ["- nothing in progress"]
    lines += ["", "Blocked or over a WIP limit:"]
    lines += [f"- #{c.task_id} {c.title} is blocked ({c.column}, {c.age_days:g} days)" for c in blocked]
    lines += [f"- {o.column} holds {_plural(o.cards, 'card')}, over its limit of {o.wip_limit}" for o in over]
    if not blocked and not over:
        lines.append("- nothing")
    return StandupDigest(since=since, moved=moved, in_progress=aging, over_wip=over, blocked=blocked,
                         text="\n".join(lines))


class ReportItem(Result):
    id: int
    title: str
    points: int | None


class SprintReport(Result):
    sprint_id: int
    sprint_name: str
    status: SprintStatus
    committed: list[ReportItem]
    committed_points: int
    completed: list[ReportItem]
    completed_points: int
    carried_over: list[ReportItem]
    added: list[ReportItem]
    removed_count: int
    cycle: flow.Percentiles
    text: str


def _report_sprint(session: Session, actor: Actor, space_id: int, sprint_id: int | None) -> Sprint:
    """The sprint named, else the active one, else the one completed last."""
    if sprint_id is not None:
        return get_sprint(session, actor, space_id, sprint_id)
    try:
        return get_sprint(session, actor, space_id, None, statuses=(SprintStatus.ACTIVE,))
    except NotFoundError:
        done = session.exec(select(Sprint).where(Sprint.space_id == space_id, Sprint.status == SprintStatus.COMPLETED)
                            .order_by(col(Sprint.completed_at).desc(), col(Sprint.id).desc())).first()
        if done is None:
            raise NotFoundError("This workspace has no active or completed sprint to report on yet.") from None
        return done


def _points(items: list[ReportItem]) -> int:
    return sum(i.points or 0 for i in items)


def sprint_report(session: Session, actor: Actor, space_id: int, sprint_id: int | None = None) -> SprintReport:
    """Committed against completed, what was carried over, how the scope changed after the
    start, and the cycle time of the items finished in the sprint."""
    require_scrum_space(session, actor, space_id)
    sprint = _report_sprint(session, actor, space_id, sprint_id)
    rows = session.exec(
        select(BacklogItem, SprintItem).join(SprintItem, col(SprintItem.backlog_item_id) == BacklogItem.id)
        .where(SprintItem.sprint_id == sprint.id).order_by(col(BacklogItem.rank), col(BacklogItem.id))
    ).all()
    started = flow.as_utc(sprint.started_at) if sprint.started_at else None
    committed, added, completed, carried = [], [], [], []
    for item, link in rows:
        entry = ReportItem(id=item.id, title=item.title, points=item.story_points)
        (added if started and flow.as_utc(link.added_at) > started else committed).append(entry)
        finished = link.completed_in_sprint if sprint.status == SprintStatus.COMPLETED else item.completed_at is not None
        (completed if finished else carried).append(entry)
    removed = sum(1 for before, when in session.exec(
        select(Activity.before, Activity.created_at)
        .where(Activity.space_id == space_id, Activity.action == Action.REMOVE_FROM_SPRINT))
        if started and flow.as_utc(when) > started and isinstance(before, dict)
        and before.get("sprint_id") == sprint.id)
    done_ids = {i.id for i in completed}
    times = [t.cycle_days for t in flow.cycle_times_of(flow.load_history(session, space_id)).items
             if t.item_id in done_ids and t.cycle_days is not None]
    cycle = flow.Percentiles(p50=flow.percentile(times, 50), p85=flow.percentile(times, 85),
                             p95=flow.percentile(times, 95))
    committed_points = sprint.committed_points if sprint.committed_points is not None else _points(committed)
    word = "Carried over" if sprint.status == SprintStatus.COMPLETED else "Not done yet"
    lines = [f"Sprint report: {sprint.name} ({sprint.start_date} to {sprint.end_date}, {sprint.status.lower()})", "",
             f"Committed: {_plural(len(committed), 'item')}, {committed_points} points",
             f"Completed: {_plural(len(completed), 'item')}, {_points(completed)} points",
             f"{word}: {_plural(len(carried), 'item')}, {_points(carried)} points"]
    lines += [f"- #{i.id} {i.title}" + (f" ({i.points} pts)" if i.points else "") for i in carried]
    lines.append(f"Scope change after the start: {_plural(len(added), 'item')} added ({_points(added)} points), "
                 f"{removed} removed")
    lines += [f"- added #{i.id} {i.title}" + (f" ({i.points} pts)" if i.points else "") for i in added]
    lines.append("Cycle time of the completed items: " + (
        f"P50 {cycle.p50:g} days, P85 {cycle.p85:g} days" if times else "no completed item was started on the board"))
    return SprintReport(sprint_id=sprint.id, sprint_name=sprint.name, status=sprint.status, committed=committed,
                        committed_points=committed_points, completed=completed, completed_points=_points(completed),
                        carried_over=carried, added=added, removed_count=removed, cycle=cycle, text="\n".join(lines))
