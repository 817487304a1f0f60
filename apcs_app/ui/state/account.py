"""The account page: who you are, and changing your password (a form post to
/api/session/password, which also renews this browser's session cookie)."""

from __future__ import annotations

import reflex as rx

from apcs_app.ui.state.session import SessionState
from apcs_app.web_session import verified_message


class AccountState(SessionState):
    error: str = ""
    notice: str = ""

    @rx.event
    async def load(self):
        if not await self._enter():
            return rx.redirect("/login")
        query = self.router.url.query_parameters
        page, cookies = self.router.url.path, self.router.headers.cookie
        self.error = verified_message(query.get("error", ""), query.get("sig", ""), page, cookies)
        self.notice = verified_message(query.get("notice", ""), query.get("sig", ""), page, cookies)
