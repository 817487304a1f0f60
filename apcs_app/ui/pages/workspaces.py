"""My workspaces (with counts), creating one, its members, and its activity feed."""

from __future__ import annotations

import reflex as rx

from apcs_app.domain import ScrumRole
from apcs_app.ui.components.badges import error_text, methodology_badge
from apcs_app.ui.components.fields import labeled, named_upload
from apcs_app.ui.components.layout import template
from apcs_app.ui.state.live import LiveActivity
from apcs_app.ui.state.session import SessionState
from apcs_app.ui.state.page_models import ActivityView, MemberView, SpaceView
from apcs_app.ui.state.workspaces import ActivityState, MembersState, WorkspacesState

_RADIO_LABEL = {"display": "flex", "align_items": "center", "gap": "8px", "cursor": "pointer"}

ROLES = [r.value for r in ScrumRole]


def _count(icon: str, value, label: str) -> rx.Component:
    return rx.hstack(rx.icon(icon, size=14), rx.text(value, " ", label, size="1"), spacing="1", align="center",
                     color=rx.color("gray", 11))


def _space_card(space: SpaceView) -> rx.Component:
    current = space.id == SessionState.space_id
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(space.name, size="4", trim="both", as_="h2"), rx.spacer(), methodology_badge(space.methodology),
                      width="100%", align="center"),
            rx.text(rx.cond(space.description != "", space.description, "No description"), size="2",
                    color_scheme="gray", trim="both"),
            rx.hstack(_count("users", space.member_count, "members"), _count("list", space.item_count, "items"),
                      _count("square-kanban", space.task_count, "tasks"), spacing="3", wrap="wrap"),
            rx.hstack(
                rx.cond(space.active_sprint != "", rx.badge(rx.icon("timer", size=12), space.active_sprint,
                                                            color_scheme="grass", variant="soft")),
                rx.cond(space.is_owner, rx.badge("Owner", variant="outline")),
                rx.cond(space.role != "", rx.badge(space.role, variant="outline", color_scheme="violet")),
                rx.spacer(),
                rx.menu.root(
                    rx.menu.trigger(rx.button(rx.icon("download", size=14), "Export", size="1", variant="ghost",
                                              color_scheme="gray")),
                    rx.menu.content(
                        rx.menu.item("Export JSON", on_click=WorkspacesState.export_json(space.id)),
                        rx.menu.item("Export backlog CSV", on_click=WorkspacesState.export_csv(space.id)),
                    ),
                ),
                rx.button(rx.cond(current, "Open (current)", "Open"), size="1",
                          variant=rx.cond(current, "solid", "soft"), on_click=WorkspacesState.open_space(space.id)),
                width="100%", align="center",
            ),
            spacing="3", width="100%",
        ),
        custom_attrs={"data-testid": "space-card", "data-space": space.name},
    )


def _create_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.text("New workspace", weight="bold", size="3"),
                labeled("Name", rx.input(name="name", placeholder="Project Apollo", width="100%",
                                         custom_attrs={"data-testid": "new-space-name"}), width="100%"),
                labeled("Methodology", rx.radio_group.root(
                    rx.el.label(
                        rx.radio_group.item(value="SCRUM"), rx.text("Scrum — sprints, roles, burndown", size="2"),
                        style=_RADIO_LABEL),
                    rx.el.label(
                        rx.radio_group.item(value="KANBAN"), rx.text("Kanban — continuous flow, WIP limits", size="2"),
                        style=_RADIO_LABEL),
                    name="methodology", default_value="SCRUM", direction="column",
                ), width="100%"),
                labeled("Description", rx.text_area(name="description", rows="2", width="100%",
                                                    placeholder="What the team works on"), width="100%"),
                error_text(WorkspacesState.create_error, "create-space-error"),
                rx.button(rx.icon("plus", size=16), "Create workspace", type="submit", width="100%"),
                spacing="3", width="100%",
            ),
            on_submit=WorkspacesState.create, key=WorkspacesState.form_key,
        ),
        width="100%",
    )


def _import_card() -> rx.Component:
    """Upload a workspace export (JSON) to recreate it as a new workspace."""
    return rx.card(
        rx.vstack(
            rx.text("Import workspace", weight="bold", size="3"),
            rx.text("A JSON file exported from APCS becomes a new workspace of yours.", size="2", color_scheme="gray"),
            named_upload(
                "Import workspace file",
                rx.button(rx.icon("upload", size=16), "Import workspace", variant="soft", width="100%"),
                id="import-space", on_drop=WorkspacesState.import_file, accept={"application/json": [".json"]},
                multiple=False, max_files=1, width="100%", custom_attrs={"data-testid": "import-space"},
            ),
            error_text(WorkspacesState.import_error, "import-error"),
            rx.foreach(WorkspacesState.import_warnings,
                       lambda w: rx.text(w, size="1", color_scheme="amber", custom_attrs={"data-testid": "import-warning"})),
            spacing="3", width="100%",
        ),
        width="100%",
    )


