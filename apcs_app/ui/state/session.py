"""The root state: who is signed in and which workspace they are in.

The user is known only from the session cookie (HttpOnly: no script can read it) that the
browser sent with this page's websocket handshake, checked on every page load and again
before every change — never from an event's arguments. Sign-in and sign-out are plain
form posts to /api/session (see api/session_routes.py), which set and clear that cookie.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from apcs_app import db
from apcs_app.domain import DomainError, Methodology, Via
from apcs_app.domain.errors import AuthError
from apcs_app.services import auth, spaces
from apcs_app.services.access import Actor
from apcs_app.ui.state.live import link_token, show_read
from apcs_app.ui.state.page_models import SpaceView, space_view
from apcs_app.web_session import session_token

# Route → the event that loads it; lets the workspace switcher reload the page in place.
PAGE_LOADERS: dict[str, Any] = {}


class SessionState(rx.State):
    user_name: str = ""
    user_email: str = ""
    space_id: int = 0
    space_name: str = ""
    methodology: str = ""
    spaces: list[SpaceView] = []
    # A message for the next page (workspace deleted, export refused…), shown until dismissed.
    # Kept in the state rather than sent as a toast: server-sent toasts are scripts the
    # browser must eval, which the pages' Content-Security-Policy does not allow.
    flash: str = ""
    flash_is_error: bool = False
    _user_id: int = 0

    @rx.var
    def logged_in(self) -> bool:
        return self.user_name != ""

    @rx.var
    def is_scrum(self) -> bool:
        return self.methodology == Methodology.SCRUM

    @rx.var
    def initials(self) -> str:
        return "".join(part[0] for part in self.user_name.split()[:2]).upper()

    def _session_token(self) -> str:
        return session_token(self.router.headers.cookie)

    # Every handler's database work runs on a worker thread: Reflex runs handlers on its one
    # event loop, and a query waiting on a lock (or a slow disk) would freeze every browser
    # the process serves. What the work needs from the state is read here first, on the loop,
    # and what it found is put into the state back on the loop.

    async def _call(self, work: Callable[[Session, Actor], Any], *, read_only: bool = False) -> tuple[str, Any]:
        """Run one unit of work as the signed-in user, in one transaction off the event loop:
        ("", its result), or (the rule's message, None) when it was refused. `read_only` work
        takes no write lock (SQLite's writers queue behind one another; readers do not)."""
        user_id, token = self._user_id, self._session_token()

        def go():
            with (db.read() if read_only else db.transaction()) as session:
                return work(session, signed_in_actor(session, user_id, token))

        try:
            return "", await asyncio.to_thread(go)
        except DomainError as exc:
            return exc.message, None

    async def _attempt(self, work: Callable[[Session, Actor], Any]) -> str:
        """Run one unit of work as the signed-in user; the rule's message on refusal, else ""."""
        return (await self._call(work))[0]

    async def _query(self, work: Callable[[Session, Actor], Any]) -> tuple[str, Any]:
        """`_call` for work that only reads."""
        return await self._call(work, read_only=True)

    async def _actor(self) -> Actor:
        """The signed-in user, checked now; raises AuthError once the session has ended."""
        error, actor = await self._query(lambda _session, actor: actor)
        if error:
            raise AuthError(error)
        return actor

    async def _resume(self) -> bool:
        """Check the stored token and load the user's workspaces; False means: sign in."""
        token, current = self._session_token(), self.space_id

        def go():
            with db.transaction() as session:
                user = auth.verify_token(session, token)
                return user.id, user.name, user.email, _spaces_of(session, Actor(user.id, Via.UI), current)

        try:
            self._user_id, self.user_name, self.user_email, listing = await asyncio.to_thread(go)
        except DomainError:
            self._forget()
            return False
        self._show_spaces(*listing)
        return True

    def _show_spaces(self, views: list[SpaceView], space_id: int) -> None:
        self.spaces, self.space_id = views, space_id
        current = next((s for s in views if s.id == space_id), None)
        self.space_name = current.name if current else ""
        self.methodology = current.methodology if current else ""

    async def _refresh_spaces(self) -> None:
        current = self.space_id
        error, listing = await self._query(lambda s, a: _spaces_of(s, a, current))
        if not error:
            self._show_spaces(*listing)

    def _forget(self) -> None:
        self._user_id, self.user_name, self.user_email = 0, "", ""
        self.space_id, self.space_name, self.methodology, self.spaces = 0, "", "", []

    async def _enter(self, *kinds: type) -> bool:
        """A page's first step: check the sign-in, then link and fill the live data it shows."""
        if not await self._resume():
            return False
        await self._publish(*kinds)
        return True

    async def _publish(self, *kinds: type) -> None:
        """Refill these kinds of the workspace's live data, for every browser linked to it."""
        if not self.space_id:
            return
        space_id = self.space_id
        token = link_token(space_id)
        linked = [await (await self.get_state(kind))._link_to(token) for kind in kinds]
        # One transaction, and one check of the session, for all of them.
        error, found = await self._query(lambda s, a: [kind._read(s, a, space_id) for kind in kinds])
        if not error:
            for live, fields in zip(linked, found):
                show_read(live, fields)

    def _flash(self, text: str, error: bool = False) -> None:
        self.flash, self.flash_is_error = text, error

    @rx.event
    def dismiss_flash(self):
        self.flash = ""

    @rx.event
    async def switch_space(self, space_id: int):
        error = await self._attempt(lambda s, a: spaces.set_default_space(s, a, space_id))
        if error:
            return self._flash(error, error=True)
        self.space_id = space_id
        await self._refresh_spaces()
        return PAGE_LOADERS.get(self.router.url.path.rstrip("/") or "/")



SESSION_ENDED = "Your session has ended; sign in again."


def signed_in_actor(session: Session, user_id: int, token: str) -> Actor:
    """Checked on every change, not only at page load: a sign-out or a password change
    elsewhere revokes this session at once, even on a page that is still open."""
    try:
        if user_id and auth.verify_token(session, token).id == user_id:
            return Actor(user_id, Via.UI)
    except DomainError:
        pass
    raise AuthError(SESSION_ENDED)


def _spaces_of(session: Session, actor: Actor, current: int) -> tuple[list[SpaceView], int]:
    """The user's workspaces, and the one to show: `current` while it is still theirs, else
    their default."""
    views = [space_view(s, actor.user_id) for s in spaces.list_user_spaces(session, actor)]
    if current not in [s.id for s in views]:
        current = spaces.default_space_id(session, actor) or 0
    return views, current
