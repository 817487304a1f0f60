"""The browser session: an HttpOnly cookie no script can read, revoked by sign-out and by a
password change, set only by forms posted from the app's own pages; headers on every response."""

from __future__ import annotations

import re

import uuid

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, sign_in

pytestmark = pytest.mark.e2e

JWT_PREFIX = "eyJ"


def _session_cookie(context) -> dict:
    return next(c for c in context.cookies() if c["name"] == "apcs_session")


def _new_user(app_url: str) -> tuple[str, str]:
    """A fresh account through the sign-up form's own endpoint (as a browser posts it)."""
    email, password = f"sess-{uuid.uuid4().hex[:8]}@example.com", f"Correct horse {uuid.uuid4().hex[:6]} staple"
    response = httpx.post(f"{app_url}/api/session/signup", data={"name": "Sam Session", "email": email,
                                                                  "password": password},
                          headers={"Origin": app_url})
    assert response.status_code == 303 and "apcs_session" in response.headers.get("set-cookie", ""), response.text
    return email, password


def test_the_session_cookie_is_httponly_strict_and_invisible_to_scripts(browser, app_url):
    context = browser.new_context(base_url=app_url)
    page = context.new_page()
    sign_in(page, "alice@example.com")
    cookie = _session_cookie(context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    seen_by_script = page.evaluate("""() => JSON.stringify({cookie: document.cookie,
        local: Object.entries(localStorage), session: Object.entries(sessionStorage)})""")
    assert JWT_PREFIX not in seen_by_script and cookie["value"] not in seen_by_script
    context.close()


def test_sign_out_revokes_the_cookie_even_if_it_was_copied(browser, app_url):
    email, password = _new_user(app_url)
    context = browser.new_context(base_url=app_url)
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: not url.endswith("/login") and "/login?" not in url)
    stolen = _session_cookie(context)["value"]
    assert httpx.get(f"{app_url}/api/context", headers={"Authorization": f"Bearer {stolen}"}).status_code == 200

    page.get_by_role("button", name="Account").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login**")
    assert not [c for c in context.cookies() if c["name"] == "apcs_session"]
    assert httpx.get(f"{app_url}/api/context", headers={"Authorization": f"Bearer {stolen}"}).status_code == 401

    thief = browser.new_context(base_url=app_url)
    thief.add_cookies([{"name": "apcs_session", "value": stolen, "url": app_url}])
    thief_page = thief.new_page()
    thief_page.goto("/board")
    thief_page.wait_for_url("**/login**")
    thief.close()
    context.close()


def test_a_password_change_renews_this_session_and_ends_the_others(browser, app_url):
    email, password = _new_user(app_url)
    here, elsewhere = browser.new_context(base_url=app_url), browser.new_context(base_url=app_url)
    pages = []
    for context in (here, elsewhere):
        page = context.new_page()
        page.goto("/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        pages.append(page)
    page, other = pages

    page.goto("/account")
    page.fill("input[name=current_password]", "not my password")
    page.fill("input[name=new_password]", "A brand new passphrase 2026")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_test_id("account-error")).to_be_visible()

    page.fill("input[name=current_password]", password)
    page.fill("input[name=new_password]", "aaaaaaaa")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_test_id("account-error")).to_be_visible()

    page.fill("input[name=current_password]", password)
    page.fill("input[name=new_password]", "A brand new passphrase 2026")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_test_id("account-notice")).to_be_visible()
    page.goto("/")  # this browser is still signed in, with its renewed cookie
    expect(page.get_by_text("You have no workspace yet")).to_be_visible()

    other.goto("/board")  # the other session ended
    other.wait_for_url("**/login**")
    old = httpx.post(f"{app_url}/api/auth/token", json={"email": email, "password": password})
    assert old.status_code == 401
    here.close()
    elsewhere.close()


def test_a_form_posted_from_another_site_is_refused(app_url):
    for origin in ("http://127.0.0.1:1", "null"):
        response = httpx.post(f"{app_url}/api/session", data={"email": "alice@example.com", "password": DEMO_PASSWORD},
                              headers={"Origin": origin})
        assert response.status_code == 403 and "set-cookie" not in response.headers
    assert httpx.post(f"{app_url}/api/session/logout").status_code == 403  # no Origin, no Referer


def test_a_crafted_link_cannot_make_the_sign_in_page_speak(browser, app_url):
    context = browser.new_context(base_url=app_url)
    page = context.new_page()
    page.goto("/login?error=Your+account+is+locked%2C+call+555-0100&sig=0000")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.fill("input[name=email]", "alice@example.com")
    page.fill("input[name=password]", "wrong password")
    page.click("button[type=submit]")
    expect(page.get_by_test_id("auth-error")).to_contain_text("Wrong email or password")
    expect(page.get_by_text("call 555-0100")).to_have_count(0)
    context.close()


def test_a_message_the_server_signed_for_one_browser_says_nothing_in_another(browser, app_url):
    """The attacker's own failed sign-up makes the server sign a message quoting his text; the
    link it redirects to shows that message to him, and to nobody else, on no other page."""
    attacker = browser.new_context(base_url=app_url)
    page = attacker.new_page()
    # The form as his browser would send it (an email field's own check is no barrier to him).
    posted = attacker.request.post("/api/session/signup", max_redirects=0, headers={"Origin": app_url},
                                   form={"name": "Mallet", "email": "Locked. Call 555-0100 now",
                                         "password": "a long enough passphrase of words"})
    assert posted.status == 303
    link = posted.headers["location"]
    page.goto(link)
    expect(page.get_by_test_id("auth-error")).to_contain_text("555-0100")  # his own page: the real answer
    assert "sig=" in link
    victim = browser.new_context(base_url=app_url)
    seen = victim.new_page()
    for target in (link, link.replace("/signup", "/login"), link.replace("/signup", "/account")):
        seen.goto(target)
        expect(seen.get_by_role("heading", name=re.compile("Sign in|Create"))).to_be_visible()
        expect(seen.get_by_text("555-0100")).to_have_count(0)
    page.goto(link.replace("/signup", "/login"))  # nor on another page of his own browser
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("555-0100")).to_have_count(0)
    attacker.close()
    victim.close()


def test_every_response_carries_the_security_headers(app_url):
    page = httpx.get(f"{app_url}/board/", headers={"Accept-Encoding": "gzip"})
    csp = page.headers["content-security-policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src and "'sha256-" in script_src
    for directive in ("frame-src 'none'", "object-src 'none'", "frame-ancestors 'none'", "form-action 'self'",
                      "base-uri 'none'"):
        assert directive in csp
    for response in (page, httpx.get(f"{app_url}/health"), httpx.get(f"{app_url}/api/context"),
                     httpx.post(f"{app_url}/mcp/workflow", json={})):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/api/context", "/mcp/workflow", "/health", "/board/"])
@pytest.mark.parametrize("origin", ["http://127.0.0.1:1", "null"])
def test_no_other_origin_is_echoed_with_credentials(app_url, path, origin):
    preflight = httpx.options(f"{app_url}{path}", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type"})
    simple = httpx.get(f"{app_url}{path}", headers={"Origin": origin})
    for response in (preflight, simple):
        assert response.headers.get("access-control-allow-origin") not in (origin, "*")
        assert response.headers.get("access-control-allow-credentials") != "true" or \
            response.headers.get("access-control-allow-origin") is None
