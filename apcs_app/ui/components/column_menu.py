"""A column's header: its name (drag it to reorder), its WIP badge and its menu."""

from __future__ import annotations

import reflex as rx

from apcs_app.ui.components.badges import error_text
from apcs_app.ui.components.dnd import drop_zone
from apcs_app.ui.components.fields import labeled
from apcs_app.ui.state.column_menu import ColumnMenuState
from apcs_app.ui.state.live import LiveBoard
from apcs_app.ui.state.page_models import ColumnCards


def column_menu(column: ColumnCards) -> rx.Component:
    def item(label: str, icon: str, on_click, **props) -> rx.Component:
        return rx.menu.item(rx.icon(icon, size=14), label, on_click=on_click, **props)

    return rx.menu.root(
        rx.menu.trigger(rx.icon_button(rx.icon("ellipsis", size=16), variant="ghost", color_scheme="gray", size="1",
                                       aria_label="Column actions: " + column.name,
                                       custom_attrs={"data-testid": "column-menu"})),
        rx.menu.content(
            item("Rename…", "pencil", ColumnMenuState.open_dialog("rename", column.id, column.name)),
            item("WIP limit…", "gauge", ColumnMenuState.open_dialog("wip", column.id, column.name)),
            item("Move left", "arrow-left", ColumnMenuState.shift(column.id, -1)),
            item("Move right", "arrow-right", ColumnMenuState.shift(column.id, 1)),
            rx.menu.separator(),
            item("Delete…", "trash-2", ColumnMenuState.open_dialog("delete", column.id, column.name),
                 color_scheme="red"),  # the theme's red text, readable on light and dark (not CSS red)
        ),
        # Not modal: a modal menu hides the page from screen readers while it stays focusable
        # behind the menu (axe: aria-hidden-focus). The menu still takes the focus and Escape.
        modal=False,
    )


def column_header(column: ColumnCards, *badges: rx.Component) -> rx.Component:
    """Drag the header onto another header to put the column there."""
    return drop_zone(
        rx.hstack(
            rx.icon("grip-vertical", size=14, color=rx.color("gray", 8)),
            rx.text(column.name, weight="bold", size="2"),
            rx.spacer(),
            *badges,
            column_menu(column),
            align="center", width="100%",
        ),
        draggable=True,
        on_drag_start=ColumnMenuState.pick(column.id),
        on_drag_over=rx.prevent_default,
        on_drop=ColumnMenuState.drop_on_header(column.id).stop_propagation.prevent_default,
        style={"width": "100%", "padding": "0 4px", "cursor": "grab"},
        custom_attrs={"data-testid": "column-header"},
    )


def _form(body: rx.Component, on_submit, submit: str, **button) -> rx.Component:
    return rx.form(
        rx.vstack(
            body,
            error_text(ColumnMenuState.error, "column-menu-error"),
            rx.hstack(rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                      rx.button(submit, type="submit", **button), justify="end", width="100%"),
            spacing="3", width="100%",
        ),
        on_submit=on_submit, reset_on_submit=False,
    )


def column_dialog() -> rx.Component:
    """One dialog for every column's rename / WIP limit / delete."""
    name = ColumnMenuState.column_name
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.match(ColumnMenuState.mode, ("rename", "Rename column"), ("wip", "WIP limit"),
                                     ("delete", "Delete column"), "Column")),
            rx.dialog.description(name, size="2", color_scheme="gray", margin_bottom="12px"),
            rx.match(
                ColumnMenuState.mode,
                ("rename", _form(labeled("Name", rx.input(name="name", default_value=name, max_length=60,
                                                           custom_attrs={"data-testid": "column-name"})),
                                 ColumnMenuState.rename, "Rename")),
                ("wip", _form(labeled("WIP limit (empty = none)", rx.input(name="wip_limit", type="number", min=0)),
                              ColumnMenuState.set_wip, "Save")),
                ("delete", _form(
                    rx.vstack(
                        rx.text("Its cards move to the column you pick. The last column is always the done "
                                "column.", size="2"),
                        labeled("Move its cards to", rx.el.select(
                            rx.foreach(LiveBoard.columns, lambda c: rx.cond(
                                c.id != ColumnMenuState.column_id, rx.el.option(c.name, value=c.id.to(str)))),
                            name="move_cards_to", custom_attrs={"data-testid": "move-cards-to"},
                            style={"padding": "6px", "border_radius": "6px"},
                        )),
                        spacing="2", width="100%",
                    ),
                    ColumnMenuState.delete, "Delete column", color_scheme="red")),
                rx.fragment(),
            ),
            max_width="400px",
        ),
        open=ColumnMenuState.dialog_open, on_open_change=ColumnMenuState.set_dialog_open,
    )
