"""Isolation at the Reflex entry point: a signed-in user who is not a member of a workspace
forges, over his own page's real websocket, every state handler that takes an id, with the ids
of that workspace's objects (the workspace, its columns, tasks, items, sprint, owner, an agent
run and a paused run). Nothing in the database changes and none of the workspace's names or
titles reach his browser.

The page's websocket is routed through Playwright, so the forged frames travel over the same
socket.io connection and session as the page's own events, exactly as a hand-edited client's
would."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from apcs_app import db
from apcs_app.ui.state.backlog import BacklogState
from apcs_app.ui.state.board import BoardState
from apcs_app.ui.state.chat import ChatState
from apcs_app.ui.state.session import SessionState
from apcs_app.ui.state.sprints import SprintsState
from apcs_app.ui.state.workspaces import MembersState, WorkspacesState
from tests import dbstate
from tests.e2e.conftest import sign_in
from tests.e2e.pages import ask, create_item, create_workspace, item_row, unique, use_workspace
from tests.e2e.websocket import RoutedSocket

pytestmark = pytest.mark.e2e

SECRET_ITEM = "Quiet acquisition plan"
SECRET_STORY = "Unannounced pricing page"
SECRET_SPRINT = "Hidden sprint"


def handler(state, name: str) -> str:
    return f"{state.get_full_name()}.{name}"


def _secret_workspace(page) -> str:
    """Alice's Scrum workspace with an item, its task, a sprint holding it, a finished agent run
    and an agent run waiting for her confirmation; Bob is not a member."""
    name = unique("Secret")
    create_workspace(page, name, "SCRUM")
    create_item(page, SECRET_ITEM, points="3")
    item_row(page, SECRET_ITEM).get_by_test_id("create-task").click()
    expect(page.get_by_text("Task created on the board")).to_be_visible()
    page.goto("/sprints")
    page.fill("input[name=name]", SECRET_SPRINT)
    page.fill("input[name=end_date]", (dt.date.today() + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Create sprint").click()
    sprint = page.locator("[data-testid=sprint]").filter(has_text=SECRET_SPRINT)
    sprint.get_by_role("combobox", name="Add a backlog item to the sprint").select_option(index=1)
    expect(sprint).to_contain_text("1 items")
    ask(page, f"Create a story '{SECRET_STORY}' with 2 points")
    expect(page.get_by_test_id("chat-answer").last).to_contain_text(SECRET_STORY)
    ask(page, f"Move '{SECRET_ITEM}' to Done")
    expect(page.get_by_test_id("planned-actions").last).to_contain_text(SECRET_ITEM)
    return name


def _ids(engine, space_name: str) -> dict[str, object]:
    def one(sql: str, **params):
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar_one()

    space = one("SELECT id FROM spaces WHERE name = :n", n=space_name)
    phoenix = one("SELECT id FROM spaces WHERE name = 'Project Phoenix'")
    return {
        "space": space,
        "column": one("SELECT MIN(id) FROM board_columns WHERE space_id = :s", s=space),
        "last_column": one("SELECT MAX(id) FROM board_columns WHERE space_id = :s", s=space),
        "task": one("SELECT MIN(id) FROM tasks WHERE space_id = :s", s=space),
        "item": one("SELECT id FROM backlog_items WHERE space_id = :s AND title = :t", s=space, t=SECRET_ITEM),
        "sprint": one("SELECT id FROM sprints WHERE space_id = :s", s=space),
        "owner": one("SELECT id FROM users WHERE email = 'alice@example.com'"),
        "bob": one("SELECT id FROM users WHERE email = 'bob@example.com'"),
        "run": one("SELECT request_id FROM activity WHERE space_id = :s AND request_id IS NOT NULL "
                   "ORDER BY id DESC LIMIT 1", s=space),
        "paused": one("SELECT run_id FROM agent_paused_runs WHERE space_id = :s", s=space),
        "own_task": one("SELECT MIN(id) FROM tasks WHERE space_id = :s", s=phoenix),
        "own_column": one("SELECT MAX(id) FROM board_columns WHERE space_id = :s", s=phoenix),
        "own_item": one("SELECT MIN(id) FROM backlog_items WHERE space_id = :s", s=phoenix),
    }


def _forgeries(ids: dict[str, object]) -> list[tuple[str, dict]]:
    """Every id-taking handler, aimed at the secret workspace (pairs that work together follow
    each other: pick then drop, open then choose)."""
    secret_form = {"title": "Taken over", "description": "", "story_points": "1", "priority": "LOW",
                   "status": "DONE", "wip_limit": "1"}
    return [
        (handler(SessionState, "switch_space"), {"space_id": ids["space"]}),
        (handler(WorkspacesState, "open_space"), {"space_id": ids["space"]}),
        (handler(WorkspacesState, "export_json"), {"space_id": ids["space"]}),
        (handler(WorkspacesState, "export_csv"), {"space_id": ids["space"]}),
        (handler(BoardState, "pick"), {"task_id": ids["task"]}),
        (handler(BoardState, "drop_in_column"), {"column_id": ids["last_column"]}),
        (handler(BoardState, "pick"), {"task_id": ids["task"]}),
        (handler(BoardState, "drop_in_column"), {"column_id": ids["own_column"]}),
        (handler(BoardState, "pick"), {"task_id": ids["task"]}),
        (handler(BoardState, "drop_on_card"), {"target_id": ids["own_task"]}),
        (handler(BoardState, "open_move"), {"task_id": ids["task"], "title": "x"}),
        (handler(BoardState, "move_chosen"), {"column_id": ids["last_column"]}),
        (handler(BoardState, "open_assign"), {"task_id": ids["task"], "title": "x"}),
        (handler(BoardState, "assign_chosen"), {"user_id": ids["bob"]}),
        (handler(BoardState, "edit_wip"), {"column_id": ids["column"]}),
        (handler(BoardState, "set_wip"), {"form": secret_form}),
        (handler(BacklogState, "start_edit"), {"item_id": ids["item"]}),
        (handler(BacklogState, "save_edit"), {"form": secret_form}),
        (handler(BacklogState, "create_task"), {"item_id": ids["item"]}),
        (handler(BacklogState, "open_sprint_picker"), {"item_id": ids["item"], "title": "x"}),
        (handler(BacklogState, "add_to_sprint"), {"sprint_id": ids["sprint"]}),
        (handler(BacklogState, "remove_from_sprint"), {"item_id": ids["item"], "sprint_id": ids["sprint"]}),
        (handler(BacklogState, "pick"), {"item_id": ids["item"]}),
        (handler(BacklogState, "drop_on_item"), {"target_id": ids["own_item"]}),
        (handler(BacklogState, "pick"), {"item_id": ids["item"]}),
        (handler(BacklogState, "drop_at_end"), {}),
        (handler(BacklogState, "delete"), {"item_id": ids["item"]}),
        (handler(SprintsState, "add_item"), {"sprint_id": ids["sprint"], "item_id": str(ids["item"])}),
        (handler(SprintsState, "remove_item"), {"sprint_id": ids["sprint"], "item_id": ids["item"]}),
        (handler(SprintsState, "start"), {"sprint_id": ids["sprint"]}),
        (handler(SprintsState, "complete"), {"sprint_id": ids["sprint"]}),
        (handler(MembersState, "change_role"), {"user_id": ids["owner"], "role": "USER"}),
        (handler(MembersState, "remove"), {"user_id": ids["owner"]}),
        (handler(ChatState, "undo_run"), {"request_id": ids["run"]}),
        (handler(ChatState, "decide"), {"run_id": ids["paused"], "decision": "confirm"}),
    ]


def test_forged_events_reach_nothing_of_another_workspace(new_page, browser, app_server):
    app_url, database_url = app_server
    alice = new_page("alice@example.com")
    secret = _secret_workspace(alice)
    engine = db.make_engine(database_url)
    try:
        ids = _ids(engine, secret)

        context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=app_url)
        context.set_default_timeout(15_000)
        socket = RoutedSocket(context)
        bob = context.new_page()
        sign_in(bob, "bob@example.com")
        use_workspace(bob, "Project Phoenix")
        before = dbstate.dump(engine, agent_memory=True)

        # The forging itself works: a harmless forged event is handled and answered.
        socket.send(handler(BoardState, "set_new_column"), value="forged-probe-one")
        socket.wait_for(bob, "forged-probe-one")

        for name, payload in _forgeries(ids):
            socket.send(name, **payload)
        # Bob's events are handled in order: once this one is answered, all of the above were.
        socket.send(handler(BoardState, "set_new_column"), value="forged-probe-two")
        socket.wait_for(bob, "forged-probe-two")
        bob.wait_for_timeout(500)  # the two background handlers (undo, decide) answer on their own

        assert dbstate.dump(engine, agent_memory=True) == before
        seen = "\n".join(socket.received)
        for leaked in (secret, SECRET_ITEM, SECRET_STORY, SECRET_SPRINT):
            assert leaked not in seen, f"{leaked!r} reached a non-member's browser"
        # Still Bob's own session and workspace.
        bob.reload()
        expect(bob.get_by_test_id("space-switcher")).to_contain_text("Project Phoenix")
        context.close()
    finally:
        engine.dispose()
