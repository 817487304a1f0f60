"""The Kanban board page: drag and drop, keyboard moves, columns, assignment."""

from __future__ import annotations

import reflex as rx

from apcs_app.services import backlog, board, members
from apcs_app.ui.state.card_details import CardDetailsState
from apcs_app.ui.state.live import BOARD_PAGE, LiveActivity, LiveBacklog, LiveBoard, LiveSprints
from apcs_app.ui.state.session import SessionState
from apcs_app.ui.state.page_models import CardView, MemberView, card_view, member_view


class BoardState(SessionState):
    error: str = ""
    column_error: str = ""
    new_column: str = ""
    members: list[MemberView] = []
    target_task: int = 0
    # The card the keyboard was last on (moved with Alt+Arrow, or the one a dialog was opened
    # from): it is shown afresh (a new `focus_round` in its key) and its Move button takes the
    # focus, so the focus follows a moved card and returns from a dialog however it closed.
    focus_task: int = 0
    focus_round: int = 0
    target_title: str = ""
    move_open: bool = False
    assign_open: bool = False
    _dragging: int = 0
    _wip_column: int = 0
    # This browser's own further pages of columns ("Show more"), shown under the shared first
    # page, by column id (as text: the keys of a state's dict). The rule that keeps them right:
    # they belong to one fill of the shared board (`pages_fill`); any refill (anyone's move)
    # makes them stale — the page stops showing them at once and "Show more" reads afresh.
    more_cards: dict[str, list[CardView]] = {}
    more_done: dict[str, bool] = {}  # the column's last page is loaded
    pages_fill: int = -1

    @rx.event
    async def show_more(self, column_id: int):
        """The column's next page, after the last card this browser shows of it."""
        live = await self.get_state(LiveBoard)
        shared = next((c for c in live.columns if c.id == column_id), None)
        if shared is None or not shared.more:
            return
        key = str(column_id)
        more, done = self._pages(live)
        shown = more.get(key, []) or shared.cards
        after = shown[-1].id if shown else None
        error, page = await self._query(lambda s, a: board.get_column_page(s, a, column_id, limit=BOARD_PAGE,
                                                                         after=after))
        if error:
            self.error = error
            return
        self.more_cards = {**more, key: more.get(key, []) + [card_view(c) for c in page.column.cards]}
        self.more_done = {**done, key: page.next_after is None}
        self.pages_fill = live.fills

    def _pages(self, live) -> tuple[dict, dict]:
        """This browser's further pages, none if the shared board was refilled since."""
        return (self.more_cards, self.more_done) if self.pages_fill == live.fills else ({}, {})

    @rx.event
    async def load(self):
        if not await self._enter(LiveBoard):
            return rx.redirect("/login")
        self.error = self.column_error = ""
        self.focus_task = 0  # a page load puts the focus nowhere in particular
        space_id = self.space_id
        _, found = await self._query(lambda s, a: members.list_members(s, a, space_id) if space_id else [])
        self.members = [member_view(m) for m in found or []]

    @rx.event
    def pick(self, task_id: int):
        self._dragging = task_id

    @rx.event
    async def drop_in_column(self, column_id: int):
        """The picked card dropped on a column's free space: it goes last."""
        task_id, self._dragging = self._dragging, 0
        if task_id:
            return await self._move(task_id, column_id, None)

    @rx.event
    async def drop_on_card(self, target_id: int):
        """The picked card dropped on another card: it takes that card's place."""
        task_id, self._dragging = self._dragging, 0
        live = await self.get_state(LiveBoard)
        places = {card.id: (column.id, i) for column in live.columns
                  for i, card in enumerate([*column.cards, *self._pages(live)[0].get(str(column.id), [])])}
        if not task_id or target_id not in places or task_id == target_id:
            return
        column_id, position = places[target_id]
        source = places.get(task_id)
        if source and source[0] == column_id and source[1] < position:
            position -= 1  # the service counts positions without the moving card itself
        return await self._move(task_id, column_id, position)

    @rx.event
    def open_move(self, task_id: int, title: str):
        self.target_task, self.target_title, self.move_open = task_id, title, True

    @rx.event
    def set_move_open(self, value: bool):
        self.move_open = value

    @rx.event
    async def move_chosen(self, column_id: int):
        """The keyboard way: the card's Move button, then a column."""
        self.move_open = False
        return await self._move(self.target_task, column_id, None)

    @rx.event
    def return_focus(self):
        """A board dialog has closed (however): the focus goes back to its card."""
        self._return_focus(self.target_task)

    @rx.event
    def focus_card(self, task_id: int):
        """The card details have closed: the focus goes back to that card."""
        if isinstance(task_id, int) and task_id:
            self._return_focus(task_id)

    def _return_focus(self, task_id: int) -> None:
        self.focus_task, self.focus_round = task_id, self.focus_round + 1

    @rx.event
    def open_assign(self, task_id: int, title: str):
        self.target_task, self.target_title, self.assign_open = task_id, title, True

    @rx.event
    def set_assign_open(self, value: bool):
        self.assign_open = value

    async def _move(self, task_id: int, column_id: int, position: int | None):
        """Move, then refill the board for everyone; when the move changed its item's status
        (into or out of Done, out of the first column), the backlog follows in a second event, so
        the mover's card is not held up by a 500-item backlog."""
        self.error, item_status_changed = await self._call(lambda s, a: _move_task(s, a, task_id, column_id, position))
        if self.error:
            return None
        await self._publish(LiveBoard, LiveSprints, LiveActivity)
        live = await self.get_state(LiveBoard)
        live.last_move = _move_news(live.columns, task_id, self.user_name)
        return BoardState.refill_backlog if item_status_changed else None

    @rx.event
    async def card_key(self, task_id: int, key: str, info: dict):
        """Alt+Arrow on a card (or a button in it) moves it: left and right to the next column,
        up and down one place in its column. Enter on the card itself opens its details. Other keys
        are the page's."""
        if key == "Enter" and not info.get("alt_key"):
            return CardDetailsState.open_card(task_id)
        if not info.get("alt_key") or key not in _STEPS:
            return None
        live = await self.get_state(LiveBoard)
        target = _keyboard_target(live.columns, task_id, *_STEPS[key])
        if target is None:
            return None
        self._return_focus(task_id)
        return await self._move(task_id, *target)

    @rx.event
    async def card_key_from_button(self, task_id: int, key: str, info: dict):
        """A key on one of a card's buttons: only Alt+Arrow is the card's."""
        if key != "Enter":
            return await self.card_key(task_id, key, info)

    @rx.event
    async def refill_backlog(self):
        await self._publish(LiveBacklog)

    @rx.event
    async def assign_chosen(self, user_id: int):
        self.assign_open = False
        task_id = self.target_task
        self.error = await self._attempt(lambda s, a: board.assign_task(s, a, task_id, user_id or None))
        await self._publish(LiveBoard, LiveActivity)

    @rx.event
    def set_new_column(self, value: str):
        self.new_column = value

    @rx.event
    async def add_column(self, _form: dict | None = None):
        name, space_id = self.new_column, self.space_id
        self.column_error = await self._attempt(lambda s, a: board.create_column(s, a, space_id, name))
        if not self.column_error:
            self.new_column = ""
        await self._publish(LiveBoard)

    @rx.event
    def edit_wip(self, column_id: int, opened: bool = True):
        if opened:
            self._wip_column = column_id

    @rx.event
    async def set_wip(self, form: dict):
        limit = (form.get("wip_limit") or "").strip() or None
        column_id = self._wip_column
        self.error = await self._attempt(lambda s, a: board.update_column(s, a, column_id, wip_limit=limit))
        await self._publish(LiveBoard)


