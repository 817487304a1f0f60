"""Production mode for a team: `apcs run` on PostgreSQL with Reflex's state in Redis and two
granian backend workers. Proves that both workers serve, that a browser session survives its
websocket moving to the other worker, and that a move made through one worker reaches a
browser connected to the other without a reload."""

from __future__ import annotations

import os
import re
import subprocess
import time

import psutil
import pytest
import redis
from playwright.sync_api import expect, sync_playwright

from tests.e2e.conftest import sign_in
from tests.e2e.pages import card, column, create_item, create_workspace, item_row, unique
from tests.e2e.server import AppDidNotStart, launch_chromium, missing_tools, start_app, stop_app

pytestmark = pytest.mark.e2e

REDIS_SERVER = os.environ.get("APCS_TEST_REDIS_URL", "redis://127.0.0.1:6379")
WORKERS = 2
# Pages fulfilled by a route have no local origin in Chromium's eyes, which would then
# refuse their websocket to 127.0.0.1 (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS).
ROUTED_PAGES_MAY_REACH_LOCALHOST = ("--disable-features=LocalNetworkAccessChecks",)
ATTEMPTS = 12  # reloads/pages until a websocket lands on the wanted worker: a miss is 2**-12 by chance


def _free_redis_db() -> tuple[redis.Redis, int]:
    """An empty Redis database number of our own, so cleanup is one FLUSHDB."""
    try:
        redis.Redis.from_url(REDIS_SERVER, socket_timeout=3).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_SERVER}: {exc}")
        pytest.skip(f"Redis is not reachable at {REDIS_SERVER}: {exc}")
    for number in range(15, 0, -1):
        client = redis.Redis.from_url(f"{REDIS_SERVER}/{number}")
        if client.dbsize() == 0:
            return client, number
        client.close()
    pytest.skip("no empty Redis database number left for the multi-worker test")


@pytest.fixture(scope="module")
def team_app(tmp_path_factory, pg_database_factory):
    """`apcs run` as the README's team section has it; yields (url, the granian worker pids)."""
    if problem := missing_tools():
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    store, number = _free_redis_db()
    workdir = tmp_path_factory.mktemp("team-app")
    env = {"REDIS_URL": f"{REDIS_SERVER}/{number}", "GRANIAN_WORKERS": str(WORKERS)}
    try:
        proc, url = start_app(pg_database_factory(), workdir / "app.log", env=env)
    except AppDidNotStart as exc:
        store.flushdb()
        pytest.fail(str(exc))
    tree, workers = _wait_for_workers(proc.pid, _port(url))
    try:
        yield url, workers
    finally:
        stop_app(proc)
        store.flushdb()
        store.close()
        leftovers = [p for p in tree if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        assert not leftovers, f"processes left running after the app stopped: {leftovers}"


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def _wait_for_workers(pid: int, port: int, timeout: float = 30) -> tuple[list[psutil.Process], set[int]]:
    """The app's process tree and its granian workers, once all of them listen: the app answers
    as soon as one worker is up, and a worker not yet listed would own sockets no test can map."""
    deadline = time.monotonic() + timeout
    while True:
        tree = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
        workers = _worker_pids(tree, port)
        if len(workers) >= WORKERS or time.monotonic() > deadline:
            return tree, workers
        time.sleep(0.1)


def _worker_pids(tree: list[psutil.Process], port: int) -> set[int]:
    """The processes of the app that accept connections on its port: the granian workers."""
    workers = set()
    for process in tree:
        try:
            if any(c.status == psutil.CONN_LISTEN and c.laddr.port == port for c in process.net_connections("tcp")):
                workers.add(process.pid)
        except psutil.NoSuchProcess:
            pass
    return workers


def _browser_websockets(port: int) -> set[int]:
    """Local ports of the connections Chromium has sent data over to the app: only websockets,
    since Playwright fetches every page and asset (see `_open_context`). Chromium also opens
    spare connections ahead of need; they have sent nothing and are left out until used."""
    listing = subprocess.run(["ss", "-tnHpi", "state", "established", f"( dport = :{port} )"],
                             capture_output=True, text=True, check=True).stdout
    ports = set()
    for connection, info in zip(*[iter(listing.splitlines())] * 2):
        sent = re.search(r"\bbytes_sent:(\d+)", info)
        if "chrom" in connection and sent and int(sent.group(1)) > 0:
            ports.add(int(connection.split()[2].rsplit(":", 1)[1]))
    return ports


def _serving_worker(workers: set[int], port: int, peer_port: int) -> int | None:
    """The worker holding the browser's connection from `peer_port`, if any does (yet)."""
    for pid in workers:
        if any(c.status == psutil.CONN_ESTABLISHED and c.laddr.port == port and c.raddr and c.raddr.port == peer_port
               for c in psutil.Process(pid).net_connections("tcp")):
            return pid
    return None


def _connect(action, workers: set[int], port: int, page) -> tuple[int, int]:
    """Runs `action` (a navigation to the board) and waits until the board is loaded; returns
    the local port of the page's new websocket and the worker it landed on.

    Waiting for the load matters: Reflex cancels a page's unfinished load when its websocket
    closes, and a load cancelled while it held Reflex's Redis lock on the workspace's shared
    state left that lock to its 10 s expiry (seen under load; every page on the workspace
    waits meanwhile). People reload or close a tab after a page has loaded, and so do these
    tests."""
    before = _browser_websockets(port)
    action()
    expect(column(page, "To Do")).to_be_visible(timeout=15_000)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        new = _browser_websockets(port) - before
        # Chromium may list the socket a moment before the worker has accepted it.
        if len(new) == 1 and (worker := _serving_worker(workers, port, socket := next(iter(new)))):
            return socket, worker
        time.sleep(0.05)
    raise AssertionError(f"expected the page to hold one new websocket on a worker {sorted(workers)}, "
                         f"found {len(new)} new browser connections")


def _sign_in_and_connect(page, workers: set[int], port: int) -> tuple[int, int]:
    """Signs in (a form post, then the board's full page load), then reloads the board to map
    its websocket: the sign-in page's own socket may still be closing while the board loads."""
    sign_in(page, "alice@example.com")
    # Let the board finish loading before the reload (see _connect: a load cancelled while it
    # holds the workspace's Redis lock keeps every page of the workspace waiting).
    expect(column(page, "To Do")).to_be_visible(timeout=15_000)
    return _connect(lambda: (page.reload(), page.wait_for_url("**/board**")), workers, port, page)


def _open_context(browser, url: str):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=url)
    context.set_default_timeout(15_000)
    # Pages and assets are fetched by Playwright, not the browser, so the browser's only
    # connections to the app are the pages' websockets: each maps to exactly one worker.
    # A form post's 303 goes back to the browser (which follows it and keeps the cookie it sets);
    # other redirects are followed here, as before.
    context.route("**/*", lambda route: route.fulfill(
        response=route.fetch(max_redirects=0 if route.request.method == "POST" else 20)))
    return context


