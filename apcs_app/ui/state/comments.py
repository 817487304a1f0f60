"""Comments on one backlog item, live for everyone who has it open.

`LiveComments` is a SharedState linked to a token of the item (keyed like the workspace's,
see live.link_token): whoever adds, edits or deletes a comment refills it once and every
browser showing that item's comments gets the change. `CommentsState` holds what is private
to one browser (the draft's error, which comment is being edited) and does the writes."""

from __future__ import annotations

import dataclasses

import reflex as rx

from apcs_app.domain import UserRole
from apcs_app.services import backlog, comments, spaces
from apcs_app.services.access import load_user
from apcs_app.ui.state.live import LiveActivity, link_token, show_read
from apcs_app.ui.state.session import SessionState


@dataclasses.dataclass
class CommentRow:
    id: int = 0
    author_id: int = 0
    author: str = ""
    via_agent: bool = False
    text: str = ""
    when: str = ""
    edited: bool = False


def _row(c: comments.CommentView) -> CommentRow:
    return CommentRow(id=c.id, author_id=c.author_id or 0, author=c.author_name, via_agent=c.via_agent, text=c.text,
                      when=f"{c.created_at:%d %b %Y %H:%M}", edited=c.edited_at is not None)


def item_token(space_id: int, item_id: int) -> str:
    return f"{link_token(space_id)}-item-{item_id}"


class LiveComments(rx.SharedState):
    item_id: int = 0
    rows: list[CommentRow] = []

    @staticmethod
    def _read(session, actor, item_id: int) -> dict:
        return {"item_id": item_id, "rows": [_row(c) for c in comments.list_comments(session, actor, item_id)]}


class CommentsState(SessionState):
    item_id: int = 0
    item_title: str = ""
    dialog_open: bool = False
    error: str = ""
    draft_key: int = 0  # bumped after a post, to empty the text box
    editing_id: int = 0
    me: int = 0
    can_moderate: bool = False  # the workspace owner or a site admin deletes any comment
    _token: str = ""

    async def _show(self, item_id: int) -> None:
        """Link this browser to the item's comments (the service checks it may read them)."""
        self.error, self.editing_id, self.item_id, self.item_title = "", 0, 0, ""
        def read(session, actor):
            item = backlog.get_item(session, actor, item_id)
            space = spaces.get_space(session, actor, item.space_id)
            moderates = space.owner_id == actor.user_id or load_user(session, actor).role != UserRole.USER
            return item.space_id, item.title, actor.user_id, moderates

        self.error, found = await self._query(read)
        if self.error:
            return
        item_space, self.item_title, self.me, self.can_moderate = found
        self._token = item_token(item_space, item_id)
        if await self._refill_comments(item_id):
            self.item_id = item_id

    async def _refill_comments(self, item_id: int) -> bool:
        live = await (await self.get_state(LiveComments))._link_to(self._token)
        self.error, fields = await self._query(lambda s, a: LiveComments._read(s, a, item_id))
        if not self.error:
            show_read(live, fields)
        return not self.error

    @rx.event
    async def show(self, item_id: int):
        await self._show(item_id)

    @rx.event
    async def open_dialog(self, item_id: int):
        self.dialog_open = True
        await self._show(item_id)

    @rx.event
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    async def _write(self, work) -> bool:
        if not self.item_id:
            return False
        self.error = await self._attempt(work)
        if self.error:
            return False
        await self._refill_comments(self.item_id)
        await self._publish(LiveActivity)
        return True

    @rx.event
    async def add(self, form: dict):
        text = form.get("text")
        if await self._write(lambda s, a: comments.add_comment(s, a, self.item_id, text)):
            self.draft_key += 1

    @rx.event
    def start_edit(self, comment_id: int):
        # Only marks which row shows its edit box; the service decides who may save it.
        self.editing_id, self.error = (comment_id if isinstance(comment_id, int) else 0), ""

    @rx.event
    def cancel_edit(self):
        self.editing_id = 0

    @rx.event
    async def save_edit(self, form: dict):
        comment_id, text = self.editing_id, form.get("text")
        if comment_id and await self._write(lambda s, a: comments.edit_comment(s, a, comment_id, text)):
            self.editing_id = 0

    @rx.event
    async def delete(self, comment_id: int):
        await self._write(lambda s, a: comments.delete_comment(s, a, comment_id))
