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

from apcs_app.domain import Methodology
from apcs_app.services import board, filters, members, sprints
from apcs_app.ui.state.live import BACKLOG_PAGE, BOARD_PAGE
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
    item_total: int = 0  # items that match, of which `items` is the first pages
    people: list[Option] = []
    sprint_options: list[Option] = []
    form_round: int = 0
    # Matches each column shows beyond the first page, by column id: "Show more" in a filtered
    # column asks for the next page of its matches. A new filter starts again from one page.
    _limits: dict[int, int] = {}
    _item_limit: int = BACKLOG_PAGE  # matching backlog items shown, a page more per "Show more matches"

    @rx.event
    async def from_url(self):
        """The page's load: the filters its URL carries, then the matching cards or items."""
        query = self.router.url.query_parameters
        self.q, self.assignee, self.priority, self.status, self.sprint = (
            str(query.get(name, ""))[:200] for name in FIELDS)
        self.form_round += 1
        self._limits, self._item_limit = {}, BACKLOG_PAGE
        await self._load_options()
        await self.refresh()

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
    async def refresh(self):
        """Find what matches (again: the live data changed, or the filters did)."""
        self.error = ""
        values = dict(words=self.q, assignee=self.assignee, priority=self.priority, status=self.status,
                      sprint=self.sprint)
        space_id, on_board, limits = self.space_id, self._page() == "/board", dict(self._limits)
        item_limit = self._item_limit

        def find(session, actor):
            flt = filters.parse_filter(actor, **values)
            if not (flt.active and space_id):
                return False, [], [], 0
            if on_board:
                found = board.find_cards(session, actor, space_id, flt, per_column=BOARD_PAGE, limits=limits)
                return True, [column_view(c) for c in found], [], 0
            items, total = filters.find_items_page(session, actor, space_id, flt, item_limit)
            return True, [], [item_view(i) for i in items], total

        self.error, found = await self._query(find)
        self.active, self.columns, self.items, self.item_total = found or (False, [], [], 0)

    @rx.event
    async def show_more_items(self):
        if len(self.items) < self.item_total:
            self._item_limit = len(self.items) + BACKLOG_PAGE
            await self.refresh()

    @rx.event
    async def show_more_matches(self, column_id: int):
        if not isinstance(column_id, int) or isinstance(column_id, bool):
            return
        shown = next((len(c.cards) for c in self.columns if c.id == column_id), None)
        if shown is None:
            return
        self._limits = {**self._limits, column_id: shown + BOARD_PAGE}
        await self.refresh()

    async def _load_options(self) -> None:
        space_id, scrum = self.space_id, self.methodology == Methodology.SCRUM
        if not space_id:
            return

        def read(session, actor):
            people = [Option("mine", "Mine")] + [Option(str(m.user_id), m.name)
                                                 for m in members.list_members(session, actor, space_id)]
            found = sprints.list_sprints(session, actor, space_id) if scrum else []
            return people, [Option(str(s.id), s.name) for s in found]

        error, found = await self._query(read)
        if error:
            self.error = error
        else:
            self.people, self.sprint_options = found

    @rx.var
    def match_count(self) -> int:
        return self.item_total if self.items else sum(c.count for c in self.columns)
