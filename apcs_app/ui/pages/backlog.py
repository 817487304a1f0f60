"""The product backlog: ranked items you drag to reprioritise, with filters and item actions."""

from __future__ import annotations

import reflex as rx

from apcs_app.ui.components.badges import error_text, points_badge, priority_badge, sprint_badge, status_badge
from apcs_app.ui.components.comments import comments_dialog
from apcs_app.ui.state.comments import CommentsState
from apcs_app.ui.components.dnd import drop_zone
from apcs_app.ui.components.fields import labeled, points_select, priority_select, status_select
from apcs_app.ui.components.layout import template
from apcs_app.ui.components.view_filter import filter_bar, filtered_items
from apcs_app.ui.state.backlog import NO_POINTS, BacklogState
from apcs_app.ui.state.live import LiveBacklog
from apcs_app.ui.state.session import SessionState
from apcs_app.ui.state.page_models import ItemView
from apcs_app.ui.state.view_filter import ViewFilterState


def _create_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.flex(
                    labeled("Title", rx.input(name="title", placeholder="As a user I want…", width="100%",
                                              custom_attrs={"data-testid": "new-item-title"}), flex="3",
                            min_width="220px"),
                    labeled("Story points", points_select(), flex="1", min_width="120px"),
                    labeled("Priority", priority_select(), flex="1", min_width="120px"),
                    gap="12px", width="100%", wrap="wrap",
                ),
                labeled("Description", rx.text_area(name="description", placeholder="Optional details", rows="2",
                                                    width="100%"), width="100%"),
                rx.hstack(
                    error_text(BacklogState.create_error, "create-item-error"),
                    rx.spacer(),
                    rx.button(rx.icon("plus", size=16), "Add item", type="submit"),
                    width="100%", align="center",
                ),
                spacing="3", width="100%",
            ),
            on_submit=BacklogState.create, reset_on_submit=False, key=BacklogState.form_key,
        ),
        width="100%",
    )


def _count() -> rx.Component:
    return rx.text(LiveBacklog.total, " items · drag to reprioritise", size="1", color_scheme="gray")


def _more() -> rx.Component:
    """This browser's further pages of the backlog and its "Show more" button, while the backlog
    holds more than the shared first page (a filtered view shows its own matches instead)."""
    fresh = BacklogState.pages_fill == LiveBacklog.fills
    shown = LiveBacklog.items.length() + rx.cond(fresh, BacklogState.more_items.length(), 0)
    return rx.cond(~ViewFilterState.active & (LiveBacklog.total > LiveBacklog.items.length()), rx.fragment(
        rx.cond(fresh, rx.foreach(BacklogState.more_items, _row)),
        rx.cond(shown < LiveBacklog.total, rx.button(
            "Show more", variant="soft", color_scheme="gray", size="1", width="100%",
            aria_label="Show more backlog items", on_click=BacklogState.show_more,
            custom_attrs={"data-testid": "show-more-items"})),
    ))


@rx.memo
def backlog_row(item_id: rx.Var[int], title: rx.Var[str], description: rx.Var[str], points: rx.Var[str],
                priority: rx.Var[str], status: rx.Var[str], sprint: rx.Var[str], sprint_id: rx.Var[int],
                error: rx.Var[str], scrum: rx.Var[bool], rest: rx.RestProp) -> rx.Component:
    """One backlog item. Plain props and no state read: a change re-renders the rows it touched only.
    `rest` takes the `key` the list gives each row."""
    return drop_zone(
        rest,
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.icon("grip-vertical", size=16, color=rx.color("gray", 8), cursor="grab"),
                    rx.text("#", item_id, size="1", color_scheme="gray", min_width="32px"),
                    rx.vstack(
                        rx.text(title, weight="medium", size="2", custom_attrs={"data-testid": "item-title"}),
                        rx.cond(description != "",
                                rx.text(description, size="1", color_scheme="gray", trim="both",
                                        display=["none", "none", "block"], max_width="640px", overflow="hidden",
                                        white_space="nowrap", text_overflow="ellipsis")),
                        spacing="0", flex="1", min_width="0",
                    ),
                    rx.cond(sprint != "", rx.badge(rx.icon("timer", size=12), sprint, color_scheme="violet",
                                                   variant="soft", radius="full")),
                    status_badge(status),
                    priority_badge(priority),
                    points_badge(points),
                    rx.button(rx.icon("square-plus", size=14), "Task", size="1", variant="soft",
                              on_click=BacklogState.create_task(item_id),
                              title="Create a task on the board from this item",
                              custom_attrs={"data-testid": "create-task"}),
                    rx.menu.root(
                        rx.menu.trigger(rx.icon_button(rx.icon("ellipsis", size=16), variant="ghost",
                                                       color_scheme="gray", size="1", aria_label="Item actions")),
                        rx.menu.content(
                            rx.menu.item("Edit", icon="pencil", on_click=BacklogState.start_edit(item_id)),
                            rx.menu.item("Comments", icon="message-square",
                                         on_click=CommentsState.open_dialog(item_id)),
                            rx.cond(scrum, rx.cond(
                                sprint_id != 0,
                                rx.menu.item("Remove from " + sprint, icon="circle-minus",
                                             on_click=BacklogState.remove_from_sprint(item_id, sprint_id)),
                                rx.menu.item("Add to sprint…", icon="timer",
                                             on_click=BacklogState.open_sprint_picker(item_id, title)),
                            )),
                            rx.menu.separator(),
                            rx.menu.item("Delete", icon="trash-2", color="red", on_click=BacklogState.delete(item_id)),
                        ),
                    ),
                    align="center", width="100%", spacing="3",
                ),
                error_text(error, "row-error"),
                width="100%", spacing="2",
            ),
            size="1", width="100%",
        ),
        draggable=True,
        on_drag_start=BacklogState.pick(item_id),
        on_drag_over=rx.prevent_default,
        on_drop=BacklogState.drop_on_item(item_id).stop_propagation.prevent_default,
        custom_attrs={"data-testid": "item", "data-item-id": item_id},
    )


