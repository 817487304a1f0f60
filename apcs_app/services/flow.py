"""Flow metrics from the recorded history: cumulative flow, cycle and lead time, throughput,
aging work in progress, burn-up with its scope line, and a Monte Carlo forecast.

The history is what the board wrote as it happened (every create and move of a task in the
activity log, with its time; items' created and completed times), never rebuilt from the
present. `load_history` reads it in three queries; the pure functions below compute on it, so
a test can hand them a history whose figures it worked out by hand.

Definitions (README "Metrics, forecast and reports"):
- a card is *started* when it first enters a column after the first; an item is started when
  its first card is, and *done* at its completed_at (all its cards in the last column);
- cycle time = done − started, lead time = done − created, in days;
- percentiles are nearest-rank: the smallest value with at least p% of the values at or
  below it (so each is a value that really occurred, and easy to check by hand);
- days and weeks are UTC calendar days and ISO weeks (Monday first).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, col, select

from apcs_app.domain import Action, Activity, BacklogItem, BoardColumn, InvalidError, SprintItem, Task, User
from apcs_app.domain.models import utcnow
from apcs_app.services import validate
from apcs_app.services.access import Actor, require_member
from apcs_app.services.sprints import get_sprint, sprint_days

MAX_DAYS = 366
MAX_WEEKS = 104
MAX_FORECAST_ITEMS = 10_000
TRIALS = 10_000
# A forecast that needs more weeks than this is no forecast: the throughput is (nearly) zero.
MAX_FORECAST_WEEKS = 520
_MOVES = (Action.CREATE_TASK, Action.MOVE_TASK, Action.UNDO_MOVE_TASK)


# ---------------------------------------------------------------- the history


@dataclass
class CardHistory:
    task_id: int
    title: str
    item_id: int
    assignee: str | None
    created_at: dt.datetime
    # (when, column id entered), oldest first; the first entry is where the card was created.
    entered: list[tuple[dt.datetime, int]] = field(default_factory=list)

    def column_at(self, moment: dt.datetime) -> int | None:
        current = None
        for when, column_id in self.entered:
            if when > moment:
                break
            current = column_id
        return current


@dataclass
class ItemHistory:
    item_id: int
    title: str
    points: int | None
    created_at: dt.datetime
    completed_at: dt.datetime | None


@dataclass
class FlowHistory:
    columns: list[tuple[int, str, int | None]]  # (id, name, WIP limit) in board order
    cards: list[CardHistory]
    items: list[ItemHistory]

    def started_at(self, card: CardHistory) -> dt.datetime | None:
        first = self.columns[0][0] if self.columns else None
        return next((when for when, column_id in card.entered if column_id != first), None)

    def item_started_at(self) -> dict[int, dt.datetime]:
        started: dict[int, dt.datetime] = {}
        for card in self.cards:
            when = self.started_at(card)
            if when is not None and (card.item_id not in started or when < started[card.item_id]):
                started[card.item_id] = when
        return started


def as_utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def load_history(session: Session, space_id: int) -> FlowHistory:
    """The board's recorded history (callers have checked membership)."""
    columns = [(c.id, c.name, c.wip_limit) for c in session.exec(
        select(BoardColumn).where(BoardColumn.space_id == space_id).order_by(col(BoardColumn.position), col(BoardColumn.id)))]
    known = {c[0] for c in columns}
    tasks = session.exec(
        select(Task.id, Task.title, Task.backlog_item_id, Task.column_id, Task.created_at, User.name)
        .outerjoin(User, col(User.id) == Task.assignee_id).where(Task.space_id == space_id).order_by(col(Task.id))
    ).all()
    cards = {t[0]: CardHistory(t[0], t[1], t[2], t[5], as_utc(t[4])) for t in tasks}
    current = {t[0]: t[3] for t in tasks}
    # Only the column ids out of the JSON: the database reads them, Python parses no documents.
    rows = session.exec(
        select(Activity.entity_id, Activity.action, col(Activity.before)["column_id"].as_integer(),
               col(Activity.after)["column_id"].as_integer(), Activity.created_at)
        .where(Activity.space_id == space_id, Activity.entity_type == "task", col(Activity.action).in_(_MOVES))
        .order_by(col(Activity.created_at), col(Activity.id))
    ).all()
    for task_id, action, origin, to, when in rows:
        card = cards.get(task_id)
        if card is None:
            continue
        if not card.entered and action != Action.CREATE_TASK and origin in known:
            card.entered.append((card.created_at, origin))
        if to in known:
            card.entered.append((as_utc(when), to))
    for card in cards.values():
        if not card.entered and current[card.task_id] in known:  # no recorded history: where it is
            card.entered.append((card.created_at, current[card.task_id]))
        card.entered.sort(key=lambda entry: entry[0])  # stable: same-moment moves keep their order
    items = [ItemHistory(i[0], i[1], i[2], as_utc(i[3]), as_utc(i[4]) if i[4] else None) for i in session.exec(
        select(BacklogItem.id, BacklogItem.title, BacklogItem.story_points, BacklogItem.created_at,
               BacklogItem.completed_at).where(BacklogItem.space_id == space_id).order_by(col(BacklogItem.id)))]
    return FlowHistory(columns, list(cards.values()), items)


