"""Sprints with their burndown, the chat drawer, and the demo workspace's pages for the README."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.pages import card, column, create_item, create_workspace, item_row, open_drawer, unique

pytestmark = pytest.mark.e2e


def sprint_card(page, name: str):
    return page.locator(f"[data-testid=sprint][data-sprint='{name}']")


def test_create_start_and_complete_a_sprint_with_its_burndown(new_page):
    page = new_page()
    create_workspace(page, unique("Sprinting"), "SCRUM")
    create_item(page, "Checkout page", points="5")
    create_item(page, "Receipt emails", points="3")

    page.goto("/sprints")
    today = dt.date.today()
    page.fill("input[name=name]", "Sprint One")
    page.fill("input[name=end_date]", (today - dt.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Create sprint").click()
    expect(page.get_by_test_id("create-sprint-error")).to_contain_text("must be after the start date")
    expect(page.locator("[data-testid=sprint]")).to_have_count(0)

    page.fill("input[name=end_date]", (today + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Create sprint").click()
    sprint = sprint_card(page, "Sprint One")
    expect(sprint).to_have_attribute("data-status", "PLANNING")
    picker = sprint.get_by_role("combobox", name="Add a backlog item to the sprint")
    for count in (1, 2):
        picker.select_option(index=1)  # the first item not yet in a sprint
        expect(sprint).to_contain_text(f"{count} items")
    expect(sprint).to_contain_text("Checkout page")
    expect(sprint).to_contain_text("Receipt emails")

    sprint.get_by_role("button", name="Start").click()
    expect(sprint).to_have_attribute("data-status", "ACTIVE")
    expect(sprint).to_contain_text("0 of 8 pts done")
    expect(page.get_by_test_id("burndown").locator(".recharts-line")).to_have_count(2)
    screenshot(page, "sprint-active")

    sprint.get_by_role("button", name="Complete").click()
    expect(sprint).to_have_attribute("data-status", "COMPLETED")
    expect(page.get_by_test_id("velocity").locator(".recharts-bar")).to_have_count(2)

    page.goto("/backlog")
    expect(item_row(page, "Checkout page")).not_to_contain_text("Sprint One")


def test_chat_drawer_creates_a_story_that_appears_without_reload(new_page):
    page = new_page()
    create_workspace(page, unique("Chat"), "SCRUM")
    page.goto("/backlog")
    expect(page.locator("[data-testid=item]")).to_have_count(0)

    page.get_by_test_id("chat-toggle").click()
    page.get_by_test_id("chat-input").fill("Create a user story for implementing authentication with 8 story points")
    page.get_by_role("button", name="Send").click()

    expect(page.get_by_test_id("tool-chip").filter(has_text="create_backlog_item")).to_be_visible()
    row = page.locator("[data-testid=item]").filter(has_text="authentication")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("8 pt")
    expect(page.get_by_test_id("chat-answer").last).not_to_contain_text("Thinking")
    screenshot(page, "chat-drawer")


@pytest.mark.parametrize("path,name", [("/board", "board"), ("/backlog", "backlog"), ("/sprints", "sprints"),
                                       ("/activity", "activity")])
def test_demo_workspace_pages(new_page, path, name):
    """The seeded Scrum workspace as a newcomer first sees it (the README's screenshots)."""
    page = new_page("bob@example.com")
    page.goto("/")
    page.locator("[data-testid=space-card][data-space='Project Phoenix']").get_by_role("button", name="Open").click()
    page.wait_for_url("**/board")
    page.goto(path)
    expect(page.get_by_test_id("space-switcher")).to_contain_text("Project Phoenix")
    marker = {"board": "card", "backlog": "item", "sprints": "sprint", "activity": "activity"}[name]
    expect(page.locator(f"[data-testid={marker}]").first).to_be_visible()
    if name == "sprints":
        expect(page.get_by_test_id("burndown").locator(".recharts-line")).to_have_count(2)
    screenshot(page, name)


def test_tablet_width_in_dark_mode(new_page):
    """A tablet in portrait, dark theme: icon navigation instead of the sidebar, the board scrolls sideways."""
    page = new_page("bob@example.com", width=820, height=1180, dark=True)
    page.goto("/")
    page.locator("[data-testid=space-card][data-space='Project Phoenix']").get_by_role("button", name="Open").click()
    page.wait_for_url("**/board")
    expect(page.locator("[data-testid=card]").first).to_be_visible()
    expect(page.get_by_role("link", name="Workspaces").first).to_be_visible()  # the compact navigation
    screenshot(page, "board-tablet-dark")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page itself scrolls sideways by {overflow}px"


def test_chat_move_waits_for_confirmation_then_moves_the_card(new_page):
    page = new_page()
    create_workspace(page, unique("Confirm"), "KANBAN")
    create_item(page, "Payment form")
    item_row(page, "Payment form").get_by_test_id("create-task").click()
    expect(page.get_by_text("Task created on the board")).to_be_visible()
    page.goto("/board")
    page.get_by_test_id("chat-toggle").click()
    page.get_by_test_id("chat-input").fill("Move 'Payment form' to Done")
    page.get_by_role("button", name="Send").click()

    planned = page.get_by_test_id("planned-actions").last
    expect(planned).to_contain_text("Payment form")
    page.wait_for_timeout(300)
    expect(card(column(page, "To Do"), "Payment form")).to_be_visible()  # nothing moves before the user says so

    watcher = new_page()  # another browser on the same workspace sees the agent's change too
    expect(card(column(watcher, "To Do"), "Payment form")).to_be_visible()
    planner = new_page()  # and one on the backlog page sees the item done
    planner.goto("/backlog")
    expect(item_row(planner, "Payment form")).to_contain_text("TODO")

    planned.get_by_role("button", name="Confirm").click()
    expect(card(column(page, "Done"), "Payment form")).to_be_visible()
    expect(card(column(watcher, "Done"), "Payment form")).to_be_visible(timeout=1000)
    expect(item_row(planner, "Payment form")).to_contain_text("DONE", timeout=1000)
    expect(planned).to_contain_text("Confirmed")
    screenshot(page, "chat-confirmed-move")


def test_a_half_typed_message_survives_closing_the_drawer(new_page):
    page = new_page()
    open_drawer(page)
    page.get_by_test_id("chat-input").fill("Create a story about invoices")
    page.get_by_role("button", name="Close the assistant").click()
    expect(page.get_by_test_id("chat-drawer")).to_be_hidden()
    page.get_by_test_id("chat-toggle").click()
    expect(page.get_by_test_id("chat-input")).to_have_value("Create a story about invoices")
