"""Starts and stops the app the way the README does (`apcs run`, prod mode), for the browser
tests and the UI benchmark, and launches Debian's Chromium for Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from apcs_app.settings import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
START_TIMEOUT = 240  # a cold frontend build (bun install + vite) on 2 cores


class AppDidNotStart(RuntimeError):
    pass


def missing_tools() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not ((PROJECT_ROOT / ".tools" / "bun" / "bin" / "bun").exists() or shutil.which("bun")):
        return "bun is missing: run ./scripts/bootstrap.sh (it installs bun from the npm registry)"
    if not Path(CHROMIUM).exists():
        return "Chromium is missing: apt-get install chromium (see ENVIRONMENT.md)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(database_url: str, log: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """`apcs run --port N` on its own database (demo data on first start); returns once /ping answers.

    Without REDIS_URL in `env` the app runs as one process; with it, as several workers sharing Redis.
    Each app builds its frontend in its own folder beside `log`: a build writes its backend's port
    into the bundle, so two apps sharing the project's .web would send the first app's browsers to
    the second app's port once the second one is built (and to nothing once it stops)."""
    port = free_port()
    base = dict(os.environ, DATABASE_URL=database_url, APCS_SECRET_KEY="ui-test-secret-key-of-32-bytes!!",
                REFLEX_WEB_WORKDIR=str(log.parent / ".web"))
    base.pop("REDIS_URL", None)
    env = base | (env or {})
    apcs = Path(sys.executable).with_name("apcs")
    with log.open("w") as out:
        proc = subprocess.Popen([str(apcs), "run", "--port", str(port)], cwd=PROJECT_ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AppDidNotStart(f"`apcs run` exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=2) as response:
                if response.status == 200:
                    return proc, url
        except OSError:
            pass
        time.sleep(0.5)
    stop_app(proc)
    raise AppDidNotStart(f"the app did not answer /ping within {START_TIMEOUT} s:\n{log.read_text()[-4000:]}")


@contextlib.contextmanager
def serving(database_url: str, log: Path):
    """The app on `database_url` for the length of the block: yields its URL; a start that
    fails fails the test that needed it."""
    import pytest

    try:
        proc, url = start_app(database_url, log)
    except AppDidNotStart as exc:
        pytest.fail(str(exc))
    try:
        yield url
    finally:
        stop_app(proc)


def stop_app(proc: subprocess.Popen) -> None:
    """SIGINT to the whole process group (apcs → reflex → granian/bun), then make sure."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def launch_chromium(playwright, extra_args: tuple[str, ...] = ()):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args])
