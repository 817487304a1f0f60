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
PAGES = ["/", "/backlog", "/board", "/sprints", "/activity", "/settings", "/account"]


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


@pytest.mark.parametrize("dark", [False, True])
def test_the_boards_dialogs_and_popovers_are_clean(new_page, dark):
    page = new_page(dark=dark)
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
