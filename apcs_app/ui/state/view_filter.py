"""The board's and the backlog's find-and-filter, kept in the URL query (?q=csv&assignee=mine…)
so a reload or a shared link shows the same view.

The URL is the one source: the filter form only navigates to a new query, and the page's load
reads it. A filtered view is this browser's own (a private state): the services find the matching
cards or items in the database — the live board a browser holds may be only part of a big board —
and the page asks again whenever the live data it shows changes (see components/view_filter.py)."""

from __future__ import annotations

import dataclasses
from urllib.parse import urlencode

import reflex as rx

from apcs_app import db
from apcs_app.domain import DomainError, Methodology
from apcs_app.services import board, filters, members, sprints
from apcs_app.ui.state.page_models import ColumnCards, ItemView, column_view, item_view
from apcs_app.ui.state.session import SessionState

# URL query names, in the order a link shows them.
FIELDS = ("q", "assignee", "priority", "status", "sprint")
ANY = "any"  # a select option cannot be empty


@dataclasses.dataclass
class Option:
    value: str = ""
    label: str = ""


class ViewFilterState(SessionState):
    q: str = ""
    assignee: str = ""
    priority: str = ""
    status: str = ""
    sprint: str = ""
    active: bool = False
    error: str = ""
    columns: list[ColumnCards] = []
    items: list[ItemView] = []
    people: list[Option] = []
    sprint_options: list[Option] = []
    form_round: int = 0

    @rx.event
    def from_url(self):
        """The page's load: the filters its URL carries, then the matching cards or items."""
        query = self.router.url.query_parameters
        self.q, self.assignee, self.priority, self.status, self.sprint = (
            str(query.get(name, ""))[:200] for name in FIELDS)
        self.form_round += 1
        self._load_options()
        self.refresh()

    def _page(self) -> str:
        return "/backlog" if self.router.url.path.rstrip("/") == "/backlog" else "/board"

    @rx.event
    def apply(self, form: dict):
        """The filter form: go to the same page with the new query (the load does the rest)."""
        given = {name: str(form.get(name) or "").strip() for name in FIELDS}
        query = urlencode({k: v for k, v in given.items() if v and v != ANY})
        return rx.redirect(self._page() + (f"?{query}" if query else ""), replace=True)

    @rx.event
    def clear(self):
        return rx.redirect(self._page(), replace=True)

    @rx.event
    def refresh(self):
        """Find what matches (again: the live data changed, or the filters did)."""
        self.error = ""
        values = dict(words=self.q, assignee=self.assignee, priority=self.priority, status=self.status,
                      sprint=self.sprint)
        try:
            actor = self._actor()
            flt = filters.parse_filter(actor, **values)
            self.active = flt.active and bool(self.space_id)
            if not self.active:
                self.columns, self.items = [], []
                return
            with db.read() as session:
                if self._page() == "/board":
                    self.columns = [column_view(c) for c in board.find_cards(session, actor, self.space_id, flt)]
                else:
                    self.items = [item_view(i) for i in filters.find_items(session, actor, self.space_id, flt)]
        except DomainError as exc:
            self.error, self.active, self.columns, self.items = exc.message, False, [], []

    def _load_options(self) -> None:
        if not self.space_id:
            return
        try:
            actor = self._actor()
            with db.read() as session:
                found = members.list_members(session, actor, self.space_id)
                self.people = [Option("mine", "Mine")] + [Option(str(m.user_id), m.name) for m in found]
                scrum = self.methodology == Methodology.SCRUM
                self.sprint_options = [Option(str(s.id), s.name) for s in
                                       (sprints.list_sprints(session, actor, self.space_id) if scrum else [])]
        except DomainError as exc:
            self.error = exc.message

    @rx.var
    def match_count(self) -> int:
        return len(self.items) if self.items else sum(c.count for c in self.columns)
