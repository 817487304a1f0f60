"""Card details beside the board: open a card (click or Enter), edit it, see its history, delete it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.pages import card, column, create_item, create_workspace, item_row, unique

pytestmark = pytest.mark.e2e


def _board_with(page, *titles: str) -> None:
    create_workspace(page, unique("Details"), "KANBAN")
    for title in titles:
        create_item(page, title, points="3")
        item_row(page, title).get_by_test_id("create-task").click()
        expect(page.get_by_text("Task created on the board")).to_be_visible()
    page.goto("/board")
    for title in titles:
        expect(card(page, title)).to_be_visible()


def test_open_a_card_edit_it_and_the_focus_comes_back(new_page):
    page = new_page()
    _board_with(page, "Export CSV")
    card(page, "Export CSV").get_by_test_id("card-title").click()
    details = page.get_by_role("dialog", name="#")
    expect(details).to_be_visible()
    expect(details.get_by_test_id("details-item-title")).to_have_value("Export CSV")
    expect(details.get_by_test_id("details-history")).to_contain_text("created task")

    details.get_by_test_id("details-task-title").fill("Export CSV with headers")
    details.get_by_test_id("details-description").fill("Columns in the order of the screen.")
    details.get_by_role("combobox", name="Priority").click()
    page.get_by_role("option", name="High", exact=True).click()
    details.get_by_role("combobox", name="Assignee").click()
    page.get_by_role("option", name="Alice Martin").click()
    details.get_by_test_id("details-save").click()
    expect(details.get_by_test_id("details-notice")).to_have_text("Saved.")
    expect(details.get_by_test_id("details-history")).to_contain_text("priority: MEDIUM → HIGH")
    expect(details.get_by_test_id("details-history")).to_contain_text("renamed task")
    screenshot(page, "card-details")

    page.keyboard.press("Escape")
    expect(details).to_be_hidden()
    moved = card(page, "Export CSV with headers")
    expect(moved).to_contain_text("HIGH")
    expect(moved).to_contain_text("Alice")
    # The focus is back on the card it was opened from.
    expect(moved.get_by_role("button", name="Move to column: Export CSV with headers")).to_be_focused()

    # Enter on the focused card opens it again, with the saved values.
    moved.focus()
    page.keyboard.press("Enter")
    expect(details).to_be_visible()
    expect(details.get_by_test_id("details-description")).to_have_value("Columns in the order of the screen.")
    page.reload()
    card(page, "Export CSV with headers").get_by_test_id("card-title").click()
    expect(page.get_by_role("dialog")).to_contain_text("Export CSV with headers")


def test_move_from_the_details_and_delete_the_task(new_page):
    page = new_page()
    _board_with(page, "Old chore", "Keep me")
    card(page, "Old chore").get_by_test_id("card-title").click()
    details = page.get_by_role("dialog")
    details.get_by_role("combobox", name="Column").click()
    page.get_by_role("option", name="In Progress").click()
    details.get_by_test_id("details-save").click()
    expect(card(column(page, "In Progress"), "Old chore")).to_be_visible()

    details.get_by_test_id("details-delete").click()
    details.get_by_test_id("details-delete-confirm").click()
    expect(details).to_be_hidden()
    expect(card(page, "Old chore")).to_have_count(0)
    expect(card(page, "Keep me")).to_be_visible()
    page.reload()
    expect(card(page, "Keep me")).to_be_visible()
    expect(card(page, "Old chore")).to_have_count(0)
    # Its backlog item stays.
    page.goto("/backlog")
    expect(item_row(page, "Old chore")).to_be_visible()


def _details_of(page, title: str):
    card(page, title).get_by_test_id("card-title").click()
    details = page.get_by_role("dialog")
    expect(details).to_contain_text(title)
    return details


def test_delete_then_undo_brings_the_card_back_in_its_column(new_page):
    page = new_page()
    _board_with(page, "Deleted by mistake", "Neighbour")
    details = _details_of(page, "Deleted by mistake")
    details.get_by_role("combobox", name="Column").click()
    page.get_by_role("option", name="In Progress").click()
    details.get_by_test_id("details-save").click()
    expect(card(column(page, "In Progress"), "Deleted by mistake")).to_be_visible()

    details.get_by_test_id("details-delete").click()
    details.get_by_test_id("details-delete-confirm").click()
    expect(details).to_be_hidden()
    expect(card(page, "Deleted by mistake")).to_have_count(0)
    bar = page.get_by_test_id("undo-bar")
    expect(bar).to_contain_text("Deleted task")
    bar.get_by_role("button", name="Undo").click()
    expect(bar).to_contain_text("Undone.")
    expect(card(column(page, "In Progress"), "Deleted by mistake")).to_be_visible()
    page.reload()
    expect(card(column(page, "In Progress"), "Deleted by mistake")).to_be_visible()
    expect(card(column(page, "To Do"), "Neighbour")).to_be_visible()


def test_archive_a_done_card_and_restore_it(new_page):
    page = new_page()
    _board_with(page, "Shipped feature", "Open work")
    details = _details_of(page, "Open work")
    expect(details.get_by_test_id("details-archive")).to_have_count(0)  # only done cards are archived
    page.keyboard.press("Escape")
    details = _details_of(page, "Shipped feature")
    details.get_by_role("combobox", name="Column").click()
    page.get_by_role("option", name="Done").click()
    details.get_by_test_id("details-save").click()
    expect(details.get_by_test_id("details-notice")).to_have_text("Saved.")
    details.get_by_test_id("details-archive").click()
    expect(details).to_be_hidden()
    expect(card(page, "Shipped feature")).to_have_count(0)
    expect(page.get_by_test_id("undo-bar")).to_contain_text("Archived task")

    page.get_by_test_id("archived-open").click()
    archived = page.get_by_role("dialog", name="Archived cards")
    row = archived.get_by_test_id("archived-card").filter(has_text="Shipped feature")
    expect(row).to_contain_text("Done")
    row.get_by_role("button", name="Restore").click()
    expect(archived.get_by_text("No archived cards.")).to_be_visible()
    expect(archived.get_by_test_id("undo-bar")).to_contain_text("Restored task")

    # The rule: every done card done more than 0 days ago, archived in one go; one Undo restores them.
    archived.get_by_test_id("archive-days").fill("0")
    archived.get_by_test_id("archive-older").click()
    expect(archived.get_by_test_id("archived-card")).to_have_count(1)
    expect(archived.get_by_test_id("undo-bar")).to_contain_text("Archived 1 done card(s)")
    archived.get_by_test_id("undo-bar").get_by_role("button", name="Undo").click()
    expect(archived.get_by_text("No archived cards.")).to_be_visible()
    page.keyboard.press("Escape")
    expect(card(column(page, "Done"), "Shipped feature")).to_be_visible()
    expect(card(column(page, "To Do"), "Open work")).to_be_visible()
    page.reload()
    expect(card(column(page, "Done"), "Shipped feature")).to_be_visible()


def test_change_the_sprint_in_the_details(new_page):
    import datetime as dt

    page = new_page()
    create_workspace(page, unique("Sprint details"), "SCRUM")
    create_item(page, "Sprinted story", points="3")
    item_row(page, "Sprinted story").get_by_test_id("create-task").click()
    expect(page.get_by_text("Task created on the board")).to_be_visible()
    page.goto("/sprints")
    today = dt.date.today()
    for name, start in (("Sprint One", today), ("Sprint Two", today + dt.timedelta(days=14))):
        page.fill("input[name=name]", name)
        page.fill("input[name=start_date]", start.isoformat())
        page.fill("input[name=end_date]", (start + dt.timedelta(days=14)).isoformat())
        page.get_by_role("button", name="Create sprint").click()
        expect(page.locator(f"[data-testid=sprint][data-sprint='{name}']")).to_be_visible()

    page.goto("/board")
    details = _details_of(page, "Sprinted story")
    sprint = details.get_by_role("combobox", name="Sprint")
    expect(sprint).to_have_text("No sprint")
    sprint.click()
    page.get_by_role("option", name="Sprint Two (planning)").click()
    details.get_by_test_id("details-save").click()
    expect(details.get_by_test_id("details-notice")).to_have_text("Saved.")
    expect(details.get_by_test_id("details-history")).to_contain_text("to Sprint Two")
    page.goto("/sprints")
    expect(page.locator("[data-testid=sprint][data-sprint='Sprint Two']")).to_contain_text("1 items")
    expect(page.locator("[data-testid=sprint][data-sprint='Sprint One']")).to_contain_text("0 items")

    page.goto("/board")
    details = _details_of(page, "Sprinted story")
    expect(details.get_by_role("combobox", name="Sprint")).to_have_text("Sprint Two (planning)")
    details.get_by_role("combobox", name="Sprint").click()
    page.get_by_role("option", name="No sprint").click()
    details.get_by_test_id("details-save").click()
    expect(details.get_by_test_id("details-history")).to_contain_text("from Sprint Two")


def test_the_undo_bar_belongs_to_its_workspace(new_page):
    """After a switch the bar would offer to undo a change the user no longer sees: it goes."""
    from tests.e2e.pages import use_workspace

    page = new_page()
    _board_with(page, "Gone for now")
    details = _details_of(page, "Gone for now")
    details.get_by_test_id("details-delete").click()
    details.get_by_test_id("details-delete-confirm").click()
    bar = page.get_by_test_id("undo-bar")
    expect(bar).to_contain_text("Deleted task")
    page.goto("/backlog")
    page.goto("/board")
    expect(bar).to_contain_text("Deleted task")  # still this workspace: still undoable
    use_workspace(page, "Project Phoenix")
    expect(card(page, "Write CSV serializer")).to_be_visible()
    expect(bar).to_have_text("")  # the status region stays, empty
    expect(page.get_by_test_id("undo-last")).to_have_count(0)


def test_undo_an_edit_saved_in_the_details(new_page):
    """One save may rename the card, re-prioritise its item and assign it: one Undo takes the
    whole save back, through the same undo service as the assistant's runs."""
    page = new_page()
    _board_with(page, "Tidy the README")
    details = _details_of(page, "Tidy the README")
    details.get_by_test_id("details-task-title").fill("Rewrite the README")
    details.get_by_role("combobox", name="Priority").click()
    page.get_by_role("option", name="High", exact=True).click()
    details.get_by_role("combobox", name="Assignee").click()
    page.get_by_role("option", name="Alice Martin").click()
    details.get_by_test_id("details-save").click()
    expect(details.get_by_test_id("details-notice")).to_have_text("Saved.")
    page.keyboard.press("Escape")
    edited = card(page, "Rewrite the README")
    expect(edited).to_contain_text("HIGH")

    bar = page.get_by_test_id("undo-bar")
    expect(bar).to_contain_text("Saved changes to task")
    bar.get_by_role("button", name="Undo").click()
    expect(bar).to_contain_text("Undone.")
    back = card(page, "Tidy the README")
    expect(back).to_be_visible()
    expect(back).to_contain_text("MEDIUM")
    expect(back).not_to_contain_text("Alice")
    page.reload()
    expect(card(page, "Tidy the README")).to_contain_text("MEDIUM")
    expect(card(page, "Rewrite the README")).to_have_count(0)
