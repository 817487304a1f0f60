"""Sprints (Scrum): plan, start and complete sprints; burndown and velocity."""

from __future__ import annotations

import reflex as rx

from apcs_app.domain import ItemStatus, SprintStatus
from apcs_app.ui.components.badges import error_text, points_badge, sprint_badge, status_badge
from apcs_app.ui.components.fields import labeled
from apcs_app.ui.components.figures import table_for_screen_readers
from apcs_app.ui.components.layout import template
from apcs_app.ui.state.live import LiveBacklog, LiveSprints
from apcs_app.ui.state.session import SessionState
from apcs_app.ui.state.sprints import SprintsState
from apcs_app.ui.state.page_models import ItemView, SprintView


def _create_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.text("Plan a sprint", weight="bold", size="3"),
                rx.flex(
                    labeled("Name", rx.input(name="name", placeholder="Sprint 4 (optional)", width="100%"),
                            flex="2", min_width="160px"),
                    labeled("Start", rx.input(name="start_date", type="date", default_value=SprintsState.default_start,
                                              width="100%"), flex="1", min_width="140px"),
                    labeled("End", rx.input(name="end_date", type="date", default_value=SprintsState.default_end,
                                            width="100%"), flex="1", min_width="140px"),
                    gap="12px", width="100%", wrap="wrap",
                ),
                labeled("Goal", rx.input(name="goal", placeholder="What this sprint delivers", width="100%"),
                        width="100%"),
                rx.hstack(error_text(SprintsState.create_error, "create-sprint-error"), rx.spacer(),
                          rx.button(rx.icon("plus", size=16), "Create sprint", type="submit"), width="100%"),
                spacing="3",
            ),
            on_submit=SprintsState.create, key=SprintsState.form_key.to(str) + SprintsState.default_start,
        ),
        width="100%",
    )


def _stat(label: str, value, testid: str) -> rx.Component:
    return rx.card(
        rx.vstack(rx.text(label, size="1", color_scheme="gray"),
                  rx.text(value, size="6", weight="bold", custom_attrs={"data-testid": testid}), spacing="1"),
        flex="1", min_width="130px",
    )


def _sprint_item(sprint: SprintView, item: ItemView) -> rx.Component:
    return rx.hstack(
        rx.text("#", item.id, size="1", color_scheme="gray"),
        rx.text(item.title, size="2", flex="1"),
        status_badge(item.status),
        points_badge(item.points),
        rx.cond(sprint.status != SprintStatus.COMPLETED,
                rx.icon_button(rx.icon("x", size=12), size="1", variant="ghost", color_scheme="gray",
                               aria_label="Remove from sprint", on_click=SprintsState.remove_item(sprint.id, item.id))),
        width="100%", align="center",
    )


def _add_item(sprint: SprintView) -> rx.Component:
    candidates = LiveBacklog.items
    return rx.el.select(
        rx.el.option("Add a backlog item…", value=""),
        rx.foreach(candidates, lambda i: rx.cond(
            (i.sprint_id == 0) & (i.status != ItemStatus.DONE),
            rx.el.option("#" + i.id.to(str) + " " + i.title, value=i.id.to(str)))),
        value="", on_change=SprintsState.add_item(sprint.id), aria_label="Add a backlog item to the sprint",
        style={"padding": "6px", "border_radius": "8px", "background": "transparent", "color": "inherit",
               "border": f"1px solid {rx.color('gray', 6)}", "width": "100%"},
    )


def _sprint_card(sprint: SprintView) -> rx.Component:
    focused = sprint.id == LiveSprints.focus.id
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(sprint.name, size="4", as_="h2"),
                sprint_badge(sprint.status),
                rx.spacer(),
                rx.cond(sprint.status == SprintStatus.PLANNING,
                        rx.button(rx.icon("play", size=14), "Start", size="2", on_click=SprintsState.start(sprint.id))),
                rx.cond(sprint.status == SprintStatus.ACTIVE,
                        rx.button(rx.icon("flag", size=14), "Complete", size="2", color_scheme="grass",
                                  on_click=SprintsState.complete(sprint.id))),
                align="center", width="100%",
            ),
            rx.hstack(rx.icon("calendar", size=14), rx.text(sprint.dates, size="1"), rx.text("·", size="1"),
                      rx.text(sprint.item_count, " items", size="1"),
                      rx.cond(sprint.status != SprintStatus.PLANNING,
                              rx.text("· ", sprint.completed, " of ", sprint.committed, " pts done", size="1")),
                      color=rx.color("gray", 11), align="center", spacing="2"),
            rx.cond(sprint.goal != "", rx.text(sprint.goal, size="2", color_scheme="gray", font_style="italic")),
            rx.cond(SprintsState.action_sprint == sprint.id, error_text(SprintsState.action_error, "sprint-error")),
            rx.cond(focused, rx.vstack(
                rx.separator(),
                rx.foreach(LiveSprints.focus_items, lambda item: _sprint_item(sprint, item)),
                rx.cond(sprint.status != SprintStatus.COMPLETED, _add_item(sprint)),
                width="100%", spacing="2",
            )),
            spacing="2", width="100%",
        ),
        width="100%",
        custom_attrs={"data-testid": "sprint", "data-sprint": sprint.name, "data-status": sprint.status},
    )


