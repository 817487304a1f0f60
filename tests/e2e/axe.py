"""axe-core, the engine behind the browsers' own accessibility audits, run on a live page."""

from __future__ import annotations

import time

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()
# WCAG 2.0-2.2 A and AA, plus the rule that a control's visible words are in its accessible
# name (axe files it under "experimental", so it is named explicitly).
_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
            "rules": {"label-content-name-mismatch": {"enabled": True}}}


def _still(page, timeout: float = 5) -> None:
    """Until no animation runs: a dialog fading in has blended colours that fail contrast."""
    deadline = time.monotonic() + timeout
    while page.evaluate("document.getAnimations().filter(a => a.playState === 'running').length"):
        if time.monotonic() > deadline:
            return
        time.sleep(0.05)


def problems(page) -> list[str]:
    """The critical and serious violations on the page at rest, one line each. The pointer is
    moved off the controls first: a hover colour caught halfway through its transition is
    neither of the two colours a person sees (hover colours are set in assets/a11y.css)."""
    page.mouse.move(1, 1)
    _still(page)
    result = _AXE.run(page, options=_OPTIONS)
    found = []
    for violation in result.response["violations"]:
        if violation["impact"] in ("critical", "serious"):
            for node in violation["nodes"]:
                why = "; ".join(check["message"] for check in node.get("any", []) + node.get("all", []))
                found.append(f"{violation['id']} ({violation['impact']}) at {node['target']}: {node['html'][:160]}"
                             f" — {why[:200]}")
    return found


def assert_clean(page, where: str) -> None:
    found = problems(page)
    assert not found, f"{where}: {len(found)} accessibility violation(s):\n" + "\n".join(found)
