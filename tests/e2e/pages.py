"""Steps the browser tests share, written the way a person uses the pages."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect


def unique(name: str) -> str:
    return f"{name} {uuid.uuid4().hex[:5]}"


def loaded(page: Page) -> None:
    """The page has run its loads: typing into it before then races the page's own data
    (the main region is aria-busy until they have run)."""
    expect(page.locator("main#main")).to_have_attribute("aria-busy", "false", timeout=15_000)


def create_workspace(page: Page, name: str, methodology: str = "KANBAN") -> None:
    page.goto("/")
    loaded(page)
    page.get_by_test_id("new-space-name").fill(name)
    page.locator(f"button[role=radio][value={methodology}]").click()
    page.get_by_role("button", name="Create workspace").click()
    card = page.locator(f"[data-testid=space-card][data-space='{name}']")
    expect(card).to_be_visible()
    card.get_by_role("button", name="Open").click()
    page.wait_for_url("**/board")
    expect(page.get_by_test_id("space-switcher")).to_contain_text(name)
    # The board has loaded before the next step navigates away: under load, a page load cut
    # short by a navigation left the workspace's live board stale on the other worker (twice
    # in CI, never locally; a known app issue of its own, not what these tests are about).
    expect(page.locator("[data-testid=column]").first).to_be_visible(timeout=15_000)


def use_workspace(page: Page, name: str) -> None:
    """Chooses the workspace in the switcher: a user's default is whichever they opened last,
    and browser tests running beside this one open other workspaces as the same demo user."""
    switcher = page.get_by_test_id("space-switcher")
    expect(switcher).not_to_have_text("Choose a workspace")
    if name not in switcher.inner_text():
        switcher.click()
        page.get_by_role("menuitem").filter(has_text=name).first.click()
    expect(switcher).to_contain_text(name)


def create_item(page: Page, title: str, points: str | None = None) -> None:
    if not page.url.endswith("/backlog"):
        page.goto("/backlog")
    loaded(page)
    page.get_by_test_id("new-item-title").fill(title)
    if points:
        page.get_by_role("combobox", name="Story points").click()
        page.get_by_role("option", name=f"{points} pt", exact=True).click()
    page.get_by_role("button", name="Add item").click()
    expect(item_row(page, title)).to_be_visible()


def item_row(page: Page, title: str):
    title_cell = page.get_by_test_id("item-title").get_by_text(title, exact=True)
    return page.locator("[data-testid=item]").filter(has=title_cell)


def card(scope, title: str):
    """The card titled so, on the page or inside a column."""
    page = scope if isinstance(scope, Page) else scope.page
    title_line = page.get_by_test_id("card-title").get_by_text(title, exact=True)
    return scope.locator("[data-testid=card]").filter(has=title_line)


def column(page: Page, name: str):
    return page.locator(f"[data-testid=column][data-column='{name}']")


def drag_with_mouse(page: Page, source, target) -> None:
    """A real drag: press on the source, move in steps, release over the target."""
    # hover() waits for the card to be attached and still: another member's page load can
    # re-render the board a moment before (Reflex resends a shared state when a browser links).
    source.hover()
    start = source.bounding_box()
    end = target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + 20)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2 + 10, start["y"] + 30, steps=3)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + min(end["height"] - 10, 30), steps=8)
    page.mouse.up()


def open_drawer(page: Page) -> None:
    page.get_by_test_id("chat-toggle").or_(page.get_by_test_id("chat-drawer")).first.wait_for()
    if not page.get_by_test_id("chat-drawer").is_visible():
        page.get_by_test_id("chat-toggle").click()


def ask(page: Page, text: str) -> None:
    """Send a message from the chat drawer (opened if it is closed)."""
    open_drawer(page)
    page.get_by_test_id("chat-input").fill(text)
    page.get_by_role("button", name="Send").click()
