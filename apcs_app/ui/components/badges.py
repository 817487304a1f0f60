"""Small coloured badges for the enums the pages show."""

from __future__ import annotations

import reflex as rx

from apcs_app.domain import ItemStatus, Methodology, Priority, SprintStatus

PRIORITY_COLORS = {Priority.LOW: "gray", Priority.MEDIUM: "blue", Priority.HIGH: "orange", Priority.CRITICAL: "red"}
STATUS_COLORS = {ItemStatus.TODO: "gray", ItemStatus.IN_PROGRESS: "blue", ItemStatus.DONE: "green"}
SPRINT_COLORS = {SprintStatus.PLANNING: "amber", SprintStatus.ACTIVE: "grass", SprintStatus.COMPLETED: "gray"}
METHOD_COLORS = {Methodology.SCRUM: "violet", Methodology.KANBAN: "cyan"}


def _colored(value: rx.Var, colors: dict[str, str], default: str = "gray", **props) -> rx.Component:
    return rx.badge(
        value.to(str).replace("_", " "),
        color_scheme=rx.match(value, *colors.items(), default),
        # High contrast: the soft badges' own text (cyan, amber, orange) falls under AA on white.
        variant="soft", radius="full", high_contrast=True, **props,
    )


def priority_badge(value: rx.Var) -> rx.Component:
    return _colored(value, PRIORITY_COLORS)


def status_badge(value: rx.Var) -> rx.Component:
    return _colored(value, STATUS_COLORS)


def sprint_badge(value: rx.Var) -> rx.Component:
    return _colored(value, SPRINT_COLORS)


def methodology_badge(value: rx.Var) -> rx.Component:
    return _colored(value, METHOD_COLORS)


def points_badge(points: rx.Var) -> rx.Component:
    return rx.cond(
        points != "",
        rx.badge(points.to(str) + " pt", variant="outline", radius="full", color_scheme="gray"),
    )


def error_text(message: rx.Var, test_id: str) -> rx.Component:
    """A refusal shown next to the control that caused it."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle_alert", color_scheme="red", size="1", role="alert",
                   custom_attrs={"data-testid": test_id}),
    )