def _move_task(session, actor, task_id: int, column_id: int, position: int | None) -> bool:
    """The move; True when it changed the status of the task's backlog item."""
    item_id = board.get_task(session, actor, task_id).backlog_item_id
    before = backlog.get_item(session, actor, item_id).status
    board.move_task(session, actor, task_id, column_id, position)
    return backlog.get_item(session, actor, item_id).status != before


# Alt+Arrow: (columns to the right, places down).
_STEPS = {"ArrowLeft": (-1, 0), "ArrowRight": (1, 0), "ArrowUp": (0, -1), "ArrowDown": (0, 1)}


def _keyboard_target(columns, task_id: int, right: int, down: int) -> tuple[int, int] | None:
    """The (column id, position) a keyboard step takes the card to, None at the board's edge.
    A card moved to another column keeps its place (or goes last if that column is shorter)."""
    place = next(((c, i) for c, column in enumerate(columns) for i, card in enumerate(column.cards)
                  if card.id == task_id), None)
    if place is None:
        return None
    c, i = place
    if right:
        if not 0 <= c + right < len(columns):
            return None
        return columns[c + right].id, min(i, len(columns[c + right].cards))
    if not 0 <= i + down < len(columns[c].cards):
        return None
    return columns[c].id, i + down


def _move_news(columns, task_id: int, who: str) -> str:
    for column in columns:
        for i, card in enumerate(column.cards):
            if card.id == task_id:
                return f"{who} moved {card.title} to {column.name}, place {i + 1} of {column.shown}."
    return ""
