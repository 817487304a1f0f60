from __future__ import annotations

from enum import Enum

FIBONACCI_POINTS: tuple[int, ...] = (1, 2, 3, 5, 8, 13, 21)


class _StrEnum(str, Enum):
    def __str__(self) -> str:
        return self.value

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


class Methodology(_StrEnum):
    KANBAN = "KANBAN"
    SCRUM = "SCRUM"


class Priority(_StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


class ItemStatus(_StrEnum):
    TODO = "TODO"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"


class UserRole(_StrEnum):
    USER = "USER"
    ADMIN = "ADMIN"
    SUPERADMIN = "SUPERADMIN"


class ScrumRole(_StrEnum):
    PRODUCT_OWNER = "PRODUCT_OWNER"
    SCRUM_MASTER = "SCRUM_MASTER"
    DEVELOPER = "DEVELOPER"


class SprintStatus(_StrEnum):
    PLANNING = "PLANNING"
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"


class Via(_StrEnum):
    """Which entry point made a change (recorded in the activity log)."""

    UI = "ui"
    API = "api"
    MCP = "mcp"
    AGENT = "agent"
    CLI = "cli"
