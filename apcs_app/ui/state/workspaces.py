"""My workspaces, creating one, and the current workspace's members."""

from __future__ import annotations

import json
import re

import reflex as rx

from apcs_app.services import exchange, members, spaces
from apcs_app.ui.state.live import LiveActivity
from apcs_app.ui.state.session import SessionState
from apcs_app.ui.state.page_models import MemberView, member_view


class WorkspacesState(SessionState):
    create_error: str = ""
    form_key: int = 0
    import_error: str = ""
    import_warnings: list[str] = []

    @rx.event
    async def load(self):
        if not await self._enter():
            return rx.redirect("/login")
        self.create_error = self.import_error = ""
        self.import_warnings = []

    @rx.event
    async def create(self, form: dict):
        created: list[int] = []

        def work(s, a):
            space = spaces.create_space(s, a, form.get("name", ""), form.get("methodology", ""),
                                        form.get("description") or None)
            spaces.set_default_space(s, a, space.id)
            created.append(space.id)

        self.create_error = await self._attempt(work)
        if created:
            self.form_key += 1
            self.space_id = created[0]
            await self._refresh_spaces()

    @rx.event
    async def export_json(self, space_id: int):
        error, found = await self._query(lambda s, a: exchange.export_space(s, a, space_id))
        if error:
            return self._flash(error, error=True)
        return rx.download(data=json.dumps(found, ensure_ascii=False, indent=2),
                           filename=f"{_slug(self._space_name(space_id))}.json")

    @rx.event
    async def export_csv(self, space_id: int):
        error, found = await self._query(lambda s, a: exchange.export_backlog_csv(s, a, space_id))
        if error:
            return self._flash(error, error=True)
        return rx.download(data=found, filename=f"{_slug(self._space_name(space_id))}-backlog.csv")

    def _space_name(self, space_id: int) -> str:
        return next((s.name for s in self.spaces if s.id == space_id), "workspace")

    @rx.event
    async def import_file(self, files: list[rx.UploadFile]):
        """A workspace export becomes a new workspace of the user's; a bad file changes nothing."""
        self.import_error, self.import_warnings = "", []
        if not files:
            return
        raw = await files[0].read(exchange.MAX_IMPORT_BYTES + 1)  # one byte over is enough for the refusal
        self.import_error, result = await self._call(lambda s, a: exchange.import_space(s, a, raw))
        if result is not None:
            self.import_warnings = result.warnings
            await self._refresh_spaces()
            invite = f" Invite {len(result.invite)} member(s) from the file to give them access." if result.invite else ""
            return self._flash(f"Imported '{result.space.name}'.{invite}")

    @rx.event
    async def open_space(self, space_id: int):
        await self.switch_space(space_id)
        return rx.redirect("/board")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "workspace"


class MembersState(SessionState):
    members: list[MemberView] = []
    invite_error: str = ""
    member_error: str = ""
    delete_error: str = ""
    form_key: int = 0

    @rx.var
    def owns_space(self) -> bool:
        return any(m.is_owner and m.email == self.user_email for m in self.members)

    @rx.event
    async def load(self):
        if not await self._enter():
            return rx.redirect("/login")
        self.invite_error = self.member_error = self.delete_error = ""
        await self._reload()

    async def _reload(self) -> None:
        space_id, self.members = self.space_id, []
        if space_id:
            _, found = await self._query(lambda s, a: [member_view(m) for m in members.list_members(s, a, space_id)])
            self.members = found or []

    async def _after(self, error: str, field: str) -> None:
        setattr(self, field, error)
        await self._reload()
        await self._refresh_spaces()
        await self._publish(LiveActivity)

    @rx.event
    async def invite(self, form: dict):
        role = form.get("role") or None
        error = await self._attempt(lambda s, a: members.invite_member(s, a, self.space_id, form.get("email", ""),
                                                                 None if role == "NONE" else role))
        if not error:
            self.form_key += 1
        await self._after(error, "invite_error")

    @rx.event
    async def change_role(self, user_id: int, role: str):
        await self._after(await self._attempt(lambda s, a: members.change_role(s, a, self.space_id, user_id, role)),
                          "member_error")

    @rx.event
    async def delete_space(self, form: dict):
        """Delete the workspace, once its name has been typed to confirm (it cannot be undone)."""
        name = self.space_name
        if (form.get("confirm_name") or "").strip() != name:
            self.delete_error = f"Type the workspace's name, {name}, to confirm the deletion."
            return None
        space_id = self.space_id
        self.delete_error = await self._attempt(lambda s, a: spaces.delete_space(s, a, space_id))
        if self.delete_error:
            return None
        self.space_id = 0
        await self._refresh_spaces()
        self._flash(f"Deleted the workspace '{name}'.")
        return rx.redirect("/")

    @rx.event
    async def remove(self, user_id: int):
        leaving = user_id == self._user_id
        error = await self._attempt(lambda s, a: members.remove_member(s, a, self.space_id, user_id))
        if leaving and not error:
            self.space_id = 0
            await self._refresh_spaces()
            return rx.redirect("/")
        await self._after(error, "member_error")


class ActivityState(SessionState):
    @rx.event
    async def load(self):
        if not await self._enter(LiveActivity):
            return rx.redirect("/login")