def _burndown() -> rx.Component:
    return rx.card(
        rx.text("Burndown", weight="bold", size="3"),
        rx.recharts.line_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3", opacity=0.4),
            rx.recharts.line(data_key="ideal", name="Ideal", stroke=rx.color("gray", 9), stroke_dasharray="6 4",
                             dot=False, is_animation_active=False),
            rx.recharts.line(data_key="remaining", name="Remaining", stroke=rx.color("accent", 9), stroke_width=2,
                             is_animation_active=False),
            rx.recharts.x_axis(data_key="day", font_size=11),
            rx.recharts.y_axis(font_size=11, width=32),
            rx.recharts.graphing_tooltip(),
            rx.recharts.legend(),
            data=LiveSprints.burndown, height=260, width="100%",
        ),
        table_for_screen_readers("Burndown: points remaining each day", ("Day", "Ideal", "Remaining"),
                                 LiveSprints.burndown, ("day", "ideal", "remaining")),
        width="100%", custom_attrs={"data-testid": "burndown"},
    )


def _velocity() -> rx.Component:
    return rx.card(
        rx.hstack(rx.text("Velocity", weight="bold", size="3"), rx.spacer(),
                  rx.cond(LiveSprints.average_velocity != "",
                          rx.badge("avg of last 3: ", LiveSprints.average_velocity, " pts", variant="soft"))),
        rx.cond(
            LiveSprints.velocity.length() > 0,
            rx.recharts.bar_chart(
                rx.recharts.cartesian_grid(stroke_dasharray="3 3", opacity=0.4),
                rx.recharts.bar(data_key="committed", name="Committed", fill=rx.color("gray", 7),
                                is_animation_active=False),
                rx.recharts.bar(data_key="completed", name="Completed", fill=rx.color("grass", 9),
                                is_animation_active=False),
                rx.recharts.x_axis(data_key="sprint", font_size=11),
                rx.recharts.y_axis(font_size=11, width=32),
                rx.recharts.graphing_tooltip(),
                rx.recharts.legend(),
                data=LiveSprints.velocity, height=260, width="100%",
            ),
            rx.center(rx.text("Complete a sprint to see velocity.", size="2", color_scheme="gray"), height="260px"),
        ),
        table_for_screen_readers("Velocity: points committed and completed per sprint",
                                 ("Sprint", "Committed", "Completed"), LiveSprints.velocity,
                                 ("sprint", "committed", "completed")),
        width="100%", custom_attrs={"data-testid": "velocity"},
    )


@template("/sprints", "Sprints", SprintsState.load)
def sprints_page() -> rx.Component:
    return rx.cond(
        SessionState.is_scrum,
        rx.vstack(
            rx.flex(
                _stat("Current sprint", rx.cond(LiveSprints.focus.name != "", LiveSprints.focus.name, "—"),
                      "stat-sprint"),
                _stat("Committed", LiveSprints.focus.committed.to(str) + " pts", "stat-committed"),
                _stat("Completed", LiveSprints.focus.completed.to(str) + " pts", "stat-completed"),
                _stat("Average velocity", rx.cond(LiveSprints.average_velocity != "", LiveSprints.average_velocity,
                                                  "—"), "stat-velocity"),
                gap="12px", width="100%", wrap="wrap",
            ),
            rx.grid(_burndown(), _velocity(), columns=rx.breakpoints(initial="1", lg="2"), gap="12px",
                    width="100%"),
            rx.grid(
                rx.vstack(rx.foreach(LiveSprints.sprints, _sprint_card), width="100%", spacing="3"),
                _create_form(),
                columns=rx.breakpoints(initial="1", lg="2"), gap="12px", width="100%",
            ),
            width="100%", spacing="3", max_width="1200px",
        ),
        rx.callout("Sprints belong to Scrum workspaces; this one uses Kanban.", icon="info"),
    )
