"""A column's menu: rename, move left or right (or drag its header), set its WIP limit, delete it
(its cards go to a column the user picks). Every change goes through services/board.py."""

from __future__ import annotations

import reflex as rx

from apcs_app.services import board
from apcs_app.ui.state.live import ALL, LiveBoard
from apcs_app.ui.state.session import SessionState

MODES = ("rename", "wip", "delete")


class ColumnMenuState(SessionState):
    mode: str = ""  # which of MODES the column dialog is showing; "" = closed
    column_id: int = 0
    column_name: str = ""
    error: str = ""
    _dragging: int = 0

    @rx.var
    def dialog_open(self) -> bool:
        return self.mode != ""

    @rx.event
    def open_dialog(self, mode: str, column_id: int, name: str):
        if mode not in MODES or not isinstance(column_id, int):
            return
        self.mode, self.column_id, self.column_name, self.error = mode, column_id, str(name)[:60], ""

    @rx.event
    def set_dialog_open(self, value: bool):
        if not value:
            self.mode = ""

    async def _change(self, work) -> None:
        self.error = await self._attempt(work)
        if not self.error:
            self.mode = ""
        await self._publish(*ALL)

    @rx.event
    async def rename(self, form: dict):
        column_id, name = self.column_id, form.get("name", "")
        await self._change(lambda s, a: board.update_column(s, a, column_id, name=name))

    @rx.event
    async def set_wip(self, form: dict):
        column_id, limit = self.column_id, (form.get("wip_limit") or "").strip() or None
        await self._change(lambda s, a: board.update_column(s, a, column_id, wip_limit=limit))

    @rx.event
    async def delete(self, form: dict):
        column_id, target = self.column_id, form.get("move_cards_to") or ""
        move_to = int(target) if target.isdigit() else None
        await self._change(lambda s, a: board.delete_column(s, a, column_id, move_cards_to=move_to))

    @rx.event
    async def shift(self, column_id: int, step: int):
        """Move left (-1) or right (+1): the keyboard way to reorder columns."""
        live = await self.get_state(LiveBoard)
        ids = [c.id for c in live.columns]
        if column_id not in ids or step not in (-1, 1):
            return
        await self._place(column_id, ids.index(column_id) + step)

    async def _place(self, column_id: int, index: int) -> None:
        live = await self.get_state(LiveBoard)
        if not 0 <= index < len(live.columns):
            return
        self.error = await self._attempt(lambda s, a: board.move_column(s, a, column_id, index + 1))
        await self._publish(*ALL)

    @rx.event
    def pick(self, column_id: int):
        self._dragging = column_id

    @rx.event
    async def drop_on_header(self, target_id: int):
        """A header dropped on another column's header: the column takes that place."""
        column_id, self._dragging = self._dragging, 0
        live = await self.get_state(LiveBoard)
        ids = [c.id for c in live.columns]
        if column_id and column_id != target_id and column_id in ids and target_id in ids:
            await self._place(column_id, ids.index(target_id))
