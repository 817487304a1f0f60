"""`apcs run` starts without warnings of ours: no page registered twice, no memo row whose `key`
Reflex calls deprecated (both were printed at every start)."""

import pytest

pytestmark = pytest.mark.e2e

OURS = ("is being redefined", "without an `rx.RestProp`")


def test_starting_the_app_prints_none_of_our_warnings(app_server, app_workdir, new_page):
    page = new_page()  # the board page has rendered: every page and memo has been compiled
    page.get_by_test_id("column").first.wait_for()
    log = (app_workdir / "app.log").read_text()
    assert "Compiling" in log or "App running" in log or log, "the app's log is empty: nothing was checked"
    assert [line for line in log.splitlines() if any(w in line for w in OURS)] == []
