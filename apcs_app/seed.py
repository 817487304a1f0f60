"""Demo data: two workspaces, a team, a board in motion and a sprint with burndown history."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from apcs_app import db
from apcs_app.domain import BacklogItem, Sprint, SprintItem, Task, User, Via
from apcs_app.domain.models import utcnow
from apcs_app.services import auth, backlog, board, members, sprints, spaces
from apcs_app.services.access import Actor

DEMO_PASSWORD = "apcs-demo"
DEMO_USERS = (
    ("Alice Martin", "alice@example.com", "USER"),
    ("Bob Chen", "bob@example.com", "USER"),
    ("Ada Admin", "admin@example.com", "SUPERADMIN"),
)

SCRUM_ITEMS = (  # title, points, priority
    ("User sign-up with email confirmation", 5, "HIGH"),
    ("Password reset flow", 3, "MEDIUM"),
    ("Export reports to CSV", 5, "HIGH"),
    ("Dashboard with sprint health", 8, "MEDIUM"),
    ("Audit log for admin actions", 3, "LOW"),
    ("Rate-limit the public API", 2, "CRITICAL"),
    ("Dark mode", 3, "LOW"),
    ("Single sign-on (SAML)", 13, "MEDIUM"),
    ("Onboarding checklist", 2, "LOW"),
    ("Mobile-friendly board", 8, "HIGH"),
)
KANBAN_ITEMS = (
    ("Customer cannot reset password", 2, "CRITICAL"),
    ("Invoice PDF shows wrong VAT", 3, "HIGH"),
    ("Add FAQ entry about exports", 1, "LOW"),
    ("Slow search on the help center", 5, "MEDIUM"),
    ("Refund request #4411", 1, "HIGH"),
)


def has_users(session: Session) -> bool:
    return session.exec(select(User.id)).first() is not None


def is_seeded(session: Session) -> bool:
    return session.exec(select(User).where(User.email == DEMO_USERS[0][1])).first() is not None


def seed_demo(today: dt.date | None = None) -> bool:
    """Load the demo data once; returns False when it is already there."""
    today = today or utcnow().date()
    with db.transaction() as s:
        if is_seeded(s):
            return False
        users = [auth.create_user(s, name, email, DEMO_PASSWORD, role) for name, email, role in DEMO_USERS]
        alice, bob = (Actor(u.id, Via.CLI, "seed") for u in users[:2])
        _scrum_space(s, alice, bob, users[1], today)
        _kanban_space(s, alice, bob, users[1])
    return True


def _scrum_space(s: Session, alice: Actor, bob: Actor, bob_user: User, today: dt.date) -> None:
    space = spaces.create_space(s, alice, "Project Phoenix", "SCRUM", "Customer portal rebuild, two-week sprints")
    members.invite_member(s, alice, space.id, bob_user.email, "DEVELOPER")
    items = [backlog.create_item(s, alice, space.id, t, story_points=p, priority=pr) for t, p, pr in SCRUM_ITEMS]
    cols = board.columns(s, space.id)
    done_col = cols[-1]

    # A finished sprint four weeks ago, for velocity.
    past = sprints.create_sprint(s, alice, space.id, "Sprint 1", today - dt.timedelta(days=28), today - dt.timedelta(days=14),
                                 goal="Accounts basics")
    for item in items[:3]:
        sprints.add_to_sprint(s, alice, space.id, item.id, past.id)
    sprints.start_sprint(s, alice, space.id, past.id)
    for item in items[:2]:
        task = board.create_task(s, bob, item.id)
        board.move_task(s, bob, task.id, done_col.id)
    sprints.complete_sprint(s, alice, space.id, past.id)
    _backdate_sprint(s, past, today - dt.timedelta(days=28), today - dt.timedelta(days=14), {items[0].id: 4, items[1].id: 9})

    # The sprint in progress: started six days ago, items finished on days 1, 3 and 5.
    start = today - dt.timedelta(days=6)
    current = sprints.create_sprint(s, alice, space.id, "Sprint 2", start, start + dt.timedelta(days=14),
                                    goal="Reporting and hardening")
    sprint_items = [items[2], items[3], items[4], items[5], items[6]]
    for item in sprint_items:
        sprints.add_to_sprint(s, alice, space.id, item.id, current.id)
    sprints.start_sprint(s, alice, space.id, current.id)
    finished = {items[5].id: 1, items[4].id: 3, items[6].id: 5}
    for item in sprint_items:
        task = board.create_task(s, alice, item.id, title=f"Build: {item.title}")
        if item.id in finished:
            board.move_task(s, bob, task.id, done_col.id)
        elif item.id == items[2].id:
            board.move_task(s, alice, task.id, cols[1].id)
            board.assign_task(s, alice, task.id, bob.user_id)
    review = board.create_task(s, alice, items[2].id, title="Write CSV serializer")
    board.assign_task(s, alice, review.id, alice.user_id)
    _backdate_sprint(s, current, start, None, finished)


def _backdate_sprint(s: Session, sprint: Sprint, start: dt.date, end: dt.date | None, done_on_day: dict[int, int]) -> None:
    """Demo history: move the recorded times back to the sprint's own days."""
    at = lambda day, hour=10: dt.datetime.combine(start + dt.timedelta(days=day), dt.time(hour), tzinfo=dt.UTC)  # noqa: E731
    sprint.started_at = at(0, 9)
    if end is not None:
        sprint.completed_at = dt.datetime.combine(end, dt.time(17), tzinfo=dt.UTC)
    for link in s.exec(select(SprintItem).where(SprintItem.sprint_id == sprint.id)):
        link.added_at = at(0, 8)
    for item_id, day in done_on_day.items():
        s.get(BacklogItem, item_id).completed_at = at(day, 15)
        for task in s.exec(select(Task).where(Task.backlog_item_id == item_id, Task.done_at.is_not(None))):
            task.done_at = at(day, 15)
    s.flush()


def _kanban_space(s: Session, alice: Actor, bob: Actor, bob_user: User) -> None:
    space = spaces.create_space(s, alice, "Support Desk", "KANBAN", "Helpdesk tickets for the customer portal")
    members.invite_member(s, alice, space.id, bob_user.email)
    cols = board.columns(s, space.id)
    board.update_column(s, alice, cols[1].id, wip_limit=3)
    for index, (title, points, priority) in enumerate(KANBAN_ITEMS):
        item = backlog.create_item(s, alice, space.id, title, story_points=points, priority=priority)
        task = board.create_task(s, alice, item.id)
        if index in (0, 1):
            board.move_task(s, bob, task.id, cols[1].id)
            board.assign_task(s, alice, task.id, bob.user_id)
        elif index == 2:
            board.move_task(s, alice, task.id, cols[2].id)
