"""The search tool over the real MCP client: names (typos included) to ids, on every server,
only inside the caller's workspaces."""

from __future__ import annotations

import datetime as dt

import pytest

from apcs_app.services import board, sprints
from tests.mcp.conftest import call, item, make_space, ok, refused, session

pytestmark = pytest.mark.anyio


def task(owner, space, title, column=None):
    story = item(owner, space, title)
    return call(board.create_task, owner, story.id, column)


async def test_finds_a_task_by_its_words_and_by_a_misspelling(alice, kanban):
    wanted = task(alice, kanban, "Write the CSV serializer")
    task(alice, kanban, "Fix the login page")
    task(alice, kanban, "Export reports to PDF")
    async with session("workflow", alice, kanban.id) as s:
        exact = await ok(s, "search", query="CSV serializer", kinds=["task"])
        typo = await ok(s, "search", query="csv serailizer", kinds=["task"])
    for out in (exact, typo):
        best = out["results"][0]
        assert (best["kind"], best["id"], best["title"]) == ("task", wanted.id, "Write the CSV serializer")
        assert (best["column_id"], best["column_name"], best["backlog_item_id"]) == (
            kanban.columns[0], "To Do", wanted.backlog_item_id)
        assert best["assignee"] is None and best["done"] is False
    assert exact["results"][0]["score"] >= 90 > typo["results"][0]["score"] >= 60
    assert [r["title"] for r in exact["results"]] == ["Write the CSV serializer"]


async def test_every_kind_with_its_own_fields(alice, bob, scrum):
    story = item(alice, scrum, "Dashboard with sprint health", 5)
    call(board.create_column, alice, scrum.id, "Code Review")
    today = dt.date.today()
    sprint = call(sprints.create_sprint, alice, scrum.id, "Sprint Health Check", today, today + dt.timedelta(days=14))
    async with session("scrum_master", alice, scrum.id) as s:
        out = await ok(s, "search", query="health")
        review = await ok(s, "search", query="code reveiw", kinds=["column"])
        person = await ok(s, "search", query="bob@example", kinds=["member"])
    by_kind = {r["kind"]: r for r in out["results"]}
    assert by_kind["item"] | {"score": 0} == {"kind": "item", "id": story.id, "title": "Dashboard with sprint health",
                                              "score": 0, "status": "TODO", "story_points": 5, "priority": "MEDIUM"}
    assert (by_kind["sprint"]["id"], by_kind["sprint"]["status"]) == (sprint.id, "PLANNING")
    assert review["results"][0]["title"] == "Code Review" and review["results"][0]["position"] == 3
    assert person["results"][0] | {"score": 0} == {"kind": "member", "id": bob.user_id, "title": "Bob Roe",
                                                   "score": 0, "email": "bob@example.com"}


async def test_done_cards_are_found_and_the_limit_holds(alice, kanban):
    done = task(alice, kanban, "Ship release notes", kanban.columns[-1])
    for n in range(12):
        task(alice, kanban, f"Release checklist step {n}")
    async with session("workflow", alice, kanban.id) as s:
        shipped = await ok(s, "search", query="ship release notes", kinds=["task"])
        many = await ok(s, "search", query="release", kinds=["task"], limit=5)
    assert shipped["results"][0]["id"] == done.id and shipped["results"][0]["done"] is True
    assert shipped["results"][0]["column_name"] == "Done" and shipped["results"][0]["score"] == 100
    assert len(many["results"]) == 5 and many["total_count"] == 13 and many["truncated"] is True


async def test_nothing_found_is_an_empty_answer(alice, kanban):
    task(alice, kanban, "Write the CSV serializer")
    async with session("administration", alice, kanban.id) as s:
        out = await ok(s, "search", query="kubernetes")
    assert out == {"results": [], "total_count": 0, "truncated": False}


async def test_other_workspaces_stay_hidden(alice, bob, mallory, kanban):
    task(alice, kanban, "Secret merger plan")
    own = make_space(mallory, "Mallory's", "KANBAN")
    task(mallory, own, "Secret party")
    async with session("workflow", mallory, own.id) as s:
        mine = await ok(s, "search", query="secret")
        assert "not found among your workspaces" in await refused(s, "search", query="secret", space_id=kanban.id)
    assert sorted((r["kind"], r["title"]) for r in mine["results"]) == [("item", "Secret party"), ("task", "Secret party")]


async def test_bad_arguments_are_clear_errors(alice, kanban):
    async with session("workflow", alice, kanban.id) as s:
        assert "cannot be empty" in await refused(s, "search", query="   ")
        assert "letter or digit" in await refused(s, "search", query="%%%")
        assert "kinds" in await refused(s, "search", query="x", kinds=["epic"])
        assert "limit" in await refused(s, "search", query="x", limit=500)


async def test_like_wildcards_in_the_query_are_plain_characters(alice, kanban):
    task(alice, kanban, "Rename user_id column")
    task(alice, kanban, "Rename userXid in docs")
    async with session("workflow", alice, kanban.id) as s:
        out = await ok(s, "search", query="user_id", kinds=["task"])
    assert out["results"][0]["title"] == "Rename user_id column" and out["results"][0]["score"] >= 90
    assert all(r["score"] < 90 for r in out["results"][1:])
