"""Undo one agent run from the runner's callers (CLI, drawer): an adapter over the undo service."""

from __future__ import annotations

import asyncio
import uuid

from apcs_app import db
from apcs_app.services import undo as undo_service
from apcs_app.services.access import Actor


async def undo(actor: Actor, space_id: int, request_id: str) -> dict:
    """Reverse every change of the run `request_id` in one transaction; DomainError says why not."""

    def work() -> dict:
        with db.transaction() as session:
            report = undo_service.undo_run(session, Actor(actor.user_id, actor.via, uuid.uuid4().hex[:16]),
                                           space_id, request_id)
            return {"request_id": report.request_id, "reversed": report.reversed}

    return await asyncio.to_thread(work)
