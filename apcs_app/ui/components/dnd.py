"""HTML5 drag and drop for Reflex: a div that declares the drag triggers (Reflex's own refuses
them), and the key trigger that is the keyboard's way to drag (a div has none in Reflex)."""

from __future__ import annotations

import reflex as rx
from reflex.event import key_event, no_args_event_spec


class DropZone(rx.el.Div):
    on_drag_start: rx.EventHandler[no_args_event_spec]
    on_drag_over: rx.EventHandler[no_args_event_spec]
    on_drop: rx.EventHandler[no_args_event_spec]
    on_key_down: rx.EventHandler[key_event]


drop_zone = DropZone.create
