"""Column management (rename, reorder by menu, keyboard and drag, delete moving its cards) and
find-and-filter kept in the URL, in a real browser."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import card, column, create_item, create_workspace, drag_with_mouse, item_row, unique

pytestmark = pytest.mark.e2e


def _names(page) -> list[str]:
    return page.locator("[data-testid=column]").evaluate_all("cs => cs.map(c => c.dataset.column)")


def _expect_names(page, wanted: list[str], timeout: float = 10) -> None:
    """The board's columns, left to right, become `wanted` (Playwright's sync API has no expect.poll)."""
    deadline = time.monotonic() + timeout
    while (names := _names(page)) != wanted and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert names == wanted


def _menu(page, name: str):
    return column(page, name).get_by_role("button", name=f"Column actions: {name}")


def test_rename_reorder_and_delete_columns_with_mouse_and_keyboard(new_page):
    page = new_page()
    create_workspace(page, unique("Columns"), "KANBAN")
    create_item(page, "Parked card")
    item_row(page, "Parked card").get_by_test_id("create-task").click()
    expect(page.get_by_text("Task created on the board")).to_be_visible()
    page.goto("/board")
    expect(card(page, "Parked card")).to_be_visible()

    # Rename with the mouse.
    _menu(page, "In Progress").click()
    page.get_by_role("menuitem", name="Rename…").click()
    page.get_by_test_id("column-name").fill("Doing")
    page.get_by_role("button", name="Rename").click()
    expect(column(page, "Doing")).to_be_visible()

    # Move right with the keyboard only: the menu button, Enter, arrows, Enter.
    _menu(page, "To Do").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("menuitem", name="Move right")).to_be_visible()
    page.get_by_role("menuitem", name="Move right").focus()
    page.keyboard.press("Enter")
    _expect_names(page, ["Doing", "To Do", "Done"])

    # Drag a header onto another: the column takes its place.
    drag_with_mouse(page, column(page, "To Do").get_by_test_id("column-header"),
                    column(page, "Doing").get_by_test_id("column-header"))
    _expect_names(page, ["To Do", "Doing", "Done"])

    # Delete a column that holds a card: the card goes where the user picks.
    _menu(page, "To Do").click()
    page.get_by_role("menuitem", name="Delete…").click()
    page.get_by_test_id("move-cards-to").select_option(label="Doing")
    page.get_by_role("button", name="Delete column").click()
    _expect_names(page, ["Doing", "Done"])
    expect(card(column(page, "Doing"), "Parked card")).to_be_visible()
    page.reload()
    _expect_names(page, ["Doing", "Done"])

    # A board keeps two columns at least: the refusal says so and nothing changes.
    _menu(page, "Doing").click()
    page.get_by_role("menuitem", name="Delete…").click()
    page.get_by_role("button", name="Delete column").click()
    expect(page.get_by_test_id("column-menu-error")).to_contain_text("at least 2 columns")


def test_filter_to_mine_and_by_words_kept_in_the_url(new_page):
    page = new_page()
    create_workspace(page, unique("Filter"), "KANBAN")
    for title in ("CSV export", "Login page", "CSV import"):
        create_item(page, title)
        item_row(page, title).get_by_test_id("create-task").click()
        expect(page.get_by_text(f"Task created on the board")).to_be_visible()
    page.goto("/board")
    mine = card(page, "CSV import")
    mine.get_by_role("button", name="Assign").click()
    page.get_by_role("dialog").get_by_role("button", name="Alice Martin").click()
    expect(mine).to_contain_text("Alice")

    page.get_by_test_id("filter-words").fill("csv")
    page.get_by_test_id("filter-words").press("Enter")
    page.wait_for_url("**/board?q=csv")
    expect(card(page, "CSV export")).to_be_visible()
    expect(card(page, "Login page")).to_have_count(0)

    page.get_by_role("combobox", name="Assignee").click()
    page.get_by_role("option", name="Mine").click()
    page.get_by_test_id("filter-apply").click()
    page.wait_for_url("**/board?q=csv&assignee=mine")
    expect(card(page, "CSV import")).to_be_visible()
    expect(card(page, "CSV export")).to_have_count(0)

    page.reload()
    expect(card(page, "CSV import")).to_be_visible()
    expect(card(page, "CSV export")).to_have_count(0)
    expect(page.get_by_test_id("filter-words")).to_have_value("csv")
    expect(page.get_by_test_id("filter-count")).to_have_text("1 matching")

    # The backlog takes the same words from its own URL.
    page.goto("/backlog?q=login")
    expect(item_row(page, "Login page")).to_be_visible()
    expect(item_row(page, "CSV export")).to_have_count(0)
    page.get_by_test_id("filter-clear").click()
    page.wait_for_url("**/backlog")
    expect(item_row(page, "CSV export")).to_be_visible()
