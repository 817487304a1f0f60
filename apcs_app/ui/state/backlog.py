"""The backlog page: ranked items, filters, create / edit / delete, tasks and sprints from an item."""

from __future__ import annotations

import reflex as rx

from apcs_app.services import backlog, board, sprints
from apcs_app.ui.state.live import ALL, LiveBacklog, backlog_rows
from apcs_app.ui.state.session import SessionState
from apcs_app.ui.state.page_models import ItemView

NO_POINTS = "none"  # a select option cannot be empty


class BacklogState(SessionState):
    create_error: str = ""
    form_key: int = 0  # bumped after a create, to reset the form's fields
    editing: ItemView = ItemView()
    edit_open: bool = False
    edit_error: str = ""
    row_error: str = ""
    row_error_id: int = 0
    notice: str = ""
    target_item: int = 0
    target_title: str = ""
    sprint_picker_open: bool = False
    _dragging: int = 0
    # This browser's further pages of the backlog ("Show more"), under the shared first page;
    # they belong to one fill of the shared backlog, and any refill makes them stale (as the
    # board's further pages, see BoardState).
    more_items: list[ItemView] = []
    pages_fill: int = -1

    @rx.event
    async def load(self):
        if not await self._enter(LiveBacklog):
            return rx.redirect("/login")
        self.create_error = self.row_error = self.notice = ""

    @rx.event
    async def create(self, form: dict):
        points = form.get("story_points")
        self.create_error = await self._attempt(lambda s, a: backlog.create_item(
            s, a, self.space_id, form.get("title", ""), form.get("description") or None,
            None if points in (None, "", NO_POINTS) else points, form.get("priority") or None,
        ))
        if not self.create_error:
            self.form_key += 1
            await self._publish(*ALL)

    async def _shown(self) -> list[ItemView]:
        """The items this browser shows, in rank order: the shared page and its own further ones."""
        live = await self.get_state(LiveBacklog)
        return [*live.items, *(self.more_items if self.pages_fill == live.fills else [])]

    @rx.event
    async def show_more(self):
        live = await self.get_state(LiveBacklog)
        shown, space_id = await self._shown(), self.space_id
        self.row_error, found = await self._query(lambda s, a: backlog_rows(s, a, space_id, offset=len(shown)))
        if found is not None:
            self.more_items, self.pages_fill = shown[len(live.items):] + found[0], live.fills

    @rx.event
    async def start_edit(self, item_id: int):
        self.editing = next((i for i in await self._shown() if i.id == item_id), ItemView())
        self.edit_error, self.edit_open = "", True

    @rx.event
    def set_edit_open(self, value: bool):
        self.edit_open = value

    @rx.event
    async def save_edit(self, form: dict):
        points = form.get("story_points")
        updates = {
            "title": form.get("title", ""),
            "description": form.get("description", ""),
            "story_points": None if points in (None, "", NO_POINTS) else points,
            "priority": form.get("priority") or self.editing.priority,
            "status": form.get("status") or self.editing.status,
        }
        item_id = self.editing.id
        self.edit_error = await self._attempt(lambda s, a: backlog.update_item(s, a, item_id, updates))
        if not self.edit_error:
            self.edit_open = False
            await self._publish(*ALL)

    async def _row(self, item_id: int, work, done: str) -> None:
        error = await self._attempt(work)
        self.row_error, self.row_error_id = error, item_id if error else 0
        self.notice = "" if error else done
        await self._publish(*ALL)

    @rx.event
    async def delete(self, item_id: int):
        await self._row(item_id, lambda s, a: backlog.delete_item(s, a, item_id), f"Item #{item_id} deleted.")

    @rx.event
    async def create_task(self, item_id: int):
        await self._row(item_id, lambda s, a: board.create_task(s, a, item_id),
                        f"Task created on the board for item #{item_id}.")

    @rx.event
    def open_sprint_picker(self, item_id: int, title: str):
        self.target_item, self.target_title, self.sprint_picker_open = item_id, title, True

    @rx.event
    def set_sprint_picker_open(self, value: bool):
        self.sprint_picker_open = value

    @rx.event
    async def add_to_sprint(self, sprint_id: int):
        item_id, self.sprint_picker_open = self.target_item, False
        await self._row(item_id, lambda s, a: sprints.add_to_sprint(s, a, self.space_id, item_id, sprint_id),
                        f"Item #{item_id} added to the sprint.")

    @rx.event
    async def remove_from_sprint(self, item_id: int, sprint_id: int):
        await self._row(item_id, lambda s, a: sprints.remove_from_sprint(s, a, self.space_id, item_id, sprint_id),
                        f"Item #{item_id} removed from its sprint.")

    @rx.event
    def pick(self, item_id: int):
        self._dragging = item_id

    @rx.event
    async def drop_on_item(self, target_id: int):
        """The picked item dropped on another: it takes that item's place in the ranking."""
        ids = [i.id for i in await self._shown()]
        if target_id in ids:
            await self._reorder(ids, ids.index(target_id))

    @rx.event
    async def drop_at_end(self):
        ids = [i.id for i in await self._shown()]
        await self._reorder(ids, len(ids))  # after the last item this browser shows

    async def _reorder(self, ids: list[int], position: int) -> None:
        item_id, self._dragging = self._dragging, 0
        if not item_id or item_id not in ids:
            return
        if ids.index(item_id) < position:
            position -= 1  # the service counts positions without the moving item itself
        await self._row(item_id, lambda s, a: backlog.reorder_item(s, a, item_id, position), "")
