"""What people say around a request (issue #13, read from dev10's classes): a workspace's
purpose in a sentence of its own, its name labelled or said before "as the name", a change of
mind about its method in the next sentence, an answer that leads with the method, and a new
story asked for "for that" after the sentence that says what is wanted. None of these
sentences is in the corpus."""

from __future__ import annotations

import pytest
from sqlmodel import select

from apcs_app import db
from apcs_app.domain import BacklogItem, Space
from tests.agents.support import run, yes_if_asked


def _space_names() -> set[str]:
    with db.read() as session:
        return set(session.exec(select(Space.name)))


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_workspace_purpose_said_in_a_sentence_of_its_own_describes_it(demo):
    said = ("We're spinning up the warehouse work soon and need a home for it. Could you make a Kanban "
            "workspace called Depot Ops? It's for the logistics people.")
    made = yes_if_asked(demo.alice, said, "purpose").call("create_space")["args"]
    assert made["name"] == "Depot Ops" and "logistics people" in made.get("description", ""), made
    later = yes_if_asked(demo.alice, "Make a Kanban workspace called Depot Two. I'll invite people for it later.", "later")
    assert "description" not in later.call("create_space")["args"], later.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("turns", "name"), [
    (["Could you set up a new workspace for me?", "Name: Atlas Hub. Scrum."], "Atlas Hub"),
    (["Our finance folks are drowning in requests. Let's give them a kanban board, workspace name Ledger Ops."], "Ledger Ops"),
    (["Hi! 🎉 I'd like a Kanban workspace, let's go with Orbit Desk as the name."], "Orbit Desk"),
    (["new scrum workspace, the name is Harbor"], "Harbor"),
])
def test_a_workspace_name_labelled_or_said_before_as_the_name(demo, turns, name):
    for turn in turns[:-1]:
        run(demo.alice, turn, conversation="named")
    made = yes_if_asked(demo.alice, turns[-1], "named")
    assert made.call("create_space")["args"]["name"] == name, made.answer
    assert name in _space_names()


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_method_taken_back_in_the_next_sentence_is_asked_about(demo):
    before = _space_names()
    asked = run(demo.alice, "Set up a scrum workspace named Geo Ops. Actually it should be kanban, we never run sprints.")
    assert "create_space" not in [c["tool"] for c in asked.calls] and "SCRUM or KANBAN" in asked.answer, asked.answer
    assert _space_names() == before


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_an_answer_that_leads_with_the_method_answers_the_question(demo):
    run(demo.alice, "Make a new workspace called Orbit Lab", conversation="method")
    made = yes_if_asked(demo.alice, "scrum, we'll run one-week sprints", "method")
    assert made.call("create_space")["args"] == {"name": "Orbit Lab", "methodology": "SCRUM"}, made.answer


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_story_asked_for_that_takes_what_the_sentence_before_wants_shown_first(demo):
    said = "Support keeps asking for a way to export invoices as Excel, it's constant. Could you add a story for that? 3 points, low priority."
    shown = run(demo.alice, said, conversation="that")
    assert "Export invoices as Excel" in shown.answer and not [c for c in shown.calls if c["tool"] == "create_backlog_item"]
    made = run(demo.alice, "yes", conversation="that").call("create_backlog_item")["args"]
    assert made == {"title": "Export invoices as Excel", "story_points": 3, "priority": "LOW"}


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_a_pointing_word_or_a_yes_is_never_a_title(demo):
    with db.read() as session:
        before = len(session.exec(select(BacklogItem.id)).all())
    asked = run(demo.alice, "Add a story for it, 5 points", conversation="it")
    assert "called" in asked.answer, asked.answer
    run(demo.alice, "yes", conversation="it")
    with db.read() as session:
        assert len(session.exec(select(BacklogItem.id)).all()) == before
