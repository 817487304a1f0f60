"""Scores the offline assistant on both parts of bench/agent_corpus (same as `apcs eval FILE`).

    .venv/bin/python bench/agent_eval.py            # totals per tool and style, both parts
    .venv/bin/python bench/agent_eval.py --failures # and the dev part's failures (never the test part's)
"""

from __future__ import annotations

import sys
from pathlib import Path

from apcs_app.agents.evaluation import evaluate, load_cases

CORPUS = Path(__file__).resolve().parent / "agent_corpus"

if __name__ == "__main__":
    for part in ("dev", "test"):
        report = evaluate(load_cases(CORPUS / f"{part}.jsonl"), corpus=part)
        print(report.text(failures=part == "dev" and "--failures" in sys.argv[1:]))
        print()
