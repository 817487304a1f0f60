"""Writes under a team: 50 users x 20 moves on PostgreSQL, each user a thread with its own
connection, through the service's move_task — next to a bare UPDATE + commit loop by the same
50 users in the same run. Runs the code of this checkout and, when git can export it, the code
of `main` (or --before REF) the same way, and prints the throughput ratio between the two.

    python bench/move_throughput.py [--before main] [--tasks 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, os.environ.get("APCS_BENCH_CODE", str(HERE)))

USERS, MOVES = 50, 20


def _fill(tasks: int):
    from sqlalchemy import insert, text

    from apcs_app import db
    from apcs_app.domain import BacklogItem, Task
    from apcs_app.domain.models import utcnow
    from apcs_app.services import auth, board, spaces
    from apcs_app.services.access import Actor

    with db.transaction() as s:
        user = auth.create_user(s, "Bench", "bench@example.com", "bench-password")
        actor = Actor(user.id)
        space = spaces.create_space(s, actor, "Busy board", "KANBAN")
        board.create_column(s, actor, space.id, "Review")
        cols = [c.id for c in board.columns(s, space.id)]
    now = utcnow()
    with db.get_engine().begin() as conn:  # bulk rows: this measures moving, not seeding
        conn.execute(insert(BacklogItem.__table__), [
            {"space_id": space.id, "title": f"Item {i}", "story_points": 3, "priority": "MEDIUM", "status": "TODO",
             "rank": float(i), "version": 1, "created_at": now, "updated_at": now} for i in range(tasks)])
        item_ids = [r[0] for r in conn.execute(text("SELECT id FROM backlog_items WHERE space_id = :s ORDER BY rank"),
                                               {"s": space.id})]
        conn.execute(insert(Task.__table__), [
            {"space_id": space.id, "backlog_item_id": item_ids[i], "column_id": cols[i % 3], "title": f"Task {i}",
             "rank": float(i) * 1024, "version": 1, "created_at": now} for i in range(tasks)])
        task_ids = [r[0] for r in conn.execute(text("SELECT id FROM tasks WHERE space_id = :s"), {"s": space.id})]
    with db.transaction() as s:  # a WIP limit a little above what the column holds: some moves are refused
        board.update_column(s, actor, cols[1], wip_limit=tasks // 3 + 5)
    return actor, space.id, cols, task_ids


def _run_users(work) -> float:
    """Seconds for USERS threads to each run `work(n)` once, started together."""
    start = threading.Barrier(USERS + 1)
    threads = [threading.Thread(target=lambda n=n: (start.wait(), work(n))) for n in range(USERS)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - began


def worker(tasks: int) -> dict:
    import psycopg
    from sqlalchemy import create_engine, text

    from apcs_app import db
    from apcs_app.domain import ConflictError
    from apcs_app.services import board
    from bench._common import fresh_database

    with fresh_database("postgres") as url:
        actor, space_id, cols, task_ids = _fill(tasks)
        # Each user its own connection, as 50 web workers would have.
        db._engine = create_engine(db.normalize_url(url), pool_size=USERS, max_overflow=0)
        rng = random.Random(20261203)
        plans = [[(rng.choice(task_ids), rng.choice(cols), rng.choice([None, 0, 1, 3])) for _ in range(MOVES)]
                 for _ in range(USERS)]
        outcomes: list[str] = []

        def mover(n: int) -> None:
            for task_id, column_id, position in plans[n]:
                try:
                    with db.transaction() as s:
                        _, changed = board.move_task(s, actor, task_id, column_id, position)
                    outcomes.append("moved" if changed else "noop")
                except ConflictError:
                    outcomes.append("refused")

        raw = db.normalize_url(url).replace("postgresql+psycopg://", "postgresql://")
        conns: list = []

        def bare(n: int) -> None:
            for task_id, _column_id, _position in plans[n]:
                conns[n].execute("UPDATE tasks SET version = version + 1 WHERE id = %s", (task_id,))
                conns[n].commit()

        # The bare loop first, on its own 50 connections, closed before the service's 50 open.
        conns.extend(psycopg.connect(raw) for _ in range(USERS))
        bare_s = _run_users(bare)
        for c in conns:
            c.close()
        warm = [db.get_engine().connect() for _ in range(USERS)]  # every user's connection open before the clock
        for c in warm:
            c.close()
        service_s = _run_users(mover)
        with db.get_engine().connect() as conn:
            rows = conn.execute(text("SELECT id, column_id, rank FROM tasks WHERE space_id = :s"), {"s": space_id}).all()
            limit = conn.execute(text("SELECT wip_limit FROM board_columns WHERE id = :c"), {"c": cols[1]}).scalar()
        per_column = {c: [r[2] for r in rows if r[1] == c] for c in cols}
        checks = {
            "cards_once": sorted(r[0] for r in rows) == sorted(task_ids),
            "wip_held": len(per_column[cols[1]]) <= limit,
            "ranks_unique": all(len(set(v)) == len(v) for v in per_column.values()),
        }
        db.get_engine().dispose()
    total = USERS * MOVES
    return {"moves_per_s": total / service_s, "bare_per_s": total / bare_s, "moved": outcomes.count("moved"),
            "noop": outcomes.count("noop"), "refused": outcomes.count("refused"), "errors": total - len(outcomes),
            **checks}


def _measure(code: Path, tasks: int) -> dict:
    proc = subprocess.run([sys.executable, str(HERE / "bench" / "move_throughput.py"), "--worker", "--tasks", str(tasks)],
                          capture_output=True, text=True, timeout=1800, cwd=code,
                          env={**os.environ, "APCS_BENCH_CODE": str(code), "PYTHONPATH": str(code)})
    if proc.returncode != 0:
        raise SystemExit(f"benchmark worker failed for {code}:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _export(ref: str, into: Path) -> bool:
    """The tree of `ref`, from git's object store (no checkout is touched)."""
    archive = subprocess.run(["git", "-C", str(HERE), "archive", ref], capture_output=True)
    if archive.returncode != 0:
        return False
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return True


def _line(name: str, r: dict) -> str:
    ok = "ok" if r["cards_once"] and r["wip_held"] and r["ranks_unique"] and not r["errors"] else "BROKEN"
    return (f"{name:<28} {r['moves_per_s']:8.0f} moves/s   bare UPDATE+commit {r['bare_per_s']:8.0f}/s   "
            f"service/bare {r['moves_per_s'] / r['bare_per_s']:5.2f}   ({r['moved']} moved, {r['noop']} no-op, "
            f"{r['refused']} refused by WIP; every card once, WIP held, ranks unique: {ok})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--before", default="main", help="git ref to compare with ('' to skip)")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.tasks)))
        return 0
    print(f"{USERS} users x {MOVES} moves on PostgreSQL, {args.tasks:,} tasks on a 4-column board, "
          f"one thread and connection per user; load {os.getloadavg()[0]:.2f}")
    after = _measure(HERE, args.tasks)
    print(_line("this checkout", after))
    if args.before:
        with tempfile.TemporaryDirectory() as tmp:
            if _export(args.before, Path(tmp)):
                before = _measure(Path(tmp), args.tasks)
                print(_line(f"before ({args.before})", before))
                gain = after["moves_per_s"] / before["moves_per_s"]
                normalised = (after["moves_per_s"] / after["bare_per_s"]) / (before["moves_per_s"] / before["bare_per_s"])
                print(f"throughput {gain:.1f}x the code of {args.before} ({normalised:.1f}x against each run's bare "
                      f"loop); target >= 5x: {'met' if gain >= 5 else 'NOT met'}")
    print(f"load after {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
