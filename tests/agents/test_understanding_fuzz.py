"""Whatever a user types, reading it never fails, and ids only ever come from digits they typed."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings, strategies as st

from apcs_app.agents.offline.intents import understand
from apcs_app.agents.routing import route

WORDS = ["create", "add", "move", "assign", "set", "mark", "sprint", "backlog", "item", "task", "column", "to", "in",
         "the", "it", "'Dark mode'", "\"CSV\"", "points", "five", "13", "#7", "high", "priority", "done", "next",
         "monday", "from", "2027-01-04", "weeks", "workspace", "scrum", "kanban", "called", "named", "don't", ":", ","]

phrases = st.one_of(st.text(max_size=120), st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join))


@settings(max_examples=400, deadline=None)
@given(phrases)
def test_reading_never_fails_and_never_invents_ids(text):
    intent = understand(text, dt.date(2026, 11, 25))
    assert route(text) in ("administration", "workflow", "scrum_master")
    if intent is None:
        return
    typed = set(re.findall(r"\d+", text))
    for ref in intent.refs.values():
        assert ref.id is None or str(ref.id) in typed
    for key in ("item_id", "task_id", "column_id", "user_id", "backlog_item_id", "space_id", "sprint_id"):
        assert key not in intent.args  # ids are resolved from tool results, never read off the message


CONTEXT = {"user_id": 1, "timestamp": "2026-11-25T10:00:00+00:00",
           "members": [{"user_id": 1, "name": "Alice Martin", "email": "alice@example.com"},
                       {"user_id": 2, "name": "Bob Chen", "email": "bob@example.com"}]}


@settings(max_examples=300, deadline=None)
@given(st.lists(phrases, min_size=1, max_size=3), st.sampled_from(["administration", "workflow", "scrum_master"]))
def test_the_model_always_takes_a_step_with_its_own_tools(messages, agent):
    from apcs_app.agents.offline.conversation import Conversation, Turn
    from apcs_app.agents.offline.model import next_step
    from apcs_app.agents.registry import AGENTS

    spec = AGENTS[agent]
    available = set(spec.tools)
    turns = [Turn(m, reply="Which backlog item do you mean?") for m in messages[:-1]] + [Turn(messages[-1])]
    step = next_step(Conversation(CONTEXT, turns), available)
    if isinstance(step, (tuple, list)):
        calls = step if isinstance(step, list) else [step]
        assert calls and all(tool in available and isinstance(args, dict) for tool, args in calls)
    else:
        assert isinstance(step, str) and step
