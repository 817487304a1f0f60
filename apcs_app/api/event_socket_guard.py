"""Guards Reflex's event socket (/_event), where the pages' state lives.

Reflex takes the client's state token from the connection's query string as the browser
sends it, and engine.io checks no Origin when CORS is off. So, before Reflex sees it:
- the token must be one Reflex's frontend makes (a UUID): a client cannot name another
  token, such as a workspace's shared-state token, and be served that state;
- a browser's handshake must come from this app's own pages (Origin = this host, the
  configured frontend, or APCS_CORS_ORIGINS): a page on another port or a sibling host,
  which the SameSite cookie does not stop, cannot drive a signed-in user's socket.
Refused with 403 before any state is touched.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from apcs_app.web_session import is_page_token, page_origin

EVENT_PATH = "/_event"


def refusal(scope: Scope) -> str | None:
    """Why this request to the event socket is refused, or None."""
    tokens = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [])
    if any(not is_page_token(token) for token in tokens):
        return "This is not a token the app's pages make."
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
    origin = headers.get("origin")
    if origin is None:  # not a browser: it has no cookie to ride on
        return None
    if page_origin(origin, headers.get("host", "")):
        return None
    return "Only this app's own pages may open its event socket."


class EventSocketGuard:
    """ASGI middleware (an `api_transformer` of the Reflex app)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and scope.get("path", "").startswith(EVENT_PATH):
            if problem := refusal(scope):
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008, "reason": problem})
                else:
                    await PlainTextResponse(problem, status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)
