"""A card's details beside the board: the task and its backlog item, edited and deleted there.

A private state (one browser's): opening a card reads it through the services, saving writes
each changed field through the service that owns it (one transaction, one request id, so the
change is one run in the activity feed), then the workspace's live data is refilled for all.

Deleting, archiving or restoring a card offers Undo: the action's request id (every UI action
has its own, like an agent run) is kept on the server, never sent to the browser, and Undo
hands it to the same undo service the assistant's runs go through."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from apcs_app.domain import Methodology
from apcs_app.services import archive, backlog, board, members, spaces, sprints, undo
from apcs_app.services.access import Actor
from apcs_app.ui.state.live import ALL
from apcs_app.ui.state.page_models import ActivityView, activity_view
from apcs_app.ui.state.session import SessionState

NO_POINTS = "none"  # a select option cannot be empty
NOBODY = "0"
NO_SPRINT = "none"


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
    sprint_id: str = NO_SPRINT
    done: bool = False  # in the done column: it may be archived
    archived: bool = False


@dataclasses.dataclass
class Choice:
    value: str = ""
    label: str = ""


@dataclasses.dataclass
class ArchivedCard:
    id: int = 0
    title: str = ""
    column: str = ""
    archived: str = ""


class CardDetailsState(SessionState):
    open: bool = False
    detail: CardDetail = CardDetail()
    history: list[ActivityView] = []
    assignees: list[Choice] = []
    column_choices: list[Choice] = []
    sprint_choices: list[Choice] = []
    error: str = ""
    notice: str = ""
    confirm_delete: bool = False
    form_round: int = 0  # a new key per load, so the uncontrolled fields show the fresh values
    # The last delete / archive / restore, which Undo reverses (its run's id stays on the server).
    undo_text: str = ""
    undo_outcome: str = ""
    _undo_run: str = ""
    _undo_space: int = 0
    archived_open: bool = False
    archived_cards: list[ArchivedCard] = []
    archived_error: str = ""

    async def _run(self, work: Callable[[Session, Actor], Any]) -> tuple[str, str]:
        """One unit of work as the signed-in user, off the event loop: (refusal or "", its request id)."""

        def go(session: Session, actor: Actor) -> str:
            work(session, actor)
            return actor.request_id

        error, request_id = await self._call(go)
        return error, request_id or ""

    def _offer_undo(self, text: str, request_id: str) -> None:
        self.undo_text, self.undo_outcome = text, ""
        self._undo_run, self._undo_space = request_id, self.space_id

    @rx.event
    async def open_card(self, task_id: int):
        if not isinstance(task_id, int) or isinstance(task_id, bool):
            return
        self.error, _ = await self._run(lambda s, a: self._read(s, a, task_id))
        self.notice, self.confirm_delete = "", False
        self.archived_open = self.archived_open and bool(self.error)
        self.open = not self.error or self.open

    @rx.event
    def close(self):
        """A page load starts with the panel closed (the state outlives a reload); after a
        workspace switch the Undo bar of the other workspace's change goes too."""
        self.open, self.confirm_delete, self.archived_open = False, False, False
        if self._undo_space != self.space_id:
            self._drop_undo()

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
        sprint_id, sprint = self._read_sprints(session, actor, task.space_id, item.id)
        self.detail = CardDetail(
            task_id=task.id, title=task.title, item_id=item.id, item_title=item.title,
            description=item.description or "",
            points=NO_POINTS if item.story_points is None else str(item.story_points),
            priority=item.priority, status=item.status, sprint=sprint, sprint_id=sprint_id,
            assignee_id=str(task.assignee_id or 0), assignee=names.get(task.assignee_id or 0, ""),
            column_id=str(task.column_id), column=next((c.name for c in cols if c.id == task.column_id), ""),
            done=task.column_id == cols[-1].id and task.done_at is not None, archived=task.archived_at is not None,
        )
        self.assignees = [Choice(NOBODY, "Nobody")] + [Choice(str(m.user_id), m.name) for m in people]
        self.column_choices = [Choice(str(c.id), c.name) for c in cols]
        self.history = [activity_view(a, names) for a in board.task_history(session, actor, task.id)]
        self.form_round += 1

    def _read_sprints(self, session: Session, actor: Actor, space_id: int, item_id: int) -> tuple[str, str]:
        """The item's sprint (id, name) and the sprints it may go into: SCRUM workspaces only."""
        self.sprint_choices = []
        if spaces.get_space(session, actor, space_id).methodology != Methodology.SCRUM:
            return NO_SPRINT, ""
        current = sprints.item_sprint(session, actor, space_id, item_id)
        self.sprint_choices = [Choice(NO_SPRINT, "No sprint")] + [
            Choice(str(s.id), f"{s.name} ({s.status.lower()})")
            for s in sprints.list_sprints(session, actor, space_id) if s.status in sprints.OPEN]
        return (str(current.id), current.name) if current else (NO_SPRINT, "")

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
        sprint = str(form.get("sprint_id") or before.sprint_id)

        def work(session: Session, actor: Actor) -> None:
            if title != before.title:
                board.update_task(session, actor, task_id, title)
            if updates:
                backlog.update_item(session, actor, before.item_id, updates)
            if assignee != before.assignee_id:
                board.assign_task(session, actor, task_id, _int(assignee) or None)
            if column != before.column_id:
                board.move_task(session, actor, task_id, _int(column))
            if sprint != before.sprint_id:
                item = backlog.get_item(session, actor, before.item_id)
                sprints.set_item_sprint(session, actor, item.space_id, item.id,
                                        None if sprint == NO_SPRINT else _int(sprint))
            self._read(session, actor, task_id)

        changed = bool(updates) or (title, assignee, column, sprint) != (
            before.title, before.assignee_id, before.column_id, before.sprint_id)
        self.error, request_id = await self._run(work)
        self.notice = "" if self.error else "Saved."
        if changed and not self.error:  # the undo service refuses what it cannot take back
            self._offer_undo(f"Saved changes to task #{task_id} '{self.detail.title}'.", request_id)
        await self._publish(*ALL)

    @rx.event
    def ask_delete(self, value: bool = True):
        self.confirm_delete = bool(value)

    @rx.event
    async def delete(self):
        task_id = self.detail.task_id
        if not task_id:
            return
        title = self.detail.title
        self.error, request_id = await self._run(lambda s, a: board.delete_task(s, a, task_id))
        if not self.error:
            self.open, self.confirm_delete, self.detail, self.history = False, False, CardDetail(), []
            self._offer_undo(f"Deleted task #{task_id} '{title}'.", request_id)
        await self._publish(*ALL)

    @rx.event
    async def archive(self):
        """Take the open (done) card off the board; Undo, or the archived list, brings it back."""
        task_id, title = self.detail.task_id, self.detail.title
        if not task_id:
            return
        self.error, request_id = await self._run(lambda s, a: archive.archive_task(s, a, task_id))
        if not self.error:
            self.open, self.confirm_delete = False, False
            self._offer_undo(f"Archived task #{task_id} '{title}'.", request_id)
        await self._publish(*ALL)

    @rx.event
    async def undo_last(self):
        """Reverse the last save, delete, archive or restore through the undo service (its own rules:
        refused, and nothing changes, when someone has changed the card since)."""
        if not self._undo_run:
            return
        request_id, space_id = self._undo_run, self._undo_space

        def work(session: Session, actor: Actor) -> None:
            undo.undo_run(session, actor, space_id, request_id)

        error, _ = await self._run(work)
        self.undo_outcome = error or "Undone."
        if not error:
            self.undo_text, self._undo_run = "", ""
        if self.archived_open:
            await self._list_archived()
        await self._publish(*ALL)

    @rx.event
    def dismiss_undo(self):
        self._drop_undo()

    def _drop_undo(self) -> None:
        self.undo_text, self.undo_outcome, self._undo_run = "", "", ""

    # ---------------------------------------------------------------- archived cards

    async def _list_archived(self) -> None:
        space_id = self.space_id
        found: list[ArchivedCard] = []

        def work(session: Session, actor: Actor) -> None:
            names = {c.id: c.name for c in board.columns(session, space_id)}
            found.extend(ArchivedCard(t.id, t.title, names.get(t.column_id, ""), f"{t.archived_at:%b %d, %H:%M}")
                         for t in archive.list_archived(session, actor, space_id))

        self.archived_error, _ = await self._run(work)
        self.archived_cards = found

    @rx.event
    async def set_archived_open(self, value: bool):
        self.archived_open = bool(value) and bool(self.space_id)
        self.archived_error = ""
        if self.archived_open:
            await self._list_archived()

    @rx.event
    async def restore(self, task_id: int):
        if not isinstance(task_id, int) or isinstance(task_id, bool):
            return
        title = next((c.title for c in self.archived_cards if c.id == task_id), "")
        self.archived_error, request_id = await self._run(lambda s, a: archive.unarchive_task(s, a, task_id))
        if not self.archived_error:
            self._offer_undo(f"Restored task #{task_id} '{title}' to the board.", request_id)
            await self._list_archived()
        await self._publish(*ALL)

    @rx.event
    async def archive_older(self, form: dict):
        """The rule: archive the done cards done more than the given number of days ago."""
        days, space_id = form.get("days"), self.space_id
        count: list[int] = []
        self.archived_error, request_id = await self._run(
            lambda s, a: count.append(len(archive.archive_done_older_than(s, a, space_id, days))))
        if not self.archived_error:
            if count and count[0]:
                self._offer_undo(f"Archived {count[0]} done card(s) older than {int(str(days).strip())} day(s).", request_id)
            else:
                self.undo_text, self.undo_outcome, self._undo_run = "", "No done card was that old.", ""
            await self._list_archived()
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
