"""What an evaluation found: accuracy per tool and per style, and silently wrong writes."""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, Field


class CaseResult(BaseModel):
    id: str
    style: str
    message: str = ""
    expected_tool: str | None
    correct: bool
    silently_wrong: bool  # a write ran, unconfirmed, that was not what the user asked
    confirmed: bool  # the assistant showed its reading and asked before writing
    calls: list[tuple[str, dict]] = Field(default_factory=list)
    detail: str = ""
    answer: str = ""


class Score(BaseModel):
    name: str
    total: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


class Report(BaseModel):
    corpus: str
    results: list[CaseResult]

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def correct(self) -> int:
        return sum(r.correct for r in self.results)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def silently_wrong(self) -> int:
        return sum(r.silently_wrong for r in self.results)

    @property
    def confirmations(self) -> int:
        return sum(r.confirmed for r in self.results)

    def scores(self, by: str) -> list[Score]:
        groups: dict[str, list[CaseResult]] = defaultdict(list)
        for result in self.results:
            key = (result.expected_tool or "(asks / does nothing)") if by == "tool" else (result.style or "(none)")
            groups[key].append(result)
        return [Score(name=name, total=len(rs), correct=sum(r.correct for r in rs)) for name, rs in sorted(groups.items())]

    def summary(self) -> dict:
        return {"corpus": self.corpus, "cases": self.total, "correct": self.correct, "accuracy": round(self.accuracy, 4),
                "silently_wrong_writes": self.silently_wrong, "confirmed_before_writing": self.confirmations,
                "per_tool": {s.name: [s.correct, s.total] for s in self.scores("tool")},
                "per_style": {s.name: [s.correct, s.total] for s in self.scores("style")}}

    def text(self, failures: bool = False) -> str:
        lines = [f"{self.corpus}: {self.correct}/{self.total} right ({self.accuracy:.1%}), "
                 f"{self.silently_wrong} silently wrong writes, {self.confirmations} confirmed before writing", ""]
        for by in ("tool", "style"):
            lines.append(f"{'per ' + by:<32}{'right':>7}{'cases':>7}{'accuracy':>10}")
            lines += [f"{s.name:<32}{s.correct:>7}{s.total:>7}{s.accuracy:>10.1%}" for s in self.scores(by)]
            lines.append("")
        if failures:
            for r in self.results:
                if not r.correct:
                    flag = " SILENTLY WRONG" if r.silently_wrong else ""
                    lines.append(f"✗ {r.id}{flag} [{r.style}] expected {r.expected_tool}: {r.detail}")
                    lines.append(f"    said: {r.message!r}")
                    lines.append(f"    calls: {r.calls}")
                    lines.append(f"    answer: {r.answer[:200]!r}")
        return "\n".join(lines)
