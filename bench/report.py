"""Runs every benchmark and writes docs/PERFORMANCE.md from what they print (nothing typed by hand).

    python bench/report.py            # all benchmarks (needs Chromium for the UI one)
    python bench/report.py --skip ui_board
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHES = (
    ("board_load", "Board load time and SQL queries", [sys.executable, "bench/board_load.py"]),
    ("mcp_overhead", "MCP overhead per transport", [sys.executable, "bench/mcp_overhead.py"]),
    ("agent_latency", "Agent latency (offline model)", [sys.executable, "bench/agent_latency.py"]),
    ("ui_board", "Drop and live-update latency in Chromium",
     [sys.executable, "bench/ui_board.py", "500", "5000", "50000"]),
    # Against the code before the writes took narrower locks (372645c), exported from git.
    ("move_throughput", "Writes under a team: 50 users x 20 moves on PostgreSQL, before and after the narrower locks",
     [sys.executable, "bench/move_throughput.py", "--before", "372645c~1"]),
    ("concurrency", "Concurrency: 50 users x 20 moves on PostgreSQL (REST + MCP over HTTP)",
     [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "tests/concurrency"]),
)


def run(cmd: list[str]) -> str:
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    out = proc.stdout.strip()
    if proc.returncode != 0:
        out += f"\n\n(exit code {proc.returncode})\n{proc.stderr.strip()[-2000:]}"
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip", nargs="*", default=[])
    args = parser.parse_args()
    sections = []
    for key, title, cmd in BENCHES:
        if key in args.skip:
            continue
        print(f"== {title}", flush=True)
        out = run(cmd)
        print(out, flush=True)
        sections.append(f"## {title}\n\n`{' '.join(Path(c).name if c == sys.executable else c for c in cmd)}`\n\n{out}\n")
    header = (
        "# Performance\n\nProduced by `python bench/report.py` on "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC — {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}. Every figure is printed next to a baseline measured in the same "
        "run (these machines are noisy: compare the ratios, not the milliseconds).\n"
    )
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "PERFORMANCE.md").write_text(header + "\n" + "\n".join(sections))
    print("wrote docs/PERFORMANCE.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
