"""Search at size: the `search` service at 500 and 5,000 tasks on SQLite and PostgreSQL, next to
the naive way measured in the same run (load every task title and let rapidfuzz rank them all).
Prints milliseconds (median, p95) and each size's ratio to the naive way."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process  # noqa: E402
from sqlmodel import select  # noqa: E402

from apcs_app import db  # noqa: E402
from apcs_app.domain import Task  # noqa: E402
from apcs_app.services import auth, search, spaces  # noqa: E402
from apcs_app.services.access import Actor  # noqa: E402
from bench._common import fresh_database, pct, postgres_available, timed  # noqa: E402
from tests.mcp.bulk import fill  # noqa: E402

SIZES = (500, 5000)
REPEAT = 20
QUERIES = ("CSV export #12", "refactr biling api", "dark theme")


def measure(kind: str, size: int) -> dict:
    with fresh_database(kind):
        with db.transaction() as s:
            user = auth.create_user(s, "Bench", "bench@example.com", "bench-password")
            actor = Actor(user.id)
            space_id = spaces.create_space(s, actor, "Bench", "KANBAN").id
        fill(space_id, size)

        def ours():
            with db.read() as s:
                for q in QUERIES:
                    search.search(s, actor, space_id, q, limit=10)

        def naive():
            with db.read() as s:
                rows = s.exec(select(Task.id, Task.title).where(Task.space_id == space_id)).all()
                for q in QUERIES:
                    process.extract(q, {i: t for i, t in rows}, scorer=fuzz.WRatio, limit=10)

        ours(), naive()  # warm up caches and the connection pool
        a, b = timed(ours, REPEAT), timed(naive, REPEAT)
        per_query = len(QUERIES)
        return {"kind": kind, "size": size, "search_p50": pct(a, 50) / per_query, "search_p95": pct(a, 95) / per_query,
                "naive_p50": pct(b, 50) / per_query}


def main() -> None:
    kinds = ["sqlite"] + (["postgres"] if postgres_available() else [])
    for kind in kinds:
        rows = [measure(kind, size) for size in SIZES]
        for r in rows:
            print(f"{r['kind']:8} {r['size']:>5} tasks: search {r['search_p50']:6.1f} ms/query (p95 {r['search_p95']:.1f}),"
                  f" naive load-all {r['naive_p50']:6.1f} ms/query, ratio {r['search_p50'] / r['naive_p50']:.2f}")
        print(f"{kind:8} growth 500 -> 5000: search x{rows[1]['search_p50'] / rows[0]['search_p50']:.1f}, "
              f"naive x{rows[1]['naive_p50'] / rows[0]['naive_p50']:.1f}")


if __name__ == "__main__":
    main()
