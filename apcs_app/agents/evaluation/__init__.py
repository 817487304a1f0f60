"""Measuring the assistant on commands written by others: `apcs eval FILE`, `bench/agent_eval.py`."""

from apcs_app.agents.evaluation.corpus import Case, load_cases
from apcs_app.agents.evaluation.harness import evaluate
from apcs_app.agents.evaluation.report import Report

__all__ = ["Case", "Report", "evaluate", "load_cases"]
