"""Sign-up, sign-out, the sign-in guard and workspace membership, in a real browser."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.pages import create_workspace, unique

pytestmark = pytest.mark.e2e


def test_pages_need_a_signed_in_user(browser, app_url):
    context = browser.new_context(base_url=app_url)
    page = context.new_page()
    page.goto("/board")
    page.wait_for_url("**/login**")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    context.close()


def test_sign_up_then_sign_out(browser, app_url):
    context = browser.new_context(base_url=app_url)
    page = context.new_page()
    email = f"new-{uuid.uuid4().hex[:6]}@example.com"
    page.goto("/signup")
    page.fill("input[name=name]", "Nora New")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "short")
    page.click("button[type=submit]")
    expect(page.get_by_test_id("auth-error")).to_contain_text("at least 8 characters")

    page.fill("input[name=password]", "a-long-enough-password")
    page.click("button[type=submit]")
    expect(page.get_by_text("You have no workspace yet")).to_be_visible()

    page.get_by_role("button", name="Account").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login**")
    page.goto("/board")
    page.wait_for_url("**/login**")
    context.close()


def test_invite_change_role_and_remove_a_member(new_page):
    page = new_page()
    create_workspace(page, unique("Team"), "SCRUM")
    page.goto("/settings")
    email_field = page.locator("input[name=email]")

    email_field.fill("nobody-here@example.com")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_test_id("invite-error")).to_contain_text("No APCS user has the email")

    email_field.fill("bob@example.com")
    page.get_by_role("button", name="Invite").click()
    bob = page.get_by_role("row").filter(has_text="bob@example.com")
    expect(bob).to_contain_text("DEVELOPER")

    bob.get_by_role("combobox").click()
    page.get_by_role("option", name="SCRUM_MASTER").click()
    expect(bob).to_contain_text("SCRUM_MASTER")
    screenshot(page, "members")

    bob.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("row").filter(has_text="bob@example.com")).to_have_count(0)


def test_owner_deletes_a_workspace_once_its_name_is_typed(new_page):
    page = new_page()
    name = unique("Doomed")
    create_workspace(page, name, "KANBAN")
    page.goto("/settings")
    danger = page.get_by_test_id("delete-space")
    confirm = danger.get_by_role("textbox", name="Type the workspace's name to confirm")

    confirm.fill("Some other name")
    danger.get_by_role("button", name="Delete workspace").click()
    expect(page.get_by_test_id("delete-error")).to_contain_text(f"Type the workspace's name, {name}")
    expect(page.get_by_test_id("space-switcher")).to_contain_text(name)

    confirm.fill(name)
    danger.get_by_role("button", name="Delete workspace").click()
    expect(page.get_by_text(f"Deleted the workspace '{name}'.")).to_be_visible()
    expect(page.locator("[data-testid=space-card][data-space='Project Phoenix']")).to_be_visible()
    expect(page.locator(f"[data-testid=space-card][data-space='{name}']")).to_have_count(0)
    expect(page.get_by_test_id("space-switcher")).not_to_contain_text(name)


def test_a_member_who_is_not_the_owner_is_not_offered_deletion(new_page):
    page = new_page("bob@example.com")  # a developer in Alice's Project Phoenix
    page.goto("/settings")
    expect(page.get_by_role("row").filter(has_text="alice@example.com")).to_contain_text("Owner")
    expect(page.get_by_test_id("delete-space")).to_have_count(0)
