"""What the browser session's pieces share: the cookie's name and reading it from a Cookie
header, and messages that a redirect carries to a page, signed so that a crafted link
cannot make the app's pages say something the server did not."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

from apcs_app.settings import get_settings

COOKIE = "apcs_session"
# The client tokens Reflex's frontend makes (UUIDs); a workspace's shared-state token is not one.
_PAGE_TOKEN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def is_page_token(token: str) -> bool:
    return bool(_PAGE_TOKEN.fullmatch(token or ""))


def session_token(cookie_header: str | None) -> str:
    """The session token in a Cookie header ("" if none)."""
    return _cookie(cookie_header, COOKIE)


def _cookie(cookie_header: str | None, name: str) -> str:
    jar = SimpleCookie()
    try:
        jar.load(cookie_header or "")
    except CookieError:
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel else ""


# A message a redirect carries is bound to the page it was made for and to the browser it was
# sent to (a random nonce in a short-lived HttpOnly cookie set with the redirect): a link copied
# out of the attacker's own browser makes no other browser's page say a word of his.
FLASH_COOKIE = "apcs_flash"
FLASH_SECONDS = 120


def new_flash_nonce() -> str:
    return secrets.token_urlsafe(18)


def sign_message(text: str, page: str, nonce: str) -> str:
    key = get_settings().resolved_secret_key().encode()
    bound = "\x1f".join(("flash", page.rstrip("/") or "/", nonce, text))
    return hmac.new(key, bound.encode(), hashlib.sha256).hexdigest()[:32]


def verified_message(text: str, signature: str, page: str, cookie_header: str | None) -> str:
    """The message if this server signed it for this page and this browser, else ""."""
    nonce = _cookie(cookie_header, FLASH_COOKIE)
    if not (text and nonce and signature):
        return ""
    return text if hmac.compare_digest(sign_message(text, page, nonce), signature) else ""


def own_origins() -> set[str]:
    """Origins whose pages are this app's besides the serving host itself: the configured
    frontend (Vite's port under `apcs run --dev`) and APCS_CORS_ORIGINS."""
    import reflex as rx

    deploy = urlsplit(rx.config.get_config().deploy_url or "")
    frontend = {f"{deploy.scheme}://{deploy.netloc}"} if deploy.netloc else set()
    return frontend | set(get_settings().cors_origins)


def page_origin(source: str | None, host: str) -> str | None:
    """The origin (scheme://host[:port]) of an Origin or Referer header if it is one of this
    app's pages — served by this host or one of `own_origins()` — else None."""
    if not source or source == "null":
        return None
    parts = urlsplit(source)
    origin = f"{parts.scheme}://{parts.netloc}"
    return origin if parts.netloc and (parts.netloc == host or origin in own_origins()) else None
