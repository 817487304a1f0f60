"""The metrics page: flow charts, burn-up, forecast and the Scrum Master's reports.

Computed when the page loads (and again on "Refresh"), for this browser alone: they read the
whole history, so they are not refilled on every change of the workspace as the live board is.
Charts get numbers and keys the page chooses (c0, c1…), never the users' words: recharts
reads a dot in a data key as a path, and writes a series' name and a point's fields into SVG
attributes. The words (column names, titles) are shown as text: the legends and the tables."""

from __future__ import annotations

import dataclasses

import reflex as rx

from apcs_app.domain import Methodology, NotFoundError
from apcs_app.services import flow, reports, spaces
from apcs_app.ui.state.session import SessionState

CFD_DAYS = 30
THROUGHPUT_WEEKS = 12
# Stacked areas, the done column at the bottom: one colour per column, in board order.
PALETTE = ("gray", "blue", "amber", "violet", "cyan", "crimson", "orange", "indigo", "pink", "teal", "brown", "lime")


@dataclasses.dataclass
class Series:
    key: str = ""
    name: str = ""
    color: str = ""


def _day(day) -> str:
    return f"{day:%b %d}"


def _figures(s, actor, space_id: int) -> dict:
    """Every figure the page shows, by the name of the state var that shows it."""
    space = spaces.get_space(s, actor, space_id)
    out = _flow(s, actor, space_id)
    out["standup_text"] = reports.standup_digest(s, actor, space_id).text
    out.update(burnup_rows=[], burnup_sprint="", sprint_report_text="")
    if space.methodology == Methodology.SCRUM:
        out.update(_scrum(s, actor, space_id))
    return out


def _flow(s, actor, space_id: int) -> dict:
    views = flow.overview(s, actor, space_id, CFD_DAYS, THROUGHPUT_WEEKS)
    cfd, times = views.cumulative_flow, views.cycle_times
    keys = [f"c{i}" for i in range(len(cfd.columns))]
    show = lambda v: "" if v is None else f"{v:g}"  # noqa: E731
    return {
        "cfd_series": [Series(key=keys[i], name=c.name, color=f"var(--{PALETTE[i % len(PALETTE)]}-9)")
                       for i, c in reversed(list(enumerate(cfd.columns)))],
        "cfd_rows": [{"day": _day(d.day), **dict(zip(keys, d.counts))} for d in cfd.days],
        "cfd_table": [[_day(d.day), *map(str, d.counts)] for d in cfd.days],
        "cycle_rows": [{"day": _day(i.done_on), "cycle": i.cycle_days, "lead": i.lead_days, "title": i.title}
                       for i in times.items if i.cycle_days is not None],
        "cycle_points": [{"day": _day(i.done_on), "cycle": i.cycle_days} for i in times.items if i.cycle_days is not None],
        "cycle_p50": show(times.cycle.p50), "cycle_p85": show(times.cycle.p85), "cycle_p95": show(times.cycle.p95),
        "lead_p50": show(times.lead.p50), "lead_p85": show(times.lead.p85), "lead_p95": show(times.lead.p95),
        "throughput_rows": [{"week": _day(w.week_start), "count": w.count} for w in views.throughput],
        "aging_rows": [{"card": f"#{c.task_id} {c.title}", "column": c.column, "age": c.age_days}
                       for c in views.aging_wip],
        "aging_points": [{"card": f"#{c.task_id}", "age": c.age_days} for c in views.aging_wip],
    }


def _scrum(s, actor, space_id: int) -> dict:
    out = {}
    try:
        burnup = flow.burnup(s, actor, space_id)
        out["burnup_sprint"] = burnup.sprint_name
        out["burnup_rows"] = [{"day": _day(d.day), "scope": d.scope, "completed": d.completed} for d in burnup.days]
    except NotFoundError:
        pass  # no sprint yet
    try:
        out["sprint_report_text"] = reports.sprint_report(s, actor, space_id).text
    except NotFoundError as exc:
        out["sprint_report_text"] = exc.message
    return out


class MetricsState(SessionState):
    cfd_series: list[Series] = []
    cfd_rows: list[dict] = []
    cfd_table: list[list[str]] = []  # per day: the day, then each column's count (board order)
    cycle_rows: list[dict] = []
    cycle_points: list[dict] = []
    cycle_p50: str = ""
    cycle_p85: str = ""
    cycle_p95: str = ""
    lead_p50: str = ""
    lead_p85: str = ""
    lead_p95: str = ""
    throughput_rows: list[dict] = []
    aging_rows: list[dict] = []
    aging_points: list[dict] = []
    burnup_rows: list[dict] = []
    burnup_sprint: str = ""
    standup_text: str = ""
    sprint_report_text: str = ""
    forecast_error: str = ""
    forecast_p50: str = ""
    forecast_p85: str = ""
    forecast_p95: str = ""
    forecast_summary: str = ""
    load_error: str = ""

    @rx.event
    async def load(self):
        if not await self._enter():
            return rx.redirect("/login")
        self.forecast_error = self.forecast_p50 = self.forecast_p85 = self.forecast_p95 = self.forecast_summary = ""
        await self._compute()

    @rx.event
    async def refresh(self):
        await self._compute()

    async def _compute(self) -> None:
        self.load_error = ""
        if not self.space_id:
            return
        space_id = self.space_id
        self.load_error, figures = await self._query(lambda s, a: _figures(s, a, space_id))
        if self.load_error:
            return
        for name, value in figures.items():
            setattr(self, name, value)

    @rx.event
    async def forecast(self, form: dict):
        self.forecast_p50 = self.forecast_p85 = self.forecast_p95 = self.forecast_summary = ""
        space_id = self.space_id
        self.forecast_error, r = await self._query(lambda s, a: flow.forecast(
            s, a, space_id, form.get("items", ""), form.get("weeks") or THROUGHPUT_WEEKS))
        if not self.forecast_error:
            self.forecast_p50, self.forecast_p85, self.forecast_p95 = (f"{d:%a %d %b %Y}" for d in (r.p50, r.p85, r.p95))
            self.forecast_summary = (f"{r.items} item(s), from {r.trials:,} simulations over the last "
                                     f"{len(r.weekly_throughput)} weeks' throughput ({', '.join(map(str, r.weekly_throughput))}).")
