"""A large workspace in a second or two: bulk INSERTs of varied, realistic titles (so a search
has thousands of near-misses to rank), for the tests and benchmarks that need size."""

from __future__ import annotations

import random

from sqlalchemy import insert, select

from apcs_app import db
from apcs_app.domain import BacklogItem, Membership, Task
from apcs_app.domain.models import utcnow
from apcs_app.services import board

VERBS = ("Write", "Fix", "Refactor", "Test", "Document", "Review", "Speed up", "Design", "Remove", "Migrate")
THINGS = ("login page", "CSV export", "PDF report", "search index", "billing API", "user settings", "audit log",
          "email digest", "dark theme", "mobile layout", "webhook retries", "rate limiter", "sprint chart",
          "JSON parser", "upload form", "password reset", "team invites", "cache layer", "SSO bridge", "backup job")


def fill(space_id: int, tasks: int, *, tasks_per_item: int = 2, seed: int = 7) -> None:
    """`tasks` cards over the board's columns (about a third in the last, done one), assigned
    round-robin to the members, each backlog item carrying `tasks_per_item` of them."""
    rng = random.Random(seed)
    now = utcnow()
    with db.transaction() as s:
        columns = [c.id for c in board.columns(s, space_id)]
        people = list(s.exec(select(Membership.user_id).where(Membership.space_id == space_id)).scalars())
    with db.get_engine().begin() as conn:
        conn.execute(insert(BacklogItem), [
            {"space_id": space_id, "title": f"{rng.choice(VERBS)} {rng.choice(THINGS)} #{i}",
             "story_points": rng.choice((1, 2, 3, 5, 8)), "priority": rng.choice(("LOW", "MEDIUM", "HIGH")),
             "status": "TODO", "rank": float(i), "version": 1, "created_at": now, "updated_at": now}
            for i in range((tasks + tasks_per_item - 1) // tasks_per_item)])
        items = list(conn.execute(select(BacklogItem.id, BacklogItem.title).where(BacklogItem.space_id == space_id)
                                  .order_by(BacklogItem.id)))
        conn.execute(insert(Task), [
            {"space_id": space_id, "backlog_item_id": items[i // tasks_per_item][0], "column_id": columns[i % len(columns)],
             "title": f"{items[i // tasks_per_item][1]} part {i % tasks_per_item + 1}", "rank": float(i), "version": 1,
             "created_at": now, "assignee_id": people[i % len(people)] if i % 3 else None,
             "done_at": now if i % len(columns) == len(columns) - 1 else None}
            for i in range(tasks)])
