"""Every public method of a Reflex state is an event any browser can send, with arguments it
chooses. The app's states expose only handlers meant for the browser: none takes a database
session, an acting user, a callable or a state class, which only the server's own helpers
(kept private, with a leading underscore) should ever receive."""

from __future__ import annotations

import inspect

import reflex as rx

import apcs_app.apcs_app  # noqa: F401  (registers every page and state)

SERVER_ONLY = ("Session", "Actor", "Callable", "type[")


def _app_states() -> list[type[rx.State]]:
    found, todo = [], [rx.State]
    while todo:
        state = todo.pop()
        todo.extend(state.get_substates())
        if state.__module__.startswith("apcs_app."):
            found.append(state)
    return found


def test_no_state_offers_a_server_helper_as_an_event():
    states = _app_states()
    assert len(states) >= 10, [s.__name__ for s in states]
    offered = []
    for state in states:
        for name, handler in state.event_handlers.items():
            if name == "setvar":  # Reflex's own: sets only vars that have an explicit setter
                continue
            for parameter in inspect.signature(handler.fn).parameters.values():
                annotation = str(parameter.annotation)
                if parameter.kind is parameter.VAR_POSITIONAL or any(k in annotation for k in SERVER_ONLY):
                    offered.append(f"{state.__name__}.{name}({parameter.name}: {annotation})")
    assert not offered, f"server helpers callable from a browser: {offered}"
