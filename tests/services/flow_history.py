"""One small board history whose flow figures are worked out by hand in the tests that use it.

Columns To Do (1), Doing (2), Done (3); every time is 09:00 UTC unless said otherwise.
  item A: created Mon 2 Nov, card 10 to Doing 3 Nov, Done 5 Nov        cycle 2.0  lead 3.0
  item B: created 2 Nov, card 11 to Doing 4 Nov, Done 10 Nov 21:00     cycle 6.5  lead 8.5
  item C: created 3 Nov, card 12 to Doing 9 Nov, Done 11 Nov           cycle 2.0  lead 8.0
  item D: created 4 Nov, card 13 created in Doing, Done 16 Nov         cycle 12.0 lead 12.0
  item E: created 5 Nov, card 14 to Doing 12 Nov, still there
  item F: created 6 Nov, card 15 still in To Do
"""

import datetime as dt

from apcs_app.services.flow import CardHistory, FlowHistory, ItemHistory


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=dt.UTC)


NOW = at(18)  # Wednesday of the week starting Monday 16 Nov

COLUMNS = [(1, "To Do", None), (2, "Doing", None), (3, "Done", None)]
# item id, title, created day, [(day, hour, column)], done (day, hour) or None
_STORIES = [
    (1, "A", 2, [(2, 9, 1), (3, 9, 2), (5, 9, 3)], (5, 9)),
    (2, "B", 2, [(2, 9, 1), (4, 9, 2), (10, 21, 3)], (10, 21)),
    (3, "C", 3, [(3, 9, 1), (9, 9, 2), (11, 9, 3)], (11, 9)),
    (4, "D", 4, [(4, 9, 2), (16, 9, 3)], (16, 9)),
    (5, "E", 5, [(5, 9, 1), (12, 9, 2)], None),
    (6, "F", 6, [(6, 9, 1)], None),
]


def history() -> FlowHistory:
    cards, items = [], []
    for item_id, title, created, moves, done in _STORIES:
        cards.append(CardHistory(9 + item_id, f"Card {title}", item_id, None, at(created),
                                 [(at(d, h), column) for d, h, column in moves]))
        items.append(ItemHistory(item_id, title, 3, at(created), at(*done) if done else None))
    return FlowHistory(COLUMNS, cards, items)
