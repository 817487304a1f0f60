"""The comments of one backlog item: read live, add, edit or delete one's own.

`comments_panel(item_id)` links the browser to that item's comments when it mounts, so it
can sit in any dialog or side panel (the backlog's comments dialog, the board's card
details). Comment text is shown as text, never as markup."""

from __future__ import annotations

import reflex as rx

from apcs_app.services.comments import MAX_TEXT
from apcs_app.ui.components.badges import error_text
from apcs_app.ui.state.comments import CommentRow, CommentsState, LiveComments


def _edit_form(comment: CommentRow) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text_area(name="text", default_value=comment.text, rows="3", width="100%", max_length=MAX_TEXT,
                         aria_label="Edit your comment"),
            rx.hstack(rx.button("Cancel", type="button", size="1", variant="soft", color_scheme="gray",
                                on_click=CommentsState.cancel_edit),
                      rx.button("Save", type="submit", size="1"), justify="end", width="100%"),
            width="100%", spacing="2",
        ),
        on_submit=CommentsState.save_edit, width="100%",
    )


def _comment(comment: CommentRow) -> rx.Component:
    mine = comment.author_id == CommentsState.me
    return rx.box(
        rx.hstack(
            rx.text(comment.author, weight="bold", size="2"),
            rx.cond(comment.via_agent, rx.badge(rx.icon("bot", size=12), "via agent", size="1", variant="soft",
                                                title="Written by an agent on this person's behalf")),
            rx.text(comment.when, size="1", color_scheme="gray"),
            rx.cond(comment.edited, rx.text("(edited)", size="1", color_scheme="gray")),
            rx.spacer(),
            rx.cond(mine & (CommentsState.editing_id != comment.id),
                    rx.icon_button(rx.icon("pencil", size=12), size="1", variant="ghost", color_scheme="gray",
                                   aria_label="Edit your comment", on_click=CommentsState.start_edit(comment.id))),
            rx.cond(mine | CommentsState.can_moderate,
                    rx.icon_button(rx.icon("trash-2", size=12), size="1", variant="ghost", color_scheme="red",
                                   aria_label="Delete comment", on_click=CommentsState.delete(comment.id))),
            align="center", width="100%", spacing="2",
        ),
        rx.cond(CommentsState.editing_id == comment.id, _edit_form(comment),
                rx.text(comment.text, size="2", white_space="pre-wrap", custom_attrs={"data-testid": "comment-text"})),
        width="100%", padding_y="6px", border_bottom=f"1px solid {rx.color('gray', 4)}", role="listitem",
        custom_attrs={"data-testid": "comment"},
    )


def comments_panel(item_id) -> rx.Component:
    """The comments of backlog item `item_id` (an int or an int Var)."""
    return rx.vstack(
        rx.heading("Comments", size="3", as_="h2"),
        rx.cond(
            LiveComments.item_id == item_id,
            rx.cond(
                LiveComments.rows.length() > 0,
                rx.vstack(rx.foreach(LiveComments.rows, _comment), width="100%", spacing="1", role="list"),
                rx.text("No comments yet.", size="2", color_scheme="gray"),
            ),
        ),
        rx.form(
            rx.vstack(
                rx.el.label(rx.el.span("Add a comment", class_name="sr-only"),
                            rx.text_area(name="text", placeholder="Add a comment…", rows="2", width="100%",
                                         max_length=MAX_TEXT, custom_attrs={"data-testid": "comment-input"}),
                            width="100%"),
                rx.hstack(error_text(CommentsState.error, "comment-error"), rx.spacer(),
                          rx.button(rx.icon("send", size=14), "Comment", type="submit", size="2"), width="100%"),
                width="100%", spacing="2",
            ),
            on_submit=CommentsState.add, reset_on_submit=True, key=CommentsState.draft_key, width="100%",
        ),
        width="100%", spacing="2", on_mount=CommentsState.show(item_id),
        custom_attrs={"data-testid": "comments"},
    )


def comments_dialog() -> rx.Component:
    """A dialog with the comments of the item CommentsState.open_dialog named."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("#", CommentsState.item_id, " ", CommentsState.item_title),
            rx.dialog.description("Comments on this backlog item", class_name="sr-only"),
            rx.cond(CommentsState.item_id != 0, comments_panel(CommentsState.item_id),
                    error_text(CommentsState.error, "comment-error")),
            rx.hstack(rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")), justify="end",
                      width="100%", margin_top="12px"),
            max_width="560px",
        ),
        open=CommentsState.dialog_open, on_open_change=CommentsState.set_dialog_open,
    )
