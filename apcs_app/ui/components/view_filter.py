"""The find-and-filter bar of the board and the backlog, and the lists it filters."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from apcs_app.domain import ItemStatus, Priority
from apcs_app.ui.components.badges import error_text
from apcs_app.ui.components.fields import labeled
from apcs_app.ui.state.live import LiveBacklog, LiveBoard
from apcs_app.ui.state.view_filter import ANY, ViewFilterState


def _select(label: str, name: str, value: rx.Var, options: rx.Var | list[tuple[str, str]]) -> rx.Component:
    """A filter's select; `options` are the state's (members, sprints) or fixed (value, text) pairs."""
    choices = (rx.foreach(options, lambda o: rx.select.item(o.label, value=o.value)) if isinstance(options, rx.Var)
               else rx.fragment(*(rx.select.item(text, value=v) for v, text in options)))
    return labeled(label, rx.select.root(
        rx.select.trigger(variant="soft", custom_attrs={"data-testid": f"filter-{name}"}),
        rx.select.content(rx.select.item(f"Any {label.lower()}", value=ANY), choices),
        name=name, default_value=rx.cond(value != "", value, ANY), size="2",
    ), hidden=True)


def filter_bar(scrum: rx.Var[bool]) -> rx.Component:
    """The Filter button (or Enter in the search box) applies it: the URL changes, so a reload or a
    copied link shows the same view."""
    return rx.vstack(
        rx.form(
            rx.hstack(
                rx.icon("search", size=16, color=rx.color("gray", 10)),
                labeled("Search titles", rx.input(name="q", default_value=ViewFilterState.q, placeholder="Search titles",
                                                  max_length=200, type="search",
                                                  custom_attrs={"data-testid": "filter-words"}), hidden=True),
                _select("Assignee", "assignee", ViewFilterState.assignee, ViewFilterState.people),
                _select("Priority", "priority", ViewFilterState.priority, [(p.value, p.value.title()) for p in Priority]),
                _select("Status", "status", ViewFilterState.status,
                        [(s.value, s.value.replace("_", " ").title()) for s in ItemStatus]),
                rx.cond(scrum, _select("Sprint", "sprint", ViewFilterState.sprint, ViewFilterState.sprint_options)),
                rx.button("Filter", type="submit", variant="soft", custom_attrs={"data-testid": "filter-apply"}),
                rx.cond(ViewFilterState.active, rx.fragment(
                    rx.button("Clear", type="button", variant="ghost", color_scheme="gray",
                              on_click=ViewFilterState.clear, custom_attrs={"data-testid": "filter-clear"}),
                    rx.text(ViewFilterState.match_count, " matching", size="1", color_scheme="gray", role="status",
                            custom_attrs={"data-testid": "filter-count"}),
                )),
                align="center", spacing="2", wrap="wrap",
            ),
            on_submit=ViewFilterState.apply, reset_on_submit=False, key=ViewFilterState.form_round,
            role="search", aria_label="Find and filter",
        ),
        error_text(ViewFilterState.error, "filter-error"),
        width="100%", spacing="1",
    )


def _refresh_on(live: rx.Var) -> rx.Component:
    # This browser's filtered view is its own, not the shared one: when the live data changes
    # (anyone's move, an agent's change), the element is remounted with a new key and asks again.
    return rx.cond(ViewFilterState.active,
                   rx.el.div(key=live.to_string(), on_mount=ViewFilterState.refresh, style={"display": "none"}))


def filtered_columns(render: Callable) -> rx.Component:
    """The board's columns: the live ones, or the matching cards when a filter is on."""
    return rx.fragment(
        _refresh_on(LiveBoard.columns),
        rx.cond(ViewFilterState.active, rx.foreach(ViewFilterState.columns, render), rx.foreach(LiveBoard.columns, render)),
    )


def filtered_items(render: Callable) -> rx.Component:
    """The backlog's items: the live ones, or the matching items when a filter is on."""
    return rx.fragment(
        _refresh_on(LiveBacklog.items),
        rx.cond(ViewFilterState.active, rx.foreach(ViewFilterState.items, render), rx.foreach(LiveBacklog.items, render)),
        rx.cond(ViewFilterState.active & (ViewFilterState.item_total > ViewFilterState.items.length()), rx.button(
            "Show more matches", variant="soft", color_scheme="gray", size="1", width="100%",
            aria_label="Show more matching backlog items", on_click=ViewFilterState.show_more_items,
            custom_attrs={"data-testid": "show-more-matching-items"})),
    )
