"""A card's details beside the board: the task and its backlog item, edited and deleted there.

A private state (one browser's): opening a card reads it through the services, saving writes
each changed field through the service that owns it (one transaction, one request id, so the
change is one run in the activity feed), then the workspace's live data is refilled for all."""

from __future__ import annotations

import dataclasses

import reflex as rx
from sqlmodel import Session

from apcs_app.domain import Methodology
from apcs_app.services import backlog, board, members, spaces, sprints
from apcs_app.services.access import Actor
from apcs_app.ui.state.live import ALL
from apcs_app.ui.state.page_models import ActivityView, activity_view
from apcs_app.ui.state.session import SessionState

NO_POINTS = "none"  # a select option cannot be empty
NOBODY = "0"


@dataclasses.dataclass
class CardDetail:
    task_id: int = 0
    title: str = ""
    item_id: int = 0
    item_title: str = ""
    description: str = ""
    points: str = NO_POINTS
    priority: str = "MEDIUM"
    status: str = "TODO"
    sprint: str = ""
    assignee_id: str = NOBODY
    assignee: str = ""
    column_id: str = ""
    column: str = ""


@dataclasses.dataclass
class Choice:
    value: str = ""
    label: str = ""


class CardDetailsState(SessionState):
    open: bool = False
    detail: CardDetail = CardDetail()
    history: list[ActivityView] = []
    assignees: list[Choice] = []
    column_choices: list[Choice] = []
    error: str = ""
    notice: str = ""
    confirm_delete: bool = False
    form_round: int = 0  # a new key per load, so the uncontrolled fields show the fresh values

    @rx.event
    def open_card(self, task_id: int):
        if not isinstance(task_id, int) or isinstance(task_id, bool):
            return
        self.error = self._attempt(lambda s, a: self._read(s, a, task_id))
        self.notice, self.confirm_delete = "", False
        self.open = not self.error or self.open

    @rx.event
    def close(self):
        """A page load starts with the panel closed (the state outlives a reload)."""
        self.open, self.confirm_delete = False, False

    @rx.event
    def set_open(self, value: bool):
        self.open = bool(value) and self.detail.task_id != 0
        if not self.open:
            self.confirm_delete = False

    def _read(self, session: Session, actor: Actor, task_id: int) -> None:
        task = board.get_task(session, actor, task_id)
        item = backlog.get_item(session, actor, task.backlog_item_id)
        cols = board.columns(session, task.space_id)
        people = members.list_members(session, actor, task.space_id)
        names = {m.user_id: m.name for m in people}
        self.detail = CardDetail(
            task_id=task.id, title=task.title, item_id=item.id, item_title=item.title,
            description=item.description or "",
            points=NO_POINTS if item.story_points is None else str(item.story_points),
            priority=item.priority, status=item.status, sprint=_sprint_name(session, actor, task.space_id, item.id),
            assignee_id=str(task.assignee_id or 0), assignee=names.get(task.assignee_id or 0, ""),
            column_id=str(task.column_id), column=next((c.name for c in cols if c.id == task.column_id), ""),
        )
        self.assignees = [Choice(NOBODY, "Nobody")] + [Choice(str(m.user_id), m.name) for m in people]
        self.column_choices = [Choice(str(c.id), c.name) for c in cols]
        self.history = [activity_view(a, names) for a in board.task_history(session, actor, task.id)]
        self.form_round += 1

    @rx.event
    async def save(self, form: dict):
        task_id, before = self.detail.task_id, self.detail
        if not task_id:
            return
        points = form.get("story_points")
        updates = {
            field: value for field, value in {
                "title": form.get("item_title", before.item_title),
                "description": form.get("description", before.description),
                "story_points": None if points in (None, "", NO_POINTS) else points,
                "priority": form.get("priority") or before.priority,
                "status": form.get("status") or before.status,
            }.items() if value != _current(before, field)
        }
        title = form.get("title", before.title)
        assignee = str(form.get("assignee_id") or before.assignee_id)
        column = str(form.get("column_id") or before.column_id)

        def work(session: Session, actor: Actor) -> None:
            if title != before.title:
                board.update_task(session, actor, task_id, title)
            if updates:
                backlog.update_item(session, actor, before.item_id, updates)
            if assignee != before.assignee_id:
                board.assign_task(session, actor, task_id, _int(assignee) or None)
            if column != before.column_id:
                board.move_task(session, actor, task_id, _int(column))
            self._read(session, actor, task_id)

        self.error = self._attempt(work)
        self.notice = "" if self.error else "Saved."
        await self._publish(*ALL)

    @rx.event
    def ask_delete(self, value: bool = True):
        self.confirm_delete = bool(value)

    @rx.event
    async def delete(self):
        task_id = self.detail.task_id
        if not task_id:
            return
        self.error = self._attempt(lambda s, a: board.delete_task(s, a, task_id))
        if not self.error:
            self.open, self.confirm_delete, self.detail, self.history = False, False, CardDetail(), []
        await self._publish(*ALL)


def _current(detail: CardDetail, field: str):
    return {
        "title": detail.item_title, "description": detail.description, "priority": detail.priority,
        "status": detail.status, "story_points": None if detail.points == NO_POINTS else detail.points,
    }[field]


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # names no row: the service refuses it with its own message


def _sprint_name(session: Session, actor: Actor, space_id: int, item_id: int) -> str:
    if spaces.get_space(session, actor, space_id).methodology != Methodology.SCRUM:
        return ""
    for sprint in sprints.list_sprints(session, actor, space_id):
        if sprint.status in sprints.OPEN and any(
                i.id == item_id for i in sprints.get_sprint_backlog(session, actor, space_id, sprint.id).items):
            return sprint.name
    return ""
