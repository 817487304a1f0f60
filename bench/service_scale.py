"""Service writes at 500, 5,000 and 50,000 tasks: move_task and a card create (backlog item and
its task) p50/p95 on SQLite and PostgreSQL, each size's ratio to the 500-task figure of the same
run. The workspaces are made with the bulk seed (`apcs seed --tasks N`).

    python bench/service_scale.py [--sizes 500 5000 50000] [--repeat 200]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import select  # noqa: E402

from apcs_app import db, seed  # noqa: E402
from apcs_app.domain import ConflictError, Task  # noqa: E402
from apcs_app.services import auth, backlog, board  # noqa: E402
from apcs_app.services.access import Actor  # noqa: E402
from bench._common import fresh_database, pct, postgres_available  # noqa: E402


ROUNDS = 10


def _prepare(kind: str, size: int, stack: contextlib.ExitStack) -> dict:
    url = stack.enter_context(fresh_database(kind))
    started = time.perf_counter()
    space_id = seed.seed_large(size)
    seeded = time.perf_counter() - started
    raw = db.get_engine().raw_connection()  # what a checkpoint / autovacuum would have done by now
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)" if kind == "sqlite" else "ANALYZE")
        raw.commit()
    finally:
        raw.close()
    with db.transaction() as s:
        alice = Actor(auth.find_user(s, "alice@example.com").id)
        cols = [c.id for c in board.columns(s, space_id)]
        task_ids = list(s.exec(select(Task.id).where(Task.space_id == space_id)))
    return {"url": url, "size": size, "seed_s": seeded, "space": space_id, "actor": alice, "cols": cols,
            "tasks": task_ids, "rng": random.Random(size), "moves": [], "creates": []}


def _batch(w: dict, count: int) -> None:
    rng, alice = w["rng"], w["actor"]
    for n in range(count):
        task_id, column_id, position = rng.choice(w["tasks"]), rng.choice(w["cols"][:-1]), rng.choice([None, 0, 1, 3])
        t0 = time.perf_counter()
        try:
            with db.transaction() as s:
                board.move_task(s, alice, task_id, column_id, position)
        except ConflictError:
            pass
        w["moves"].append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        with db.transaction() as s:
            item = backlog.create_item(s, alice, w["space"], f"Bench card {n}", story_points=3)
            board.create_task(s, alice, item.id)
        w["creates"].append((time.perf_counter() - t0) * 1000)


def measure(kind: str, sizes: list[int], repeat: int) -> list[dict]:
    """Every size's workspace made first, then measured in interleaved rounds, so the machine's
    load drifting during the run weighs on every size alike."""
    with contextlib.ExitStack() as stack:
        works = []
        for size in sizes:
            works.append(_prepare(kind, size, stack))
        for w in works:  # warm-up, left out
            db.configure(w["url"])
            _batch(w, 5)
            w["moves"].clear(), w["creates"].clear()
        for _ in range(ROUNDS):
            for w in works:
                db.configure(w["url"])
                _batch(w, max(1, repeat // ROUNDS))
        return [{"db": kind, "tasks": w["size"], "seed_s": w["seed_s"], "move_p50": pct(w["moves"], 50),
                 "move_p95": pct(w["moves"], 95), "create_p50": pct(w["creates"], 50),
                 "create_p95": pct(w["creates"], 95)} for w in works]


def markdown(rows: list[dict]) -> str:
    lines = ["| database | tasks | bulk seed s | move p50 ms | move p95 ms | move p50 / 500 | "
             "create p50 ms | create p95 ms | create p50 / 500 |", "|---|---|---|---|---|---|---|---|---|"]
    base = {}
    for r in rows:
        base.setdefault(r["db"], r)
        b = base[r["db"]]
        lines.append(f"| {r['db']} | {r['tasks']:,} | {r['seed_s']:.1f} | {r['move_p50']:.1f} | {r['move_p95']:.1f} | "
                     f"{r['move_p50'] / b['move_p50']:.2f}× | {r['create_p50']:.1f} | {r['create_p95']:.1f} | "
                     f"{r['create_p50'] / b['create_p50']:.2f}× |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[500, 5000, 50000])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    kinds = ["sqlite"] + (["postgres"] if postgres_available() else [])
    print(f"Service writes by board size (one workspace of N tasks, bulk seeded); load {os.getloadavg()[0]:.2f}")
    rows = [row for kind in kinds for row in measure(kind, args.sizes, args.repeat)]
    print(markdown(rows))
    print(f"target: move and create at 50,000 within 1.3x of 500; load after {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
