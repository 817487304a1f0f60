"""A form the browser itself posts (a full page load), for the session endpoints.

Reflex's own form always prevents the browser's submit and sends an event over the
websocket instead; only a real HTTP response can set or clear an HttpOnly cookie. The form
posts to the backend: the page's own origin in prod (`apcs run`: one port), the backend's
URL under `apcs run --dev`, whose pages come from Vite on another port. (Decided when the
page is compiled: prod pages are prerendered, and React keeps a prerendered attribute.)
"""

from __future__ import annotations

import reflex as rx
from reflex.utils.exec import is_prod_mode


class PostForm(rx.el.Div):
    tag = "form"

    action: rx.Var[str]
    method: rx.Var[str]


def backend_url(path: str) -> str:
    return path if is_prod_mode() else rx.config.get_config().api_url.rstrip("/") + path


def post_form(action: str, *children: rx.Component, **props) -> rx.Component:
    return PostForm.create(*children, action=backend_url(action), method="post", **props)
