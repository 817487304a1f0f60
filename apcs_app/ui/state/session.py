"""The root state: who is signed in and which workspace they are in.

The user is known only from the session cookie (HttpOnly: no script can read it) that the
browser sent with this page's websocket handshake, checked on every page load and again
before every change — never from an event's arguments. Sign-in and sign-out are plain
form posts to /api/session (see api/session_routes.py), which set and clear that cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from apcs_app import db
from apcs_app.domain import DomainError, Methodology, Via
from apcs_app.domain.errors import AuthError
from apcs_app.services import auth, spaces
from apcs_app.services.access import Actor
from apcs_app.ui.state.live import link_token
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

    def _actor(self) -> Actor:
        # Checked on every change, not only at page load: a sign-out or a password change
        # elsewhere revokes this session at once, even on a page that is still open.
        if not self._user_id or not self._still_signed_in():
            raise AuthError("Your session has ended; sign in again.")
        return Actor(self._user_id, Via.UI)

    def _still_signed_in(self) -> bool:
        try:
            # A read: this runs inside the callers' write transactions too.
            with db.read() as session:
                return auth.verify_token(session, self._session_token()).id == self._user_id
        except DomainError:
            return False

    def _attempt(self, work: Callable[[Session, Actor], Any]) -> str:
        """Run one unit of work as the signed-in user; the rule's message on refusal, else ""."""
        try:
            with db.transaction() as session:
                work(session, self._actor())
        except DomainError as exc:
            return exc.message
        return ""

    def _resume(self) -> bool:
        """Check the stored token and load the user's workspaces; False means: sign in."""
        try:
            with db.transaction() as session:
                user = auth.verify_token(session, self._session_token())
                actor = Actor(user.id, Via.UI)
                self._user_id, self.user_name, self.user_email = user.id, user.name, user.email
                self._load_spaces(session, actor)
        except DomainError:
            self._forget()
            return False
        return True

    def _load_spaces(self, session: Session, actor: Actor) -> None:
        self.spaces = [space_view(s, actor.user_id) for s in spaces.list_user_spaces(session, actor)]
        ids = [s.id for s in self.spaces]
        if self.space_id not in ids:
            self.space_id = spaces.default_space_id(session, actor) or 0
        current = next((s for s in self.spaces if s.id == self.space_id), None)
        self.space_name = current.name if current else ""
        self.methodology = current.methodology if current else ""

    def _refresh_spaces(self) -> None:
        with db.transaction() as session:
            self._load_spaces(session, self._actor())

    def _forget(self) -> None:
        self._user_id, self.user_name, self.user_email = 0, "", ""
        self.space_id, self.space_name, self.methodology, self.spaces = 0, "", "", []

    async def _enter(self, *kinds: type) -> bool:
        """A page's first step: check the sign-in, then link and fill the live data it shows."""
        if not self._resume():
            return False
        await self._publish(*kinds)
        return True

    async def _publish(self, *kinds: type) -> None:
        """Refill these kinds of the workspace's live data, for every browser linked to it."""
        if not self.space_id:
            return
        token = link_token(self.space_id)
        linked = [await (await self.get_state(kind))._link_to(token) for kind in kinds]
        actor = self._actor()  # the session is checked once for all of them
        with db.transaction() as session:  # one read transaction for all of them
            for live in linked:
                live._fill(session, actor, self.space_id)

    def _flash(self, text: str, error: bool = False) -> None:
        self.flash, self.flash_is_error = text, error

    @rx.event
    def dismiss_flash(self):
        self.flash = ""

    @rx.event
    async def switch_space(self, space_id: int):
        error = self._attempt(lambda s, a: spaces.set_default_space(s, a, space_id))
        if error:
            return self._flash(error, error=True)
        self.space_id = space_id
        self._refresh_spaces()
        return PAGE_LOADERS.get(self.router.url.path.rstrip("/") or "/")