@template("/", "Workspaces", WorkspacesState.load)
def workspaces_page() -> rx.Component:
    return rx.grid(
        rx.cond(
            SessionState.spaces.length() > 0,
            rx.grid(rx.foreach(SessionState.spaces, _space_card), columns=rx.breakpoints(initial="1", md="2"),
                    gap="12px", width="100%"),
            rx.callout("You have no workspace yet; create the first one.", icon="info"),
        ),
        rx.vstack(_create_form(), _import_card(), spacing="3", width="100%"),
        columns=rx.breakpoints(initial="1", lg="3fr 1.3fr"), gap="16px", width="100%", align_items="start",
    )


def _member_row(member: MemberView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.hstack(rx.avatar(fallback=member.name[:1], size="2", radius="full"),
                                rx.vstack(rx.text(member.name, weight="medium", size="2"),
                                          rx.text(member.email, size="1", color_scheme="gray"), spacing="0"),
                                align="center")),
        rx.table.cell(rx.cond(
            SessionState.is_scrum,
            labeled("Scrum role of " + member.name,
                    rx.select(ROLES, value=member.role, size="1",
                              on_change=lambda role: MembersState.change_role(member.user_id, role)),
                    hidden=True),
            rx.text("—", color_scheme="gray"),
        )),
        rx.table.cell(rx.cond(member.is_owner, rx.badge("Owner", variant="soft"),
                              rx.button(rx.cond(member.email == SessionState.user_email, "Leave", "Remove"),
                                        size="1", variant="soft", color_scheme="red",
                                        on_click=MembersState.remove(member.user_id)))),
        align="center",
    )


@template("/settings", "Members", MembersState.load)
def members_page() -> rx.Component:
    return rx.vstack(
        rx.card(
            rx.form(
                rx.flex(
                    labeled("Invite by email", rx.input(name="email", type="email", placeholder="bob@example.com",
                                                        width="100%"), flex="2", min_width="220px"),
                    rx.cond(SessionState.is_scrum, labeled("Scrum role", rx.select(ROLES, name="role",
                                                                                    default_value="DEVELOPER"))),
                    rx.button(rx.icon("user-plus", size=16), "Invite", type="submit", align_self="end"),
                    gap="12px", width="100%", wrap="wrap",
                ),
                error_text(MembersState.invite_error, "invite-error"),
                on_submit=MembersState.invite, key=MembersState.form_key,
            ),
            width="100%",
        ),
        error_text(MembersState.member_error, "member-error"),
        rx.table.root(
            rx.table.header(rx.table.row(rx.table.column_header_cell("Member"),
                                         rx.table.column_header_cell("Role"), rx.table.column_header_cell(""))),
            rx.table.body(rx.foreach(MembersState.members, _member_row)),
            variant="surface", width="100%",
        ),
        rx.cond(MembersState.owns_space, _delete_card()),
        width="100%", max_width="900px", spacing="3",
    )


def _delete_card() -> rx.Component:
    """The owner's way to delete the workspace: typing its name confirms a change with no undo."""
    return rx.card(
        rx.form(
            rx.vstack(
                rx.text("Delete this workspace", weight="bold", color_scheme="red"),
                rx.text("Its backlog, board, sprints, members and activity go with it; this cannot be undone.",
                        size="2", color_scheme="gray"),
                rx.flex(
                    rx.input(name="confirm_name", placeholder="Type " + SessionState.space_name + " to confirm",
                             flex="1", min_width="220px",
                             aria_label="Type the workspace's name to confirm"),
                    rx.button(rx.icon("trash-2", size=16), "Delete workspace", type="submit", color_scheme="red",
                              high_contrast=True),  # white on the solid red is under 4.5:1
                    gap="12px", width="100%", wrap="wrap",
                ),
                error_text(MembersState.delete_error, "delete-error"),
                spacing="2", width="100%",
            ),
            on_submit=MembersState.delete_space, reset_on_submit=True,
        ),
        width="100%", custom_attrs={"data-testid": "delete-space"},
    )


def _entry(entry: ActivityView) -> rx.Component:
    return rx.hstack(
        rx.avatar(fallback=entry.who[:1], size="2", radius="full"),
        rx.vstack(
            rx.text(rx.text.strong(entry.who), " ", entry.summary, size="2"),
            rx.hstack(rx.text(entry.when, size="1", color_scheme="gray"),
                      rx.badge(rx.cond(entry.via == "agent", "by agent", "via " + entry.via), size="1",
                               color_scheme=rx.cond(entry.via == "agent", "violet", "gray"), variant="soft")),
            spacing="1",
        ),
        align="start", width="100%", padding_y="8px", border_bottom=f"1px solid {rx.color('gray', 4)}",
        custom_attrs={"data-testid": "activity"},
    )


@template("/activity", "Activity", ActivityState.load)
def activity_page() -> rx.Component:
    return rx.card(
        rx.cond(LiveActivity.entries.length() > 0, rx.vstack(rx.foreach(LiveActivity.entries, _entry), spacing="0"),
                rx.text("Nothing has happened here yet.", color_scheme="gray")),
        width="100%", max_width="900px",
    )
