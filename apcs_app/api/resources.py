"""REST resources over the service layer: workspaces, backlog, board, sprints, activity, undo,
export/import. Each route translates input, calls one service function in one transaction,
and translates the result; every rule stays in the services."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from apcs_app import db
from apcs_app.api.deps import CurrentActor
from apcs_app.domain import ForbiddenError, InvalidError, NotFoundError
from apcs_app.results import (
    ActivityListOut,
    BoardColumnsOut,
    ColumnCardsOut,
    ColumnOut,
    ImportedSpaceOut,
    ItemListOut,
    ItemOut,
    MetricsOut,
    SpaceListOut,
    SpaceOut,
    SprintItemAddedOut,
    SprintItemsOut,
    SprintListOut,
    SprintOut,
    SprintReturnedOut,
    TaskMoveOut,
    TaskOut,
    UndoneOut,
    VersionedItemOut,
    VersionedTaskOut,
)
from apcs_app.services import activity, backlog, board, exchange, metrics, spaces, sprints, undo
from apcs_app.services.access import Actor

router = APIRouter(prefix="/api", tags=["resources"])
Priority = Literal["LOW", "MEDIUM", "HIGH", "CRITICAL"]
Status = Literal["TODO", "IN_PROGRESS", "DONE"]


def _space(session, actor: Actor, space_id: int):
    """Another's workspace answers 403 with the same words whether it exists or not."""
    try:
        return spaces.get_space(session, actor, space_id)
    except NotFoundError:
        raise ForbiddenError(f"You are not a member of workspace {space_id}; pick one of your own workspaces.") from None


# ---------------------------------------------------------------- workspaces


class SpaceIn(BaseModel):
    name: str = Field(max_length=120)
    methodology: Literal["KANBAN", "SCRUM"]
    description: str | None = Field(default=None, max_length=2000)


@router.get("/spaces")
def list_spaces(actor: CurrentActor) -> SpaceListOut:
    with db.transaction() as s:
        return {"spaces": [SpaceOut.of(x.space).data() | {"member_count": x.member_count, "item_count": x.item_count,
                                                     "task_count": x.task_count} for x in spaces.list_user_spaces(s, actor)]}


@router.post("/spaces", status_code=201)
def create_space(body: SpaceIn, actor: CurrentActor) -> SpaceOut:
    with db.transaction() as s:
        return SpaceOut.of(spaces.create_space(s, actor, body.name, body.methodology, body.description)).data()


@router.delete("/spaces/{space_id}", status_code=204)
def delete_space(space_id: int, actor: CurrentActor) -> None:
    """Delete a workspace and everything in it (its owner only); the deletion stays on record."""
    with db.transaction() as s:
        _space(s, actor, space_id)
        spaces.delete_space(s, actor, space_id)


