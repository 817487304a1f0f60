"""A chart's figures as a table for screen readers (a chart is a picture to them)."""

from __future__ import annotations

import reflex as rx


def table_for_screen_readers(caption: str, headers: tuple[str, ...], rows, keys: tuple[str, ...]) -> rx.Component:
    return rx.el.table(
        rx.el.caption(caption),
        rx.el.thead(rx.el.tr(*(rx.el.th(h, scope="col") for h in headers))),
        rx.el.tbody(rx.foreach(rows, lambda row: rx.el.tr(*(rx.el.td(row[k].to(str)) for k in keys)))),
        class_name="sr-only",
    )
