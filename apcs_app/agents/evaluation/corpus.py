"""The corpus format (bench/agent_corpus/README.md): one command, what the user said before
it, and the tool call that does what they asked — arguments named as the user would name them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    style: str = ""
    turns: list[str] = Field(default_factory=list)
    message: str
    tool: str | None
    args: dict[str, Any] = Field(default_factory=dict)
    asks: str | None = None
    agent: str = "auto"

    @model_validator(mode="after")
    def _one_expectation(self) -> Case:
        if self.tool is None and self.args:
            raise ValueError("a case that expects no tool call names no arguments")
        return self


def load_cases(path: str | Path) -> list[Case]:
    cases = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cases.append(Case.model_validate(json.loads(line)))
        except (ValueError, ValidationError) as exc:
            raise ValueError(f"{path}:{number}: not a corpus case: {exc}") from exc
    return cases


def date_value(spec: Any, today: dt.date) -> Any:
    """An expected date: {"offset_days": N}, {"next_weekday": "monday"} (strictly after today),
    {"month_day": "12-20"} (the first on or after today), or a literal ISO date."""
    if not isinstance(spec, dict):
        return spec
    if "offset_days" in spec:
        return (today + dt.timedelta(days=int(spec["offset_days"]))).isoformat()
    if "next_weekday" in spec:
        target = WEEKDAYS.index(spec["next_weekday"].lower())
        return (today + dt.timedelta(days=(target - today.weekday() - 1) % 7 + 1)).isoformat()
    if "month_day" in spec:
        month, day = (int(part) for part in spec["month_day"].split("-"))
        for year in (today.year, today.year + 1):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                continue
            if candidate >= today:
                return candidate.isoformat()
    return spec
