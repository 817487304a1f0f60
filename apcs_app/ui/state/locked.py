"""The one place the app looks behind Reflex's StateProxy (tests/isolation/test_reflex_proxy.py
fails when a Reflex upgrade breaks this, or makes it unneeded)."""

from __future__ import annotations

from typing import TypeVar

from reflex.istate.proxy import StateProxy

S = TypeVar("S")


def behind_proxy(state: S) -> S:
    """The state a background task's `self` stands for, as it is while `async with self` holds
    its lock. A shared state reached through the proxy cannot be linked in Reflex 0.10
    (`_link_to` takes `type(self)`, the proxy's type), so links are made from the state itself."""
    return state.__wrapped__ if isinstance(state, StateProxy) else state