@router.get("/spaces/{space_id}/activity")
def list_activity(space_id: int, actor: CurrentActor, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> ActivityListOut:
    with db.transaction() as s:
        _space(s, actor, space_id)
        rows = activity.list_activity(s, actor, space_id, limit)
        return {"activity": [{"id": a.id, "actor_id": a.actor_id, "via": a.via, "action": a.action,
                              "summary": a.summary, "request_id": a.request_id, "at": a.created_at.isoformat()}
                             for a in rows]}


@router.post("/spaces/{space_id}/runs/{request_id}/undo")
def undo_run(space_id: int, request_id: str, actor: CurrentActor) -> UndoneOut:
    with db.transaction() as s:
        _space(s, actor, space_id)
        report = undo.undo_run(s, actor, space_id, request_id)
        return {"request_id": report.request_id, "reversed": report.reversed}


@router.get("/spaces/{space_id}/export")
def export_space(space_id: int, actor: CurrentActor) -> dict[str, Any]:
    with db.transaction() as s:
        _space(s, actor, space_id)
        return exchange.export_space(s, actor, space_id)


@router.get("/spaces/{space_id}/backlog.csv", response_class=PlainTextResponse)
def export_backlog_csv(space_id: int, actor: CurrentActor) -> PlainTextResponse:
    with db.transaction() as s:
        _space(s, actor, space_id)
        text = exchange.export_backlog_csv(s, actor, space_id)
    return PlainTextResponse(text, media_type="text/csv")


async def _read_capped(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 once it is (or says it is) over `limit` bytes:
    a huge body is never read whole, let alone parsed."""
    stated = request.headers.get("content-length")
    if stated is not None:
        try:
            size = int(stated)
        except ValueError:
            raise InvalidError("The Content-Length header is not a number.") from None
        if size > limit:
            raise exchange.too_large(size)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise exchange.too_large()
    return bytes(body)


@router.post("/spaces/import", status_code=201, openapi_extra={"requestBody": {
    "required": True, "description": f"A workspace export (GET /api/spaces/{{id}}/export), at most "
    f"{exchange.MAX_IMPORT_BYTES:,} bytes.", "content": {"application/json": {"schema": {"type": "object"}}}}})
async def import_space(request: Request, actor: CurrentActor,
                       name: Annotated[str | None, Query(max_length=120)] = None) -> ImportedSpaceOut:
    """A new workspace from an export, yours alone: its members are listed in `invite`, never added."""
    raw = await _read_capped(request, exchange.MAX_IMPORT_BYTES)

    def work() -> dict[str, Any]:
        with db.transaction() as s:
            result = exchange.import_space(s, actor, raw, name)
            return SpaceOut.of(result.space).data() | {"warnings": result.warnings, "invite": result.invite}

    return await run_in_threadpool(work)


# ---------------------------------------------------------------- backlog


class ItemIn(BaseModel):
    title: str = Field(max_length=200)
    description: str | None = Field(default=None, max_length=10000)
    story_points: int | None = None
    priority: Priority | None = None


class ItemPatch(BaseModel):
    title: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=10000)
    story_points: int | None = None
    priority: Priority | None = None
    status: Status | None = None


class Reorder(BaseModel):
    position: int = Field(ge=0, description="0 = top of the backlog")
    expected_version: int | None = None


@router.get("/spaces/{space_id}/backlog")
def get_backlog(space_id: int, actor: CurrentActor, status: Status | None = None,
                priority: Priority | None = None) -> ItemListOut:
    with db.transaction() as s:
        _space(s, actor, space_id)
        return {"items": [ItemOut.of(i).data() | {"version": i.version}
                          for i in backlog.list_backlog(s, actor, space_id, status, priority)]}


@router.post("/spaces/{space_id}/backlog", status_code=201)
def create_item(space_id: int, body: ItemIn, actor: CurrentActor) -> ItemOut:
    with db.transaction() as s:
        _space(s, actor, space_id)
        return ItemOut.of(backlog.create_item(s, actor, space_id, body.title, body.description, body.story_points,
                                              body.priority)).data()


@router.patch("/items/{item_id}")
def update_item(item_id: int, body: ItemPatch, actor: CurrentActor) -> ItemOut:
    with db.transaction() as s:
        return ItemOut.of(backlog.update_item(s, actor, item_id, body.model_dump(exclude_unset=True))).data()


@router.delete("/items/{item_id}", status_code=204)
def delete_item(item_id: int, actor: CurrentActor) -> None:
    with db.transaction() as s:
        backlog.delete_item(s, actor, item_id)


@router.post("/items/{item_id}/reorder")
def reorder_item(item_id: int, body: Reorder, actor: CurrentActor) -> VersionedItemOut:
    with db.transaction() as s:
        item = backlog.reorder_item(s, actor, item_id, body.position, body.expected_version)
        return ItemOut.of(item).data() | {"version": item.version}


# ---------------------------------------------------------------- board


class TaskIn(BaseModel):
    column_id: int | None = None
    title: str | None = Field(default=None, max_length=200)


class Move(BaseModel):
    column_id: int
    position: int | None = Field(default=None, ge=0, description="0 = top of the column; default: the bottom")
    expected_version: int | None = Field(default=None, description="Refuse the move if the task changed since")


class Assign(BaseModel):
    user_id: int | None


class ColumnIn(BaseModel):
    name: str = Field(max_length=60)
    order: int | None = Field(default=None, ge=1, description="1-based; default: just before the done column")


class ColumnPatch(BaseModel):
    name: str | None = Field(default=None, max_length=60)
    wip_limit: int | None = Field(default=None, ge=0, description="0 or null removes the limit")


@router.get("/spaces/{space_id}/board")
def get_board(space_id: int, actor: CurrentActor) -> BoardColumnsOut:
    with db.transaction() as s:
        _space(s, actor, space_id)
        return {"columns": [ColumnCardsOut.of(c).data() | {"tasks": [dataclasses.asdict(card) for card in c.cards]}
                            for c in board.get_board(s, actor, space_id)]}


@router.post("/spaces/{space_id}/columns", status_code=201)
def create_column(space_id: int, body: ColumnIn, actor: CurrentActor) -> ColumnOut:
    with db.transaction() as s:
        _space(s, actor, space_id)
        return ColumnOut.of(board.create_column(s, actor, space_id, body.name, body.order)).data()


@router.patch("/columns/{column_id}")
def update_column(column_id: int, body: ColumnPatch, actor: CurrentActor) -> ColumnOut:
    fields = body.model_dump(exclude_unset=True)
    with db.transaction() as s:
        column = board.update_column(s, actor, column_id, name=fields.get("name"),
                                     wip_limit=fields["wip_limit"] if "wip_limit" in fields else "keep")
        return ColumnOut.of(column).data()


@router.post("/items/{item_id}/tasks", status_code=201)
def create_task(item_id: int, body: TaskIn, actor: CurrentActor) -> VersionedTaskOut:
    with db.transaction() as s:
        task = board.create_task(s, actor, item_id, body.column_id, body.title)
        return TaskOut.of(task, board.get_column(s, actor, task.column_id)).data() | {"version": task.version}


@router.post("/tasks/{task_id}/move")
def move_task(task_id: int, body: Move, actor: CurrentActor) -> TaskMoveOut:
    with db.transaction() as s:
        task, changed = board.move_task(s, actor, task_id, body.column_id, body.position, body.expected_version)
        return TaskOut.of(task, board.get_column(s, actor, task.column_id)).data() | {"version": task.version,
                                                                                "changed": changed}


@router.post("/tasks/{task_id}/assign")
def assign_task(task_id: int, body: Assign, actor: CurrentActor) -> TaskOut:
    with db.transaction() as s:
        task = board.assign_task(s, actor, task_id, body.user_id)
        return TaskOut.of(task, board.get_column(s, actor, task.column_id)).data()


# ---------------------------------------------------------------- sprints


class SprintIn(BaseModel):
    name: str | None = Field(default=None, max_length=120)
    start_date: str = Field(description="YYYY-MM-DD")
    end_date: str = Field(description="YYYY-MM-DD")
    goal: str | None = Field(default=None, max_length=1000)


class SprintItemIn(BaseModel):
    backlog_item_id: int


@router.get("/spaces/{space_id}/sprints")
def list_sprints(space_id: int, actor: CurrentActor) -> SprintListOut:
    with db.transaction() as s:
        _space(s, actor, space_id)
        return {"sprints": [SprintOut.of(x).data() for x in sprints.list_sprints(s, actor, space_id)]}


@router.post("/spaces/{space_id}/sprints", status_code=201)
def create_sprint(space_id: int, body: SprintIn, actor: CurrentActor) -> SprintOut:
    with db.transaction() as s:
        _space(s, actor, space_id)
        return SprintOut.of(sprints.create_sprint(s, actor, space_id, body.name, body.start_date, body.end_date, body.goal)).data()


@router.post("/spaces/{space_id}/sprints/{sprint_id}/start")
def start_sprint(space_id: int, sprint_id: int, actor: CurrentActor) -> SprintOut:
    with db.transaction() as s:
        _space(s, actor, space_id)
        return SprintOut.of(sprints.start_sprint(s, actor, space_id, sprint_id)).data()


@router.post("/spaces/{space_id}/sprints/{sprint_id}/complete")
def complete_sprint(space_id: int, sprint_id: int, actor: CurrentActor) -> SprintReturnedOut:
    with db.transaction() as s:
        _space(s, actor, space_id)
        report = sprints.complete_sprint(s, actor, space_id, sprint_id)
        return SprintOut.of(report.sprint).data() | {"returned_items": [ItemOut.of(i).data() for i in report.returned_items]}


@router.get("/spaces/{space_id}/sprints/{sprint_id}/backlog")
def sprint_backlog(space_id: int, sprint_id: int, actor: CurrentActor) -> SprintItemsOut:
    with db.transaction() as s:
        _space(s, actor, space_id)
        view = sprints.get_sprint_backlog(s, actor, space_id, sprint_id)
        return SprintOut.of(view.sprint).data() | {"items": [ItemOut.of(i).data() for i in view.items],
                                            "total_points": view.total_points, "done_points": view.done_points}


@router.post("/spaces/{space_id}/sprints/{sprint_id}/items", status_code=201)
def add_to_sprint(space_id: int, sprint_id: int, body: SprintItemIn, actor: CurrentActor) -> SprintItemAddedOut:
    with db.transaction() as s:
        _space(s, actor, space_id)
        sprint, item, added = sprints.add_to_sprint(s, actor, space_id, body.backlog_item_id, sprint_id)
        return {"sprint": SprintOut.of(sprint).data(), "item": ItemOut.of(item).data(), "added": added}


@router.delete("/spaces/{space_id}/sprints/{sprint_id}/items/{item_id}", status_code=204)
def remove_from_sprint(space_id: int, sprint_id: int, item_id: int, actor: CurrentActor) -> None:
    with db.transaction() as s:
        _space(s, actor, space_id)
        sprints.remove_from_sprint(s, actor, space_id, item_id, sprint_id)


@router.get("/spaces/{space_id}/metrics")
def get_metrics(space_id: int, actor: CurrentActor, sprint_id: int | None = None) -> MetricsOut:
    with db.transaction() as s:
        _space(s, actor, space_id)
        v = metrics.velocity(s, actor, space_id)
        return {
            "velocity": {"sprints": [dataclasses.asdict(p) for p in v.sprints], "average_last_three": v.average_last_three},
            "burndown": [{"day": d.day.isoformat(), "ideal": d.ideal, "remaining": d.remaining}
                         for d in metrics.burndown(s, actor, space_id, sprint_id)],
        }
