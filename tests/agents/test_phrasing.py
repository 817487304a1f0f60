"""Differently worded requests reach the same tools: the offline model reads phrasing, not sentences."""

from __future__ import annotations

import pytest

from apcs_app.mcp import WRITE_TOOLS
from tests import dbstate
from tests.agents.support import assert_effect, column_id, item_id, run, space_id, task_id

# (message, tool, expected args; callables receive the demo and give the value)
VARIANTS = [
    ("set up a new kanban project called 'Ops Board'", "create_space", {"name": "Ops Board", "methodology": "KANBAN"}),
    ("I need a SCRUM workspace named Mobile App", "create_space", {"name": "Mobile App", "methodology": "SCRUM"}),
    ("list my spaces", "get_user_spaces", {}),
    ("who is in this workspace?", "get_space_info", {}),
    ("tell me about the Support Desk workspace", "get_space_info", {"space_id": lambda d: d.desk}),
    ("log a bug: login button misaligned on mobile, LOW priority, two points", "create_backlog_item",
     {"title": "Login button misaligned on mobile", "priority": "LOW", "story_points": 2}),
    ("Add 'Offline mode' to the backlog, thirteen points", "create_backlog_item", {"title": "Offline mode", "story_points": 13}),
    ('create a story "Search filters" estimated at 3 points, priority high', "create_backlog_item",
     {"title": "Search filters", "story_points": 3, "priority": "HIGH"}),
    ("what's on the board?", "get_kanban_board", {}),
    ("list the backlog please", "get_backlog", {}),
    ("change the priority of dark mode to urgent", "update_backlog_item",
     {"item_id": lambda d: item_id("Dark mode", d.phoenix), "updates": {"priority": "CRITICAL"}}),
    ("Estimate the password reset flow at eight points", "update_backlog_item",
     {"item_id": lambda d: item_id("Password reset flow", d.phoenix), "updates": {"story_points": 8}}),
    ("mark onboarding checklist done", "update_backlog_item",
     {"item_id": lambda d: item_id("Onboarding checklist", d.phoenix), "updates": {"status": "DONE"}}),
    ("rename 'Dark mode' to 'Dark theme'", "update_backlog_item",
     {"item_id": lambda d: item_id("Dark mode", d.phoenix), "updates": {"title": "Dark theme"}}),
    ("drag the write csv serializer card into In Progress", "move_task",
     {"task_id": lambda d: task_id("Write CSV serializer", d.phoenix), "column_id": lambda d: column_id("In Progress", d.phoenix)}),
    ("give Write CSV serializer to bob@example.com", "assign_task",
     {"task_id": lambda d: task_id("Write CSV serializer", d.phoenix), "user_id": lambda d: d.bob.user_id}),
    ("create a task called 'Write tests' for 'Mobile-friendly board' in done", "create_task",
     {"title": "Write tests", "backlog_item_id": lambda d: item_id("Mobile-friendly board", d.phoenix),
      "column_id": lambda d: column_id("Done", d.phoenix)}),
    ("new column: Blocked", "create_column", {"name": "Blocked"}),
    ("create a column Blocked", "create_column", {"name": "Blocked"}),
    ("move the write csv serializer card to the In Progress column", "move_task",
     {"task_id": lambda d: task_id("Write CSV serializer", d.phoenix), "column_id": lambda d: column_id("In Progress", d.phoenix)}),
    ("please insert a column named Review as the 2nd column", "create_column", {"name": "Review", "order": 2}),
    ("what's in done?", "get_column_tasks", {"column_id": lambda d: column_id("Done", d.phoenix)}),
    ("plan a sprint called Beta from 2027-01-04 to 2027-01-15", "create_sprint",
     {"name": "Beta", "start_date": "2027-01-04", "end_date": "2027-01-15"}),
    ("schedule a three week sprint beginning 2027-03-01", "create_sprint",
     {"name": "", "start_date": "2027-03-01", "end_date": "2027-03-22"}),
    ("put the sso story into the current sprint", "add_to_sprint_backlog",
     {"backlog_item_id": lambda d: item_id("Single sign-on (SAML)", d.phoenix)}),
    ("show the sprint backlog", "get_sprint_backlog", {}),
    ("finish the sprint", "complete_sprint", {}),
    ("How are we doing on the sprint?", "get_sprint_metrics", {}),
    ("which sprints do we have?", "list_sprints", {}),
    ("new scrum space: Payments", "create_space", {"name": "Payments", "methodology": "SCRUM"}),
    ('add "Referral program" worth twenty one points', "create_backlog_item", {"title": "Referral program", "story_points": 21}),
    ("change dashboard with sprint health to 13 points", "update_backlog_item",
     {"item_id": lambda d: item_id("Dashboard with sprint health", d.phoenix), "updates": {"story_points": 13}}),
    ("add a task for dashboard with sprint health", "create_task",
     {"backlog_item_id": lambda d: item_id("Dashboard with sprint health", d.phoenix)}),
    ("create a sprint named \"Sprint 9\" starting 2027-06-07 for 2 weeks", "create_sprint",
     {"name": "Sprint 9", "start_date": "2027-06-07", "end_date": "2027-06-21"}),
    ("what's the velocity?", "get_sprint_metrics", {}),
]


# Named only loosely (an acronym): the assistant shows its reading and waits for a yes.
CONFIRMED_FIRST = {"put the sso story into the current sprint"}


@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("message", "tool", "args"), VARIANTS, ids=[v[0][:40] for v in VARIANTS])
def test_variant_reaches_the_tool(demo, message, tool, args):
    expected = {k: v(demo) if callable(v) else v for k, v in args.items()}
    before = dbstate.dump()

    result = run(demo.alice, message, conversation="variant")
    asked = "Shall I go ahead?" in result.answer and not [c for c in result.calls if c["tool"] in WRITE_TOOLS]
    assert asked == (message in CONFIRMED_FIRST), result.answer
    if asked:
        assert dbstate.dump() == before
        result = run(demo.alice, "yes", conversation="variant")

    call = result.call(tool)
    assert call["args"] == expected
    assert not result.result(tool)["is_error"], result.result(tool)["result"]
    if tool in WRITE_TOOLS:
        assert_effect(tool, call["args"], space_id("Project Phoenix"))
    else:
        assert dbstate.dump() == before
