"""WCAG 2.2 AA as axe-core checks it: no critical or serious violation on any page, dialog or
drawer, in light and dark mode, at desktop and phone widths; and the keyboard and screen-reader
flows a keyboard-only or blind member relies on."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_clean
from tests.e2e.pages import card, column

pytestmark = pytest.mark.e2e

MODES = [pytest.param(dark, width, id=f"{'dark' if dark else 'light'}-{width}")
         for dark in (False, True) for width in (1440, 390)]
PAGES = ["/", "/backlog", "/board", "/sprints", "/metrics", "/activity", "/settings", "/account"]


def _settled(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)  # charts and fonts


@pytest.mark.parametrize("dark, width", MODES)
def test_the_signed_out_pages_are_clean(browser, app_url, dark, width):
    context = browser.new_context(base_url=app_url, viewport={"width": width, "height": 900},
                                  color_scheme="dark" if dark else "light")
    page = context.new_page()
    for path in ("/login", "/signup"):
        page.goto(path)
        page.wait_for_selector("input[name=email]")
        _settled(page)
        assert_clean(page, path)
    context.close()


@pytest.mark.parametrize("dark, width", MODES)
def test_every_signed_in_page_and_the_open_drawer_are_clean(new_page, dark, width):
    page = new_page(dark=dark, width=width)
    for path in PAGES:
        page.goto(path)
        expect(page.get_by_role("heading", level=1).last).to_be_visible()
        _settled(page)
        assert_clean(page, path)
    page.get_by_role("button", name="Open the assistant").click()
    expect(page.get_by_role("textbox", name="Message")).to_be_visible()
    assert_clean(page, "chat drawer")


@pytest.mark.parametrize("dark, width", MODES)
def test_the_boards_dialogs_and_popovers_are_clean(new_page, dark, width):
    page = new_page(dark=dark, width=width)
    page.goto("/board")
    target = card(column(page, "To Do"), "Write CSV serializer")
    target.get_by_role("button", name="Move to column").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert_clean(page, "move dialog")
    page.keyboard.press("Escape")
    target.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert_clean(page, "assign dialog")
    page.keyboard.press("Escape")
    column(page, "In Progress").get_by_role("button", name="WIP limit").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert_clean(page, "WIP limit popover")


@pytest.mark.parametrize("dark, width", MODES)
def test_the_comments_dialog_is_clean(new_page, dark, width):
    from tests.e2e.pages import item_row, use_workspace

    page = new_page(dark=dark, width=width)
    page.goto("/backlog")
    use_workspace(page, "Project Phoenix")
    item_row(page, "Export reports to CSV").get_by_role("button", name="Item actions").click()
    page.get_by_role("menuitem", name="Comments").click()
    expect(page.get_by_role("dialog")).to_contain_text("No comments yet.")
    _settled(page)
    assert_clean(page, "comments dialog")


@pytest.mark.parametrize("dark, width", MODES)
def test_the_card_details_the_column_menu_and_the_archived_cards_are_clean(new_page, dark, width):
    from tests.e2e.pages import use_workspace

    page = new_page(dark=dark, width=width)
    page.goto("/board")
    use_workspace(page, "Project Phoenix")  # a SCRUM workspace: the details show the sprint too
    card(page, "Write CSV serializer").get_by_test_id("card-title").click()
    details = page.get_by_role("dialog")
    expect(details.get_by_role("combobox", name="Sprint")).to_be_visible()
    _settled(page)
    assert_clean(page, "card details")
    details.get_by_test_id("details-delete").click()
    expect(details.get_by_test_id("details-delete-confirm")).to_be_visible()
    assert_clean(page, "card details, confirming the deletion")
    page.keyboard.press("Escape")
    expect(details).to_be_hidden()
    column(page, "In Progress").get_by_role("button", name="Column actions: In Progress").click()
    expect(page.get_by_role("menuitem", name="Rename…")).to_be_visible()
    assert_clean(page, "column menu")
    page.get_by_role("menuitem", name="Rename…").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert_clean(page, "column rename dialog")
    page.keyboard.press("Escape")
    page.get_by_test_id("archived-open").click()
    expect(page.get_by_role("dialog", name="Archived cards")).to_be_visible()
    assert_clean(page, "archived cards")


# ---------------------------------------------------------------- keyboard and screen reader

def _kanban_with(page, titles: list[str]) -> None:
    from tests.e2e.pages import create_item, create_workspace, item_row, unique

    create_workspace(page, unique("Keys"), "KANBAN")
    for title in titles:
        create_item(page, title)
        item_row(page, title).get_by_test_id("create-task").click()
        expect(page.get_by_text("Task created on the board")).to_be_visible()
    page.goto("/board")
    for title in titles:
        expect(card(column(page, "To Do"), title)).to_be_visible()


def _titles(page, name: str) -> list[str]:
    return column(page, name).get_by_test_id("card-title").all_inner_texts()


def test_a_card_moves_between_columns_and_places_with_the_keyboard_alone(new_page):
    page = new_page()
    _kanban_with(page, ["Key one", "Key two"])
    card(page, "Key one").focus()
    page.keyboard.press("Alt+ArrowDown")  # one place down in To Do
    expect(column(page, "To Do").get_by_test_id("card-title")).to_have_text(["Key two", "Key one"])
    page.keyboard.press("Alt+ArrowRight")  # the focus followed the card: on to In Progress
    expect(card(column(page, "In Progress"), "Key one")).to_be_visible()
    page.keyboard.press("Alt+ArrowRight")
    expect(card(column(page, "Done"), "Key one")).to_be_visible()
    assert card(page, "Key one").evaluate("card => card.contains(document.activeElement)")
    page.keyboard.press("Alt+ArrowRight")  # the board's edge: nothing happens
    page.reload()
    expect(card(column(page, "Done"), "Key one")).to_be_visible()
    assert _titles(page, "To Do") == ["Key two"]


def test_a_move_by_another_member_is_announced(new_page):
    page = new_page()
    _kanban_with(page, ["Heard move"])
    other = new_page()  # the same workspace, another browser
    expect(card(column(other, "To Do"), "Heard move")).to_be_visible()
    card(other, "Heard move").focus()
    other.keyboard.press("Alt+ArrowRight")
    news = page.get_by_test_id("move-news")
    expect(news).to_have_attribute("aria-live", "polite")
    expect(news).to_have_text("Alice Martin moved Heard move to In Progress, place 1 of 1.")


def test_the_assistant_is_usable_with_the_keyboard_and_announces_once(new_page):
    page = new_page()
    _kanban_with(page, ["Spoken card"])
    page.get_by_role("button", name="Open the assistant").focus()
    page.keyboard.press("Enter")
    message = page.get_by_role("textbox", name="Message to the agents")
    message.focus()
    page.keyboard.type("Move 'Spoken card' to Done")
    page.keyboard.press("Enter")
    announcement = page.get_by_test_id("chat-announcement")
    expect(announcement).to_contain_text("waits for your confirmation")
    expect(announcement).to_contain_text("Spoken card")
    confirm = page.get_by_test_id("planned-actions").last.get_by_role("button", name="Confirm")
    confirm.focus()
    page.keyboard.press("Enter")
    expect(card(column(page, "Done"), "Spoken card")).to_be_visible()
    expect(announcement).to_contain_text("The assistant answered")


@pytest.mark.parametrize("dark, width", MODES)
def test_a_planned_change_its_edit_fields_and_the_item_edit_dialog_are_clean(new_page, dark, width):
    from tests.e2e.pages import ask, item_row

    page = new_page(dark=dark, width=width)
    _kanban_with(page, ["Audited card"])
    ask(page, "Move 'Audited card' to Done")
    planned = page.get_by_test_id("planned-actions").last
    expect(planned).to_contain_text("Audited card")
    assert_clean(page, "confirmation card")
    planned.get_by_role("button", name="Edit").click()
    expect(planned.get_by_role("combobox")).to_be_visible()
    assert_clean(page, "confirmation card, editing")
    planned.get_by_role("button", name="Cancel").click()
    page.get_by_role("button", name="Close the assistant").click()  # on a phone it covers the page
    page.goto("/backlog")
    item_row(page, "Audited card").get_by_role("button", name="Item actions").click()
    page.get_by_role("menuitem", name="Edit").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert_clean(page, "item edit dialog")


def test_the_boards_dialogs_return_the_focus_to_the_card_however_they_close(new_page):
    page = new_page()
    _kanban_with(page, ["Focus card"])
    move = card(page, "Focus card").get_by_role("button", name="Move to column")
    move.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog")).to_be_visible()
    page.keyboard.press("Escape")  # cancelled: back on the card's Move button
    expect(move).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_role("dialog").get_by_role("button", name="In Progress").focus()
    page.keyboard.press("Enter")  # chosen: the card moved, and the focus with it
    moved = card(column(page, "In Progress"), "Focus card")
    expect(moved.get_by_role("button", name="Move to column")).to_be_focused()
    moved.get_by_role("button", name="Assign").focus()
    page.keyboard.press("Enter")
    page.get_by_role("dialog").get_by_role("button", name="Alice Martin").focus()
    page.keyboard.press("Enter")
    expect(moved.get_by_role("button", name="Move to column")).to_be_focused()


def test_each_page_has_one_main_heading_and_no_skipped_levels(new_page):
    """A screen reader's heading list starts at the page's one h1: sprint names, workspace
    names, figures and the drawer's title are sub-headings, not more h1s."""
    from tests.e2e.pages import use_workspace

    page = new_page()
    page.goto("/sprints")
    use_workspace(page, "Project Phoenix")  # the Scrum workspace: several sprints listed
    for path in PAGES:
        page.goto(path)
        expect(page.get_by_role("heading", level=1).last).to_be_visible()
        _settled(page)
        _assert_one_h1_in_order(page, path)
    page.get_by_role("button", name="Open the assistant").click()
    expect(page.get_by_role("textbox", name="Message")).to_be_visible()
    _assert_one_h1_in_order(page, "chat drawer")


def _assert_one_h1_in_order(page, where: str) -> None:
    levels = page.evaluate("""() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
        .filter(h => h.getClientRects().length > 0).map(h => Number(h.tagName[1]))""")
    assert levels.count(1) == 1, f"{where}: {levels.count(1)} visible h1 headings ({levels})"
    skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert not skips, f"{where}: heading levels skip {skips} ({levels})"
