"""Browser tests: the app started once with the README's command (`apcs run`, prod mode) on a
free port and a fresh demo database, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os

import pytest

from apcs_app.settings import PROJECT_ROOT
from tests.e2e.server import launch_chromium, missing_tools, serving

# Screenshots go to the ignored test-results/ unless a run asks for the README's folder
# (`make screenshots` sets APCS_SCREENSHOTS=docs/screenshots), so a test run leaves the repo clean.
SCREENSHOTS = PROJECT_ROOT / os.environ.get("APCS_SCREENSHOTS", "test-results/screenshots")
DEMO_PASSWORD = "apcs-demo"


@pytest.fixture(scope="session")
def app_workdir(tmp_path_factory):
    """Where the app's database, frontend build and log (app.log) go."""
    return tmp_path_factory.mktemp("app")


@pytest.fixture(scope="session")
def app_server(app_workdir) -> tuple[str, str]:
    """The app's URL and its database's URL (for tests that check what reached the database)."""
    if problem := missing_tools():
        if os.environ.get("CI"):  # CI installs everything first: a missing tool is a failure there
            pytest.fail(problem)
        pytest.skip(problem)
    database_url = f"sqlite:///{app_workdir / 'apcs.db'}"
    with serving(database_url, app_workdir / "app.log") as url:
        yield url, database_url


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server[0]


@pytest.fixture
def browser(app_url):
    # Per test, not per session: sync Playwright keeps an event loop running on this thread
    # while it is open, which would break the asyncio tests that share this xdist worker.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, app_url):
    """Opens signed-in pages in fresh browser contexts (each its own browser session)."""
    contexts = []

    def open_page(email: str = "alice@example.com", width: int = 1440, height: int = 900, dark: bool = False):
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=app_url,
                                      color_scheme="dark" if dark else "light")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, email)
        return page

    yield open_page
    for context in contexts:
        context.close()


def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.wait_for_selector("input[name=email]", timeout=60_000)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    # Generous: the first sign-in after the app starts also opens its websocket and loads the
    # board, which took over 15 s on a loaded 2-core CI machine.
    page.wait_for_url("**/board**", timeout=60_000)  # a full page load after the form post: /board/


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)  # let charts and fonts settle
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
