"""The chat drawer's background task refills the live boards under its own lock, by linking
shared states from behind Reflex's StateProxy (ui/state/locked.py, the app's one look behind
it). This runs that link against Reflex's in-memory state manager, both ways, so an upgrade
that breaks the wrapper, or makes it unneeded, fails here rather than on a live board."""

from __future__ import annotations

import asyncio
import uuid

from reflex.istate.manager.memory import StateManagerMemory
from reflex.istate.manager.token import BaseStateToken
from reflex.istate.proxy import StateProxy
from reflex_base.event.context import EventContext

from apcs_app.ui.state.chat import ChatState
from apcs_app.ui.state.live import LiveActivity
from apcs_app.ui.state.locked import behind_proxy


async def _nothing_to_enqueue(_token: str, *_events) -> None:
    return None


async def _link(through_proxy: bool) -> type:
    """Link LiveActivity to a workspace token from a background task's `async with self`."""
    manager, token = StateManagerMemory(), str(uuid.uuid4())
    context = EventContext.set(EventContext(token=token, state_manager=manager, enqueue_impl=_nothing_to_enqueue))
    try:
        root = await manager.get_state(BaseStateToken(ident=token, cls=ChatState))
        task_self = StateProxy(await root.get_state(ChatState))
        async with task_self:
            state = task_self if through_proxy else behind_proxy(task_self)
            linked = await (await state.get_state(LiveActivity))._link_to("space-1-proxytest")
            return type(linked)
    finally:
        EventContext.reset(context)


def test_shared_states_link_from_behind_the_proxy():
    assert asyncio.run(_link(through_proxy=False)) is LiveActivity


def test_linking_through_the_proxy_still_fails_so_the_wrapper_is_still_needed():
    try:
        asyncio.run(_link(through_proxy=True))
    except AttributeError as exc:  # Reflex 0.10: `type(self)` in _link_to is the proxy's type
        assert "StateProxy" in str(exc)
    else:
        raise AssertionError("Reflex now links shared states through its StateProxy: "
                             "drop ui/state/locked.py and link on `self` in ChatState._refill")
