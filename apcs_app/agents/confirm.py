"""Which planned tool calls wait for the user's confirmation before they run.

- "never": every call runs at once.
- "destructive" (the default): calls that change, move, assign, start or complete something
  that already exists wait — update_backlog_item, move_task, assign_task, start_sprint,
  complete_sprint, add_to_sprint_backlog — and add_comment, which speaks for the user to the
  team (undo takes it back, but not before others may have read it) — and every upkeep
  call that renames, deletes, archives, restores or reshapes: update_task, delete_task,
  archive_task, restore_task, archive_done_cards, update_column, move_column, delete_column,
  edit_comment, delete_comment (an agent's run can be undone, but the user decides first). Creating one new thing (a workspace, item, task,
  column or sprint) runs at once: it touches nothing that exists, and undo removes it.
- "always": every write waits.
Reads never wait.
"""

from __future__ import annotations

from typing import Literal, get_args

from apcs_app.domain import InvalidError
from apcs_app.mcp import WRITE_TOOLS

ConfirmMode = Literal["never", "destructive", "always"]
CONFIRM_MODES: tuple[str, ...] = get_args(ConfirmMode)
DESTRUCTIVE_TOOLS = frozenset({"update_backlog_item", "move_task", "assign_task", "start_sprint", "complete_sprint",
                               "add_to_sprint_backlog", "add_comment", "update_task", "delete_task",
                               "archive_task", "restore_task", "archive_done_cards", "update_column", "move_column",
                               "delete_column", "edit_comment", "delete_comment"})


def tools_to_confirm(mode: str) -> frozenset[str]:
    if mode not in CONFIRM_MODES:
        raise InvalidError(f"Unknown confirm mode '{mode}'; choose one of {', '.join(CONFIRM_MODES)}.")
    return {"never": frozenset(), "destructive": DESTRUCTIVE_TOOLS, "always": WRITE_TOOLS}[mode]
