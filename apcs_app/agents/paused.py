"""Runs paused for the user's confirmation, kept in the database so that any worker (or a
later `apcs chat`) can continue them; only their own user may, and only for PAUSE_TTL."""

from __future__ import annotations

import datetime as dt

from sqlmodel import col, delete, select

from apcs_app import db
from apcs_app.domain import AgentConversation, ConflictError, ForbiddenError, InvalidError, NotFoundError, PausedRun
from apcs_app.domain.models import utcnow

PAUSE_TTL = dt.timedelta(minutes=30)


def save(pause: PausedRun) -> None:
    """Store the pause; forget expired ones, with the one-off conversations they held."""
    with db.transaction() as session:
        expired = col(PausedRun.expires_at) < utcnow()
        one_offs = select(PausedRun.conversation_key).where(expired, col(PausedRun.keep_conversation).is_(False))
        session.exec(delete(AgentConversation).where(col(AgentConversation.key).in_(one_offs)))
        session.exec(delete(PausedRun).where(expired))
        session.merge(pause)


def check(user_id: int, run_id: str) -> PausedRun:
    """The paused run, if this user may continue it now."""
    with db.transaction() as session:
        pause = session.get(PausedRun, run_id)
        if pause is None:
            raise NotFoundError(f"No run {run_id} is waiting for confirmation; it may have been confirmed or "
                                "cancelled already. Send the request again.")
        if pause.user_id != user_id:
            raise ForbiddenError("This run belongs to someone else; only the person who started it can confirm it.")
        if _aware(pause.expires_at) < utcnow():
            raise ConflictError(f"This confirmation expired ({int(PAUSE_TTL.total_seconds() // 60)} minutes passed); "
                                "nothing was changed. Send the request again.")
        session.expunge(pause)
        return pause


def take(user_id: int, run_id: str) -> None:
    """Claim the paused run for continuing it: of two concurrent confirmations, one wins."""
    with db.transaction() as session:
        claimed = session.exec(delete(PausedRun).where(PausedRun.run_id == run_id, PausedRun.user_id == user_id))
        if claimed.rowcount != 1:
            raise ConflictError(f"Run {run_id} is already being confirmed or cancelled.")


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def check_edits(actions: list[dict], edits: dict, decision: str) -> None:
    """Edits name planned actions and their tools' arguments; the tool itself checks the values."""
    if not isinstance(edits, dict) or any(not isinstance(v, dict) for v in edits.values()):
        raise InvalidError("Edits map an action id to the arguments to change, e.g. {\"call_2\": {\"column_id\": 3}}.")
    if edits and decision != "confirm":
        raise InvalidError("Edits apply only when you confirm; a cancelled run changes nothing.")
    planned = {a["action_id"]: a for a in actions}
    for action_id, args in edits.items():
        action = planned.get(action_id)
        if action is None:
            choices = ", ".join(f"{known} ({a['tool']})" for known, a in planned.items())
            raise InvalidError(f"No planned action has the id '{action_id}'; the actions are: {choices}.")
        unknown = sorted(set(args) - set(action["params"]))
        if unknown:
            raise InvalidError(f"{action['tool']} has no argument {', '.join(unknown)}; "
                               f"it takes {', '.join(action['params'])}.")
