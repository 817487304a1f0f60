"""The Kanban board: columns with WIP limits, cards you drag with the mouse or move with the keyboard."""

from __future__ import annotations

import reflex as rx

from apcs_app.ui.components.card_details import archived_dialog, card_details, undo_bar
from apcs_app.ui.components.column_menu import column_dialog, column_header
from apcs_app.ui.components.view_filter import filter_bar, filtered_columns
from apcs_app.ui.components.badges import error_text, points_badge, priority_badge
from apcs_app.ui.components.dnd import drop_zone
from apcs_app.ui.components.fields import labeled
from apcs_app.ui.components.layout import template
from apcs_app.ui.state.board import BoardState
from apcs_app.ui.state.card_details import CardDetailsState
from apcs_app.ui.state.live import LiveBoard
from apcs_app.ui.state.session import SessionState
from apcs_app.ui.state.view_filter import ViewFilterState
from apcs_app.ui.state.page_models import CardView, ColumnCards

COLUMN_WIDTH = "290px"


@rx.memo
def board_card(task_id: rx.Var[int], title: rx.Var[str], item_title: rx.Var[str], points: rx.Var[str],
               priority: rx.Var[str], assignee: rx.Var[str], done: rx.Var[bool], focused: rx.Var[bool],
               rest: rx.RestProp) -> rx.Component:
    """One card. Its props are plain values of the card alone (not its index, not its column) and
    it reads no state, so React skips every card a move did not change: a drop on a 500-card
    board re-renders one card, not 500. `rest` takes the `key` the column gives each card."""
    return drop_zone(
        rest,
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text("#", task_id, size="1", color_scheme="gray"),
                    priority_badge(priority),
                    points_badge(points),
                    rx.cond(done, rx.icon("circle-check", size=14, color=rx.color("grass", 9))),
                    spacing="2", align="center",
                ),
                rx.text(title, size="2", weight="medium", custom_attrs={"data-testid": "card-title"}),
                rx.cond(item_title != title, rx.text(item_title, size="1", color_scheme="gray", trim="both")),
                drop_zone(rx.hstack(
                    rx.button(
                        rx.cond(assignee != "", rx.avatar(fallback=assignee[:1], size="1", radius="full",
                                                          high_contrast=True),
                                rx.icon("user-plus", size=14)),
                        rx.text(rx.cond(assignee != "", assignee, "Assign"), size="1"),
                        # Named by its own words, the card's title added for screen readers.
                        rx.el.span(rx.cond(assignee != "", ": assign someone else to ", " ") + title,
                                   class_name="sr-only"),
                        variant="ghost", color_scheme="gray", size="1",
                        on_click=BoardState.open_assign(task_id, title).stop_propagation,
                    ),
                    rx.spacer(),
                    rx.button(rx.icon("move-right", size=14), "Move", variant="soft", color_scheme="gray", size="1",
                              aria_label="Move to column: " + title,
                              on_click=BoardState.open_move(task_id, title).stop_propagation,
                              auto_focus=focused),
                    width="100%", align="center",
                ), on_key_down=_own_keys(task_id), style={"width": "100%"}),
                spacing="2", width="100%",
            ),
            size="1", width="100%", cursor="grab",
        ),
        draggable=True,
        # Focusable, and Alt+Arrow moves it (on the card or any of its buttons): the keyboard's drag.
        tab_index=0, role="group", aria_label=title, aria_describedby="card-keys",
        on_key_down=lambda key, info: BoardState.card_key(task_id, key, info),
        # A click on the card (not on its buttons) opens its details, as Enter on it does.
        on_click=CardDetailsState.open_card(task_id),
        # Off-screen cards skip style, layout and paint: a long column costs what the eye sees.
        style={"content_visibility": "auto", "contain_intrinsic_size": "auto 120px"},
        on_drag_start=BoardState.pick(task_id),
        on_drag_over=rx.prevent_default,
        on_drop=BoardState.drop_on_card(task_id).stop_propagation.prevent_default,
        custom_attrs={"data-testid": "card", "data-task-id": task_id},
    )


def _own_keys(task_id: rx.Var[int]):
    """A card's button handles its keys itself (Enter is the button's, Alt+Arrow still moves the
    card), and stops them there, so Enter on it does not also open the card's details."""
    return lambda key, info: BoardState.card_key_from_button(task_id, key, info).stop_propagation


def _card(card: CardView) -> rx.Component:
    return board_card(
        task_id=card.id, title=card.title, item_title=card.item_title, points=card.points, priority=card.priority,
        assignee=card.assignee, done=card.done, focused=card.id == BoardState.focus_task,
        # The card the keyboard is on is remounted each round, so that its button's autofocus acts.
        key=rx.cond(card.id == BoardState.focus_task, card.id.to(str) + "." + BoardState.focus_round.to(str),
                    card.id.to(str)),
    )


