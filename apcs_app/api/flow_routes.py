"""REST resources for comments, flow metrics, the forecast and the Scrum Master's reports:
thin adapters over services/comments.py, flow.py and reports.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from apcs_app import db
from apcs_app.api.deps import CurrentActor
from apcs_app.api.resources import _space
from apcs_app.domain import BacklogItem, User
from apcs_app.services import comments, flow, reports

router = APIRouter(prefix="/api", tags=["comments", "metrics"])


class CommentIn(BaseModel):
    text: str = Field(max_length=comments.MAX_TEXT * 2, description="Plain text, up to 4000 characters once cleaned.")


def _out(session, comment) -> dict[str, Any]:
    item = session.get(BacklogItem, comment.backlog_item_id)
    author = session.get(User, comment.author_id) if comment.author_id else None
    return comments.view(comment, item, author.name if author else None).model_dump(mode="json")


@router.get("/items/{item_id}/comments")
def list_comments(item_id: int, actor: CurrentActor,
                  limit: Annotated[int | None, Query(ge=1, le=comments.MAX_LIST)] = None,
                  author: Annotated[str | None, Query(max_length=comments.MAX_AUTHOR)] = None) -> dict[str, Any]:
    with db.transaction() as s:
        return {"comments": [c.model_dump(mode="json") for c in comments.list_comments(s, actor, item_id, limit, author)]}


@router.post("/items/{item_id}/comments", status_code=201)
def add_comment(item_id: int, body: CommentIn, actor: CurrentActor) -> dict[str, Any]:
    with db.transaction() as s:
        return _out(s, comments.add_comment(s, actor, item_id, body.text))


@router.patch("/comments/{comment_id}")
def edit_comment(comment_id: int, body: CommentIn, actor: CurrentActor) -> dict[str, Any]:
    with db.transaction() as s:
        return _out(s, comments.edit_comment(s, actor, comment_id, body.text))


@router.delete("/comments/{comment_id}", status_code=204)
def delete_comment(comment_id: int, actor: CurrentActor) -> None:
    with db.transaction() as s:
        comments.delete_comment(s, actor, comment_id)


@router.get("/spaces/{space_id}/flow")
def get_flow(space_id: int, actor: CurrentActor, days: Annotated[int, Query(ge=1, le=flow.MAX_DAYS)] = 30,
             weeks: Annotated[int, Query(ge=1, le=flow.MAX_WEEKS)] = 12) -> dict[str, Any]:
    """Cumulative flow, cycle and lead times, weekly throughput and aging work in progress."""
    with db.transaction() as s:
        _space(s, actor, space_id)
        return flow.overview(s, actor, space_id, days, weeks).model_dump(mode="json")


@router.get("/spaces/{space_id}/forecast")
def get_forecast(space_id: int, actor: CurrentActor, items: Annotated[int, Query(ge=1, le=flow.MAX_FORECAST_ITEMS)],
                 weeks: Annotated[int, Query(ge=1, le=flow.MAX_WEEKS)] = 12,
                 seed: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0) -> dict[str, Any]:
    with db.transaction() as s:
        _space(s, actor, space_id)
        return flow.forecast(s, actor, space_id, items, weeks, seed).model_dump(mode="json")


@router.get("/spaces/{space_id}/sprints/{sprint_id}/burnup")
def get_burnup(space_id: int, sprint_id: int, actor: CurrentActor) -> dict[str, Any]:
    with db.transaction() as s:
        _space(s, actor, space_id)
        return flow.burnup(s, actor, space_id, sprint_id).model_dump(mode="json")


@router.get("/spaces/{space_id}/reports/standup")
def get_standup(space_id: int, actor: CurrentActor) -> dict[str, Any]:
    with db.transaction() as s:
        _space(s, actor, space_id)
        return reports.standup_digest(s, actor, space_id).model_dump(mode="json")


@router.get("/spaces/{space_id}/reports/sprint")
def get_sprint_report(space_id: int, actor: CurrentActor, sprint_id: int | None = None) -> dict[str, Any]:
    with db.transaction() as s:
        _space(s, actor, space_id)
        return reports.sprint_report(s, actor, space_id, sprint_id).model_dump(mode="json")
