"""The Scrum Master's reports on known data: the whole text, as a person would read it."""

import datetime as dt

from sqlmodel import select

from apcs_app import db
from apcs_app.domain import Activity, BacklogItem, Task
from apcs_app.services import board, reports, sprints
from tests.services.conftest import call, item_in
from tests.services.flow_history import NOW, at


def _date_history(times: list[dt.datetime]) -> None:
    """Give the task rows of the activity log, in order, these times (and each task its creation's)."""
    with db.transaction() as s:
        rows = list(s.exec(select(Activity).where(Activity.entity_type == "task", Activity.action != "assign_task")
                           .order_by(Activity.id)))
        assert len(rows) == len(times)
        for row, when in zip(rows, times, strict=True):
            row.created_at = when
            if row.action == "create_task":
                s.get(Task, row.entity_id).created_at = when


def test_standup_digest_says_what_moved_what_is_in_progress_and_what_is_stuck(alice, bob, kanban, cols):
    blocked = call(board.create_column, alice, kanban.id, "Blocked")
    tasks = []
    for title, column in (("Invoice export", cols[1]), ("CSV import", cols[1]), ("Payment bug", blocked)):
        task = call(board.create_task, alice, item_in(alice, kanban, title).id)
        call(board.move_task, alice, task.id, column.id)
        tasks.append(task)
    call(board.assign_task, alice, tasks[0].id, bob.user_id)
    call(board.update_column, alice, cols[1].id, wip_limit=1)
    _date_history([at(14), at(15), at(16), at(17, 21), at(10), at(11)])

    digest = call(reports.standup_digest, alice, kanban.id, now=NOW)
    assert digest.text == "\n".join([
        "Stand-up digest for Desk, Wednesday 18 November 2026",
        "",
        "Moved since yesterday (1):",
        f"- Alice Doe moved task #{tasks[1].id} 'CSV import' from To Do to In Progress",
        "",
        "In progress (3):",
        f"- #{tasks[2].id} Payment bug — Blocked, 7 days, unassigned",
        f"- #{tasks[0].id} Invoice export — In Progress, 3 days, Bob Roe",
        f"- #{tasks[1].id} CSV import — In Progress, 0.5 days, unassigned",
        "",
        "Blocked or over a WIP limit:",
        f"- #{tasks[2].id} Payment bug is blocked (Blocked, 7 days)",
        "- In Progress holds 2 cards, over its limit of 1",
    ])


def test_a_quiet_board_says_so(alice, kanban):
    digest = call(reports.standup_digest, alice, kanban.id, now=NOW)
    assert "- nothing moved" in digest.text and "- nothing in progress" in digest.text
    assert digest.text.endswith("Blocked or over a WIP limit:\n- nothing")


def test_sprint_report_compares_commitment_completion_and_scope_change(alice, scrum):
    login, search = item_in(alice, scrum, "Login", 5), item_in(alice, scrum, "Search", 3)
    audit, extra = item_in(alice, scrum, "Audit", 2), item_in(alice, scrum, "Extra", 1)
    sprint = call(sprints.create_sprint, alice, scrum.id, "S1", dt.date(2026, 11, 2), dt.date(2026, 11, 13))
    for item in (login, search):
        call(sprints.add_to_sprint, alice, scrum.id, item.id, sprint.id)
    call(sprints.start_sprint, alice, scrum.id, sprint.id)
    for item in (audit, extra):
        call(sprints.add_to_sprint, alice, scrum.id, item.id, sprint.id)
    call(sprints.remove_from_sprint, alice, scrum.id, extra.id, sprint.id)
    with db.transaction() as s:
        columns = board.columns(s, scrum.id)
    task = call(board.create_task, alice, login.id)
    call(board.move_task, alice, task.id, columns[1].id)
    call(board.move_task, alice, task.id, columns[-1].id)
    _date_history([at(2), at(3), at(5, 21)])
    with db.transaction() as s:
        s.get(BacklogItem, login.id).completed_at = at(5, 21)
    call(sprints.complete_sprint, alice, scrum.id, sprint.id)

    report = call(reports.sprint_report, alice, scrum.id)
    assert report.text == "\n".join([
        "Sprint report: S1 (2026-11-02 to 2026-11-13, completed)",
        "",
        "Committed: 2 items, 8 points",
        "Completed: 1 item, 5 points",
        "Carried over: 2 items, 5 points",
        f"- #{search.id} Search (3 pts)",
        f"- #{audit.id} Audit (2 pts)",
        "Scope change after the start: 1 item added (2 points), 1 removed",
        f"- added #{audit.id} Audit (2 pts)",
        "Cycle time of the completed items: P50 2.5 days, P85 2.5 days",
    ])
    assert (report.committed_points, report.completed_points, report.removed_count) == (8, 5, 1)
