"""What the browser session's pieces share: the cookie's name and reading it from a Cookie
header, and messages that a redirect carries to a page, signed so that a crafted link
cannot make the app's pages say something the server did not."""

from __future__ import annotations

import hashlib
import hmac
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

from apcs_app.settings import get_settings

COOKIE = "apcs_session"


def session_token(cookie_header: str | None) -> str:
    """The session token in a Cookie header ("" if none)."""
    jar = SimpleCookie()
    try:
        jar.load(cookie_header or "")
    except CookieError:
        return ""
    morsel = jar.get(COOKIE)
    return morsel.value if morsel else ""


def sign_message(text: str) -> str:
    key = get_settings().resolved_secret_key().encode()
    return hmac.new(key, b"flash:" + text.encode(), hashlib.sha256).hexdigest()[:32]


def verified_message(text: str, signature: str) -> str:
    """The message if this server signed it, else ""."""
    return text if text and hmac.compare_digest(sign_message(text), signature or "") else ""


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
