"""HTML5 drag and drop for Reflex: a div that declares the drag triggers (Reflex's own refuses them)."""

from __future__ import annotations

import reflex as rx
from reflex.event import no_args_event_spec


class DropZone(rx.el.Div):
    on_drag_start: rx.EventHandler[no_args_event_spec]
    on_drag_over: rx.EventHandler[no_args_event_spec]
    on_drop: rx.EventHandler[no_args_event_spec]


drop_zone = DropZone.create
