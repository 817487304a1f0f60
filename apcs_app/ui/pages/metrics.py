"""Metrics (Kanban and Scrum): cumulative flow, cycle time, throughput, aging work in progress,
burn-up (Scrum), the forecast, and the stand-up digest and sprint report to copy."""

from __future__ import annotations

import reflex as rx

from apcs_app.ui.components.badges import error_text
from apcs_app.ui.components.fields import labeled
from apcs_app.ui.components.figures import table_for_screen_readers
from apcs_app.ui.components.layout import template
from apcs_app.ui.state.metrics import MetricsState, Series
from apcs_app.ui.state.session import SessionState

HEIGHT = 260


def _card(title: str, testid: str, *children) -> rx.Component:
    return rx.card(rx.heading(title, size="3", as_="h2", margin_bottom="8px"), *children, width="100%",
                   custom_attrs={"data-testid": testid})


def _empty(rows, message: str, chart: rx.Component) -> rx.Component:
    return rx.cond(rows.length() > 0, chart,
                   rx.center(rx.text(message, size="2", color_scheme="gray"), height=f"{HEIGHT}px"))


def _cfd() -> rx.Component:
    def area(series: Series) -> rx.Component:
        return rx.recharts.area(data_key=series.key, stack_id="flow", stroke=series.color,
                                fill=series.color, fill_opacity=0.6, type_="monotone", is_animation_active=False)

    chart = rx.recharts.area_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", opacity=0.4),
        rx.foreach(MetricsState.cfd_series, area),
        rx.recharts.x_axis(data_key="day", font_size=11),
        rx.recharts.y_axis(font_size=11, width=32, allow_decimals=False),
        data=MetricsState.cfd_rows, height=HEIGHT, width="100%",
    )
    # The legend in HTML: a column's name is the user's text, kept out of the chart's SVG.
    legend = rx.hstack(rx.foreach(MetricsState.cfd_series.reverse(), lambda s: rx.hstack(
        rx.box(width="10px", height="10px", border_radius="2px", background=s.color),
        rx.text(s.name, size="1"), align="center", spacing="1")), wrap="wrap", spacing="3", justify="center",
        aria_hidden="true")
    # Columns are the board's own, so the table's headers come from the data too.
    table = rx.el.table(
        rx.el.caption("Cumulative flow: cards in each column at the end of each day"),
        rx.el.thead(rx.el.tr(rx.el.th("Day", scope="col"),
                             rx.foreach(MetricsState.cfd_series.reverse(), lambda s: rx.el.th(s.name, scope="col")))),
        rx.el.tbody(rx.foreach(MetricsState.cfd_table, lambda row: rx.el.tr(rx.foreach(row, lambda v: rx.el.td(v))))),
        class_name="sr-only", custom_attrs={"data-testid": "cfd-table"},
    )
    return _card("Cumulative flow (last 30 days)", "cfd", _empty(MetricsState.cfd_rows, "No cards yet.", chart), legend,
                 table)


def _percentile_line(value, label: str, color: str) -> rx.Component:
    return rx.cond(value != "", rx.recharts.reference_line(
        y=value, stroke=rx.color(color, 9), stroke_dasharray="6 4", label=label + " " + value + " d", is_front=True))


def _cycle_time() -> rx.Component:
    chart = rx.recharts.scatter_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", opacity=0.4),
        # A scatter takes its points itself (the chart's own data is not passed down to it).
        rx.recharts.scatter(data=MetricsState.cycle_points, name="Cycle time (days)", fill=rx.color("accent", 9),
                            is_animation_active=False),
        rx.recharts.x_axis(data_key="day", type_="category", allow_duplicated_category=False, font_size=11),
        rx.recharts.y_axis(data_key="cycle", type_="number", font_size=11, width=32, name="days"),
        _percentile_line(MetricsState.cycle_p50, "P50", "grass"),
        _percentile_line(MetricsState.cycle_p85, "P85", "amber"),
        _percentile_line(MetricsState.cycle_p95, "P95", "red"),
        rx.recharts.graphing_tooltip(),
        height=HEIGHT, width="100%",
    )
    figures = rx.hstack(
        rx.text("Cycle time P50 ", rx.el.strong(MetricsState.cycle_p50), " · P85 ", rx.el.strong(MetricsState.cycle_p85),
                " · P95 ", rx.el.strong(MetricsState.cycle_p95), " days", size="2",
                custom_attrs={"data-testid": "cycle-percentiles"}),
        rx.text("Lead time P50 ", rx.el.strong(MetricsState.lead_p50), " · P85 ", rx.el.strong(MetricsState.lead_p85),
                " · P95 ", rx.el.strong(MetricsState.lead_p95), " days", size="2",
                custom_attrs={"data-testid": "lead-percentiles"}),
        wrap="wrap", spacing="4",
    )
    return _card("Cycle time (items done in the last 90 days)", "cycle-time",
                 _empty(MetricsState.cycle_rows, "No item finished yet.", chart),
                 rx.cond(MetricsState.cycle_rows.length() > 0, figures),
                 table_for_screen_readers("Cycle and lead time of each finished item, in days",
                                          ("Done", "Item", "Cycle time", "Lead time"), MetricsState.cycle_rows,
                                          ("day", "title", "cycle", "lead")))