# ---------------------------------------------------------------- results


class Result(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FlowColumn(Result):
    id: int
    name: str


class CfdDay(Result):
    day: dt.date
    counts: list[int]  # cards in each column at the end of the day, in the columns' order


class CumulativeFlow(Result):
    columns: list[FlowColumn]
    days: list[CfdDay]


class Percentiles(Result):
    p50: float | None
    p85: float | None
    p95: float | None


class ItemTime(Result):
    item_id: int
    title: str
    done_on: dt.date
    cycle_days: float | None  # None: done without ever being started on the board
    lead_days: float


class CycleTimes(Result):
    items: list[ItemTime]
    cycle: Percentiles
    lead: Percentiles


class WeekCount(Result):
    week_start: dt.date
    count: int


class AgingCard(Result):
    task_id: int
    title: str
    column: str
    assignee: str | None
    age_days: float


class BurnupDay(Result):
    day: dt.date
    scope: int
    completed: int | None  # None for days still ahead


class Burnup(Result):
    sprint_id: int
    sprint_name: str
    days: list[BurnupDay]


class FlowOverview(Result):
    cumulative_flow: CumulativeFlow
    cycle_times: CycleTimes
    throughput: list[WeekCount]
    aging_wip: list[AgingCard]


class Forecast(Result):
    items: int
    weekly_throughput: list[int]  # the weeks sampled, oldest first
    trials: int
    seed: int
    p50_weeks: int
    p85_weeks: int
    p95_weeks: int
    p50: dt.date
    p85: dt.date
    p95: dt.date


# ---------------------------------------------------------------- computations


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (see the module docstring); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)) - 1, 0)]


def _percentiles(values: list[float]) -> Percentiles:
    return Percentiles(p50=percentile(values, 50), p85=percentile(values, 85), p95=percentile(values, 95))


def _days(delta: dt.timedelta) -> float:
    return round(delta.total_seconds() / 86400, 1)


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.UTC) - dt.timedelta(microseconds=1)


