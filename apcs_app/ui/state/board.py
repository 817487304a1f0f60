"""The Kanban board page: drag and drop, keyboard moves, columns, assignment."""

from __future__ import annotations

import reflex as rx

from apcs_app.services import board, members
from apcs_app.ui.state.live import ALL, LiveBoard
from apcs_app.ui.state.session import SessionState
from apcs_app.ui.state.views import MemberView, member_view


class BoardState(SessionState):
    error: str = ""
    column_error: str = ""
    new_column: str = ""
    members: list[MemberView] = []
    _dragging: int = 0
    _wip_column: int = 0

    @rx.event
    async def load(self):
        if not await self.enter(LiveBoard):
            return rx.redirect("/login")
        self.error = self.column_error = ""
        self.attempt(self._load_members)

    def _load_members(self, session, actor) -> None:
        self.members = [member_view(m) for m in members.list_members(session, actor, self.space_id)] if self.space_id else []

    @rx.event
    def pick(self, task_id: int):
        self._dragging = task_id

    @rx.event
    async def drop(self, column_id: int, index: int):
        """Drop the picked card into a column: before the card at `index`, or last when -1."""
        task_id, self._dragging = self._dragging, 0
        if not task_id:
            return
        live = await self.get_state(LiveBoard)
        source = next(((c, i) for c in live.columns for i, card in enumerate(c.cards) if card.id == task_id), None)
        position = None if index < 0 else index
        if source and position is not None and source[0].id == column_id and source[1] < position:
            position -= 1  # the service counts positions without the moving card itself
        await self._move(task_id, column_id, position)

    @rx.event
    async def move_to(self, task_id: int, column_id: str):
        """The keyboard way: a card's "Move to" control."""
        await self._move(task_id, int(column_id), None)

    async def _move(self, task_id: int, column_id: int, position: int | None) -> None:
        self.error = self.attempt(lambda s, a: board.move_task(s, a, task_id, column_id, position))
        await self.publish(*ALL)

    @rx.event
    async def assign(self, task_id: int, user_id: int):
        self.error = self.attempt(lambda s, a: board.assign_task(s, a, task_id, user_id or None))
        await self.publish(LiveBoard)

    @rx.event
    def set_new_column(self, value: str):
        self.new_column = value

    @rx.event
    async def add_column(self, _form: dict | None = None):
        name = self.new_column
        self.column_error = self.attempt(lambda s, a: board.create_column(s, a, self.space_id, name))
        if not self.column_error:
            self.new_column = ""
        await self.publish(LiveBoard)

    @rx.event
    def edit_wip(self, column_id: int):
        self._wip_column = column_id

    @rx.event
    async def set_wip(self, form: dict):
        limit = (form.get("wip_limit") or "").strip() or None
        column_id = self._wip_column
        self.error = self.attempt(lambda s, a: board.update_column(s, a, column_id, wip_limit=limit))
        await self.publish(LiveBoard)