def _throughput() -> rx.Component:
    chart = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", opacity=0.4),
        rx.recharts.bar(data_key="count", name="Items done", fill=rx.color("grass", 9), is_animation_active=False),
        rx.recharts.x_axis(data_key="week", font_size=11),
        rx.recharts.y_axis(font_size=11, width=32, allow_decimals=False),
        rx.recharts.graphing_tooltip(),
        data=MetricsState.throughput_rows, height=HEIGHT, width="100%",
    )
    return _card("Throughput per week", "throughput", chart,
                 table_for_screen_readers("Items done each week (weeks start on Monday)", ("Week of", "Items done"),
                                          MetricsState.throughput_rows, ("week", "count")))


def _aging() -> rx.Component:
    chart = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", opacity=0.4),
        rx.recharts.bar(data_key="age", name="Age (days)", fill=rx.color("amber", 9), max_bar_size=48,
                        is_animation_active=False),
        rx.recharts.x_axis(data_key="card", font_size=11, hide=True),
        rx.recharts.y_axis(font_size=11, width=32),
        rx.recharts.graphing_tooltip(),
        data=MetricsState.aging_points, height=HEIGHT, width="100%",
    )
    return _card("Aging work in progress", "aging", _empty(MetricsState.aging_rows, "Nothing in progress.", chart),
                 table_for_screen_readers("Cards in progress and their age in days since they started",
                                          ("Card", "Column", "Age"), MetricsState.aging_rows, ("card", "column", "age")))


def _burnup() -> rx.Component:
    chart = rx.recharts.line_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", opacity=0.4),
        rx.recharts.line(data_key="scope", name="Scope", stroke=rx.color("gray", 9), stroke_dasharray="6 4",
                         dot=False, is_animation_active=False, type_="stepAfter"),
        rx.recharts.line(data_key="completed", name="Completed", stroke=rx.color("grass", 9), stroke_width=2,
                         is_animation_active=False),
        rx.recharts.x_axis(data_key="day", font_size=11),
        rx.recharts.y_axis(font_size=11, width=32),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),
        data=MetricsState.burnup_rows, height=HEIGHT, width="100%",
    )
    return _card("Burn-up", "burnup", rx.text(MetricsState.burnup_sprint, size="2", color_scheme="gray"),
                 _empty(MetricsState.burnup_rows, "Plan a sprint to see its burn-up.", chart),
                 table_for_screen_readers("Burn-up: scope and completed points each day of the sprint",
                                          ("Day", "Scope", "Completed"), MetricsState.burnup_rows,
                                          ("day", "scope", "completed")))


def _forecast() -> rx.Component:
    result = rx.cond(MetricsState.forecast_p50 != "", rx.vstack(
        rx.el.dl(
            *(rx.hstack(rx.el.dt(rx.text(label, weight="bold", size="2")),
                        rx.el.dd(rx.text(value, size="2", custom_attrs={"data-testid": testid}), margin="0"),
                        spacing="2")
              for label, value, testid in (("50% likely by", MetricsState.forecast_p50, "forecast-p50"),
                                           ("85% likely by", MetricsState.forecast_p85, "forecast-p85"),
                                           ("95% likely by", MetricsState.forecast_p95, "forecast-p95"))),
        ),
        rx.text(MetricsState.forecast_summary, size="1", color_scheme="gray"),
        spacing="1", role="status",
    ))
    return _card("Forecast: when will these items be done?", "forecast", rx.form(
        rx.vstack(
            rx.flex(
                labeled("Number of items", rx.input(name="items", type="number", min=1, max=10000, default_value="10",
                                                    width="100%"), flex="1", min_width="140px"),
                labeled("Weeks of history", rx.input(name="weeks", type="number", min=1, max=104, default_value="12",
                                                     width="100%"), flex="1", min_width="140px"),
                gap="12px", width="100%", wrap="wrap",
            ),
            rx.hstack(error_text(MetricsState.forecast_error, "forecast-error"), rx.spacer(),
                      rx.button(rx.icon("dice-5", size=16), "Forecast", type="submit"), width="100%"),
            result, spacing="3", width="100%",
        ),
        on_submit=MetricsState.forecast, reset_on_submit=False,
    ))


def _report(title: str, text, testid: str) -> rx.Component:
    return _card(title, testid,
                 rx.el.pre(text, style={"white_space": "pre-wrap", "font_size": "13px", "margin": "0 0 8px 0"},
                           custom_attrs={"data-testid": testid + "-text"}),
                 rx.button(rx.icon("copy", size=14), "Copy", size="1", variant="soft",
                           on_click=rx.set_clipboard(text), aria_label=f"Copy the {title.lower()}"))


@template("/metrics", "Metrics", MetricsState.load)
def metrics_page() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.spacer(), rx.button(rx.icon("refresh-cw", size=14), "Refresh", size="1", variant="soft",
                                         on_click=MetricsState.refresh), width="100%"),
        error_text(MetricsState.load_error, "metrics-error"),
        rx.grid(_cfd(), _cycle_time(), _throughput(), _aging(),
                rx.cond(SessionState.is_scrum, _burnup()), _forecast(),
                columns=rx.breakpoints(initial="1", lg="2"), gap="12px", width="100%"),
        rx.grid(_report("Stand-up digest", MetricsState.standup_text, "standup"),
                rx.cond(SessionState.is_scrum, _report("Sprint report", MetricsState.sprint_report_text, "sprint-report")),
                columns=rx.breakpoints(initial="1", lg="2"), gap="12px", width="100%"),
        width="100%", spacing="3", max_width="1200px",
    )
