"""Workspaces, backlog and the Kanban board, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.pages import card, column, create_item, create_workspace, drag_with_mouse, item_row, unique

pytestmark = pytest.mark.e2e


def test_sign_in_shows_the_demo_workspace(new_page):
    page = new_page("alice@example.com")
    expect(page.get_by_test_id("space-switcher")).not_to_have_text("Choose a workspace")
    page.goto("/")
    for name in ("Project Phoenix", "Support Desk"):
        expect(page.locator(f"[data-testid=space-card][data-space='{name}']")).to_be_visible()
    screenshot(page, "workspaces")


def test_wrong_password_is_refused_with_a_message(browser, app_url):
    context = browser.new_context(base_url=app_url)
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=email]", "alice@example.com")
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    expect(page.get_by_test_id("auth-error")).to_contain_text("Wrong email or password")
    assert "/login" in page.url
    context.close()


def test_item_task_and_drag_to_another_column_survives_reload(new_page):
    page = new_page()
    name = unique("Drag")
    create_workspace(page, name, "KANBAN")
    create_item(page, "Implement login form", points="5")
    item_row(page, "Implement login form").get_by_test_id("create-task").click()
    expect(page.get_by_text("Task created on the board")).to_be_visible()
    screenshot(page, "backlog-new-item")

    page.goto("/board")
    expect(column(page, "To Do").get_by_test_id("wip")).to_have_text("1")
    drag_with_mouse(page, card(page, "Implement login form"), column(page, "In Progress").get_by_test_id("column-body"))
    expect(card(column(page, "In Progress"), "Implement login form")).to_be_visible()

    page.reload()
    expect(card(column(page, "In Progress"), "Implement login form")).to_be_visible()
    expect(column(page, "To Do").locator("[data-testid=card]")).to_have_count(0)
    screenshot(page, "board-after-drag")


def test_keyboard_move_and_wip_limit_refusal(new_page):
    page = new_page()
    create_workspace(page, unique("WIP"), "KANBAN")
    for title in ("First fix", "Second fix"):
        create_item(page, title)
        item_row(page, title).get_by_test_id("create-task").click()
        expect(page.get_by_text("Task created on the board")).to_be_visible()
    page.goto("/board")
    doing = column(page, "In Progress")
    doing.get_by_test_id("wip").click()
    page.locator("input[name=wip_limit]").fill("1")
    page.get_by_role("button", name="Save").click()
    expect(doing.get_by_test_id("wip")).to_have_text("0/1")

    # The keyboard way: focus the card's Move button, press Enter, pick a column.
    card(page, "First fix").get_by_role("button", name="Move to column").focus()
    page.keyboard.press("Enter")
    page.get_by_role("dialog").get_by_role("button", name="In Progress").click()
    expect(doing.get_by_test_id("wip")).to_have_text("1/1")
    expect(page.get_by_role("dialog")).to_be_hidden()

    drag_with_mouse(page, card(page, "Second fix"), doing.get_by_test_id("column-body"))
    expect(page.get_by_test_id("board-error")).to_contain_text("WIP limit")
    expect(card(column(page, "To Do"), "Second fix")).to_be_visible()
    expect(doing.get_by_test_id("wip")).to_have_text("1/1")
    screenshot(page, "wip-refused")


def test_empty_title_shows_its_message_and_adds_nothing(new_page):
    page = new_page()
    create_workspace(page, unique("Bad input"), "KANBAN")
    page.goto("/backlog")
    page.get_by_test_id("new-item-title").fill("   ")
    page.get_by_role("button", name="Add item").click()
    expect(page.get_by_test_id("create-item-error")).to_contain_text("Title cannot be empty")
    expect(page.locator("[data-testid=item]")).to_have_count(0)
    screenshot(page, "bad-input")


def test_a_move_in_one_browser_appears_in_another(new_page):
    alice = new_page("alice@example.com")
    create_workspace(alice, unique("Live"), "KANBAN")
    create_item(alice, "Shared card")
    item_row(alice, "Shared card").get_by_test_id("create-task").click()
    expect(alice.get_by_text("Task created on the board")).to_be_visible()
    alice.goto("/board")

    other = new_page("alice@example.com")  # a second browser session of the same team member
    expect(card(column(other, "To Do"), "Shared card")).to_be_visible()
    planner = new_page("alice@example.com")  # a third, on the backlog page
    planner.goto("/backlog")
    expect(item_row(planner, "Shared card")).to_contain_text("TODO")

    drag_with_mouse(alice, card(alice, "Shared card"), column(alice, "Done").get_by_test_id("column-body"))
    expect(card(column(other, "Done"), "Shared card")).to_be_visible(timeout=1000)
    # The move finished the item: the backlog page shows it done, without a reload.
    expect(item_row(planner, "Shared card")).to_contain_text("DONE", timeout=1000)
    screenshot(other, "live-second-browser")


def test_drag_to_reprioritise_the_backlog_survives_reload(new_page):
    page = new_page()
    create_workspace(page, unique("Ranking"), "KANBAN")
    for title in ("Alpha", "Bravo", "Charlie"):
        create_item(page, title)
    titles = page.get_by_test_id("item-title")
    expect(titles).to_have_text(["Alpha", "Bravo", "Charlie"])

    drag_with_mouse(page, item_row(page, "Charlie"), item_row(page, "Alpha"))
    expect(titles).to_have_text(["Charlie", "Alpha", "Bravo"])
    page.reload()
    expect(titles).to_have_text(["Charlie", "Alpha", "Bravo"])
