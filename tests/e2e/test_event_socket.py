"""The event socket serves only the app's own pages, with the tokens they make: a client that
names a workspace's shared-state token, or a page on another origin riding the session
cookie, is refused at the handshake (found by an outside tester: both read live data)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from apcs_app.ui.state.live import link_token
from tests.e2e.conftest import DEMO_PASSWORD

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


# ---------------------------------------------------------------- the upload endpoint (/_upload)

def _import_handler() -> str:
    from reflex.utils import format

    from apcs_app.ui.state.workspaces import WorkspacesState

    return format.format_event_handler(WorkspacesState.import_file)


_IMPORT_HANDLER = _import_handler()


@contextlib.contextmanager
def _signed_in(app_url: str):
    with httpx.Client(base_url=app_url, timeout=30) as client:
        answer = client.post("/api/session", data={"email": "alice@example.com", "password": DEMO_PASSWORD},
                             headers={"Origin": app_url})
        assert answer.status_code == 303 and "apcs_session" in client.cookies
        yield client


def _upload(client: httpx.Client, token: str, origin: str | None, body=b"{}", **headers):
    files = {"files": ("space.json", body, "application/json")} if isinstance(body, bytes) else None
    headers = {"reflex-client-token": token, "reflex-event-handler": _IMPORT_HANDLER,
               **({"Origin": origin} if origin else {}), **headers}
    if files:
        return client.post("/_upload", files=files, headers=headers)
    return client.post("/_upload", content=body, headers=headers)


def test_an_upload_needs_a_signed_in_page_of_this_app(app_url):
    with httpx.Client(base_url=app_url, timeout=30) as anonymous:
        assert _upload(anonymous, str(uuid.uuid4()), app_url).status_code == 403
    with _signed_in(app_url) as client:
        assert _upload(client, str(uuid.uuid4()), "http://127.0.0.1:1").status_code == 403
        assert _upload(client, link_token(1), app_url).status_code == 403
        assert _upload(client, "x" * 40, app_url).status_code == 403


def test_an_upload_over_the_import_limit_is_refused_before_it_is_read(app_url):
    from apcs_app.services.exchange import MAX_IMPORT_BYTES

    with _signed_in(app_url) as client:
        declared = _upload(client, str(uuid.uuid4()), app_url, body=b"x" * (MAX_IMPORT_BYTES + 200_000))
        assert declared.status_code == 413

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(MAX_IMPORT_BYTES // 65536 + 8):
                yield b"x" * 65536
        streamed = _upload(client, str(uuid.uuid4()), app_url, body=chunks(),
                           **{"Content-Type": "multipart/form-data; boundary=b"})
        assert streamed.status_code == 413
