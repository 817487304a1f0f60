"""Guards Reflex's upload endpoint (/_upload), which feeds a file to a page's event handler
(the workspace import). Reflex reads the whole body and runs the handler for whatever client
token the request names, so, before Reflex sees it:
- the request comes from a signed-in page of this app: a valid session cookie, and an Origin
  (if any) of this app's pages; the token is one Reflex's frontend makes (a UUID);
- the body is at most the import limit (plus the form's framing): a larger declared length
  is refused at once, a body without one is counted as it arrives and cut off at the limit.
Refused with 403 or 413 before any state is touched."""

from __future__ import annotations


from starlette.concurrency import run_in_threadpool
from starlette.responses import PlainTextResponse
from starlette.types import Message, Receive, Scope, Send

from apcs_app import db
from apcs_app.asgi import HttpMiddleware
from apcs_app.domain import DomainError
from apcs_app.services import auth
from apcs_app.services.exchange import MAX_IMPORT_BYTES
from apcs_app.web_session import is_page_token, page_origin, session_token

UPLOAD_PATH = "/_upload"
MAX_UPLOAD_BYTES = MAX_IMPORT_BYTES + 64 * 1024  # the multipart framing around one file
_TOO_LARGE = f"An upload can be at most {MAX_IMPORT_BYTES // (1024 * 1024)} MB."


def _signed_in(cookie_header: str) -> bool:
    try:
        with db.read() as session:
            auth.verify_token(session, session_token(cookie_header))
    except DomainError:
        return False
    return True


class UploadGuard(HttpMiddleware):
    """ASGI middleware (an `api_transformer` of the Reflex app)."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not scope.get("path", "").startswith(UPLOAD_PATH):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        origin = headers.get("origin")
        if (not is_page_token(headers.get("reflex-client-token", ""))
                or (origin is not None and not page_origin(origin, headers.get("host", "")))
                or not await run_in_threadpool(_signed_in, headers.get("cookie", ""))):
            return await PlainTextResponse("Uploads come from a signed-in page of this app.", 403)(scope, receive, send)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES:
            return await PlainTextResponse(_TOO_LARGE, 413)(scope, receive, send)
        body, more = bytearray(), True
        while more:  # at most the limit is held; the handler then reads it as it arrived
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_UPLOAD_BYTES:
                return await PlainTextResponse(_TOO_LARGE, 413)(scope, receive, send)
        await self.app(scope, _replay(bytes(body), receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
