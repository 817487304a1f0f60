"""Sign in, sign up."""

from __future__ import annotations

import reflex as rx

from apcs_app import db
from apcs_app.domain import DomainError
from apcs_app.services import auth
from apcs_app.ui.state.session import SessionState

HOME = "/board"


class AuthState(SessionState):
    error: str = ""

    @rx.event
    def open_login(self):
        if self.token and self._resume():
            return rx.redirect(HOME)
        self.error = ""

    @rx.event
    def sign_in(self, form: dict):
        try:
            # sign_in owns its transaction so the failure count that slows guessing is kept.
            user = auth.sign_in(form.get("email", ""), form.get("password", ""))
        except DomainError as exc:
            self.error = exc.message
            return
        return self._start(auth.issue_token(user))

    @rx.event
    def sign_up(self, form: dict):
        try:
            with db.transaction() as session:
                user = auth.create_user(session, form.get("name", ""), form.get("email", ""), form.get("password", ""))
                token = auth.issue_token(user)
        except DomainError as exc:
            self.error = exc.message
            return
        return self._start(token)

    def _start(self, token: str):
        self.token, self.error = token, ""
        self._resume()
        return rx.redirect(HOME if self.space_id else "/")
