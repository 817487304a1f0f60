"""Security headers on every response the app serves: pages, API, MCP, static files.

The page's Content-Security-Policy allows no inline script but the ones the Reflex build
itself wrote into that HTML file: their SHA-256 hashes are computed from the response and
listed, so a script that data or a model smuggled into the DOM has nothing to run under.
Emotion (Radix's styling) injects <style> elements at run time, so styles need
'unsafe-inline'; text never becomes markup in the first place (see safe_markdown), which is
what keeps a quoted title from restyling a page.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import zlib

from starlette.types import Message, Receive, Scope, Send

from apcs_app.asgi import HttpMiddleware

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
# HTML files of the build are a few tens of KB; past this a response is passed on unhashed
# (its inline scripts then simply do not run) rather than held in memory.
MAX_HASHED_HTML = 2 * 1024 * 1024

BASE_HEADERS = {
    b"x-content-type-options": b"nosniff",
    # Nothing to other sites; same-origin requests keep theirs (and their Origin header, which the
    # session forms are checked by: with no-referrer Chromium sends "Origin: null").
    b"referrer-policy": b"same-origin",
    b"x-frame-options": b"DENY",
    b"cross-origin-opener-policy": b"same-origin",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
# Anything that is not a page (JSON, MCP, scripts, CSS): it may not be framed or run anything.
NON_PAGE_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def page_csp(script_hashes: list[str], host: str) -> str:
    hashes = " ".join(f"'sha256-{h}'" for h in script_hashes)
    # The event websocket goes to this same host; 'self' covers ws(s) in CSP 3, named for older engines.
    sockets = f"ws://{host} wss://{host}" if host else ""
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {hashes}".strip(),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        f"connect-src 'self' {sockets}".strip(),
        "frame-src 'none'",
        "child-src 'none'",
        "object-src 'none'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "media-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def inline_script_hashes(html: bytes) -> list[str]:
    return [base64.b64encode(hashlib.sha256(body).digest()).decode()
            for body in _INLINE_SCRIPT.findall(html) if body.strip()]


class SecurityHeaders(HttpMiddleware):
    """ASGI middleware (an `api_transformer` of the Reflex app, so it wraps everything)."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        held: Message | None = None
        body = bytearray()

        async def send_with_headers(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in BASE_HEADERS and k.lower() != b"content-security-policy"]
                headers += list(BASE_HEADERS.items())
                message = {**message, "headers": headers}
                if _is_html(headers):
                    held = message  # the CSP needs the body's inline scripts: hold the start
                    return
                if message.get("status") != 304:
                    # A 304's headers replace the cached page's: it must not swap the page's CSP
                    # (with its script hashes) for the locked-down one.
                    headers.append((b"content-security-policy", NON_PAGE_CSP))
                await send({**message, "headers": headers})
                return
            if held is not None and message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                if message.get("more_body") and len(body) <= MAX_HASHED_HTML:
                    return
                csp = page_csp(inline_script_hashes(_decoded(bytes(body), held["headers"])), host).encode()
                await send({**held, "headers": held["headers"] + [(b"content-security-policy", csp)]})
                held = None
                await send({**message, "body": bytes(body)})
                body.clear()
                return
            if held is not None and message["type"] == "http.response.pathsend":
                # The server sends the file itself (granian's pathsend): read it to hash its scripts.
                await send({**held, "headers": held["headers"] + [(b"content-security-policy", _file_csp(
                    message["path"], held["headers"], host))]})
                held = None
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _file_csp(path: str, headers: list[tuple[bytes, bytes]], host: str) -> bytes:
    try:
        with open(path, "rb") as file:
            html = file.read(MAX_HASHED_HTML + 1)
    except OSError:
        html = b""
    return page_csp(inline_script_hashes(_decoded(html, headers)), host).encode()


def _decoded(body: bytes, headers: list[tuple[bytes, bytes]]) -> bytes:
    """The HTML itself: Reflex serves its pages pre-compressed (gzip) when the browser accepts it."""
    encoding = next((v.lower() for k, v in headers if k.lower() == b"content-encoding"), b"")
    try:
        if encoding == b"gzip":
            return gzip.decompress(body)
        if encoding == b"deflate":
            return zlib.decompress(body)
    except (OSError, zlib.error, EOFError):
        return b""
    return body if not encoding or encoding == b"identity" else b""


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k.lower() == b"content-type" and v.lower().startswith(b"text/html") for k, v in headers)
