"""Form fields shared by the pages' forms (uncontrolled: read from the submitted form)."""

from __future__ import annotations

import reflex as rx

from apcs_app.domain import FIBONACCI_POINTS, ItemStatus, Priority
from apcs_app.ui.state.backlog import NO_POINTS


# A <label> around its words and its control: the control's accessible name is the label.
LABEL_STYLE = {"display": "flex", "flex_direction": "column", "gap": "4px", "width": "100%"}


def labeled(label, control: rx.Component, hidden: bool = False, **props) -> rx.Component:
    """`control` inside a <label> with `label`'s words (heard, not shown, when `hidden`)."""
    words = rx.el.span(label, class_name="sr-only") if hidden else rx.text(label, size="1", weight="medium", color_scheme="gray")
    style = LABEL_STYLE | ({"width": "auto"} if hidden else {}) | props.pop("style", {})
    return rx.el.label(words, control, style=style, **props)


def named_upload(label: str, *children: rx.Component, **props) -> rx.Component:
    """rx.upload with an accessible name on its file input (Reflex builds that input itself and
    takes no props for it; tests/e2e/test_accessibility.py fails if this stops reaching it)."""
    upload = rx.upload(*children, **props)
    zone = upload.children[0]
    file_input = next(c for c in zone.children if getattr(c, "tag", "") == "input")
    file_input.custom_attrs["aria-label"] = label
    return upload


def _select(name: str, options: list[tuple[str, str]], default, **props) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%"),  # named by the label around it
        rx.select.content(*(rx.select.item(text, value=value) for value, text in options)),
        name=name, default_value=default, **props,
    )


def points_select(default=NO_POINTS, **props) -> rx.Component:
    """The Fibonacci picker: only values on the scale can be chosen."""
    options = [(NO_POINTS, "No estimate")] + [(str(p), f"{p} pt") for p in FIBONACCI_POINTS]
    return _select("story_points", options, default, **props)


def priority_select(default="MEDIUM", **props) -> rx.Component:
    return _select("priority", [(p.value, p.value.title()) for p in Priority], default, **props)


def status_select(default="TODO", **props) -> rx.Component:
    return _select("status", [(s.value, s.value.replace("_", " ").title()) for s in ItemStatus], default, **props)
