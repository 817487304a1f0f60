"""The frame around every signed-in page, and the `template` decorator that registers one."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from apcs_app.ui import routes
from apcs_app.ui.components.badges import methodology_badge
from apcs_app.ui.components.chat import DRAWER_WIDTH, chat_button, chat_drawer
from apcs_app.ui.components.post_form import post_form
from apcs_app.ui.state.chat import ChatState
from apcs_app.ui.state.session import PAGE_LOADERS, SessionState

NAV = (
    ("/", "Workspaces", "layout-grid", False),
    ("/backlog", "Backlog", "list-ordered", False),
    ("/board", "Board", "square-kanban", False),
    ("/sprints", "Sprints", "timer", True),
    ("/metrics", "Metrics", "chart-line", False),
    ("/activity", "Activity", "history", False),
    ("/settings", "Members", "users", False),
)


def _nav_link(route: str, label: str, icon: str, scrum_only: bool, compact: bool = False) -> rx.Component:
    path = SessionState.router.url.path
    active = (path == route) | (path == route + "/")
    link = rx.link(
        rx.hstack(
            rx.icon(icon, size=18),
            rx.text(label, size="2", weight="medium", display="none" if compact else "block"),
            align="center", spacing="3", padding_x="12px", padding_y="8px", border_radius="8px",
            background=rx.cond(active, rx.color("accent", 4), "transparent"),
            color=rx.cond(active, rx.color("accent", 11), rx.color("gray", 11)),
            _hover={"background": rx.color("gray", 4)},
        ),
        href=route, underline="none", title=label,
    )
    return rx.cond(SessionState.is_scrum, link) if scrum_only else link


def _sidebar() -> rx.Component:
    return rx.el.nav(rx.vstack(
        *(_nav_link(*entry) for entry in NAV),
        spacing="1", width="200px", min_width="200px", padding="16px 12px",
        border_right=f"1px solid {rx.color('gray', 5)}", height="calc(100vh - 56px)",
        position="sticky", top="56px", display=["none", "none", "none", "flex"],
    ), aria_label="Pages")


def _compact_nav() -> rx.Component:
    """Icon-only navigation for tablets, where the sidebar would take too much width."""
    return rx.el.nav(rx.hstack(
        *(_nav_link(*entry, compact=True) for entry in NAV),
        spacing="1", display=["flex", "flex", "flex", "none"],
    ), aria_label="Pages")


def _space_switcher() -> rx.Component:
    return rx.hstack(
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.text(rx.cond(SessionState.space_name != "", SessionState.space_name, "Choose a workspace"),
                            max_width="220px", trim="both", overflow="hidden", white_space="nowrap",
                            text_overflow="ellipsis"),
                    rx.icon("chevrons-up-down", size=14),
                    variant="ghost", color_scheme="gray",
                    aria_label=rx.cond(SessionState.space_name != "", SessionState.space_name, "Choose a workspace")
                    + ": switch workspace",
                    custom_attrs={"data-testid": "space-switcher"},
                ),
            ),
            rx.menu.content(
                rx.foreach(
                    SessionState.spaces,
                    lambda s: rx.menu.item(
                        rx.hstack(rx.text(s.name), rx.spacer(), methodology_badge(s.methodology), width="100%"),
                        on_click=SessionState.switch_space(s.id),
                    ),
                ),
                rx.menu.separator(),
                rx.menu.item("All workspaces…", on_click=rx.redirect("/")),
                min_width="240px",
            ),
        ),
        rx.cond(SessionState.methodology != "", methodology_badge(SessionState.methodology)),
        align="center", spacing="2",
    )


def _user_menu() -> rx.Component:
    # A popover, not a dropdown menu: signing out is a real form post (the server clears the
    # HttpOnly cookie), and a menu item cannot be a form's submit button.
    item_style = {"width": "100%", "justify_content": "start"}
    return rx.popover.root(
        rx.popover.trigger(
            # Named by its own words (no aria-label that could leave the visible ones out).
            rx.button(rx.avatar(fallback=SessionState.initials, size="1", radius="full", color_scheme="gray",
                                high_contrast=True),
                      rx.text(SessionState.user_name, size="2", display=["none", "none", "none", "block"]),
                      rx.el.span(" account", class_name="sr-only"),
                      variant="ghost", color_scheme="gray"),
        ),
        rx.popover.content(
            rx.vstack(
                rx.text(SessionState.user_email, size="1", color_scheme="gray"),
                rx.separator(),
                rx.link(rx.hstack(rx.icon("user-cog", size=14), "Account", align="center", spacing="2"),
                        href="/account", color_scheme="gray", underline="none", size="2", padding="4px 8px"),
                post_form("/api/session/logout",
                          rx.button(rx.icon("log-out", size=14), "Sign out", type="submit", variant="ghost",
                                    color_scheme="gray", style=item_style),
                          width="100%"),
                spacing="2", align="start",
            ),
            size="1", min_width="200px",
        ),
    )


def _navbar() -> rx.Component:
    return rx.el.header(rx.hstack(
        # The page's own title is its one h1; the product name is not a heading.
        rx.hstack(
            rx.icon("layers", size=22, color=rx.color("accent", 10)),
            rx.text("APCS", size="4", weight="bold"),
            align="center", spacing="2",
        ),
        rx.separator(orientation="vertical", size="2"),
        _space_switcher(),
        rx.spacer(),
        _compact_nav(),
        chat_button(),
        rx.color_mode.button(variant="ghost", color_scheme="gray", aria_label="Switch between light and dark mode"),
        _user_menu(),
        # On a phone the page links wrap onto a second row rather than pushing the account menu
        # off the screen.
        align="center", spacing="3", min_height="56px", padding_x="16px", padding_y="6px", width="100%",
        wrap="wrap", background=rx.color("gray", 1), border_bottom=f"1px solid {rx.color('gray', 5)}",
    ), style={"position": "sticky", "top": "0", "z_index": "10"})


def _flash() -> rx.Component:
    return rx.cond(
        SessionState.flash != "",
        rx.callout.root(
            rx.hstack(
                rx.callout.text(SessionState.flash),
                rx.spacer(),
                rx.icon_button(rx.icon("x", size=14), on_click=SessionState.dismiss_flash, variant="ghost",
                               size="1", color_scheme="gray", aria_label="Dismiss the message"),
                align="center", width="100%",
            ),
            color_scheme=rx.cond(SessionState.flash_is_error, "red", "grass"), margin_bottom="16px",
            role="status", custom_attrs={"data-testid": "flash"},
        ),
    )


def _frame(title: str, content: rx.Component) -> rx.Component:
    return rx.cond(
        SessionState.logged_in,
        rx.box(
            rx.el.a("Skip to the page", href="#main", class_name="skip-link"),
            _navbar(),
            rx.hstack(
                _sidebar(),
                rx.el.main(
                    _flash(),
                    rx.heading(title, size="6", margin_bottom="16px"),
                    content,
                    id="main", tab_index=-1, width="100%", min_width="0",
                    # Busy until the page's loads have run: assistive technology waits for the
                    # page's data (and so can anything that drives the page, tests included).
                    aria_busy=rx.cond(rx.State.is_hydrated, "false", "true"),
                    padding=["12px", "16px", "24px"],
                    # On wide screens the open assistant sits beside the page instead of over it.
                    margin_right=rx.cond(ChatState.open, ["0", "0", "0", DRAWER_WIDTH], "0"),
                ),
                spacing="0", align="start", width="100%",
            ),
            rx.el.aside(chat_drawer(), aria_label="Assistant"),
            min_height="100vh", background=rx.color("gray", 2),
        ),
        rx.center(rx.spinner(size="3"), height="100vh"),
    )


def template(route: str, title: str, on_load: rx.EventHandler) -> Callable[[Callable[[], rx.Component]], Callable]:
    """Wrap a page in the signed-in frame and register it with its loader (layout + routing in one place)."""

    def register(page: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        PAGE_LOADERS[route] = on_load

        @routes.page(route, f"{title} · APCS", on_load)
        def framed() -> rx.Component:
            return _frame(title, page())

        return framed

    return register
