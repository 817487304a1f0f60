"""Browser tests: the app started once with the README's command (`apcs run`, prod mode) on a
free port and a fresh demo database, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from apcs_app.settings import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
DEMO_PASSWORD = "apcs-demo"
START_TIMEOUT = 240  # a cold frontend build (bun install + vite) on 2 cores


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bun_available() -> bool:
    return (PROJECT_ROOT / ".tools" / "bun" / "bin" / "bun").exists() or shutil.which("bun") is not None


def _wait_for_ping(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"`apcs run` exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"the app did not answer /ping within {START_TIMEOUT} s:\n{log.read_text()[-4000:]}")


def _stop(proc: subprocess.Popen) -> None:
    """SIGINT to the whole process group (apcs → reflex → granian/bun), then make sure."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> str:
    if not _bun_available():
        pytest.skip("bun is missing: run ./scripts/bootstrap.sh (it installs bun from the npm registry)")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is missing: apt-get install chromium (see ENVIRONMENT.md)")
    workdir = tmp_path_factory.mktemp("app")
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{workdir / 'apcs.db'}", APCS_SECRET_KEY="e2e-secret-key")
    env.pop("REDIS_URL", None)
    apcs = Path(sys.executable).with_name("apcs")
    log = workdir / "app.log"
    with log.open("w") as out:
        proc = subprocess.Popen([str(apcs), "run", "--port", str(port)], cwd=PROJECT_ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_ping(url, proc, log)
        yield url
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def browser(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, app_url):
    """Opens signed-in pages in fresh browser contexts (each its own browser session)."""
    contexts = []

    def open_page(email: str = "alice@example.com", width: int = 1440, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=app_url)
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
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/board")


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)  # let charts and fonts settle
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
