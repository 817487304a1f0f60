"""Sign in and sign up."""

from __future__ import annotations

import reflex as rx

from apcs_app.ui import routes
from apcs_app.ui.components.badges import error_text
from apcs_app.ui.components.fields import LABEL_STYLE
from apcs_app.ui.components.post_form import post_form
from apcs_app.ui.state.auth import AuthState


def _shell(title: str, subtitle: str, form: rx.Component, footer: rx.Component) -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.hstack(rx.icon("layers", size=28, color=rx.color("accent", 10)), rx.text("APCS", size="6", weight="bold"),
                          align="center"),
                rx.heading(title, size="5"),
                rx.text(subtitle, size="2", color_scheme="gray"),
                form,
                error_text(AuthState.error, "auth-error"),
                footer,
                spacing="4", width="100%",
            ),
            size="4", width="100%", max_width="400px",
        ),
        rx.box(rx.color_mode.button(variant="ghost", aria_label="Switch between light and dark mode"), position="fixed", top="16px", right="16px"),
        min_height="100vh", padding="16px", background=rx.color("gray", 2),
    )


def _field(label: str, name: str, kind: str = "text", placeholder: str = "", value=None,
           autocomplete: str = "") -> rx.Component:
    extra = {"default_value": value} if value is not None else {}
    return rx.el.label(
        rx.text(label, size="2", weight="medium"),
        rx.input(name=name, type=kind, placeholder=placeholder, size="3", width="100%", required=True,
                 auto_complete=autocomplete or None, **extra),
        style=LABEL_STYLE,
    )


def _post_form(action: str, *fields: rx.Component) -> rx.Component:
    # A plain form post, not a websocket event: only the server's answer can set the
    # HttpOnly session cookie (api/session_routes.py).
    return post_form(action, rx.vstack(*fields, spacing="3"), width="100%")


@routes.page("/login", "Sign in · APCS", AuthState.open_login)
def login_page() -> rx.Component:
    return _shell(
        "Sign in", "Plan and run your team's work, with agents at hand.",
        _post_form(
            "/api/session",
            _field("Email", "email", "email", "you@example.com", AuthState.email, "username"),
            _field("Password", "password", "password", autocomplete="current-password"),
            rx.button("Sign in", type="submit", size="3", width="100%"),
        ),
        rx.text("New here? ", rx.link("Create an account", href="/signup", underline="always"), size="2"),
    )


@routes.page("/signup", "Sign up · APCS", AuthState.open_login)
def signup_page() -> rx.Component:
    return _shell(
        "Create your account", "It takes ten seconds.",
        _post_form(
            "/api/session/signup",
            _field("Name", "name", "text", "Ada Lovelace", AuthState.name, "name"),
            _field("Email", "email", "email", "you@example.com", AuthState.email, "email"),
            _field("Password", "password", "password", "at least 8 characters, not easy to guess",
                   autocomplete="new-password"),
            rx.button("Sign up", type="submit", size="3", width="100%"),
        ),
        rx.text("Already have an account? ", rx.link("Sign in", href="/login", underline="always"), size="2"),
    )
