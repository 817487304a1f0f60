"""Every page of the app, listed once and added by `apcs_app.py` with `app.add_page`.

Not `@rx.page`: Reflex applies its decorated pages again on every compile (a prod start
compiles twice), and each second time logs "Page X is being redefined"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PAGES: list[dict[str, Any]] = []


def page(route: str, title: str, on_load: Any = None) -> Callable[[Callable], Callable]:
    """List a page to add (the route, its title and loader)."""

    def listed(render: Callable) -> Callable:
        PAGES.append({"component": render, "route": route, "title": title, "on_load": on_load})
        return render

    return listed


def add_pages(app: Any) -> None:
    for entry in PAGES:
        app.add_page(**entry)
