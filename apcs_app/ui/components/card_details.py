"""The card details panel: a side sheet over the board's right edge (a Radix dialog, so the
focus moves in, Escape closes it, it is named by its title and the focus goes back to the card)."""

from __future__ import annotations

import reflex as rx

from apcs_app.ui.components.badges import error_text
from apcs_app.ui.components.fields import labeled, points_select, priority_select, status_select
from apcs_app.ui.state.board import BoardState
from apcs_app.ui.state.card_details import CardDetailsState
from apcs_app.ui.state.page_models import ActivityView

PANEL_WIDTH = "420px"


def _choice_select(name: str, choices, default) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%"),
        rx.select.content(rx.foreach(choices, lambda c: rx.select.item(c.label, value=c.value))),
        name=name, default_value=default,
    )


def _fields() -> rx.Component:
    detail = CardDetailsState.detail
    return rx.form(
        rx.vstack(
            labeled("Task title", rx.input(name="title", default_value=detail.title, max_length=200,
                                           custom_attrs={"data-testid": "details-task-title"})),
            labeled("Backlog item", rx.input(name="item_title", default_value=detail.item_title, max_length=200,
                                             custom_attrs={"data-testid": "details-item-title"})),
            labeled("Description", rx.text_area(name="description", default_value=detail.description, rows="4",
                                                custom_attrs={"data-testid": "details-description"})),
            rx.flex(
                labeled("Story points", points_select(default=detail.points)),
                labeled("Priority", priority_select(default=detail.priority)),
                gap="12px", width="100%",
            ),
            rx.flex(
                labeled("Status", status_select(default=detail.status)),
                labeled("Column", _choice_select("column_id", CardDetailsState.column_choices, detail.column_id)),
                gap="12px", width="100%",
            ),
            labeled("Assignee", _choice_select("assignee_id", CardDetailsState.assignees, detail.assignee_id)),
            rx.cond(CardDetailsState.is_scrum,
                    labeled("Sprint", _choice_select("sprint_id", CardDetailsState.sprint_choices, detail.sprint_id))),
            error_text(CardDetailsState.error, "details-error"),
            rx.hstack(
                rx.text(CardDetailsState.notice, size="2", color_scheme="grass", role="status",
                        custom_attrs={"data-testid": "details-notice"}),
                rx.spacer(),
                rx.button("Save", type="submit", custom_attrs={"data-testid": "details-save"}),
                width="100%", align="center",
            ),
            spacing="3", width="100%",
        ),
        on_submit=CardDetailsState.save, reset_on_submit=False,
        # Uncontrolled fields: a fresh key per load shows the values just read.
        key=CardDetailsState.form_round,
    )


def _delete() -> rx.Component:
    return rx.cond(
        CardDetailsState.confirm_delete,
        rx.hstack(
            rx.text("Delete this task? Its backlog item stays.", size="2"),
            rx.spacer(),
            rx.button("Cancel", variant="soft", color_scheme="gray", on_click=CardDetailsState.ask_delete(False)),
            rx.button("Delete task", color_scheme="red", high_contrast=True, on_click=CardDetailsState.delete,
                      custom_attrs={"data-testid": "details-delete-confirm"}),
            width="100%", align="center",
        ),
        rx.hstack(
            rx.button(rx.icon("trash-2", size=14), "Delete task…", variant="soft", color_scheme="red",
                      on_click=CardDetailsState.ask_delete(True), custom_attrs={"data-testid": "details-delete"}),
            # Only done cards are archived (services/archive.py).
            rx.cond(CardDetailsState.detail.done & ~CardDetailsState.detail.archived,
                    rx.button(rx.icon("archive", size=14), "Archive", variant="soft", color_scheme="gray",
                              on_click=CardDetailsState.archive, custom_attrs={"data-testid": "details-archive"})),
            spacing="2",
        ),
    )


def undo_bar() -> rx.Component:
    """After a delete, archive or restore: what happened, and Undo (the same undo service as
    the assistant's runs). A status region, so a screen reader hears it too."""
    return rx.el.div(
        rx.cond(
            (CardDetailsState.undo_text != "") | (CardDetailsState.undo_outcome != ""),
            rx.callout.root(
                rx.hstack(
                    rx.callout.text(CardDetailsState.undo_text, " ", CardDetailsState.undo_outcome),
                    rx.spacer(),
                    rx.cond(CardDetailsState.undo_text != "",
                            rx.button(rx.icon("undo-2", size=14), "Undo", size="1", variant="soft",
                                      on_click=CardDetailsState.undo_last, custom_attrs={"data-testid": "undo-last"})),
                    rx.icon_button(rx.icon("x", size=14), on_click=CardDetailsState.dismiss_undo, variant="ghost",
                                   size="1", color_scheme="gray", aria_label="Dismiss the message"),
                    align="center", width="100%",
                ),
                color_scheme="gray", size="1", width="100%",
            ),
        ),
        role="status", style={"width": "100%"}, custom_attrs={"data-testid": "undo-bar"},
    )


