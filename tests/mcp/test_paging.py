"""Listings a page at a time: filters, cursors, counts, and the result budget at 5,000 tasks,
over the real MCP client."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from sqlmodel import select

from apcs_app.domain import BacklogItem, Task
from apcs_app.mcp.tooling import BUDGET
from apcs_app.services import board, sprints
from tests.mcp import bulk
from tests.mcp.conftest import call, item, make_space, ok, refused, session

pytestmark = pytest.mark.anyio


async def pages_of(s, tool: str, key, **args) -> list:
    """Every row of a listing, following next_cursor to the end."""
    rows, cursor = [], None
    while True:
        out = await ok(s, tool, **args, **({"cursor": cursor} if cursor else {}))
        rows += key(out)
        assert out["truncated"] == (out["next_cursor"] is not None)
        if not out["next_cursor"]:
            return rows
        cursor = out["next_cursor"]


def board_tasks(out):
    return [t["id"] for c in out["columns"] for t in c["tasks"]]


async def test_board_pages_cover_every_task_once_in_board_order(alice, kanban):
    story = item(alice, kanban, "Story")
    made = [call(board.create_task, alice, story.id, kanban.columns[i % 3], f"Card {i}").id for i in range(7)]
    async with session("workflow", alice, kanban.id) as s:
        first = await ok(s, "get_kanban_board", limit=3)
        every = await pages_of(s, "get_kanban_board", board_tasks, limit=3)
        whole = await ok(s, "get_kanban_board")
    assert first["total_count"] == 7 and first["truncated"] and len(board_tasks(first)) == 3
    assert [c["task_count"] for c in first["columns"]] == [3, 2, 2]  # counts are the whole board's
    assert every == board_tasks(whole) and sorted(every) == sorted(made)
    assert whole["next_cursor"] is None and whole["truncated"] is False


async def test_board_filters(alice, bob, scrum):
    csv, login = item(alice, scrum, "CSV export"), item(alice, scrum, "Login page")
    a = call(board.create_task, alice, csv.id, None, "Write CSV serializer")
    b = call(board.create_task, alice, csv.id, scrum.columns[1], "Test CSV serializer")
    c = call(board.create_task, alice, login.id, scrum.columns[1], "Style the login form")
    call(board.assign_task, alice, b.id, bob.user_id)
    today = dt.date.today()
    sprint = call(sprints.create_sprint, alice, scrum.id, "Sprint 1", today, today + dt.timedelta(days=14))
    call(sprints.add_to_sprint, alice, scrum.id, login.id, sprint.id)
    async with session("workflow", alice, scrum.id) as s:
        by_column = await ok(s, "get_kanban_board", column_id=scrum.columns[1])
        by_person = await ok(s, "get_kanban_board", assignee="bob@example.com")
        nobody = await ok(s, "get_kanban_board", assignee="none")
        by_words = await ok(s, "get_kanban_board", words="csv SERIAL")
        by_sprint = await ok(s, "get_kanban_board", sprint_id=sprint.id)
        in_column = await ok(s, "get_column_tasks", column_id=scrum.columns[1], words="login")
        assert "not on this board" in await refused(s, "get_kanban_board", column_id=99999)
        assert "No member of this workspace matches" in await refused(s, "get_kanban_board", assignee="zed")
    assert sorted(board_tasks(by_column)) == sorted([b.id, c.id])
    assert board_tasks(by_person) == [b.id] and sorted(board_tasks(nobody)) == sorted([a.id, c.id])
    assert sorted(board_tasks(by_words)) == sorted([a.id, b.id]) and by_words["total_count"] == 2
    assert board_tasks(by_sprint) == [c.id]
    assert [t["id"] for t in in_column["tasks"]] == [c.id] and in_column["total_count"] == 1
    assert in_column["task_count"] == 2  # the column holds two; one matches


async def test_backlog_and_sprint_backlog_pages(alice, scrum):
    stories = [item(alice, scrum, f"Story {n}", 3) for n in range(5)]
    today = dt.date.today()
    sprint = call(sprints.create_sprint, alice, scrum.id, "Sprint 1", today, today + dt.timedelta(days=14))
    for story in stories[:4]:
        call(sprints.add_to_sprint, alice, scrum.id, story.id, sprint.id)
    async with session("workflow", alice, scrum.id) as s:
        page = await ok(s, "get_backlog", limit=2)
        every = await pages_of(s, "get_backlog", lambda o: [i["id"] for i in o["items"]], limit=2)
        in_sprint = await ok(s, "get_backlog", sprint_id=sprint.id, words="story")
    async with session("scrum_master", alice, scrum.id) as s:
        sb = await ok(s, "get_sprint_backlog", limit=3)
        rest = await ok(s, "get_sprint_backlog", limit=3, cursor=sb["next_cursor"])
        planning = await ok(s, "get_product_backlog", limit=1)
    assert (page["total_count"], page["count"], page["total_points"], len(page["items"])) == (5, 5, 15, 2)
    assert every == [x.id for x in stories]
    assert in_sprint["total_count"] == 4
    assert (sb["total_count"], sb["total_points"], len(sb["items"]), sb["truncated"]) == (4, 12, 3, True)
    assert [i["id"] for i in sb["items"] + rest["items"]] == [x.id for x in stories[:4]] and not rest["truncated"]
    assert (planning["total_count"], planning["unplanned_points"], len(planning["items"])) == (5, 3, 1)
    assert planning["items"][0]["sprint"]["id"] == sprint.id


async def test_a_cursor_is_refused_with_other_filters_or_when_forged(alice, kanban):
    for n in range(3):
        item(alice, kanban, f"Story {n}")
    async with session("workflow", alice, kanban.id) as s:
        page = await ok(s, "get_backlog", limit=1)
        assert "other filters" in await refused(s, "get_backlog", limit=1, status="DONE", cursor=page["next_cursor"])
        assert "other filters" in await refused(s, "get_kanban_board", cursor=page["next_cursor"])
        assert "not one this listing gave" in await refused(s, "get_backlog", cursor="bm90LWEtY3Vyc29y")
        assert "not one this listing gave" in await refused(s, "get_backlog", cursor="%%%")
        assert "200" in await refused(s, "get_backlog", limit=10_000)


@pytest.fixture
def big(alice, bob):
    """A Scrum workspace of 5,000 tasks (2,500 items), bulk-inserted."""
    space = make_space(alice, "Big", "SCRUM", "bob@example.com")
    bulk.fill(space.id, 5000)
    return space


async def test_every_read_stays_under_the_budget_at_5000_tasks(alice, big, record_property):
    today = dt.date.today()
    sprint = call(sprints.create_sprint, alice, big.id, "Sprint 1", today, today + dt.timedelta(days=14))
    for item_id in call(lambda s: list(s.exec(select(BacklogItem.id).where(BacklogItem.space_id == big.id).limit(300)))):
        call(sprints.add_to_sprint, alice, big.id, item_id, sprint.id)
    calls = {
        "workflow": [("get_kanban_board", {}), ("get_kanban_board", {"limit": 200}),
                     ("get_kanban_board", {"column_id": big.columns[0], "limit": 200}),
                     ("get_column_tasks", {"column_id": big.columns[-1], "limit": 200}),
                     ("get_backlog", {"limit": 200}), ("get_backlog", {}), ("search", {"query": "csv export", "limit": 50})],
        "scrum_master": [("get_sprint_backlog", {"limit": 200}), ("get_product_backlog", {"limit": 200}),
                         ("list_sprints", {}), ("get_sprint_metrics", {})],
        "administration": [("get_space_info", {"limit": 200}), ("get_user_spaces", {})],
    }
    sizes = {}
    for server, tools in calls.items():
        async with session(server, alice, big.id) as s:
            for tool, args in tools:
                result = await s.call_tool(tool, args)
                assert not result.is_error, (tool, result.content[0].text)
                text = result.content[0].text
                sizes[f"{tool}{args}"] = len(text)
                assert len(text) <= BUDGET, (tool, args, len(text))
                assert json.loads(text) == result.structured_content
    board_page = sizes["get_kanban_board{'limit': 200}"]
    record_property("largest_result_chars", max(sizes.values()))
    print("result sizes at 5,000 tasks:", json.dumps(sizes, indent=1))
    assert board_page > BUDGET * 0.6  # the budget, not the limit, cut that page: it was filled


async def test_a_page_cut_by_the_budget_says_so_and_continues(alice, big):
    async with session("workflow", alice, big.id) as s:
        cut = await ok(s, "get_kanban_board", limit=200)
        shown = board_tasks(cut)
        after = await ok(s, "get_kanban_board", limit=200, cursor=cut["next_cursor"])
    assert 0 < len(shown) < 200 and cut["truncated"] and cut["total_count"] == 5000
    assert set(shown).isdisjoint(board_tasks(after))
    assert board_tasks(after)[0] > 0


async def test_move_x_to_done_reads_one_search_page_at_5000_tasks(alice, big):
    """What an agent does for "move 'Refactor CSV export #123 part 2' to Done": one search, one move."""
    wanted = call(lambda s: s.exec(select(Task).where(Task.column_id == big.columns[0]).offset(700).limit(1)).one())
    async with session("workflow", alice, big.id) as s:
        started = time.perf_counter()
        found = await s.call_tool("search", {"query": wanted.title, "kinds": ["task"], "limit": 5})
        searched = time.perf_counter()
        hit = found.structured_content["results"][0]
        moved = await ok(s, "move_task", task_id=hit["id"], column_id=big.columns[-1])
        done = time.perf_counter()
    assert len(found.content[0].text) < 2000
    assert hit["id"] == wanted.id and moved["to_column"]["name"] == "Done" and moved["moved"]
    print(f"at 5,000 tasks: search {(searched - started) * 1000:.0f} ms, move {(done - searched) * 1000:.0f} ms")
