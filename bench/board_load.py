"""Board load: time and SQL statements for the whole board at 500 and 5,000 tasks, on SQLite
and PostgreSQL, next to a bare SELECT of the same task rows measured in the same run."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert, text  # noqa: E402

from apcs_app import db  # noqa: E402
from apcs_app.domain import BacklogItem, Task  # noqa: E402
from apcs_app.services import auth, board, spaces  # noqa: E402
from apcs_app.services.access import Actor  # noqa: E402
from bench._common import fresh_database, pct, postgres_available, timed  # noqa: E402

SIZES = (500, 5000)
REPEAT = 30


def _fill(size: int) -> tuple[Actor, int]:
    with db.transaction() as s:
        user = auth.create_user(s, "Bench", "bench@example.com", "bench-password")
        actor = Actor(user.id)
        space = spaces.create_space(s, actor, "Bench", "KANBAN")
        cols = board.columns(s, space.id)
    items_per_task = 5
    with db.get_engine().begin() as conn:  # bulk rows: the benchmark measures reading, not seeding
        conn.execute(insert(BacklogItem), [
            {"space_id": space.id, "title": f"Item {i}", "story_points": 3, "priority": "MEDIUM", "status": "TODO",
             "rank": float(i), "version": 1, "created_at": _now(), "updated_at": _now()}
            for i in range(size // items_per_task)])
        item_ids = [r[0] for r in conn.execute(text("SELECT id FROM backlog_items WHERE space_id = :s"), {"s": space.id})]
        conn.execute(insert(Task), [
            {"space_id": space.id, "backlog_item_id": item_ids[i // items_per_task], "column_id": cols[i % 3].id,
             "title": f"Task {i}", "rank": float(i), "version": 1, "created_at": _now(),
             "assignee_id": user.id if i % 2 else None}
            for i in range(size)])
    return actor, space.id


def _now():
    from apcs_app.domain.models import utcnow

    return utcnow()


def measure(kind: str, size: int) -> dict:
    with fresh_database(kind):
        actor, space_id = _fill(size)
        engine = db.get_engine()

        def load_board():
            with db.transaction() as s:
                cards = sum(len(c.cards) for c in board.get_board(s, actor, space_id))
            assert cards == size

        def bare_select():
            with engine.connect() as conn:
                rows = conn.execute(text("SELECT * FROM tasks WHERE space_id = :s"), {"s": space_id}).all()
            assert len(rows) == size

        load_board(), bare_select()  # warm caches and pools
        statements: list[str] = []
        listener = lambda *a: statements.append(a[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        load_board()
        event.remove(engine, "before_cursor_execute", listener)
        queries = sum(1 for q in statements if q.lstrip().upper().startswith("SELECT"))
        service, bare = timed(load_board, REPEAT), timed(bare_select, REPEAT)
        return {"db": kind, "tasks": size, "queries": queries, "p50_ms": pct(service, 50), "p95_ms": pct(service, 95),
                "bare_p50_ms": pct(bare, 50), "ratio": pct(service, 50) / pct(bare, 50)}


def run() -> list[dict]:
    kinds = ["sqlite"] + (["postgres"] if postgres_available() else [])
    return [measure(kind, size) for kind in kinds for size in SIZES]


def markdown(rows: list[dict]) -> str:
    lines = ["| database | tasks | SELECTs per board load | p50 ms | p95 ms | bare SELECT p50 ms | ratio to bare |",
             "|---|---|---|---|---|---|---|"]
    lines += [f"| {r['db']} | {r['tasks']} | {r['queries']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
              f"{r['bare_p50_ms']:.1f} | {r['ratio']:.1f}× |" for r in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    print("Board load (whole board through the service layer vs a bare SELECT of the same rows)")
    print(markdown(run()))
