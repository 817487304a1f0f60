"""Sprint days counted from today in words people use ("a fortnight from now", "a week today"),
a start said with its cue after a stray "now", and the running sprint by other names (issue #13).
None of these sentences is in the corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from apcs_app.domain import Sprint
from tests.agents.support import one, rows, run, yes_if_asked


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "name", "start", "end"), [
    ("get a sprint on the books now: it should start 5 days from today and last two weeks", None, 5, 19),
    ("plan a one-week sprint called Hotfix Week beginning a fortnight from now", "Hotfix Week", 14, 21),
    ("schedule a sprint named Beta from a week today until two weeks today", "Beta", 7, 14),
])
def test_days_counted_from_today(demo, message, name, start, end):
    result = yes_if_asked(demo.alice, message)
    assert result.call("create_sprint"), result.answer
    made = one(Sprint, Sprint.name == name) if name else max(rows(Sprint), key=lambda s: s.id)
    today = dt.date.today()
    assert (made.start_date, made.end_date) == (today + dt.timedelta(days=start), today + dt.timedelta(days=end)), result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_the_ongoing_sprint_is_the_current_one(demo):
    result = yes_if_asked(demo.alice, "put Onboarding checklist in the ongoing sprint")
    assert result.call("add_to_sprint_backlog"), result.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_the_list_of_sprints(demo):
    result = run(demo.alice, "bring up the sprint overview please")
    assert result.calls[-1]["tool"] == "list_sprints", result.calls
