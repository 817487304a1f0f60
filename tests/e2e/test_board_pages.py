"""A big board in the browser: the shared board holds each column's first page, "Show more"
pages on in one browser only, and what a move sends a linked browser does not grow with the board."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from apcs_app import db
from apcs_app.domain.models import Via
from apcs_app.services import auth, bulk, members, spaces
from apcs_app.services.access import Actor
from apcs_app.ui.state.live import BACKLOG_PAGE, BOARD_PAGE
from tests.e2e.pages import column, unique, use_workspace

pytestmark = pytest.mark.e2e


def _board(database_url: str, cards: int) -> str:
    """A Kanban workspace of Alice's (Bob a member) with `cards` cards, all in To Do."""
    name = unique(f"Pages {cards}")
    engine = db.make_engine(database_url)
    try:
        with Session(engine, expire_on_commit=False) as s:
            alice = Actor(auth.find_user(s, "alice@example.com").id, Via.CLI, "test")
            space = spaces.create_space(s, alice, name, "KANBAN", "")
            members.invite_member(s, alice, space.id, "bob@example.com")
            bulk.add_cards(s, alice, space.id, [bulk.NewCard(f"Card {n}") for n in range(cards)])
            s.commit()
    finally:
        engine.dispose()
    return name


@pytest.fixture(scope="module")
def boards(app_server):
    return {n: _board(app_server[1], n) for n in (200, 2000)}


def _open(new_page, email: str, name: str):
    page = new_page(email)
    use_workspace(page, name)
    page.goto("/board")
    expect(column(page, "To Do").get_by_test_id("card")).to_have_count(BOARD_PAGE)
    return page


def test_a_column_shows_its_first_page_and_show_more_is_this_browsers_own(new_page, boards):
    mine, theirs = (_open(new_page, e, boards[200]) for e in ("alice@example.com", "bob@example.com"))
    todo = column(mine, "To Do")
    expect(todo.get_by_test_id("wip")).to_have_text("200")
    more = todo.get_by_role("button", name="Show more cards in To Do")
    more.focus()
    mine.keyboard.press("Enter")
    expect(todo.get_by_test_id("card")).to_have_count(2 * BOARD_PAGE)
    for _ in range(2):
        more.click()
    expect(todo.get_by_test_id("card")).to_have_count(200)
    expect(more).to_have_count(0)  # the column's end
    expect(todo.get_by_test_id("card").last).to_contain_text("Card 199")
    theirs.wait_for_timeout(500)
    expect(column(theirs, "To Do").get_by_test_id("card")).to_have_count(BOARD_PAGE)
    # A move by the other browser refills the shared board: this browser's further pages go.
    theirs.locator("[data-testid=card]").first.focus()
    theirs.keyboard.press("Alt+ArrowRight")
    expect(column(theirs, "In Progress").get_by_test_id("card")).to_have_count(1)
    expect(column(mine, "In Progress").get_by_test_id("card")).to_have_count(1)
    expect(todo.get_by_test_id("wip")).to_have_text("199")
    expect(todo.get_by_test_id("card")).to_have_count(BOARD_PAGE)
    expect(more).to_be_visible()


def _bytes_of_a_move(new_page, name: str) -> int:
    mover, watcher = (_open(new_page, e, name) for e in ("alice@example.com", "bob@example.com"))
    received: list[int] = []
    watcher.wait_for_timeout(500)
    ws_pages = []

    def on_ws(ws):
        ws_pages.append(ws)
        ws.on("framereceived", lambda payload: received.append(len(payload)))

    watcher.on("websocket", on_ws)
    watcher.reload()  # a fresh socket, watched from its start
    expect(column(watcher, "To Do").get_by_test_id("card")).to_have_count(BOARD_PAGE)
    watcher.wait_for_timeout(1000)
    received.clear()
    mover.locator("[data-testid=card]").first.focus()
    mover.keyboard.press("Alt+ArrowRight")
    expect(column(watcher, "In Progress").get_by_test_id("card")).to_have_count(1)
    watcher.wait_for_timeout(1000)
    return sum(received)


def test_a_move_sends_a_linked_browser_the_same_whatever_the_boards_size(new_page, boards):
    small, big = (_bytes_of_a_move(new_page, boards[n]) for n in (200, 2000))
    print(f"\nbytes a linked browser receives for a move: 200 cards {small:,}, 2,000 cards {big:,}")
    assert small > 0
    assert big / small < 1.3


def test_a_filter_matching_a_thousand_cards_shows_a_page_of_them_and_pages_on(new_page, boards):
    page = _open(new_page, "alice@example.com", boards[2000])
    page.goto("/board?q=card+1")  # each word matches: every card with a 1 in its number
    matches = sum("1" in str(n) for n in range(2000))
    todo = column(page, "To Do")
    expect(page.get_by_test_id("filter-count")).to_have_text(f"{matches} matching")
    expect(todo.get_by_test_id("card")).to_have_count(BOARD_PAGE)
    expect(todo.get_by_test_id("card").first).to_contain_text("Card 1")
    page.get_by_role("button", name="Show more matching cards in To Do").click()
    expect(todo.get_by_test_id("card")).to_have_count(2 * BOARD_PAGE)
    expect(todo.get_by_test_id("card").filter(has_not_text="1")).to_have_count(0)


def test_the_backlog_shows_its_first_page_and_pages_on_in_one_browser(new_page, boards):
    mine, theirs = (new_page(e) for e in ("alice@example.com", "bob@example.com"))
    for page in (mine, theirs):
        use_workspace(page, boards[200])
        page.goto("/backlog")
        expect(page.get_by_text("200 items · drag to reprioritise")).to_be_visible()
        expect(page.get_by_test_id("item")).to_have_count(BACKLOG_PAGE)
    more = mine.get_by_role("button", name="Show more backlog items")
    more.click()
    expect(mine.get_by_test_id("item")).to_have_count(200)
    expect(more).to_have_count(0)
    expect(mine.get_by_test_id("item").last).to_contain_text("Card 199")
    expect(theirs.get_by_test_id("item")).to_have_count(BACKLOG_PAGE)
