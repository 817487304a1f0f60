"""The event socket serves only the app's own pages, with the tokens they make: a client that
names a workspace's shared-state token, or a page on another origin riding the session
cookie, is refused at the handshake (found by an outside tester: both read live data)."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from apcs_app.ui.state.live import link_token

pytestmark = pytest.mark.e2e


def _socket_url(app_url: str, token: str) -> str:
    return app_url.replace("http://", "ws://") + f"/_event/?EIO=4&transport=websocket&token={token}"


async def _handshake(app_url: str, token: str, origin: str | None) -> int:
    try:
        async with connect(_socket_url(app_url, token), origin=origin, open_timeout=15) as socket:
            await socket.recv()  # engine.io's open packet: the socket was accepted
            return 101
    except InvalidStatus as refused:
        return refused.response.status_code


@pytest.mark.parametrize("token", ["space-1", link_token(1), "space-1-0000", "x" * 40])
def test_a_token_the_pages_do_not_make_is_refused(app_url, token):
    assert asyncio.run(_handshake(app_url, token, origin=app_url)) == 403
    polling = httpx.get(f"{app_url}/_event/", params={"EIO": "4", "transport": "polling", "token": token})
    assert polling.status_code == 403


@pytest.mark.parametrize("origin", ["http://127.0.0.1:1", "http://localhost.evil.test", "null"])
def test_another_origin_cannot_open_the_socket(app_url, origin):
    assert asyncio.run(_handshake(app_url, str(uuid.uuid4()), origin=origin)) == 403


def test_the_apps_own_pages_and_non_browser_clients_connect(app_url):
    assert asyncio.run(_handshake(app_url, str(uuid.uuid4()), origin=app_url)) == 101
    assert asyncio.run(_handshake(app_url, str(uuid.uuid4()), origin=None)) == 101


def test_a_workspace_shared_token_cannot_be_guessed_from_its_id():
    assert link_token(1) != link_token(2)
    assert not link_token(1).removeprefix("space-1").strip("-").isdigit()
    assert len(link_token(1)) > len("space-1-") + 16 and "_" not in link_token(1)
