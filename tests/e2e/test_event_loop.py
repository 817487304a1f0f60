"""One slow write never freezes the other browsers on the same server process.

`apcs run` on PostgreSQL as one process: a test connection holds the lock on Alice's Done
column, so her drag into Done waits on the database for as long as the test keeps it. Bob, in
a workspace of his own on the same process, goes on working meanwhile: his pages load and his
own moves land. Before the app ran its database work off the event loop, the one waiting
handler froze the whole process — every browser on it — until the lock was released."""

from __future__ import annotations

import psycopg
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.e2e.pages import card, column, create_item, create_workspace, drag_with_mouse, item_row, unique
from tests.e2e.server import missing_tools, serving

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

# What Bob may wait for one step of his while Alice's move hangs: far more than a step takes
# on a loaded machine, far less than the lock is held.
BOB_STEP_MS = 8_000


@pytest.fixture(scope="module")
def pg_app(tmp_path_factory, pg_database_factory):
    if problem := missing_tools():
        pytest.fail(problem)
    database_url = pg_database_factory()
    with serving(database_url, tmp_path_factory.mktemp("loop-app") / "app.log") as url:
        yield url, database_url


def _card_on_board(page, workspace: str, title: str) -> None:
    create_workspace(page, workspace, "KANBAN")
    create_item(page, title)
    item_row(page, title).get_by_test_id("create-task").click()
    expect(page.get_by_text("Task created on the board")).to_be_visible()
    page.goto("/board")
    expect(card(column(page, "To Do"), title)).to_be_visible()


def test_a_write_waiting_on_a_lock_does_not_freeze_other_browsers(pg_app, browser):
    url, database_url = pg_app
    pages = {}
    for who in ("alice", "bob"):
        context = browser.new_context(base_url=url, viewport={"width": 1440, "height": 900})
        context.set_default_timeout(30_000)
        pages[who] = context.new_page()
        sign_in(pages[who], f"{who}@example.com")
    alice, bob = pages["alice"], pages["bob"]
    alice_space, bob_space = unique("Locked A"), unique("Free B")
    _card_on_board(alice, alice_space, "Waits for the lock")
    _card_on_board(bob, bob_space, "Moves meanwhile")

    blocker = psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://"))
    try:
        blocker.execute(
            "SELECT c.id FROM board_columns c JOIN spaces s ON s.id = c.space_id "
            "WHERE s.name = %s AND c.name = 'Done' FOR UPDATE", (alice_space,)).fetchone()
        drag_with_mouse(alice, card(alice, "Waits for the lock"), column(alice, "Done").get_by_test_id("column-body"))
        alice.wait_for_timeout(1_000)  # her move has reached the server and waits on the lock

        bob.goto("/backlog")
        expect(item_row(bob, "Moves meanwhile")).to_be_visible(timeout=BOB_STEP_MS)
        bob.goto("/board")
        drag_with_mouse(bob, card(bob, "Moves meanwhile"), column(bob, "In Progress").get_by_test_id("column-body"))
        expect(card(column(bob, "In Progress"), "Moves meanwhile")).to_be_visible(timeout=BOB_STEP_MS)
        expect(card(column(alice, "To Do"), "Waits for the lock")).to_be_visible()  # still waiting
    finally:
        blocker.rollback()
        blocker.close()
    expect(card(column(alice, "Done"), "Waits for the lock")).to_be_visible()
    bob.reload()
    expect(card(column(bob, "In Progress"), "Moves meanwhile")).to_be_visible()
    for page in pages.values():
        page.context.close()
