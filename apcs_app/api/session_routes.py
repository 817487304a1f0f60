"""The browser's session: an HttpOnly, SameSite=Strict cookie, set and cleared by plain form
posts (sign in, sign up, change password, sign out).

A script that gets into a page finds no credential to steal: JavaScript cannot read the
cookie, and the Reflex state learns the user from the cookie header of its own websocket
handshake, never from anything the page sends. Bearer tokens remain for API and MCP clients.
Each post must come from a page of this app (Origin, else Referer, names this host): a form
on another site cannot sign a browser in or out.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse

from apcs_app import db
from apcs_app.domain import DomainError
from apcs_app.domain.errors import AuthError
from apcs_app.services import auth
from apcs_app.settings import get_settings
from apcs_app.web_session import (
    COOKIE,
    FLASH_COOKIE,
    FLASH_SECONDS,
    new_flash_nonce,
    page_origin,
    session_token,
    sign_message,
)

router = APIRouter(prefix="/api/session", include_in_schema=False)
HOME = "/board"

Text = Annotated[str, Form(max_length=1024)]


def _page_origin(request: Request) -> str | None:
    """The origin of the app page that sent this form, None if it came from anywhere else."""
    host = request.headers.get("host", "")
    return page_origin(request.headers.get("origin") or request.headers.get("referer"), host)


def _refused() -> JSONResponse:
    return JSONResponse({"error": "forbidden", "detail": "Sign-in forms must be sent from this app's own pages."},
                        status_code=403)


def _back(origin: str, page: str, message: str, **fields: str) -> RedirectResponse:
    return _with_message(origin, page, "error", message, **fields)


def _with_message(origin: str, page: str, kind: str, message: str, **fields: str) -> RedirectResponse:
    """A redirect to `page` carrying a message for this browser only (see web_session)."""
    nonce = new_flash_nonce()
    query = urlencode({kind: message, "sig": sign_message(message, page, nonce), **fields})
    response = RedirectResponse(f"{origin}{page}?{query}", status_code=303)
    response.set_cookie(FLASH_COOKIE, nonce, max_age=FLASH_SECONDS, path="/", httponly=True, samesite="strict",
                        secure=_secure(origin))
    return response


def _secure(origin: str) -> bool:
    secure = get_settings().session_cookie_secure
    return origin.startswith("https:") if secure is None else secure


def _with_session(request: Request, target: str | RedirectResponse, token: str) -> RedirectResponse:
    # `target` is on the page's own origin (the frontend's port under `apcs run --dev`).
    response = RedirectResponse(target, status_code=303) if isinstance(target, str) else target
    secure = get_settings().session_cookie_secure
    response.set_cookie(COOKIE, token, max_age=get_settings().token_ttl_minutes * 60, path="/", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https" if secure is None else secure)
    return response


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


@router.post("")
async def sign_in(request: Request, email: Text = "", password: Text = ""):
    if (origin := _page_origin(request)) is None:
        return _refused()
    try:
        user = await run_in_threadpool(auth.sign_in, email, password, _client(request))
    except DomainError as exc:
        return _back(origin, "/login", exc.message, email=email[:254])
    return _with_session(request, origin + HOME, auth.issue_token(user))


@router.post("/signup")
async def sign_up(request: Request, name: Text = "", email: Text = "", password: Text = ""):
    if (origin := _page_origin(request)) is None:
        return _refused()

    def create() -> str:
        with db.transaction() as session:
            return auth.issue_token(auth.create_user(session, name, email, password, client=_client(request)))

    try:
        token = await run_in_threadpool(create)
    except DomainError as exc:
        return _back(origin, "/signup", exc.message, name=name[:120], email=email[:254])
    return _with_session(request, origin + "/", token)


@router.post("/password")
async def change_password(request: Request, current_password: Text = "", new_password: Text = ""):
    if (origin := _page_origin(request)) is None:
        return _refused()
    token = session_token(request.headers.get("cookie"))

    def change() -> str:
        with db.transaction() as session:
            user = auth.verify_token(session, token)
            return auth.change_password(session, user, current_password, new_password)

    try:
        fresh = await run_in_threadpool(change)
    except AuthError as exc:
        return _back(origin, "/login", exc.message)
    except DomainError as exc:
        return _back(origin, "/account", exc.message)
    notice = "Your password is changed; other sessions are signed out."
    return _with_session(request, _with_message(origin, "/account", "notice", notice), fresh)


@router.post("/logout")
async def sign_out(request: Request):
    if (origin := _page_origin(request)) is None:
        return _refused()
    token = session_token(request.headers.get("cookie"))

    def revoke() -> None:
        with db.transaction() as session:
            auth.revoke_tokens(session, auth.verify_token(session, token))

    try:
        await run_in_threadpool(revoke)
    except DomainError:
        pass  # an expired or revoked session is signed out all the same
    response = RedirectResponse(origin + "/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response
