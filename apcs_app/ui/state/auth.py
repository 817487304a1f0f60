"""The sign-in and sign-up pages' state. The forms themselves post to /api/session (the
server sets the HttpOnly session cookie); a refused post comes back here with its message."""

from __future__ import annotations

import reflex as rx

from apcs_app.ui.state.session import SessionState
from apcs_app.web_session import verified_message

HOME = "/board"


class AuthState(SessionState):
    error: str = ""
    email: str = ""
    name: str = ""

    @rx.event
    async def open_login(self):
        if self._session_token() and await self._resume():
            return rx.redirect(HOME if self.space_id else "/")
        query = self.router.url.query_parameters
        self.error = verified_message(query.get("error", ""), query.get("sig", ""), self.router.url.path,
                                      self.router.headers.cookie)
        self.email, self.name = query.get("email", "")[:254], query.get("name", "")[:120]
