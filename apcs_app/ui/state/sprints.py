"""The sprints page (Scrum): plan, start, complete, the sprint backlog and its metrics."""

from __future__ import annotations

import datetime as dt

import reflex as rx

from apcs_app.services import sprints
from apcs_app.ui.state.live import ALL, LiveBacklog, LiveSprints
from apcs_app.ui.state.session import SessionState

DEFAULT_WEEKS = 2


class SprintsState(SessionState):
    create_error: str = ""
    form_key: int = 0
    action_error: str = ""
    action_sprint: int = 0
    default_start: str = ""
    default_end: str = ""

    @rx.event
    async def load(self):
        if not await self._enter(LiveSprints, LiveBacklog):
            return rx.redirect("/login")
        today = dt.date.today()
        self.default_start = today.isoformat()
        self.default_end = (today + dt.timedelta(weeks=DEFAULT_WEEKS)).isoformat()
        self.create_error = self.action_error = ""

    @rx.event
    async def create(self, form: dict):
        self.create_error = await self._attempt(lambda s, a: sprints.create_sprint(
            s, a, self.space_id, form.get("name") or None, form.get("start_date", ""), form.get("end_date", ""),
            form.get("goal") or None,
        ))
        if not self.create_error:
            self.form_key += 1
            await self._publish(*ALL)

    async def _act(self, sprint_id: int, work) -> None:
        error = await self._attempt(work)
        self.action_error, self.action_sprint = error, sprint_id if error else 0
        await self._publish(*ALL)

    @rx.event
    async def start(self, sprint_id: int):
        await self._act(sprint_id, lambda s, a: sprints.start_sprint(s, a, self.space_id, sprint_id))

    @rx.event
    async def complete(self, sprint_id: int):
        await self._act(sprint_id, lambda s, a: sprints.complete_sprint(s, a, self.space_id, sprint_id))

    @rx.event
    async def add_item(self, sprint_id: int, item_id: str):
        await self._act(sprint_id, lambda s, a: sprints.add_to_sprint(s, a, self.space_id, int(item_id), sprint_id))

    @rx.event
    async def remove_item(self, sprint_id: int, item_id: int):
        await self._act(sprint_id, lambda s, a: sprints.remove_from_sprint(s, a, self.space_id, item_id, sprint_id))