@pytest.fixture
def browser(team_app):
    with sync_playwright() as pw:
        chromium = launch_chromium(pw, ROUTED_PAGES_MAY_REACH_LOCALHOST)
        yield chromium
        chromium.close()


def test_two_workers_serve_and_a_session_survives_moving_between_them(team_app, browser):
    url, workers = team_app
    port = _port(url)
    assert len(workers) == WORKERS, f"expected {WORKERS} granian workers, found {sorted(workers)}"

    context = _open_context(browser, url)
    page = context.new_page()
    _, first = _sign_in_and_connect(page, workers, port)
    name = unique("Team")
    create_workspace(page, name, "KANBAN")  # not the default workspace: only the session's state knows it

    for _ in range(ATTEMPTS):
        _, now = _connect(lambda: (page.reload(), page.wait_for_url("**/board")), workers, port, page)
        if now != first:
            break
    else:
        pytest.fail(f"{ATTEMPTS} reloads all landed on worker {first}; the other worker never served")

    # The same browser session, now served by the other worker: signed in, same workspace.
    expect(page.get_by_test_id("space-switcher")).to_contain_text(name)
    create_item(page, "Made through the other worker")
    expect(page.get_by_test_id("space-switcher")).to_contain_text(name)
    assert "/login" not in page.url
    context.close()


def test_a_move_through_one_worker_appears_in_a_browser_on_the_other(team_app, browser):
    url, workers = team_app
    port = _port(url)
    assert len(workers) == WORKERS, f"expected {WORKERS} granian workers, found {sorted(workers)}"

    mover_context = _open_context(browser, url)
    mover = mover_context.new_page()
    mover_socket, mover_worker = _sign_in_and_connect(mover, workers, port)
    name = unique("Live team")
    create_workspace(mover, name, "KANBAN")
    create_item(mover, "Card across workers")
    item_row(mover, "Card across workers").get_by_test_id("create-task").click()
    expect(mover.get_by_text("Task created on the board")).to_be_visible()
    mover_socket, mover_worker = _connect(lambda: mover.goto("/board"), workers, port, mover)

    for _ in range(ATTEMPTS):
        watcher_context = _open_context(browser, url)
        watcher = watcher_context.new_page()
        watcher_socket, watcher_worker = _sign_in_and_connect(watcher, workers, port)
        if watcher_worker != mover_worker:
            break
        watcher_context.close()
    else:
        pytest.fail(f"{ATTEMPTS} browser sessions all landed on worker {mover_worker}, the mover's")
    watcher.get_by_test_id("space-switcher").click()
    watcher.get_by_role("menuitem").filter(has_text=name).click()
    expect(card(column(watcher, "To Do"), "Card across workers")).to_be_visible()

    # The Move dialog, not a drag: a drag begun while the watcher's link makes Reflex resend the
    # board can be swallowed by the re-render (once in four full runs under load); drags have
    # their own tests, this one is about the move crossing workers.
    card(mover, "Card across workers").get_by_role("button", name="Move to column").focus()
    mover.keyboard.press("Enter")
    mover.get_by_role("dialog").get_by_role("button", name="Done").click()
    expect(card(column(mover, "Done"), "Card across workers")).to_be_visible()
    expect(card(column(watcher, "Done"), "Card across workers")).to_be_visible(timeout=1000)
    # Neither page reconnected meanwhile: the move really crossed from one worker to the other.
    assert _serving_worker(workers, port, mover_socket) == mover_worker
    assert _serving_worker(workers, port, watcher_socket) == watcher_worker
    mover_context.close()
    watcher_context.close()