def _row(item: ItemView) -> rx.Component:
    return backlog_row(
        item_id=item.id, title=item.title, description=item.description, points=item.points,
        priority=item.priority, status=item.status, sprint=item.sprint, sprint_id=item.sprint_id,
        error=rx.cond(BacklogState.row_error_id == item.id, BacklogState.row_error, ""),
        scrum=SessionState.is_scrum, key=item.id,
    )


def _sprint_picker() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Add to sprint"),
            rx.dialog.description(BacklogState.target_title, size="2", color_scheme="gray", margin_bottom="12px"),
            rx.vstack(
                rx.foreach(LiveBacklog.open_sprints, lambda s: rx.button(
                    s.name, rx.spacer(), sprint_badge(s.status), on_click=BacklogState.add_to_sprint(s.id),
                    variant="surface", width="100%")),
                rx.cond(LiveBacklog.open_sprints.length() == 0,
                        rx.text("No planned or active sprint: plan one on the Sprints page first.", size="2")),
                spacing="2",
            ),
            max_width="380px",
        ),
        open=BacklogState.sprint_picker_open, on_open_change=BacklogState.set_sprint_picker_open,
    )


def _edit_dialog() -> rx.Component:
    item = BacklogState.editing
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Edit item #", item.id),
            rx.form(
                rx.vstack(
                    labeled("Title", rx.input(name="title", default_value=item.title, width="100%"), width="100%"),
                    labeled("Description", rx.text_area(name="description", default_value=item.description, rows="3",
                                                        width="100%"), width="100%"),
                    rx.flex(
                        labeled("Story points", points_select(rx.cond(item.points != "", item.points, NO_POINTS)), flex="1"),
                        labeled("Priority", priority_select(item.priority), flex="1"),
                        labeled("Status", status_select(item.status), flex="1"),
                        gap="12px", width="100%",
                    ),
                    error_text(BacklogState.edit_error, "edit-item-error"),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Save", type="submit"),
                        justify="end", width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=BacklogState.save_edit, key=item.id,
            ),
            max_width="560px",
        ),
        open=BacklogState.edit_open, on_open_change=BacklogState.set_edit_open,
    )


@template("/backlog", "Backlog", [BacklogState.load, ViewFilterState.from_url])
def backlog_page() -> rx.Component:
    return rx.vstack(
        _create_form(),
        filter_bar(SessionState.is_scrum),
        _count(),
        rx.cond(BacklogState.notice != "", rx.text(BacklogState.notice, size="1", color_scheme="grass")),
        drop_zone(
            filtered_items(_row),
            _more(),
            on_drag_over=rx.prevent_default,
            on_drop=BacklogState.drop_at_end.prevent_default,
            style={"display": "flex", "flex_direction": "column", "gap": "6px", "width": "100%",
                   "padding_bottom": "48px"},
            custom_attrs={"data-testid": "backlog-list"},
        ),
        _edit_dialog(),
        _sprint_picker(),
        comments_dialog(),
        width="100%", spacing="3", max_width="1100px",
    )
