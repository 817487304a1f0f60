from apcs_app.domain.enums import (  # noqa: F401
    FIBONACCI_POINTS,
    MAX_SPRINT_DAYS,
    UNDO_ACTIONS,
    Action,
    ItemStatus,
    Methodology,
    Priority,
    ScrumRole,
    SprintStatus,
    UserRole,
    Via,
)
from apcs_app.domain.errors import (  # noqa: F401
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidError,
    NotFoundError,
    TooManyRequestsError,
)
from apcs_app.domain.models import (  # noqa: F401
    Activity,
    BacklogItem,
    BoardColumn,
    Comment,
    Membership,
    Space,
    Sprint,
    SprintItem,
    Task,
    User,
)
from apcs_app.domain.agent_runs import AgentConversation, PausedRun  # noqa: F401,E402
