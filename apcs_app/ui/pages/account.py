"""Your account: name, email, and a new password."""

from __future__ import annotations

import reflex as rx

from apcs_app.ui.components.badges import error_text
from apcs_app.ui.components.post_form import post_form
from apcs_app.ui.components.layout import template
from apcs_app.ui.state.account import AccountState


def _password_field(label: str, name: str, autocomplete: str) -> rx.Component:
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        rx.input(name=name, type="password", required=True, size="2", width="100%", auto_complete=autocomplete),
        display="flex", flex_direction="column", gap="4px", width="100%",
    )


@template("/account", "Account", AccountState.load)
def account_page() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Change your password", size="4", as_="h2"),
            rx.text("Every other session of yours (other browsers, API tokens) is signed out.",
                    size="2", color_scheme="gray"),
            post_form(
                "/api/session/password",
                rx.vstack(
                    _password_field("Current password", "current_password", "current-password"),
                    _password_field("New password", "new_password", "new-password"),
                    rx.button("Change password", type="submit"),
                    spacing="3", width="100%",
                ),
                width="100%",
            ),
            error_text(AccountState.error, "account-error"),
            rx.cond(AccountState.notice != "",
                    rx.callout(AccountState.notice, icon="check", color_scheme="grass",
                               custom_attrs={"data-testid": "account-notice"})),
            spacing="3", width="100%",
        ),
        max_width="480px",
    )
