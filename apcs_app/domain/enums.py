from __future__ import annotations

from enum import StrEnum

FIBONACCI_POINTS: tuple[int, ...] = (1, 2, 3, 5, 8, 13, 21)
MAX_SPRINT_DAYS = 31  # the Scrum Guide: a month or less


class _Parsable(StrEnum):
    """A StrEnum whose `parse` accepts what people and models type ("in progress", "high")."""

    @classmethod
    def parse(cls, value: object, what: str):
        """Case- and separator-insensitive lookup with an error that lists the choices."""
        from apcs_app.domain.errors import InvalidError

        if isinstance(value, cls):
            return value
        key = str(value).strip().upper().replace(" ", "_").replace("-", "_")
        try:
            return cls(key)
        except ValueError:
            choices = ", ".join(m.value for m in cls)
            raise InvalidError(f"{what} must be one of {choices}; got {value!r}.") from None


class Methodology(_Parsable):
    KANBAN = "KANBAN"
    SCRUM = "SCRUM"


class Priority(_Parsable):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


class ItemStatus(_Parsable):
    TODO = "TODO"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"


class UserRole(_Parsable):
    USER = "USER"
    ADMIN = "ADMIN"
    SUPERADMIN = "SUPERADMIN"


class ScrumRole(_Parsable):
    PRODUCT_OWNER = "PRODUCT_OWNER"
    SCRUM_MASTER = "SCRUM_MASTER"
    DEVELOPER = "DEVELOPER"


class SprintStatus(_Parsable):
    PLANNING = "PLANNING"
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"


class Via(StrEnum):
    """Which entry point made a change (recorded in the activity log)."""

    UI = "ui"
    API = "api"
    MCP = "mcp"
    AGENT = "agent"
    CLI = "cli"
    IMPORT = "import"  # history that came in with an imported workspace (never replayed by undo)


class Action(StrEnum):
    """What an activity row says was done: the one vocabulary of the writers, the feed and undo.

    Undo records each step it reverses as that action's `undone` twin (UNDO_MOVE_TASK for
    MOVE_TASK), and the whole undo as UNDO_RUN: an action is undoable when it has a twin, and
    services/undo.py has one handler for each (a test holds the two together)."""

    CREATE_SPACE = "create_space"
    UPDATE_SPACE = "update_space"
    DELETE_SPACE = "delete_space"
    IMPORT_SPACE = "import_space"
    INVITE_MEMBER = "invite_member"
    CHANGE_ROLE = "change_role"
    REMOVE_MEMBER = "remove_member"
    LEAVE_SPACE = "leave_space"
    CREATE_BACKLOG_ITEM = "create_backlog_item"
    UPDATE_BACKLOG_ITEM = "update_backlog_item"
    REORDER_BACKLOG_ITEM = "reorder_backlog_item"
    DELETE_BACKLOG_ITEM = "delete_backlog_item"
    CREATE_COLUMN = "create_column"
    UPDATE_COLUMN = "update_column"
    MOVE_COLUMN = "move_column"
    DELETE_COLUMN = "delete_column"
    CREATE_TASK = "create_task"
    MOVE_TASK = "move_task"
    ASSIGN_TASK = "assign_task"
    UPDATE_TASK = "update_task"
    DELETE_TASK = "delete_task"
    ARCHIVE_TASK = "archive_task"
    UNARCHIVE_TASK = "unarchive_task"
    CREATE_SPRINT = "create_sprint"
    START_SPRINT = "start_sprint"
    COMPLETE_SPRINT = "complete_sprint"
    ADD_TO_SPRINT = "add_to_sprint"
    REMOVE_FROM_SPRINT = "remove_from_sprint"
    ADD_COMMENT = "add_comment"
    EDIT_COMMENT = "edit_comment"
    DELETE_COMMENT = "delete_comment"

    UNDO_RUN = "undo_run"
    UNDO_CREATE_BACKLOG_ITEM = "undo_create_backlog_item"
    UNDO_UPDATE_BACKLOG_ITEM = "undo_update_backlog_item"
    UNDO_REORDER_BACKLOG_ITEM = "undo_reorder_backlog_item"
    UNDO_CREATE_COLUMN = "undo_create_column"
    UNDO_CREATE_TASK = "undo_create_task"
    UNDO_MOVE_TASK = "undo_move_task"
    UNDO_ASSIGN_TASK = "undo_assign_task"
    UNDO_DELETE_TASK = "undo_delete_task"
    UNDO_ARCHIVE_TASK = "undo_archive_task"
    UNDO_UNARCHIVE_TASK = "undo_unarchive_task"
    UNDO_CREATE_SPRINT = "undo_create_sprint"
    UNDO_START_SPRINT = "undo_start_sprint"
    UNDO_COMPLETE_SPRINT = "undo_complete_sprint"
    UNDO_ADD_TO_SPRINT = "undo_add_to_sprint"
    UNDO_ADD_COMMENT = "undo_add_comment"
    UNDO_UPDATE_TASK = "undo_update_task"
    UNDO_UPDATE_COLUMN = "undo_update_column"
    UNDO_MOVE_COLUMN = "undo_move_column"
    UNDO_DELETE_COLUMN = "undo_delete_column"
    UNDO_EDIT_COMMENT = "undo_edit_comment"
    UNDO_DELETE_COMMENT = "undo_delete_comment"

    @property
    def is_undo(self) -> bool:
        return self.startswith("undo_")

    @property
    def undoable(self) -> bool:
        return f"undo_{self}" in self._value2member_map_

    @property
    def undone(self) -> Action:
        """The action recording this one's reversal (ValueError when it has none)."""
        return Action(f"undo_{self}")


UNDO_ACTIONS = frozenset(a for a in Action if a.is_undo)
