"""Input checks shared by the services; each failure says how to fix the input."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apcs_app.domain import FIBONACCI_POINTS, InvalidError


def text(value: Any, what: str, *, max_len: int, required: bool = True) -> str | None:
    if value is None:
        if required:
            raise InvalidError(f"{what} is required.")
        return None
    if not isinstance(value, str):
        raise InvalidError(f"{what} must be text; got {type(value).__name__}.")
    cleaned = " ".join(value.split()) if max_len <= 200 else value.strip()
    if not cleaned:
        if required:
            raise InvalidError(f"{what} cannot be empty.")
        return None
    if len(cleaned) > max_len:
        raise InvalidError(f"{what} is {len(cleaned)} characters long; the limit is {max_len}.")
    return cleaned


def story_points(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidError("Story points must be a number on the Fibonacci scale.")
    try:
        points = int(value)
    except (TypeError, ValueError):
        raise InvalidError(f"Story points must be one of {_scale()}; got {value!r}.") from None
    if points != value and not (isinstance(value, str) and value.strip().isdigit()):
        raise InvalidError(f"Story points must be one of {_scale()}; got {value!r}.")
    if points not in FIBONACCI_POINTS:
        nearest = min(FIBONACCI_POINTS, key=lambda p: (abs(p - points), p))
        raise InvalidError(
            f"Story points must be on the Fibonacci scale ({_scale()}); {points} is not. "
            f"The nearest value is {nearest}."
        )
    return points


def _scale() -> str:
    return ", ".join(str(p) for p in FIBONACCI_POINTS)


def positive_int(value: Any, what: str, *, allow_none: bool = True, minimum: int = 1) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            raise InvalidError(f"{what} must be a whole number; got {value!r}.") from None
    if value < minimum:
        raise InvalidError(f"{what} must be at least {minimum}; got {value}.")
    return value


def date(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise InvalidError(f"{what} must be a date written as YYYY-MM-DD; got {value!r}.")
