"""Serve an ASGI app (the real API, a fake Mistral) on 127.0.0.1 for a test."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(app, port: int | None = None, lifespan: str = "off") -> Iterator[str]:
    """Run `app` with uvicorn in a background thread; yields its base URL."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan=lifespan))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def api_with_lifespans():
    """create_api() entering the lifespans Reflex would (MCP over HTTP needs them)."""
    from apcs_app.api.app import create_api, lifespan_tasks

    api = create_api()

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        async with contextlib.AsyncExitStack() as stack:
            for make in lifespan_tasks():
                await stack.enter_async_context(make())
            yield

    api.router.lifespan_context = lifespan
    return api


@contextlib.contextmanager
def serve_api() -> Iterator[str]:
    with serve(api_with_lifespans(), lifespan="on") as url:
        yield url
