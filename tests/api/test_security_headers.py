"""The security headers middleware on its own: the page CSP names exactly the inline scripts
the HTML carried (plain or gzip), and every other response is locked down."""

from __future__ import annotations

import base64
import gzip
import hashlib

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from apcs_app.api.security_headers import SecurityHeaders

pytestmark = pytest.mark.anyio

BUILD_SCRIPT = "window.__ctx = {a: 1};"
PAGE = f'<html><head><script>{BUILD_SCRIPT}</script><script src="/assets/app.js"></script></head></html>'.encode()


def _digest(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def _app() -> SecurityHeaders:
    async def page(_request):
        return Response(PAGE, media_type="text/html")

    async def zipped(_request):
        return Response(gzip.compress(PAGE), media_type="text/html", headers={"content-encoding": "gzip"})

    async def data(_request):
        return JSONResponse({"ok": True}, headers={"x-frame-options": "ALLOWALL"})

    return SecurityHeaders(Starlette(routes=[Route("/page", page), Route("/zipped", zipped), Route("/data", data)]))


@pytest.mark.parametrize("path", ["/page", "/zipped"])
async def test_a_page_may_run_only_the_inline_scripts_it_was_built_with(path):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app()), base_url="http://app.test") as client:
        response = await client.get(path)
    csp = response.headers["content-security-policy"]
    script_src = next(d.strip() for d in csp.split(";") if d.strip().startswith("script-src"))
    assert script_src == f"script-src 'self' {_digest(BUILD_SCRIPT)}"
    assert "connect-src 'self' ws://app.test wss://app.test" in csp
    assert response.content == PAGE  # the body is passed on untouched (decoded by the client here)


async def test_other_responses_cannot_be_framed_or_sniffed_and_app_headers_cannot_weaken_them():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app()), base_url="http://app.test") as client:
        response = await client.get("/data")
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


async def test_a_not_modified_answer_keeps_the_cached_page_policy():
    async def cached(_request):
        return Response(status_code=304, headers={"etag": '"v1"'})

    app = SecurityHeaders(Starlette(routes=[Route("/board/", cached)]))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://app.test") as client:
        response = await client.get("/board/", headers={"If-None-Match": '"v1"'})
    assert response.status_code == 304
    assert "content-security-policy" not in response.headers  # the browser keeps the page's own
    assert response.headers["x-content-type-options"] == "nosniff"
