"""The Kanban board: columns with WIP limits, cards you drag with the mouse or move with the keyboard."""

from __future__ import annotations

import reflex as rx

from apcs_app.ui.components.badges import error_text, points_badge, priority_badge
from apcs_app.ui.components.dnd import drop_zone
from apcs_app.ui.components.layout import template
from apcs_app.ui.state.board import BoardState
from apcs_app.ui.state.live import LiveBoard
from apcs_app.ui.state.views import CardView, ColumnCards, MemberView

COLUMN_WIDTH = "290px"


def _assign_menu(card: CardView) -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.cond(card.assignee != "",
                        rx.avatar(fallback=card.assignee.split(" ")[0][:1], size="1", radius="full"),
                        rx.icon("user-plus", size=14)),
                rx.text(rx.cond(card.assignee != "", card.assignee, "Assign"), size="1"),
                variant="ghost", color_scheme="gray", size="1", aria_label="Assign",
            ),
        ),
        rx.menu.content(
            rx.foreach(BoardState.members,
                       lambda m: rx.menu.item(m.name, on_click=BoardState.assign(card.id, m.user_id))),
            rx.menu.separator(),
            rx.menu.item("Unassign", on_click=BoardState.assign(card.id, 0)),
        ),
    )


def _move_select(card: CardView) -> rx.Component:
    return rx.el.select(
        rx.foreach(LiveBoard.columns, lambda c: rx.el.option(c.name, value=c.id.to(str))),
        value=card.column_id.to(str), on_change=BoardState.move_to(card.id),
        aria_label="Move to column", title="Move to column",
        style={"font_size": "12px", "padding": "2px 4px", "border_radius": "6px", "max_width": "110px",
               "background": "transparent", "color": "inherit", "border": f"1px solid {rx.color('gray', 6)}"},
        custom_attrs={"data-testid": "move-select"},
    )


def _card(card: CardView, index: rx.Var, column: ColumnCards) -> rx.Component:
    return drop_zone(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(f"#", card.id, size="1", color_scheme="gray"),
                    priority_badge(card.priority),
                    points_badge(card.points),
                    rx.cond(card.done, rx.icon("circle-check", size=14, color=rx.color("grass", 9))),
                    spacing="2", align="center",
                ),
                rx.text(card.title, size="2", weight="medium", custom_attrs={"data-testid": "card-title"}),
                rx.cond(card.item_title != card.title,
                        rx.text(card.item_title, size="1", color_scheme="gray", trim="both")),
                rx.hstack(_assign_menu(card), rx.spacer(), _move_select(card), width="100%", align="center"),
                spacing="2", width="100%",
            ),
            size="1", width="100%", cursor="grab",
        ),
        draggable=True, tab_index=0,
        on_drag_start=BoardState.pick(card.id),
        on_drag_over=rx.prevent_default,
        on_drop=BoardState.drop(column.id, index).stop_propagation.prevent_default,
        aria_label=card.title,
        custom_attrs={"data-testid": "card", "data-task-id": card.id},
    )


def _wip_popover(column: ColumnCards) -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(
            rx.badge(column.wip, color_scheme=rx.cond(column.full, "red", "gray"), variant="soft", radius="full",
                     cursor="pointer", title="Cards / WIP limit — click to change",
                     on_click=BoardState.edit_wip(column.id), custom_attrs={"data-testid": "wip"}),
        ),
        rx.popover.content(
            rx.form(
                rx.vstack(
                    rx.text("WIP limit (empty = none)", size="1"),
                    rx.hstack(rx.input(name="wip_limit", type="number", min=0, size="1", width="80px"),
                              rx.button("Save", size="1", type="submit")),
                ),
                # A form's submit handler cannot read the loop's `column`; the badge click chose it.
                on_submit=BoardState.set_wip,
            ),
        ),
    )


def _column(column: ColumnCards) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(column.name, weight="bold", size="2"),
            _wip_popover(column),
            align="center", justify="between", width="100%", padding_x="4px",
        ),
        drop_zone(
            rx.foreach(column.cards, lambda card, i: _card(card, i, column)),
            on_drag_over=rx.prevent_default,
            on_drop=BoardState.drop(column.id, -1).prevent_default,
            style={"display": "flex", "flex_direction": "column", "gap": "8px", "min_height": "120px",
                   "flex": "1", "width": "100%", "padding_bottom": "40px"},
            custom_attrs={"data-testid": "column-body"},
        ),
        width=COLUMN_WIDTH, min_width=COLUMN_WIDTH, padding="10px", border_radius="12px", align="start",
        background=rx.color("gray", 3), min_height="60vh",
        border=rx.cond(column.full, f"1px solid {rx.color('red', 7)}", f"1px solid {rx.color('gray', 4)}"),
        custom_attrs={"data-testid": "column", "data-column": column.name},
    )


def _add_column() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.hstack(
                rx.input(placeholder="New column", value=BoardState.new_column, on_change=BoardState.set_new_column,
                         size="2", custom_attrs={"data-testid": "new-column"}),
                rx.icon_button(rx.icon("plus", size=16), type="submit", aria_label="Add column"),
            ),
            error_text(BoardState.column_error, "column-error"),
            width="220px",
        ),
        on_submit=BoardState.add_column,
    )


@template("/board", "Board", BoardState.load)
def board_page() -> rx.Component:
    return rx.vstack(
        error_text(BoardState.error, "board-error"),
        rx.cond(
            LiveBoard.columns.length() > 0,
            rx.scroll_area(
                rx.hstack(rx.foreach(LiveBoard.columns, _column), _add_column(), spacing="3", align="start",
                          padding_bottom="12px"),
                scrollbars="horizontal", type="auto", width="100%",
            ),
            rx.text("Pick or create a workspace to see its board.", color_scheme="gray"),
        ),
        rx.text("Drag a card to another column or position, or use its Move-to control.", size="1",
                color_scheme="gray"),
        width="100%", spacing="3",
    )
