"""Request validation errors (422) that say what was wrong without echoing the request back.

FastAPI's default answer to a malformed request repeats every offending input in full: a
100,000-character title comes back as a 100 KB error body (and into any log that records
it). Here each error keeps its location, message and type; its `input` is cut to a short
prefix, nested inputs are summarised, and only the first errors are listed."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

MAX_INPUT_CHARS = 200  # of one offending input (text, or the JSON of a list/object)
MAX_LOC_CHARS = 60  # of one path element (a key name can be as long as the input)
MAX_ERRORS = 20
MAX_BODY_BYTES = 4096


_SURROGATE = re.compile("[\ud800-\udfff]")


def _short(text: str, limit: int) -> str:
    # Lone surrogates (a JSON "\\ud800" escape) cannot be written as UTF-8: shown as U+FFFD.
    shown = _SURROGATE.sub("\ufffd", text[:limit])
    return shown if len(text) <= limit else shown + f"… ({len(text)} characters)"


def _input(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float):  # JSON allows no NaN or Infinity in the answer (Python's parser takes them)
        return value if math.isfinite(value) else str(value)
    if isinstance(value, int):
        # A 5,000-digit number is its own huge echo (and str() refuses beyond 4,300 digits).
        return value if value.bit_length() <= 64 else f"<an integer of {value.bit_length()} bits>"
    if isinstance(value, (bytes, bytearray)):  # a body that is not JSON (a form, text/plain…)
        value = bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, str):
        return _short(value, MAX_INPUT_CHARS)
    try:
        text = json.dumps(value, ensure_ascii=False, default=str, allow_nan=False)
    except (TypeError, ValueError):  # NaN or Infinity inside, or something JSON cannot hold
        return f"<{type(value).__name__}>"
    if len(text) <= MAX_INPUT_CHARS and not _SURROGATE.search(text):
        return value
    return _short(text, MAX_INPUT_CHARS)


def _loc(part: Any) -> Any:
    return _short(part, MAX_LOC_CHARS) if isinstance(part, str) else part


def _error(error: dict[str, Any]) -> dict[str, Any]:
    out = {"loc": [_loc(p) for p in error.get("loc", ())], "msg": _short(str(error.get("msg", "")), 300),
           "type": error.get("type")}
    if "input" in error:
        out["input"] = _input(error["input"])
    return out


def summarise(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The errors as sent back: bounded in number and in size, whatever the request was."""
    detail = [_error(e) for e in errors[:MAX_ERRORS]]
    if len(errors) > MAX_ERRORS:
        detail.append({"loc": [], "msg": f"… and {len(errors) - MAX_ERRORS} more errors", "type": "too_many_errors"})
    if len(json.dumps(detail, ensure_ascii=False, default=str).encode()) > MAX_BODY_BYTES:
        for e in detail:  # still too big (many long inputs): keep what and where, drop the inputs
            e.pop("input", None)
        while len(detail) > 1 and len(json.dumps(detail, ensure_ascii=False, default=str).encode()) > MAX_BODY_BYTES:
            detail.pop(-2 if detail[-1].get("type") == "too_many_errors" else -1)
    return detail


async def _request_validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"error": "invalid", "detail": summarise(list(exc.errors()))}, status_code=422)


def install(api: FastAPI) -> None:
    """Answer malformed requests with a short 422 (see the module docstring)."""
    api.add_exception_handler(RequestValidationError, _request_validation_error)
