"""Demo data: two workspaces, a team, a board in motion and a sprint with burndown history."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from apcs_app import db
from apcs_app.domain import Activity, BacklogItem, Membership, Space, Sprint, SprintItem, Task, User, Via
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


class _Clock:
    """Seeding as if it happened over the past weeks: after each step, every time that step
    stamped (now, as the services do) becomes the moment the step describes — the activity
    rows, the cards' and items' created and done times, sprint links — so the charts have
    the history the demo tells."""

    _STAMPS = ((Activity, "created_at"), (Task, "created_at"), (Task, "done_at"), (BacklogItem, "created_at"),
               (BacklogItem, "updated_at"), (BacklogItem, "completed_at"), (SprintItem, "added_at"),
               (Sprint, "created_at"), (Sprint, "started_at"), (Sprint, "completed_at"), (Space, "created_at"),
               (Membership, "joined_at"))

    def __init__(self, s: Session, today: dt.date):
        self.s, self.today, self.started = s, today, utcnow()

    def at(self, days_ago: float, hour: int = 10) -> None:
        """Date what was done since the last call `days_ago` days before today, at `hour` UTC."""
        when = dt.datetime.combine(self.today, dt.time(hour), tzinfo=dt.UTC) - dt.timedelta(days=days_ago)
        when = min(when, self.started)
        self.s.flush()
        for model, name in self._STAMPS:
            column = getattr(model, name)
            for row in self.s.exec(select(model).where(column >= self.started)):
                setattr(row, name, when)
        self.s.flush()


def seed_demo(today: dt.date | None = None) -> bool:
    """Load the demo data once; returns False when it is already there."""
    today = today or utcnow().date()
    with db.transaction() as s:
        if is_seeded(s):
            return False
        users = [auth.create_user(s, name, email, DEMO_PASSWORD, role) for name, email, role in DEMO_USERS]
        alice, bob = (Actor(u.id, Via.CLI, "seed") for u in users[:2])
        clock = _Clock(s, today)
        _scrum_space(s, alice, bob, users[1], clock)
        _kanban_space(s, alice, bob, users[1], clock)
    return True


def _scrum_space(s: Session, alice: Actor, bob: Actor, bob_user: User, clock: _Clock) -> None:
    today = clock.today
    space = spaces.create_space(s, alice, "Project Phoenix", "SCRUM", "Customer portal rebuild, two-week sprints")
    members.invite_member(s, alice, space.id, bob_user.email, "DEVELOPER")
    items = [backlog.create_item(s, alice, space.id, t, story_points=p, priority=pr) for t, p, pr in SCRUM_ITEMS]
    cols = board.columns(s, space.id)
    done_col = cols[-1]
    clock.at(30)

    # A finished sprint four weeks ago, for velocity: its items done on days 4 and 9.
    past = sprints.create_sprint(s, alice, space.id, "Sprint 1", today - dt.timedelta(days=28), today - dt.timedelta(days=14),
                                 goal="Accounts basics")
    for item in items[:3]:
        sprints.add_to_sprint(s, alice, space.id, item.id, past.id)
    clock.at(28, 8)
    sprints.start_sprint(s, alice, space.id, past.id)
    clock.at(28, 9)
    for item, started, done in ((items[0], 1, 4), (items[1], 2, 9)):
        task = board.create_task(s, bob, item.id)
        clock.at(28 - 1, 10)
        board.move_task(s, bob, task.id, cols[1].id)
        clock.at(28 - started, 11)
        board.move_task(s, bob, task.id, done_col.id)
        clock.at(28 - done, 15)
    sprints.complete_sprint(s, alice, space.id, past.id)
    clock.at(14, 17)

    # The sprint in progress: started six days ago, items finished on days 1, 3 and 5.
    start = today - dt.timedelta(days=6)
    current = sprints.create_sprint(s, alice, space.id, "Sprint 2", start, start + dt.timedelta(days=14),
                                    goal="Reporting and hardening")
    sprint_items = [items[2], items[3], items[4], items[5], items[6]]
    for item in sprint_items:
        sprints.add_to_sprint(s, alice, space.id, item.id, current.id)
    clock.at(6, 8)
    sprints.start_sprint(s, alice, space.id, current.id)
    clock.at(6, 9)
    finished = {items[5].id: 1, items[4].id: 3, items[6].id: 5}
    for item in sprint_items:
        task = board.create_task(s, alice, item.id, title=f"Build: {item.title}")
        clock.at(6, 10)
        if item.id in finished:
            board.move_task(s, bob, task.id, cols[1].id)
            clock.at(6 - finished[item.id] + 1, 11)
            board.move_task(s, bob, task.id, done_col.id)
            clock.at(6 - finished[item.id], 15)
        elif item.id == items[2].id:
            board.move_task(s, alice, task.id, cols[1].id)
            board.assign_task(s, alice, task.id, bob.user_id)
            clock.at(5, 11)
    review = board.create_task(s, alice, items[2].id, title="Write CSV serializer")
    board.assign_task(s, alice, review.id, alice.user_id)
    clock.at(4, 14)


def _kanban_space(s: Session, alice: Actor, bob: Actor, bob_user: User, clock: _Clock) -> None:
    space = spaces.create_space(s, alice, "Support Desk", "KANBAN", "Helpdesk tickets for the customer portal")
    members.invite_member(s, alice, space.id, bob_user.email)
    cols = board.columns(s, space.id)
    board.update_column(s, alice, cols[1].id, wip_limit=3)
    clock.at(21, 9)
    for index, (title, points, priority) in enumerate(KANBAN_ITEMS):
        item = backlog.create_item(s, alice, space.id, title, story_points=points, priority=priority)
        task = board.create_task(s, alice, item.id)
        clock.at(20 - 4 * index, 9)  # a ticket every four days
        if index in (0, 1):
            board.move_task(s, bob, task.id, cols[1].id)
            board.assign_task(s, alice, task.id, bob.user_id)
            clock.at(18 - 4 * index, 11)
        elif index == 2:
            board.move_task(s, alice, task.id, cols[1].id)
            clock.at(11, 10)
            board.move_task(s, alice, task.id, cols[2].id)
            clock.at(9, 16)


LARGE_VERBS = ("Fix", "Build", "Review", "Document", "Test", "Refactor", "Design", "Measure", "Migrate", "Ship")
LARGE_NOUNS = ("login page", "invoice export", "search index", "billing API", "onboarding mail", "audit log",
               "mobile board", "sprint report", "SSO settings", "rate limiter", "help center", "CSV import")
# Out of every 20 cards: 5 to do, 2 in progress, 1 in review, 12 done (two years of finished work).
LARGE_SPREAD = (0,) * 5 + (1,) * 2 + (2,) + (3,) * 12
LARGE_DAYS = 720


def seed_large(tasks: int, today: dt.date | None = None) -> int:
    """A large demo workspace owned by Alice (Bob a member): `tasks` cards over four columns,
    with two years of history, written through the bulk path. Loads the demo users first if
    they are missing. Returns the workspace id."""
    from apcs_app.services import bulk

    today = today or utcnow().date()
    seed_demo(today)
    end = min(dt.datetime.combine(today, dt.time(18), tzinfo=dt.UTC), utcnow())
    with db.transaction() as s:
        owner, member = (auth.find_user(s, email) for _, email, _ in DEMO_USERS[:2])
        alice = Actor(owner.id, Via.CLI, "seed-large")
        clock = _Clock(s, today)
        space = spaces.create_space(s, alice, f"Large board ({tasks:,} tasks)", "KANBAN",
                                    "A workspace with years of cards, to try APCS at scale")
        members.invite_member(s, alice, space.id, member.email)
        board.create_column(s, alice, space.id, "Review")
        clock.at(LARGE_DAYS + 1, 9)  # the workspace was set up before its first card
        cards = []
        for n in range(tasks):
            created = end - dt.timedelta(days=LARGE_DAYS * (tasks - n) / tasks, hours=n % 7)
            started = created + dt.timedelta(days=1 + n % 4)
            cards.append(bulk.NewCard(
                title=f"{LARGE_VERBS[n % len(LARGE_VERBS)]} {LARGE_NOUNS[n // len(LARGE_VERBS) % len(LARGE_NOUNS)]} "
                      f"({n + 1})",
                story_points=(1, 2, 3, 5, 8)[n % 5], priority=("LOW", "MEDIUM", "MEDIUM", "HIGH")[n % 4],
                column=LARGE_SPREAD[n % len(LARGE_SPREAD)], created_at=min(created, end),
                started_at=min(started, end), done_at=min(started + dt.timedelta(days=1 + n % 9), end)))
        bulk.add_cards(s, alice, space.id, cards)
    return space.id
