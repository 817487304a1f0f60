"""The metrics page drawn from a known history, and comments seen live by a second browser."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from apcs_app import db
from apcs_app.domain import Activity, BacklogItem, Task
from apcs_app.services import auth, backlog, board, members, spaces
from apcs_app.services.access import Actor
from tests.e2e.conftest import DEMO_PASSWORD, screenshot
from tests.e2e.pages import item_row, use_workspace

pytestmark = pytest.mark.e2e

# (title, created days ago, [(days ago, column index)], done days ago or None); all at 09:00 UTC.
STORIES = [
    ("Story A", 10, [(9, 1), (7, 2)], 7),  # cycle 2, lead 3
    ("Story B", 10, [(8, 1), (2, 2)], 2),  # cycle 6, lead 8
    ("Story C", 9, [(5, 1)], None),        # in progress
    ("Story D", 9, [], None),              # waiting
]


def _flow_workspace(database_url: str) -> tuple[str, dt.date]:
    """A new user whose only workspace has the history above; returns their email and today."""
    engine = db.make_engine(database_url)
    today = dt.datetime.now(dt.UTC).date()
    at = lambda days_ago: dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(9), tzinfo=dt.UTC)  # noqa: E731
    email = f"flow-{uuid.uuid4().hex[:6]}@example.com"
    try:
        with Session(engine) as s:
            user = auth.create_user(s, "Flo Flow", email, DEMO_PASSWORD)
            actor = Actor(user.id)
            space = spaces.create_space(s, actor, "Flow lab", "KANBAN")
            members.invite_member(s, actor, space.id, "bob@example.com")
            cols = board.columns(s, space.id)
            for title, created, moves, done in STORIES:
                item = backlog.create_item(s, actor, space.id, title)
                task = board.create_task(s, actor, item.id)
                s.flush()
                rows = [at(created)]
                for _, column in moves:
                    board.move_task(s, actor, task.id, cols[column].id)
                    rows.append(at(moves[len(rows) - 1][0]))
                s.flush()
                history = list(s.exec(select(Activity).where(Activity.entity_type == "task", Activity.entity_id == task.id)
                                      .order_by(Activity.id)))
                for row, when in zip(history, rows, strict=True):
                    row.created_at = when
                s.get(Task, task.id).created_at = at(created)
                item = s.get(BacklogItem, item.id)
                item.created_at = at(created)
                item.completed_at = at(done) if done is not None else None
            s.commit()
    finally:
        engine.dispose()
    return email, today


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _rows(page, testid: str) -> list[list[str]]:
    table = page.get_by_test_id(testid).locator("table")
    return [[c.strip() for c in r.locator("td").all_inner_texts()] for r in table.locator("tbody tr").all()]


def test_metrics_drawn_from_a_known_history(new_page, app_server):
    email, today = _flow_workspace(app_server[1])
    page = new_page(email)
    page.get_by_role("link", name="Metrics").first.click()
    page.wait_for_url("**/metrics")
    expect(page.get_by_test_id("cycle-percentiles")).to_have_text("Cycle time P50 2 · P85 6 · P95 6 days")
    expect(page.get_by_test_id("lead-percentiles")).to_have_text("Lead time P50 3 · P85 8 · P95 8 days")

    # Cards per column (To Do, In Progress, Done) at the end of each of the last 11 days, by hand:
    by_hand = {10: [2, 0, 0], 9: [3, 1, 0], 8: [2, 2, 0], 7: [2, 1, 1], 6: [2, 1, 1], 5: [1, 2, 1], 4: [1, 2, 1],
               3: [1, 2, 1], 2: [1, 1, 2], 1: [1, 1, 2], 0: [1, 1, 2]}
    cfd = {row[0]: [int(v) for v in row[1:]] for row in _rows(page, "cfd")}
    for days_ago, counts in by_hand.items():
        assert cfd[f"{today - dt.timedelta(days=days_ago):%b %d}"] == counts, days_ago
    assert [th.strip() for th in page.get_by_test_id("cfd-table").locator("th").all_inner_texts()] == [
        "Day", "To Do", "In Progress", "Done"]
    # The chart is drawn: three stacked areas, one dot per finished item.
    expect(page.get_by_test_id("cfd").locator(".recharts-area")).to_have_count(3)
    expect(page.get_by_test_id("cycle-time").locator(".recharts-scatter-symbol")).to_have_count(2)
    screenshot(page, "metrics")

    done_weeks: dict[str, int] = {}
    for days_ago in (7, 2):
        week = f"{_monday(today - dt.timedelta(days=days_ago)):%b %d}"
        done_weeks[week] = done_weeks.get(week, 0) + 1
    throughput = {week: int(count) for week, count in _rows(page, "throughput")}
    assert len(throughput) == 12 and sum(throughput.values()) == 2
    assert {w: c for w, c in throughput.items() if c} == done_weeks
    aging = _rows(page, "aging")
    assert [(card, column) for card, column, _ in aging] == [(aging[0][0], "In Progress")]
    # In progress since 09:00 UTC five days ago: its age depends on the time of day the test runs.
    started = dt.datetime.combine(today - dt.timedelta(days=5), dt.time(9), tzinfo=dt.UTC)
    age = (dt.datetime.now(dt.UTC) - started).total_seconds() / 86400
    assert aging[0][0].endswith("Story C") and abs(float(aging[0][2]) - age) < 0.2, (aging[0][2], age)

    page.get_by_label("Number of items").fill("3")
    page.get_by_role("button", name="Forecast").click()
    expect(page.get_by_test_id("forecast-p50")).not_to_be_empty()
    weekly = [done_weeks.get(f"{_monday(today) - dt.timedelta(weeks=n):%b %d}", 0) for n in range(12, 0, -1)]
    expect(page.get_by_test_id("forecast")).to_contain_text(f"({', '.join(map(str, weekly))})")

    standup = page.get_by_test_id("standup-text")
    expect(standup).to_contain_text("In progress (1):")
    expect(standup).to_contain_text("Story C — In Progress")


def test_a_comment_added_in_one_browser_shows_in_another_without_reload(new_page):
    alice, bob = new_page("alice@example.com"), new_page("bob@example.com")
    for page in (alice, bob):
        page.goto("/backlog")
        use_workspace(page, "Project Phoenix")
        row = item_row(page, "Export reports to CSV")
        row.get_by_role("button", name="Item actions").click()
        page.get_by_role("menuitem", name="Comments").click()
        expect(page.get_by_role("dialog")).to_contain_text("Export reports to CSV")
    words = f"Semicolons for the German locale <b>{uuid.uuid4().hex[:4]}</b>"
    bob.get_by_test_id("comment-input").fill(words)
    bob.get_by_role("button", name="Comment", exact=True).click()
    seen = alice.get_by_test_id("comment").filter(has_text=words)
    expect(seen).to_be_visible()
    expect(seen).to_contain_text("Bob Chen")
    expect(alice.locator("[data-testid=comments] b")).to_have_count(0)  # text, never markup
    # Only the author edits; Alice owns the workspace, so she may delete it.
    expect(seen.get_by_role("button", name="Edit your comment")).to_have_count(0)
    mine = bob.get_by_test_id("comment").filter(has_text=words)
    mine.get_by_role("button", name="Edit your comment").click()
    bob.get_by_role("textbox", name="Edit your comment").fill("Semicolons, and a BOM for Excel")
    bob.get_by_role("button", name="Save").click()
    expect(alice.get_by_test_id("comment").filter(has_text="a BOM for Excel")).to_contain_text("(edited)")
    alice.get_by_test_id("comment").filter(has_text="a BOM for Excel").get_by_role("button", name="Delete comment").click()
    expect(bob.get_by_test_id("comment").filter(has_text="a BOM for Excel")).to_have_count(0)