def _choice_dialog(title: str, is_open: rx.Var, on_open_change, body: rx.Component) -> rx.Component:
    """One dialog for all cards (not a menu per card): the keyboard way to move or assign."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.dialog.description(BoardState.target_title, size="2", color_scheme="gray", margin_bottom="12px"),
            body,
            max_width="380px",
            # The dialog has no trigger to give the focus back to: once it has let the focus go
            # (not before: it traps the focus until then), the card takes it back itself.
            on_close_auto_focus=[rx.prevent_default, BoardState.return_focus],
        ),
        open=is_open, on_open_change=on_open_change,
    )


def _move_dialog() -> rx.Component:
    return _choice_dialog("Move card to", BoardState.move_open, BoardState.set_move_open, rx.vstack(
        rx.foreach(LiveBoard.columns, lambda c: rx.button(
            c.name, rx.spacer(), rx.badge(c.wip, variant="soft", color_scheme=rx.cond(c.full, "red", "gray")),
            on_click=BoardState.move_chosen(c.id), variant="surface", width="100%")),
        spacing="2",
    ))


def _assign_dialog() -> rx.Component:
    return _choice_dialog("Assign card to", BoardState.assign_open, BoardState.set_assign_open, rx.vstack(
        rx.foreach(BoardState.members, lambda m: rx.button(
            rx.avatar(fallback=m.name[:1], size="1", radius="full"), m.name,
            on_click=BoardState.assign_chosen(m.user_id), variant="surface", width="100%", justify="start")),
        rx.button("Nobody", on_click=BoardState.assign_chosen(0), variant="soft", color_scheme="gray", width="100%"),
        spacing="2",
    ))


def _wip_popover(column: ColumnCards) -> rx.Component:
    # Opening the popover (not a click on its button, which Reflex would wrap in a div that
    # takes the button's role) says which column it edits.
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(column.wip, color_scheme=rx.cond(column.full, "red", "gray"), variant="soft", radius="full",
                      size="1", title="Cards / WIP limit — click to change",
                      aria_label=column.wip + " cards of the WIP limit in " + column.name + ": change the WIP limit",
                      custom_attrs={"data-testid": "wip"}),
        ),
        rx.popover.content(
            rx.form(
                rx.vstack(
                    rx.hstack(labeled("WIP limit (empty = none)",
                                      rx.input(name="wip_limit", type="number", min=0, size="1", width="80px")),
                              rx.button("Save", size="1", type="submit"), align="end"),
                ),
                # A form's submit handler cannot read the loop's `column`; opening the popover chose it.
                on_submit=BoardState.set_wip,
            ),
        ),
        on_open_change=lambda opened: BoardState.edit_wip(column.id, opened),
    )


def _more(column: ColumnCards) -> rx.Component:
    """This browser's further pages of the column and its "Show more" ("Show older" on the done
    column) button, while the column has more than the shared first page. In a filtered view the
    column holds a page of its matches, and the button asks for the next one."""
    key = column.id.to_string()
    label = rx.cond(column.older, "Show older", "Show more")
    # Pages read before the shared board's last refill are stale: not shown (BoardState.show_more).
    fresh = BoardState.pages_fill == LiveBoard.fills
    more_matches = rx.button(
        "Show more matches", variant="soft", color_scheme="gray", size="1", width="100%",
        aria_label="Show more matching cards in " + column.name,
        on_click=ViewFilterState.show_more_matches(column.id), custom_attrs={"data-testid": "show-more"})
    return rx.cond(column.more, rx.cond(ViewFilterState.active, more_matches, rx.fragment(
        rx.cond(fresh & BoardState.more_cards.contains(key),
                rx.foreach(BoardState.more_cards[key].to(list[CardView]), _card)),
        rx.cond(fresh & BoardState.more_done[key].bool(), rx.fragment(), rx.button(
            label, variant="soft", color_scheme="gray", size="1", width="100%",
            aria_label=label + " cards in " + column.name,
            on_click=BoardState.show_more(column.id), custom_attrs={"data-testid": "show-more"})),
    )))


def _column(column: ColumnCards) -> rx.Component:
    return rx.vstack(
        column_header(column, _wip_popover(column)),
        drop_zone(
            rx.foreach(column.cards, _card),
            _more(column),
            on_drag_over=rx.prevent_default,
            on_drop=BoardState.drop_in_column(column.id).prevent_default,
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
                labeled("New column", rx.input(placeholder="New column", value=BoardState.new_column,
                                               on_change=BoardState.set_new_column, size="2",
                                               custom_attrs={"data-testid": "new-column"}), hidden=True),
                rx.icon_button(rx.icon("plus", size=16), type="submit", aria_label="Add column"),
            ),
            error_text(BoardState.column_error, "column-error"),
            width="220px",
        ),
        on_submit=BoardState.add_column,
    )


@template("/board", "Board", [BoardState.load, ViewFilterState.from_url, CardDetailsState.close])
def board_page() -> rx.Component:
    return rx.vstack(
        rx.hstack(filter_bar(SessionState.is_scrum), archived_dialog(), width="100%", align="start", wrap="wrap"),
        error_text(BoardState.error, "board-error"),
        undo_bar(),
        _move_dialog(),
        _assign_dialog(),
        card_details(),
        column_dialog(),
        rx.cond(
            LiveBoard.columns.length() > 0,
            rx.scroll_area(
                rx.hstack(filtered_columns(_column), _add_column(), spacing="3", align="start",
                          padding_bottom="12px"),
                scrollbars="horizontal", type="auto", width="100%",
            ),
            rx.text("Pick or create a workspace to see its board.", color_scheme="gray"),
        ),
        rx.text("Drag a card to another column or position. With the keyboard: Alt+← and Alt+→ move the "
                "focused card to the next column, Alt+↑ and Alt+↓ one place up or down; or use its Move button.",
                size="1", color_scheme="gray", id="card-keys"),
        # Every browser on the workspace hears each move (a polite live region).
        rx.el.div(LiveBoard.last_move, role="status", aria_live="polite", class_name="sr-only",
                  custom_attrs={"data-testid": "move-news"}),
        width="100%", spacing="3",
    )
