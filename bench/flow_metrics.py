"""Flow metrics at size: the metrics page's computations (cumulative flow over 30 days, cycle
times, throughput, aging WIP, stand-up digest) on a board of 500 and 5,000 cards with three
recorded moves each, next to loading the same board (board.get_board) measured in the same run."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text  # noqa: E402

from apcs_app import db  # noqa: E402
from apcs_app.domain import Activity, BacklogItem, Task  # noqa: E402
from apcs_app.services import auth, board, flow, reports, spaces  # noqa: E402
from apcs_app.services.access import Actor  # noqa: E402
from bench._common import fresh_database, pct, postgres_available, timed  # noqa: E402

SIZES = (500, 5000)
REPEAT = 5
NOW = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)


def _fill(size: int) -> tuple[Actor, int]:
    with db.transaction() as s:
        user = auth.create_user(s, "Bench", "bench@example.com", "bench-password")
        actor = Actor(user.id)
        space = spaces.create_space(s, actor, "Bench", "KANBAN")
        cols = [c.id for c in board.columns(s, space.id)]
    at = lambda i, step: NOW - dt.timedelta(days=60 - (i % 50) - step * 3, hours=i % 24)  # noqa: E731
    with db.get_engine().begin() as conn:  # bulk rows: the benchmark measures reading, not seeding
        conn.execute(insert(BacklogItem), [
            {"space_id": space.id, "title": f"Item {i}", "story_points": 3, "priority": "MEDIUM",
             "status": "DONE" if i % 3 == 2 else "IN_PROGRESS", "rank": float(i), "version": 1, "created_at": at(i, 0),
             "updated_at": at(i, 0), "completed_at": at(i, 2) if i % 3 == 2 else None} for i in range(size)])
        items = [r[0] for r in conn.execute(text("SELECT id FROM backlog_items WHERE space_id = :s ORDER BY id"),
                                            {"s": space.id})]
        conn.execute(insert(Task), [
            {"space_id": space.id, "backlog_item_id": items[i], "column_id": cols[2 if i % 3 == 2 else 1],
             "title": f"Task {i}", "rank": float(i), "version": 1, "created_at": at(i, 0),
             "done_at": at(i, 2) if i % 3 == 2 else None} for i in range(size)])
        tasks = [r[0] for r in conn.execute(text("SELECT id FROM tasks WHERE space_id = :s ORDER BY id"),
                                            {"s": space.id})]
        rows = []
        for i, task in enumerate(tasks):
            path = [cols[0], cols[1]] + ([cols[2]] if i % 3 == 2 else [])
            rows.append(_row(space.id, user.id, "create_task", task, None, path[0], at(i, 0)))
            rows += [_row(space.id, user.id, "move_task", task, path[n - 1], path[n], at(i, n)) for n in range(1, len(path))]
        conn.execute(insert(Activity), rows)
    return actor, space.id


def _row(space_id, user_id, action, task_id, before, after, when) -> dict:
    return {"space_id": space_id, "actor_id": user_id, "via": "ui", "action": action, "entity_type": "task",
            "entity_id": task_id, "summary": action, "before": {"column_id": before}, "after": {"column_id": after},
            "imported": False, "created_at": when}


def measure(kind: str, size: int) -> dict:
    with fresh_database(kind):
        actor, space_id = _fill(size)

        def metrics_page():
            with db.transaction() as s:
                flow.overview(s, actor, space_id, 30, 12, now=NOW)
                reports.standup_digest(s, actor, space_id, now=NOW)

        def load_board():
            with db.transaction() as s:
                board.get_board(s, actor, space_id)

        metrics_page(), load_board()  # warm caches and pools
        page, base = timed(metrics_page, REPEAT), timed(load_board, REPEAT)
        return {"db": kind, "cards": size, "p50_ms": pct(page, 50), "board_p50_ms": pct(base, 50),
                "ratio": pct(page, 50) / pct(base, 50)}


def run() -> list[dict]:
    kinds = ["sqlite"] + (["postgres"] if postgres_available() else [])
    return [measure(kind, size) for kind in kinds for size in SIZES]


def markdown(rows: list[dict]) -> str:
    lines = ["| database | cards | metrics page p50 ms | board load p50 ms | ratio to board load |", "|---|---|---|---|---|"]
    lines += [f"| {r['db']} | {r['cards']} | {r['p50_ms']:.0f} | {r['board_p50_ms']:.0f} | {r['ratio']:.1f}× |"
              for r in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    print("Flow metrics (the metrics page's computations vs loading the same board)")
    print(markdown(run()))