def _archived_row(entry) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.vstack(
                rx.text("#", entry.id, " ", entry.title, size="2", weight="medium"),
                rx.text(entry.column, " · archived ", entry.archived, size="1", color_scheme="gray"),
                spacing="0",
            ),
            rx.spacer(),
            rx.button("Restore", rx.el.span(": ", entry.title, class_name="sr-only"), size="1", variant="soft",
                      on_click=CardDetailsState.restore(entry.id)),
            align="center", width="100%",
        ),
        style={"list_style": "none", "padding": "8px 0", "border_bottom": f"1px solid {rx.color('gray', 4)}"},
        custom_attrs={"data-testid": "archived-card"},
    )


def archived_dialog() -> rx.Component:
    """The board's archived cards, each restorable; and the rule that archives old done cards."""
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("archive", size=14), "Archived", variant="soft", color_scheme="gray",
                                    size="2", custom_attrs={"data-testid": "archived-open"})),
        rx.dialog.content(
            rx.hstack(
                rx.dialog.title("Archived cards", margin="0"),
                rx.spacer(),
                rx.dialog.close(rx.icon_button(rx.icon("x", size=16), variant="ghost", color_scheme="gray",
                                               aria_label="Close the archived cards")),
                width="100%", align="center",
            ),
            rx.dialog.description("Done cards off the board. They stay in search, exports and metrics.",
                                  size="2", color_scheme="gray", margin_bottom="12px"),
            rx.form(
                rx.hstack(
                    labeled("Archive done cards older than (days)",
                            rx.input(name="days", type="number", min=0, default_value="14", size="2", width="90px",
                                     custom_attrs={"data-testid": "archive-days"})),
                    rx.button("Archive", type="submit", size="2", variant="soft",
                              custom_attrs={"data-testid": "archive-older"}),
                    align="end", spacing="2",
                ),
                on_submit=CardDetailsState.archive_older, reset_on_submit=False,
            ),
            error_text(CardDetailsState.archived_error, "archived-error"),
            undo_bar(),  # modal: the page's own bar is behind it
            rx.cond(
                CardDetailsState.archived_cards.length() > 0,
                rx.el.ul(rx.foreach(CardDetailsState.archived_cards, _archived_row),
                         style={"padding": "0", "margin": "12px 0 0 0"}),
                rx.text("No archived cards.", size="2", color_scheme="gray", margin_top="12px"),
            ),
            max_width="520px", custom_attrs={"data-testid": "archived-dialog"},
        ),
        open=CardDetailsState.archived_open, on_open_change=CardDetailsState.set_archived_open,
    )



def comments_slot(item_id: rx.Var[int]) -> rx.Component:
    """Where the item's comments go (apcs_app/ui/components/comments.py, by the `flow` branch)."""
    try:
        from apcs_app.ui.components.comments import comments  # type: ignore[import-not-found]
    except ImportError:
        return rx.fragment()
    return comments(item_id)


def _history_row(entry: ActivityView) -> rx.Component:
    return rx.el.li(
        rx.text(entry.who, " · ", entry.when, size="1", color_scheme="gray"),
        rx.text(entry.summary, size="2"),
        style={"list_style": "none", "padding": "6px 0", "border_bottom": f"1px solid {rx.color('gray', 4)}"},
    )


def _history() -> rx.Component:
    return rx.vstack(
        rx.heading("History", as_="h3", size="3"),
        rx.el.ul(rx.foreach(CardDetailsState.history, _history_row), style={"padding": "0", "margin": "0"},
                 custom_attrs={"data-testid": "details-history"}),
        width="100%", spacing="2",
    )


def card_details() -> rx.Component:
    """One panel for the board, filled with the card that was opened."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.vstack(
                rx.hstack(
                    rx.dialog.title(rx.text("#", CardDetailsState.detail.task_id, " ", CardDetailsState.detail.title),
                                    size="4", margin="0"),
                    rx.spacer(),
                    rx.dialog.close(rx.icon_button(rx.icon("x", size=16), variant="ghost", color_scheme="gray",
                                                   aria_label="Close the details")),
                    width="100%", align="start",
                ),
                rx.dialog.description("In ", CardDetailsState.detail.column, " · item #",
                                      CardDetailsState.detail.item_id, size="2", color_scheme="gray"),
                _fields(),
                _delete(),
                comments_slot(CardDetailsState.detail.item_id),
                _history(),
                spacing="4", width="100%",
            ),
            # A sheet along the right edge rather than a centred box: the board stays in view.
            style={"position": "fixed", "top": "0", "right": "0", "left": "auto", "transform": "none",
                   "height": "100vh", "max_height": "100vh", "width": PANEL_WIDTH, "max_width": "100vw",
                   "border_radius": "0", "overflow_y": "auto"},
            # The focus goes back to the card it was opened from, however the panel closed.
            on_close_auto_focus=[rx.prevent_default, BoardState.focus_card(CardDetailsState.detail.task_id)],
            custom_attrs={"data-testid": "card-details"},
        ),
        open=CardDetailsState.open, on_open_change=CardDetailsState.set_open,
    )

