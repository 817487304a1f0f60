"""Structured JSON logs: one object per line, secrets never written."""

from __future__ import annotations

import logging
import sys
from typing import Any

from pythonjsonlogger.json import JsonFormatter

# Field names whose values must never reach a log line, whatever the caller passes.
SECRET_FIELDS = frozenset({"password", "token", "access_token", "api_key", "mistral_api_key", "model_api_key", "authorization", "secret"})
REDACTED = "[redacted]"

_configured = False


class _RedactingFormatter(JsonFormatter):
    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        return {k: (REDACTED if k.lower() in SECRET_FIELDS else v) for k, v in log_data.items()}


def json_formatter() -> logging.Formatter:
    return _RedactingFormatter(
        "{asctime}{levelname}{name}{message}", style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    )


def configure(level: str | None = None, stream=None) -> None:
    """Send the `apcs` loggers to stderr as JSON lines (once per process)."""
    global _configured
    from apcs_app.settings import get_settings

    logger = logging.getLogger("apcs")
    logger.setLevel((level or get_settings().log_level).upper())
    if _configured:
        return
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(json_formatter())
    logger.addHandler(handler)
    logger.propagate = False
    _configured = True


def event(logger: logging.Logger, message: str, level: int = logging.INFO, **fields: Any) -> None:
    """One structured line: `message` plus the given fields as top-level keys."""
    logger.log(level, message, extra=fields)
