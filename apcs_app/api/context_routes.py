"""GET /api/context: what an agent run would know (user, workspace, sprint, members)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from apcs_app import db
from apcs_app.api.deps import CurrentActor
from apcs_app.services.access import Actor
from apcs_app.services.context import agent_context

router = APIRouter(prefix="/api", tags=["context"])


def _context(actor: Actor, space_id: int | None) -> dict:
    with db.transaction() as session:
        return agent_context(session, actor, space_id).as_dict()


@router.get("/context", responses={401: {"description": "No valid token"}, 403: {"description": "Not your workspace"}})
async def get_context(actor: CurrentActor,
                      space_id: Annotated[int | None, Query(ge=1, description="Default: your default workspace")] = None) -> dict:
    """The agent context: user id/name/email/role, workspace, active sprint, members, request id, timestamp."""
    return await run_in_threadpool(_context, actor, space_id)
