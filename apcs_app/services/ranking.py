"""Gapped float ranks: a move writes one row unless the gap is exhausted, then renumbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

STEP = 1024.0
MIN_GAP = 1e-6


class Ranked(Protocol):
    rank: float


def rank_at(siblings: Sequence[Ranked], index: int | None) -> tuple[float, bool]:
    """Rank for a row placed at `index` among `siblings` (sorted, without the row itself).

    Returns (rank, renumbered); when the gap is too small the siblings are renumbered in place.
    """
    n = len(siblings)
    if index is None or index >= n:
        return (siblings[-1].rank + STEP if n else STEP), False
    index = max(index, 0)
    before = siblings[index - 1].rank if index > 0 else siblings[0].rank - 2 * STEP
    after = siblings[index].rank
    if after - before > MIN_GAP:
        return (before + after) / 2, False
    for i, row in enumerate(siblings):
        row.rank = (i + 1) * STEP if i < index else (i + 2) * STEP
    return (index + 1) * STEP, True


def between(before: float | None, after: float | None) -> float | None:
    """Rank for a row placed between two neighbours' ranks (None = no neighbour on that side);
    None when the gap is exhausted and the list needs renumbering first."""
    if before is None and after is None:
        return STEP
    if before is None:
        return after - STEP
    if after is None:
        return before + STEP
    if after - before > MIN_GAP:
        return (before + after) / 2
    return None


def renumbered(ids: Sequence[int], index: int) -> tuple[list[dict], float]:
    """Evenly spaced ranks for `ids` (in order) leaving a slot at `index`: the rows to write
    ({"id", "rank"}) and the slot's rank."""
    index = min(max(index, 0), len(ids))
    rows = [{"id": row_id, "rank": (i + 1) * STEP if i < index else (i + 2) * STEP} for i, row_id in enumerate(ids)]
    return rows, (index + 1) * STEP
