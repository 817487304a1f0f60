"""POST /v1/runs/{run_id}/confirm: continue a run that paused for the user's confirmation."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field
from sse_starlette import EventSourceResponse

from apcs_app.agents.runner import check_resume, resume_run
from apcs_app.api.deps import CurrentActor
from apcs_app.api.runs import sse_events, sse_response

router = APIRouter(prefix="/v1", tags=["agents"])


class ConfirmRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["confirm", "cancel"]
    edits: dict[str, dict] | None = Field(
        default=None, description="Action id → arguments to change before confirming, e.g. "
                                  "{\"call_2\": {\"column_id\": 2}}; the tool checks the new values.")


@router.post(
    "/runs/{run_id}/confirm",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "The continuation's events, then [DONE]"},
               401: {"description": "No valid token"}, 403: {"description": "Another user's run"},
               404: {"description": "No run waits under this id"}, 409: {"description": "Expired or already answered"},
               422: {"description": "Malformed body or an edit the action does not take"}},
)
async def confirm_run(body: ConfirmRequest, actor: CurrentActor,
                      run_id: str = Path(max_length=64)) -> EventSourceResponse:
    """Confirm (optionally with edited arguments) or cancel the actions a paused run planned, and
    stream the rest of the run like /v1/runs/stream does."""
    await check_resume(actor, run_id, body.decision, body.edits)  # refusals as status codes, before the stream
    return sse_response(sse_events(resume_run(actor, run_id, body.decision, body.edits)))
