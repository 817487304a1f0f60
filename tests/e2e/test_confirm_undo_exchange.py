"""Browser tests for what the assistant may change and how to take it back: the planned-changes
card (cancel, edit, confirm), undo of a run, the confirm setting, the drawer's stored history,
and a workspace exported and imported again through the pages."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot
from tests.e2e.pages import ask, card, column, create_item, create_workspace, item_row, open_drawer, unique

pytestmark = pytest.mark.e2e


def _board_with_task(page: Page, title: str) -> None:
    create_workspace(page, unique("Undo"), "KANBAN")
    create_item(page, title)
    item_row(page, title).get_by_test_id("create-task").click()
    expect(page.get_by_text("Task created on the board")).to_be_visible()
    page.goto("/board")
    expect(card(column(page, "To Do"), title)).to_be_visible()




def test_cancelled_card_changes_nothing(new_page):
    page = new_page()
    _board_with_task(page, "Cancel me")
    ask(page, "Move 'Cancel me' to Done")
    planned = page.get_by_test_id("planned-actions").last
    expect(planned).to_contain_text("Cancel me")
    planned.get_by_role("button", name="Cancel").click()
    expect(planned).to_contain_text("Cancelled")
    expect(page.get_by_test_id("chat-answer").last).not_to_contain_text("Thinking")
    expect(card(column(page, "To Do"), "Cancel me")).to_be_visible()
    expect(card(column(page, "Done"), "Cancel me")).to_have_count(0)
    page.reload()
    expect(card(column(page, "To Do"), "Cancel me")).to_be_visible()


def test_confirmed_move_then_undo_puts_the_card_back(new_page):
    page = new_page()
    _board_with_task(page, "Undo me")
    ask(page, "Move 'Undo me' to Done")
    planned = page.get_by_test_id("planned-actions").last
    planned.get_by_role("button", name="Confirm").click()
    expect(card(column(page, "Done"), "Undo me")).to_be_visible()

    watcher = new_page()  # another browser on the workspace sees the undo too
    expect(card(column(watcher, "Done"), "Undo me")).to_be_visible()
    page.get_by_test_id("undo-run").last.click()
    expect(page.get_by_test_id("undo-outcome").last).to_have_text("Undone")
    expect(card(column(page, "To Do"), "Undo me")).to_be_visible()
    expect(card(column(watcher, "To Do"), "Undo me")).to_be_visible()
    screenshot(page, "chat-undo")

    page.goto("/activity")
    feed = page.get_by_test_id("activity")
    expect(feed.filter(has_text="undid: moved").first).to_contain_text("Undo me")
    expect(feed.filter(has_text="Undo me").filter(has_not_text="undid")
           .filter(has_text="Done").first).to_be_visible()


def test_undo_refused_once_someone_moved_the_card_again(new_page):
    page = new_page()
    _board_with_task(page, "Moved since")
    ask(page, "Move 'Moved since' to Done")
    page.get_by_test_id("planned-actions").last.get_by_role("button", name="Confirm").click()
    expect(card(column(page, "Done"), "Moved since")).to_be_visible()
    ask(page, "Move 'Moved since' to In Progress")
    page.get_by_test_id("planned-actions").last.get_by_role("button", name="Confirm").click()
    expect(card(column(page, "In Progress"), "Moved since")).to_be_visible()

    page.get_by_test_id("undo-run").first.click()  # the first run: its card moved again since
    expect(page.get_by_test_id("undo-outcome").first).to_contain_text("Cannot undo")
    expect(card(column(page, "In Progress"), "Moved since")).to_be_visible()


def test_edited_card_moves_the_task_where_the_user_chose(new_page):
    page = new_page()
    _board_with_task(page, "Edit me")
    ask(page, "Move 'Edit me' to Done")
    planned = page.get_by_test_id("planned-actions").last
    planned.get_by_role("button", name="Edit").click()
    planned.get_by_role("combobox", name="column_id").click()
    page.get_by_role("option", name="In Progress", exact=True).click()
    screenshot(page, "chat-edit-card")
    planned.get_by_role("button", name="Confirm").click()
    expect(card(column(page, "In Progress"), "Edit me")).to_be_visible()
    expect(card(column(page, "Done"), "Edit me")).to_have_count(0)
    expect(planned).to_contain_text("Confirmed")


def test_refused_edit_shows_its_error_on_the_card_and_changes_nothing(new_page):
    page = new_page()
    _board_with_task(page, "Bad edit")
    ask(page, "Move 'Bad edit' to Done")
    planned = page.get_by_test_id("planned-actions").last
    planned.get_by_role("button", name="Edit").click()
    planned.get_by_role("textbox", name="task_id").fill("999999")
    planned.get_by_role("button", name="Confirm").click()
    expect(planned.get_by_test_id("card-error")).to_contain_text("999999")
    expect(page.get_by_test_id("chat-answer").last).not_to_contain_text("Thinking")
    page.reload()
    expect(card(column(page, "To Do"), "Bad edit")).to_be_visible()
    expect(card(column(page, "Done"), "Bad edit")).to_have_count(0)


def test_confirm_setting_off_writes_at_once_and_is_remembered(new_page):
    page = new_page()
    _board_with_task(page, "No card")
    open_drawer(page)
    setting = page.get_by_test_id("confirm-setting")
    expect(setting).to_be_checked()
    setting.click()
    ask(page, "Move 'No card' to Done")
    expect(card(column(page, "Done"), "No card")).to_be_visible()
    expect(page.get_by_test_id("planned-actions")).to_have_count(0)

    tab = page.context.new_page()  # a new tab of the same browser: a fresh page state, same local storage
    tab.goto("/board")
    open_drawer(tab)
    expect(tab.get_by_test_id("confirm-setting")).not_to_be_checked()


def test_drawer_history_survives_a_new_sign_in(new_page):
    page = new_page()
    _board_with_task(page, "Remember me")
    ask(page, "Create a user story for remembered conversations with 3 story points")
    expect(page.get_by_test_id("chat-answer").last).not_to_contain_text("Thinking")
    expect(page.get_by_test_id("chat-answer").last).to_contain_text("Remembered conversations")

    later = new_page()  # signs in again in a fresh browser: nothing kept but the database
    later.goto("/board")
    open_drawer(later)
    expect(later.get_by_test_id("chat-user").filter(has_text="remembered conversations")).to_have_count(1)
    expect(later.get_by_test_id("chat-answer").first).to_contain_text("Remembered conversations")


def test_export_then_import_recreates_the_workspace(new_page, tmp_path):
    page = new_page()
    name = unique("Roundtrip")
    create_workspace(page, name, "SCRUM")
    create_item(page, "Exported story", points="5")
    create_item(page, "Second story")
    page.goto("/")
    original = page.locator(f"[data-testid=space-card][data-space='{name}']")
    original.get_by_role("button", name="Export").click()
    with page.expect_download() as download:
        page.get_by_role("menuitem", name="Export JSON").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert json.loads(exported.read_text())["space"]["name"] == name

    original.get_by_role("button", name="Export").click()
    with page.expect_download() as csv_download:
        page.get_by_role("menuitem", name="Export backlog CSV").click()
    assert "Exported story" in open(csv_download.value.path(), encoding="utf-8").read()

    page.locator("[data-testid=import-space] input[type=file]").set_input_files(str(exported))
    # One user's workspaces never share a name: the copy is named apart, and the page says so.
    expect(page.get_by_text(f"the import is named '{name} (imported)'")).to_be_visible()
    expect(page.locator(f"[data-testid=space-card][data-space='{name}']")).to_have_count(1)
    copy = page.locator(f"[data-testid=space-card][data-space='{name} (imported)']")
    expect(copy).to_have_count(1)
    copy.get_by_role("button", name="Open", exact=True).click()
    page.wait_for_url("**/board")
    page.goto("/backlog")
    expect(item_row(page, "Exported story")).to_contain_text("5 pt")
    expect(item_row(page, "Second story")).to_be_visible()


def test_bad_import_file_shows_its_error_and_adds_nothing(new_page, tmp_path):
    page = new_page()
    page.goto("/")
    expect(page.get_by_test_id("space-card").first).to_be_visible()  # alice has the demo workspaces
    before = page.get_by_test_id("space-card").count()
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    page.locator("[data-testid=import-space] input[type=file]").set_input_files(str(bad))
    expect(page.get_by_test_id("import-error")).to_contain_text("not valid JSON")
    foreign = tmp_path / "other.json"
    foreign.write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    page.locator("[data-testid=import-space] input[type=file]").set_input_files(str(foreign))
    expect(page.get_by_test_id("import-error")).to_contain_text("not an APCS workspace export")
    expect(page.get_by_test_id("space-card")).to_have_count(before)
