"""The assistant measured on commands others wrote (bench/agent_corpus): floors that only go up.

The test part is frozen: its hash is checked, and only its totals are asserted — its failures
are never printed, so nobody tunes on them. Floors are the figures measured when they were set
(see the issue notes); the target is 95% with no silently wrong write."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from apcs_app.agents.evaluation import evaluate, load_cases

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "agent_corpus"
# part: (lowest accuracy, most silently wrong writes), a little under the figures measured at 53003da
# (README of bench/agent_corpus), so a reading that gets worse on any part fails here.
FLOORS = {"dev": (0.95, 0), "dev2": (0.96, 0), "dev3": (0.95, 0), "dev4": (0.95, 0), "dev5": (0.95, 0), "dev6": (0.95, 0),
          "dev7": (0.97, 0), "dev8": (0.94, 0), "dev9": (0.96, 0), "dev10": (0.97, 0), "dev11": (0.95, 0), "dev12": (0.97, 0), "test": (0.94, 1)}


def test_the_test_part_is_frozen():
    recorded = (CORPUS / "test.sha256").read_text().split()[0]
    assert hashlib.sha256((CORPUS / "test.jsonl").read_bytes()).hexdigest() == recorded


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_accuracy_stays_above_its_floor(part):
    report = evaluate(load_cases(CORPUS / f"{part}.jsonl"), corpus=part)
    accuracy, silent = FLOORS[part]
    summary = f"{part}: {report.correct}/{report.total} ({report.accuracy:.1%}), {report.silently_wrong} silently wrong"
    assert report.accuracy >= accuracy, summary
    assert report.silently_wrong <= silent, summary


def test_a_renamed_item_is_scored_by_the_name_it_had_when_asked(tmp_path, demo_database):
    case = {"id": "c9001", "style": "imperative", "message": "Rename 'Dark mode' to 'Night theme'",
            "tool": "update_backlog_item", "args": {"item_id": {"item": "Dark mode"}, "updates": {"title": "Night theme"}}}
    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps(case) + "\n")
    report = evaluate(load_cases(corpus), corpus="one")
    assert (report.correct, report.silently_wrong) == (1, 0), report.text(failures=True)


@pytest.mark.parametrize("args", [{"name": "Triage"}, {"name": "Triage", "order": 3}])
def test_a_column_placed_where_the_tool_puts_it_anyway_is_scored_either_way(tmp_path, demo_database, args):
    # "right before Done" is the tool's own place for a new column (just before the last one):
    # a call that spells the position out and one that leaves it to the tool do the same.
    case = {"id": "c9002", "style": "statement", "message": "We need a 'Triage' column right before Done.",
            "tool": "create_column", "args": args}
    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps(case) + "\n")
    report = evaluate(load_cases(corpus), corpus="one")
    assert (report.correct, report.silently_wrong) == (1, 0), report.text(failures=True)
