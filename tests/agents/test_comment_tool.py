"""The Workflow agent's add_comment through a model speaking Mistral's wire format: it waits
for the user's confirmation, then writes the comment as the user, marked via agent, and undoing
the run takes it back."""

from __future__ import annotations

import asyncio

import pytest

from apcs_app.agents.undo import undo
from apcs_app.domain import Comment
from apcs_app.settings import get_settings
from tests import dbstate
from tests.agents.fake_mistral import FakeMistral
from tests.agents.support import card, item_id, one, resume, rows, run
from tests.servers import serve

pytestmark = pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)


def test_an_agents_comment_waits_for_a_yes_is_the_users_and_undoes(demo, monkeypatch):
    export = item_id("Export reports to CSV", demo.phoenix)
    fake = FakeMistral("add_comment", {"backlog_item_id": export, "text": "Bob asked for semicolons."})
    with serve(fake.app()) as url:
        monkeypatch.setenv("MISTRAL_API_KEY", "k")
        monkeypatch.setenv("MISTRAL_ENDPOINT", url)
        get_settings.cache_clear()
        try:
            before = dbstate.dump()
            paused = run(demo.alice, "note on the CSV export that Bob asked for semicolons", agent="workflow",
                         confirm="destructive")
            assert card(paused)["actions"][0]["summary"] == (
                f"Comment on #{export} 'Export reports to CSV', in your name: 'Bob asked for semicolons.'")
            assert dbstate.dump() == before
            confirmed = resume(demo.alice, card(paused)["run_id"], "confirm")
        finally:
            get_settings.cache_clear()

    comment = one(Comment, Comment.backlog_item_id == export)
    assert (comment.author_id, comment.via_agent, comment.text) == (demo.alice.user_id, True, "Bob asked for semicolons.")
    asyncio.run(undo(demo.alice, demo.phoenix, confirmed.done["request_id"]))
    assert rows(Comment) == []
