"""Whether a tool call is the one a case expects: names become ids, dates become days, and
the arguments the user left out may be left out (or be the ones they default to)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from apcs_app.agents.evaluation.corpus import Case, date_value

# Arguments named by what they point at; the eval looks the name up after the run.
REFERENCE_KINDS = ("item", "task", "column", "member", "space", "sprint")
# What a model may fill in when the user named none: a new sprint's name, a task's title.
DEFAULTABLE = {"create_sprint": {"name"}, "create_task": {"title"}}
DATE_ARGS = ("start_date", "end_date")

Lookup = Callable[[str, str, dict], int | None]  # (kind, name, expected args so far) → id


def expected_args(case: Case, today: dt.date, lookup: Lookup) -> dict[str, Any]:
    """The case's arguments as values a tool call carries; an unknown name stays a (non-matching) string."""
    found: dict[str, Any] = {}
    # Workspaces first: a column is looked up in the workspace named beside it.
    for key in sorted(case.args, key=lambda k: k != "space_id"):
        spec = case.args[key]
        if key in DATE_ARGS:
            found[key] = date_value(spec, today)
        elif isinstance(spec, dict) and len(spec) == 1 and next(iter(spec)) in REFERENCE_KINDS:
            kind, name = next(iter(spec.items()))
            ident = lookup(kind, name, found)
            found[key] = ident if ident is not None else f"<no {kind} named {name!r}>"
        else:
            found[key] = spec
    return found


def differences(tool: str, expected: dict[str, Any], actual: dict[str, Any], implied: dict[str, Any]) -> list[str]:
    """What differs between the expected and the actual arguments (empty: they match).

    `implied` holds what an omitted argument means (the current workspace, the active sprint):
    a call that spells it out still says what the user said."""
    actual = {k: v for k, v in actual.items() if v not in (None, "", {})}
    expected = dict(expected)
    for key, value in implied.items():
        if value is None:
            continue
        if key not in expected and actual.get(key) == value:
            actual.pop(key)
        elif key not in actual and expected.get(key) == value:
            expected.pop(key)  # named by the user, left out by the call: the same thing
    for key in DEFAULTABLE.get(tool, ()):
        if key not in expected:
            actual.pop(key, None)
    problems = [f"{key}: expected {expected[key]!r}, got {actual.get(key)!r}"
                for key in expected if not _same(expected[key], actual.get(key))]
    problems += [f"{key}: not asked for, got {actual[key]!r}" for key in actual if key not in expected]
    return problems


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict) and set(expected) == {"contains"}:
        return actual is not None and _text(expected["contains"]) in _text(actual)
    if isinstance(expected, dict):
        return isinstance(actual, dict) and expected.keys() == actual.keys() and all(
            _same(value, actual[key]) for key, value in expected.items())
    if isinstance(expected, str) and isinstance(actual, str):
        return _text(expected) == _text(actual)
    return expected == actual


def _text(value: Any) -> str:
    """Case, spacing and a closing full stop are how a title was typed, not what it says."""
    return " ".join(str(value).split()).casefold().rstrip(".")
