"""Form fields shared by the pages' forms (uncontrolled: read from the submitted form)."""

from __future__ import annotations

import reflex as rx

from apcs_app.domain import FIBONACCI_POINTS, ItemStatus, Priority
from apcs_app.ui.state.backlog import NO_POINTS


def labeled(label: str, control: rx.Component, **props) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", weight="medium", color_scheme="gray"), control, spacing="1", **props)


def _select(name: str, options: list[tuple[str, str]], default, label: str, **props) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=label, width="100%"),
        rx.select.content(*(rx.select.item(text, value=value) for value, text in options)),
        name=name, default_value=default, **props,
    )


def points_select(default=NO_POINTS, **props) -> rx.Component:
    """The Fibonacci picker: only values on the scale can be chosen."""
    options = [(NO_POINTS, "No estimate")] + [(str(p), f"{p} pt") for p in FIBONACCI_POINTS]
    return _select("story_points", options, default, "Story points", **props)


def priority_select(default="MEDIUM", **props) -> rx.Component:
    return _select("priority", [(p.value, p.value.title()) for p in Priority], default, "Priority", **props)


def status_select(default="TODO", **props) -> rx.Component:
    return _select("status", [(s.value, s.value.replace("_", " ").title()) for s in ItemStatus], default, "Status",
                   **props)
