"""Workspace data every member sees alike, shared live through `rx.SharedState`.

Each class is linked to the token of its workspace (`link_token`): whoever changes the workspace (a person on
any page, or an agent from the chat drawer) refills the data once and Reflex pushes it to
every browser linked to that workspace — no polling, no separate realtime service.
"""

from __future__ import annotations

import hashlib
import hmac

import reflex as rx
from sqlmodel import Session

from apcs_app.domain import Methodology, Sprint, SprintStatus
from apcs_app.services import activity, backlog, board, members, metrics, spaces, sprints
from apcs_app.services.access import Actor
from apcs_app.settings import get_settings
from apcs_app.ui.state.page_models import (
    ActivityView,
    ColumnCards,
    ItemView,
    SprintView,
    activity_view,
    burndown_rows,
    column_view,
    item_view,
    sprint_view,
    velocity_rows,
)


def link_token(space_id: int) -> str:
    """The workspace's shared-state token. Reflex keys a client's states by the token the
    browser itself sends, so a guessable one ("space-3") would let anyone connect as the
    shared state and read it: it carries a keyed hash only the server can compute (and the
    websocket accepts only Reflex's own UUID tokens, see api/security_headers.py)."""
    key = get_settings().resolved_secret_key().encode()
    tag = hmac.new(key, f"live-space:{space_id}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"space-{space_id}-{tag}"  # shared-state tokens cannot contain "_"


# Cards per column the shared board holds (and a "Show more" page loads): what a change pushes
# to every linked browser is bounded by it, whatever the board's size.
BOARD_PAGE = 50
# A column's cards are counted up to this many (and shown as "1,000+"): however large a column
# grows, a refill counts no more.
COUNT_UP_TO = 1000


class LiveBoard(rx.SharedState):
    columns: list[ColumnCards] = []
    # The last move made on the board, as a screen reader hears it in every linked browser.
    last_move: str = ""
    # One more on each refill: a browser's own further pages are dropped when it changes.
    fills: int = 0

    @staticmethod
    def _read(session: Session, actor: Actor, space_id: int) -> dict:
        columns = [column_view(c) for c in board.get_board(session, actor, space_id, per_column=BOARD_PAGE,
                                                                count_up_to=COUNT_UP_TO)]
        if columns:
            columns[-1].older = True
        return {"columns": columns}


# Items the shared backlog holds (and a "Show more" page loads), in rank order.
BACKLOG_PAGE = 100


class LiveBacklog(rx.SharedState):
    items: list[ItemView] = []
    total: int = 0  # items in the backlog, of which `items` is the first page
    # Planned or active sprints an item can be added to (empty on Kanban).
    open_sprints: list[SprintView] = []
    # One more on each refill: a browser's own further pages are dropped when it changes.
    fills: int = 0

    @staticmethod
    def _read(session: Session, actor: Actor, space_id: int) -> dict:
        items, total, open_sprints = backlog_rows(session, actor, space_id, offset=0)
        return {"items": items, "total": total, "open_sprints": open_sprints}


def backlog_rows(session: Session, actor: Actor, space_id: int, *, offset: int
                 ) -> tuple[list[ItemView], int, list[SprintView]]:
    """A page of the ranked backlog from place `offset`, each item with its open sprint; the
    backlog's size; and the open sprints."""
    in_sprint: dict[int, Sprint] = {}
    open_sprints = []
    if spaces.get_space(session, actor, space_id).methodology == Methodology.SCRUM:
        for content in sprints.sprint_backlogs(session, actor, space_id, sprints.OPEN):
            in_sprint.update({i.id: content.sprint for i in content.items})
            open_sprints.append(sprint_view(content))
    rows, total = backlog.backlog_page(session, actor, space_id, limit=BACKLOG_PAGE, offset=offset)
    return [item_view(i, in_sprint.get(i.id)) for i in rows], total, open_sprints


class LiveSprints(rx.SharedState):
    sprints: list[SprintView] = []
    # The sprint the metrics describe: the active one, else the next planned, else the last done.
    focus: SprintView = SprintView()
    focus_items: list[ItemView] = []
    burndown: list[dict] = []
    velocity: list[dict] = []
    average_velocity: str = ""

    @staticmethod
    def _read(session: Session, actor: Actor, space_id: int) -> dict:
        if spaces.get_space(session, actor, space_id).methodology != Methodology.SCRUM:
            return {"sprints": [], "focus": SprintView(), "focus_items": [], "burndown": [], "velocity": [],
                    "average_velocity": ""}
        contents = {c.sprint.id: c for c in sprints.sprint_backlogs(session, actor, space_id)}
        rows = [c.sprint for c in contents.values()]
        focus = _focus(rows)
        speed = metrics.velocity(session, actor, space_id)
        return {
            "sprints": [sprint_view(contents[s.id]) for s in rows],
            "focus": sprint_view(contents[focus.id]) if focus else SprintView(),
            "focus_items": [item_view(i) for i in contents[focus.id].items] if focus else [],
            "burndown": burndown_rows(metrics.burndown(session, actor, space_id, focus.id)) if focus else [],
            "velocity": velocity_rows(speed),
            "average_velocity": "" if speed.average_last_three is None else f"{speed.average_last_three:g}",
        }


def _focus(rows):
    for status in (SprintStatus.ACTIVE, SprintStatus.PLANNING):
        for sprint in rows:
            if sprint.status == status:
                return sprint
    done = [s for s in rows if s.status == SprintStatus.COMPLETED]
    return max(done, key=lambda s: (s.completed_at, s.id)) if done else None


class LiveActivity(rx.SharedState):
    entries: list[ActivityView] = []

    @staticmethod
    def _read(session: Session, actor: Actor, space_id: int) -> dict:
        names = {m.user_id: m.name for m in members.list_members(session, actor, space_id)}
        return {"entries": [activity_view(a, names) for a in activity.list_activity(session, actor, space_id, limit=100)]}


ALL = (LiveBoard, LiveBacklog, LiveSprints, LiveActivity)


def show_read(live, fields: dict) -> None:
    """Put what `_read` found (on a worker thread) into the linked state (on the event loop)."""
    for name, value in fields.items():
        setattr(live, name, value)
    if isinstance(live, (LiveBoard, LiveBacklog)):
        live.fills += 1
