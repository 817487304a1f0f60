"""A name on a 5,000-card board is found by the search tool, not by reading the board: the
offline model, and a model behind a local server in the chat-completions wire format, move the
card in one search per name and never read more than a page."""

from __future__ import annotations

import json

from sqlmodel import select

from apcs_app import db
from apcs_app.domain import BacklogItem, Task
from apcs_app.settings import get_settings
from tests.agents.fake_mistral import FakeMistral
from tests.agents.support import column_id, run
from tests.mcp.bulk import fill
from tests.servers import serve

BUDGET = 20_000  # characters, the most any tool result may hold (mcp/tooling.py)
PAGE = 50  # rows: the read tools' default page


def _far_card(space_id: int) -> tuple[int, str]:
    """A card well past the board's first page, not in the done column."""
    with db.read() as s:
        return s.exec(select(Task.id, Task.title).where(Task.space_id == space_id, Task.title.like("%#1234 part 1"))).one()


def _rows_read(result: dict) -> int:
    data = json.loads(result["result"]) if isinstance(result.get("result"), str) else {}
    return len(data.get("results", [])) + sum(len(c.get("tasks", [])) for c in data.get("columns", [])) + len(
        data.get("items", []))


def test_move_a_card_by_name_on_a_5000_card_board(demo):
    fill(demo.phoenix, 5000)
    task_id, title = _far_card(demo.phoenix)
    result = run(demo.alice, f"Move {title} to Done")
    assert result.call("move_task")["args"] == {"task_id": task_id, "column_id": column_id("Done", demo.phoenix)}
    reads = [c["tool"] for c in result.calls if c["tool"] != "move_task"]
    assert "get_kanban_board" not in reads and "get_backlog" not in reads, reads
    for r in result.results:
        assert len(r["result"]) <= BUDGET, (r["tool"], len(r["result"]))
    assert sum(_rows_read(r) for r in result.results if r["tool"] != "move_task") <= PAGE
    with db.read() as s:
        assert s.get(Task, task_id).column_id == column_id("Done", demo.phoenix)


def test_a_story_named_on_a_5000_card_board_is_updated(demo):
    fill(demo.phoenix, 5000)
    with db.read() as s:
        item_id, title = s.exec(select(BacklogItem.id, BacklogItem.title).where(
            BacklogItem.space_id == demo.phoenix, BacklogItem.title.like("%#2345"))).one()
    result = run(demo.alice, f"Set the priority of '{title}' to low")
    assert result.call("update_backlog_item")["args"]["item_id"] == item_id
    assert "get_backlog" not in [c["tool"] for c in result.calls]
    with db.read() as s:
        assert s.get(BacklogItem, item_id).priority == "LOW"


class SearchingModel(FakeMistral):
    """A model that does what a good one does: search the card, search the column, move."""

    def __init__(self, card: str, column: str):
        super().__init__("move_task", {})
        self.card, self.column = card, column

    def reply(self, body: dict) -> tuple[dict, str]:
        if not body.get("tools"):
            return {"role": "assistant", "content": "workflow"}, "stop"
        results = [json.loads(m["content"]) for m in body["messages"] if m["role"] == "tool"]
        steps = [("search", {"query": self.card, "kinds": ["task"]}),
                 ("search", {"query": self.column, "kinds": ["column"]})]
        if len(results) < len(steps):
            tool, args = steps[len(results)]
        elif len(results) == len(steps):
            tool, args = "move_task", {"task_id": results[0]["results"][0]["id"], "column_id": results[1]["results"][0]["id"]}
        else:
            return {"role": "assistant", "content": "Moved."}, "stop"
        call = {"id": f"call{len(results):05d}", "type": "function", "function": {"name": tool, "arguments": json.dumps(args)}}
        return {"role": "assistant", "content": "", "tool_calls": [call]}, "tool_calls"


def test_a_model_behind_a_local_server_moves_a_card_on_a_5000_card_board(demo, monkeypatch):
    fill(demo.phoenix, 5000)
    task_id, title = _far_card(demo.phoenix)
    model = SearchingModel(title, "Done")
    with serve(model.app()) as url:
        monkeypatch.setenv("APCS_MODEL_PROVIDER", "openai-compatible")
        monkeypatch.setenv("APCS_MODEL_BASE_URL", f"{url}/v1")
        monkeypatch.setenv("APCS_MODEL_ID", "llama3.1:8b")
        get_settings.cache_clear()
        try:
            result = run(demo.alice, f"Move {title} to Done")
        finally:
            get_settings.cache_clear()
    assert [c["tool"] for c in result.calls] == ["search", "search", "move_task"]
    for r in result.results:
        assert len(r["result"]) <= BUDGET, (r["tool"], len(r["result"]))
    # What the model was sent stays small: its context does not grow with the board.
    assert max(len(json.dumps(r["messages"])) for r in model.requests) < 4 * BUDGET
    with db.read() as s:
        assert s.get(Task, task_id).column_id == column_id("Done", demo.phoenix)