def cfd_of(history: FlowHistory, first_day: dt.date, last_day: dt.date) -> CumulativeFlow:
    index = {c[0]: i for i, c in enumerate(history.columns)}
    days = [first_day + dt.timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    ends = [_end_of(day) for day in days]
    counts = [[0] * len(history.columns) for _ in days]
    for card in history.cards:
        # One walk along the card's moves and the days together (both in time order).
        entered, current, k = card.entered, None, 0
        for d, end in enumerate(ends):
            while k < len(entered) and entered[k][0] <= end:
                current = entered[k][1]
                k += 1
            if current in index:
                counts[d][index[current]] += 1
    return CumulativeFlow(columns=[FlowColumn(id=c[0], name=c[1]) for c in history.columns],
                          days=[CfdDay(day=day, counts=c) for day, c in zip(days, counts, strict=True)])


def cycle_times_of(history: FlowHistory, since: dt.date | None = None) -> CycleTimes:
    started = history.item_started_at()
    items = []
    for item in history.items:
        if item.completed_at is None or (since and item.completed_at.date() < since):
            continue
        start = started.get(item.item_id)
        cycle = _days(item.completed_at - start) if start and start <= item.completed_at else None
        items.append(ItemTime(item_id=item.item_id, title=item.title, done_on=item.completed_at.date(),
                              cycle_days=cycle, lead_days=_days(item.completed_at - item.created_at)))
    items.sort(key=lambda i: (i.done_on, i.item_id))
    return CycleTimes(items=items, cycle=_percentiles([i.cycle_days for i in items if i.cycle_days is not None]),
                      lead=_percentiles([i.lead_days for i in items]))


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def throughput_of(history: FlowHistory, weeks: int, today: dt.date) -> list[WeekCount]:
    """Items completed in each of the last `weeks` ISO weeks, this (partial) week last."""
    this_week = week_start(today)
    starts = [this_week - dt.timedelta(weeks=weeks - 1 - n) for n in range(weeks)]
    counts = dict.fromkeys(starts, 0)
    for item in history.items:
        if item.completed_at is not None and week_start(item.completed_at.date()) in counts:
            counts[week_start(item.completed_at.date())] += 1
    return [WeekCount(week_start=s, count=counts[s]) for s in starts]


def aging_of(history: FlowHistory, now: dt.datetime) -> list[AgingCard]:
    """Cards in a column between the first and the last, oldest first, aged from their start."""
    if len(history.columns) < 3:
        middle = {}
    else:
        middle = {c[0]: c[1] for c in history.columns[1:-1]}
    cards = []
    for card in history.cards:
        column_id = card.column_at(now)
        if column_id in middle:
            start = history.started_at(card) or card.created_at
            cards.append(AgingCard(task_id=card.task_id, title=card.title, column=middle[column_id],
                                   assignee=card.assignee, age_days=_days(now - start)))
    return sorted(cards, key=lambda c: (-c.age_days, c.task_id))


def monte_carlo(samples: list[int], items: int, today: dt.date, *, seed: int, trials: int = TRIALS) -> Forecast:
    """How many weeks `items` items take, resampling the past weekly throughput `trials`
    times; a week's finishing date is its last day counted from today."""
    if not any(samples):
        raise InvalidError("No item was completed in the weeks sampled, so there is no throughput to forecast from; "
                           "finish some work first or sample more weeks.")
    rng = random.Random(seed)
    outcomes = []
    for _ in range(trials):
        remaining, weeks = items, 0
        while remaining > 0 and weeks < MAX_FORECAST_WEEKS:
            remaining -= rng.choice(samples)
            weeks += 1
        outcomes.append(weeks)
    p50, p85, p95 = (int(percentile(outcomes, p)) for p in (50, 85, 95))
    when = lambda w: today + dt.timedelta(weeks=w)  # noqa: E731
    return Forecast(items=items, weekly_throughput=samples, trials=trials, seed=seed, p50_weeks=p50, p85_weeks=p85,
                    p95_weeks=p95, p50=when(p50), p85=when(p85), p95=when(p95))


# ---------------------------------------------------------------- the service


def now_or_given(now: dt.datetime | None) -> dt.datetime:
    return as_utc(now) if now else utcnow()


def cumulative_flow(session: Session, actor: Actor, space_id: int, days: int = 30,
                    now: dt.datetime | None = None) -> CumulativeFlow:
    """Cards per column at the end of each of the last `days` days (today last)."""
    require_member(session, actor, space_id)
    days = validate.positive_int(days, "Days", maximum=MAX_DAYS, allow_none=False)
    today = now_or_given(now).date()
    return cfd_of(load_history(session, space_id), today - dt.timedelta(days=days - 1), today)


def cycle_times(session: Session, actor: Actor, space_id: int, days: int = 90,
                now: dt.datetime | None = None) -> CycleTimes:
    """Cycle and lead time of the items done in the last `days` days, with P50/P85/P95."""
    require_member(session, actor, space_id)
    days = validate.positive_int(days, "Days", maximum=MAX_DAYS, allow_none=False)
    return cycle_times_of(load_history(session, space_id), now_or_given(now).date() - dt.timedelta(days=days - 1))


def throughput(session: Session, actor: Actor, space_id: int, weeks: int = 12,
               now: dt.datetime | None = None) -> list[WeekCount]:
    require_member(session, actor, space_id)
    weeks = validate.positive_int(weeks, "Weeks", maximum=MAX_WEEKS, allow_none=False)
    return throughput_of(load_history(session, space_id), weeks, now_or_given(now).date())


def aging_wip(session: Session, actor: Actor, space_id: int, now: dt.datetime | None = None) -> list[AgingCard]:
    require_member(session, actor, space_id)
    return aging_of(load_history(session, space_id), now_or_given(now))


def overview(session: Session, actor: Actor, space_id: int, days: int = 30, weeks: int = 12,
             now: dt.datetime | None = None) -> FlowOverview:
    """All four flow views from one reading of the history (the metrics page, get_flow_metrics):
    cumulative flow over `days` days, cycle times of the last 90, `weeks` weeks of throughput, aging."""
    require_member(session, actor, space_id)
    days = validate.positive_int(days, "Days", maximum=MAX_DAYS, allow_none=False)
    weeks = validate.positive_int(weeks, "Weeks", maximum=MAX_WEEKS, allow_none=False)
    moment = now_or_given(now)
    today = moment.date()
    history = load_history(session, space_id)
    return FlowOverview(cumulative_flow=cfd_of(history, today - dt.timedelta(days=days - 1), today),
                        cycle_times=cycle_times_of(history, today - dt.timedelta(days=89)),
                        throughput=throughput_of(history, weeks, today), aging_wip=aging_of(history, moment))


def burnup(session: Session, actor: Actor, space_id: int, sprint_id: int | None = None,
           now: dt.datetime | None = None) -> Burnup:
    """Per sprint day: the scope (points of the items in the sprint by then; those planned
    before it started count from its first day) and the points completed by the end of it."""
    from apcs_app.domain import SprintStatus

    sprint = get_sprint(session, actor, space_id, sprint_id, statuses=tuple(SprintStatus))
    rows = session.exec(
        select(BacklogItem.story_points, BacklogItem.completed_at, SprintItem.added_at)
        .join(SprintItem, col(SprintItem.backlog_item_id) == BacklogItem.id).where(SprintItem.sprint_id == sprint.id)
    ).all()
    last_known = as_utc(sprint.completed_at).date() if sprint.completed_at else now_or_given(now).date()
    series = []
    for day in sprint_days(sprint):
        scope = sum(p or 0 for p, _, added in rows if as_utc(added).date() <= max(day, sprint.start_date))
        done = None
        if sprint.status != SprintStatus.PLANNING and day <= last_known:
            done = sum(p or 0 for p, completed, added in rows
                       if completed is not None and as_utc(completed).date() <= day
                       and as_utc(added).date() <= max(day, sprint.start_date))
        series.append(BurnupDay(day=day, scope=scope, completed=done))
    return Burnup(sprint_id=sprint.id, sprint_name=sprint.name, days=series)


def forecast(session: Session, actor: Actor, space_id: int, items: int, weeks: int = 12, seed: int = 0,
             now: dt.datetime | None = None) -> Forecast:
    """When `items` more items will be done: Monte Carlo over the last `weeks` full weeks'
    throughput (this partial week left out), P50/P85/P95 dates."""
    require_member(session, actor, space_id)
    items = validate.positive_int(items, "Number of items", maximum=MAX_FORECAST_ITEMS, allow_none=False)
    weeks = validate.positive_int(weeks, "Weeks sampled", maximum=MAX_WEEKS, allow_none=False)
    seed = validate.positive_int(seed, "Seed", minimum=0, allow_none=False)
    today = now_or_given(now).date()
    history = load_history(session, space_id)
    samples = [w.count for w in throughput_of(history, weeks + 1, today)[:-1]]
    return monte_carlo(samples, items, today, seed=seed)
