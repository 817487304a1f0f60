"""POST /v1/runs/stream: one agent run as Server-Sent Events, ending with `data: [DONE]`."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field
from sse_starlette import EventSourceResponse

from apcs_app import db
from apcs_app.agents.confirm import ConfirmMode
from apcs_app.agents.runner import MAX_MESSAGE, stream_run
from apcs_app.api.deps import CurrentActor
from apcs_app.domain import DomainError
from apcs_app.services.access import Actor
from apcs_app.services.context import agent_context

router = APIRouter(prefix="/v1", tags=["agents"])
log = logging.getLogger("apcs.api")


class RunRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agent: Literal["auto", "administration", "workflow", "scrum_master"] = "auto"
    message: str = Field(min_length=1, max_length=MAX_MESSAGE, pattern=r"\S")
    space_id: int | None = Field(default=None, ge=1, description="Default: your default workspace.")
    conversation_id: str | None = Field(default=None, max_length=100,
                                        description="Send the same id again for follow-ups ('add it to the sprint').")
    confirm: ConfirmMode = Field(
        default="destructive",
        description="Which writes wait for POST /v1/runs/{run_id}/confirm: 'destructive' (changes to existing "
                    "things: move, assign, update, start/complete a sprint, add to a sprint), 'always' (every "
                    "write) or 'never'. A waiting run sends a `confirm` event with the planned actions.")


def _check_space(actor: Actor, space_id: int | None) -> None:
    with db.transaction() as session:
        agent_context(session, actor, space_id)


async def sse_events(events: AsyncIterator[dict]) -> AsyncIterator[str]:
    """A run's events as the data of SSE events (one JSON object each), ending with [DONE]."""
    try:
        async for ev in events:
            yield json.dumps(ev, ensure_ascii=False)
    except DomainError as exc:  # refused on the way (e.g. a confirmation answered twice at once)
        yield json.dumps({"type": "error", "error": exc.code, "detail": exc.message})
    except Exception:
        # Headers are gone already: the error travels as an event, the trace stays in the log.
        log.exception("run stream failed")
        yield json.dumps({"type": "error", "detail": "Something went wrong on our side."})
    yield "[DONE]"


def sse_response(data: AsyncIterator[str]) -> EventSourceResponse:
    """The SSE stream (sse-starlette frames it, and sends a keep-alive comment while a run is
    quiet). LF line ends, as the stream always had: the format allows CRLF, but simple clients
    split events on a blank line of "\n\n"."""
    return EventSourceResponse(data, sep="\n")


@router.post(
    "/runs/stream",
    response_class=EventSourceResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "One JSON event per `data:` line, then [DONE]"},
               401: {"description": "No valid token"}, 403: {"description": "Not your workspace"},
               422: {"description": "Malformed body"}},
)
async def run_stream(body: RunRequest, actor: CurrentActor) -> EventSourceResponse:
    """Run a message through an agent ('auto' picks the one whose domain it is) and stream
    text deltas, tool calls, tool results and a final `done` event (with a `confirm` event
    first when a planned write waits for the user)."""
    await run_in_threadpool(_check_space, actor, body.space_id)  # 403 before the stream starts
    return sse_response(sse_events(stream_run(actor, body.message, agent=body.agent, space_id=body.space_id,
                                              conversation_id=body.conversation_id, confirm=body.confirm)))
