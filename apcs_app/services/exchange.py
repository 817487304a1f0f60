"""Export a workspace to one JSON document (and its backlog to CSV); import it into a new one."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlmodel import Session, col, select

from apcs_app.domain import (
    FIBONACCI_POINTS,
    Activity,
    BacklogItem,
    BoardColumn,
    InvalidError,
    ItemStatus,
    Membership,
    Methodology,
    Priority,
    ScrumRole,
    Space,
    Sprint,
    SprintItem,
    SprintStatus,
    Task,
    User,
)
from apcs_app.domain.models import utcnow
from apcs_app.services import activity, validate
from apcs_app.services.access import Actor, load_user, require_member

FORMAT = "apcs-workspace"
VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MemberDoc(_Strict):
    email: str
    name: str
    scrum_role: ScrumRole | None = None
    owner: bool = False


class ColumnDoc(_Strict):
    key: int
    name: str = Field(min_length=1, max_length=60)
    wip_limit: int | None = Field(default=None, ge=1)


class ItemDoc(_Strict):
    key: int
    title: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=10000)
    story_points: int | None = None
    priority: Priority = Priority.MEDIUM
    status: ItemStatus = ItemStatus.TODO
    created_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _points_on_scale(self):
        if self.story_points is not None and self.story_points not in FIBONACCI_POINTS:
            raise ValueError(f"story_points {self.story_points} is not on the Fibonacci scale")
        return self


class TaskDoc(_Strict):
    key: int
    title: str = Field(min_length=1, max_length=200)
    item: int
    column: int
    assignee: str | None = None
    done_at: dt.datetime | None = None


class SprintItemDoc(_Strict):
    item: int
    added_at: dt.datetime | None = None
    completed_in_sprint: bool | None = None


class SprintDoc(_Strict):
    key: int
    name: str = Field(min_length=1, max_length=120)
    goal: str | None = None
    start_date: dt.date
    end_date: dt.date
    status: SprintStatus
    committed_points: int | None = None
    completed_points: int | None = None
    started_at: dt.datetime | None = None
    completed_at: dt.datetime | None = None
    items: list[SprintItemDoc] = []


class ActivityDoc(_Strict):
    actor: str | None = None
    via: str
    action: str
    entity_type: str
    entity_key: int | None = None
    summary: str = ""
    before: dict | None = None
    after: dict | None = None
    request_id: str | None = None
    created_at: dt.datetime


class SpaceDoc(_Strict):
    name: str = Field(min_length=1, max_length=120)
    methodology: Methodology
    description: str | None = None


class WorkspaceDoc(_Strict):
    format: Literal["apcs-workspace"]
    version: Literal[1]
    exported_at: dt.datetime | None = None
    space: SpaceDoc
    members: list[MemberDoc] = []
    columns: list[ColumnDoc] = Field(min_length=2)
    items: list[ItemDoc] = []
    tasks: list[TaskDoc] = []
    sprints: list[SprintDoc] = []
    activity: list[ActivityDoc] = []

    @model_validator(mode="after")
    def _references_resolve(self):
        items, cols = {i.key for i in self.items}, {c.key for c in self.columns}
        for kind, keys in (("item", [i.key for i in self.items]), ("column", [c.key for c in self.columns]),
                           ("task", [t.key for t in self.tasks]), ("sprint", [s.key for s in self.sprints])):
            if len(keys) != len(set(keys)):
                raise ValueError(f"two {kind}s share a key")
        for t in self.tasks:
            if t.item not in items or t.column not in cols:
                raise ValueError(f"task '{t.title}' refers to an unknown item or column")
        for s in self.sprints:
            if s.end_date <= s.start_date:
                raise ValueError(f"sprint '{s.name}' ends before it starts")
            if any(link.item not in items for link in s.items):
                raise ValueError(f"sprint '{s.name}' refers to an unknown item")
        if sum(s.status == SprintStatus.ACTIVE for s in self.sprints) > 1:
            raise ValueError("more than one ACTIVE sprint")
        if self.sprints and self.space.methodology != Methodology.SCRUM:
            raise ValueError("only SCRUM workspaces have sprints")
        return self


# ---------------------------------------------------------------- export


def export_space(session: Session, actor: Actor, space_id: int) -> dict[str, Any]:
    space, _ = require_member(session, actor, space_id)
    users = {u.id: u for u in session.exec(
        select(User).join(Membership, col(Membership.user_id) == User.id).where(Membership.space_id == space_id))}
    emails = {u.id: u.email for u in users.values()}
    memberships = session.exec(select(Membership).where(Membership.space_id == space_id).order_by(col(Membership.id)))
    cols = session.exec(select(BoardColumn).where(BoardColumn.space_id == space_id).order_by(col(BoardColumn.position)))
    items = session.exec(select(BacklogItem).where(BacklogItem.space_id == space_id)
                         .order_by(col(BacklogItem.rank), col(BacklogItem.id)))
    tasks = session.exec(select(Task).where(Task.space_id == space_id)
                         .order_by(col(Task.column_id), col(Task.rank), col(Task.id)))
    sprints = list(session.exec(select(Sprint).where(Sprint.space_id == space_id).order_by(col(Sprint.start_date), col(Sprint.id))))
    links = session.exec(select(SprintItem).where(col(SprintItem.sprint_id).in_([s.id for s in sprints])).order_by(col(SprintItem.id)))
    history = session.exec(select(Activity).where(Activity.space_id == space_id).order_by(col(Activity.id)))
    by_sprint: dict[int, list[SprintItemDoc]] = {}
    for link in links:
        by_sprint.setdefault(link.sprint_id, []).append(
            SprintItemDoc(item=link.backlog_item_id, added_at=link.added_at, completed_in_sprint=link.completed_in_sprint))
    doc = WorkspaceDoc(
        format=FORMAT, version=VERSION, exported_at=utcnow(),
        space=SpaceDoc(name=space.name, methodology=space.methodology, description=space.description),
        members=[MemberDoc(email=emails[m.user_id], name=users[m.user_id].name, scrum_role=m.scrum_role,
                           owner=m.user_id == space.owner_id) for m in memberships],
        columns=[ColumnDoc(key=c.id, name=c.name, wip_limit=c.wip_limit) for c in cols],
        items=[ItemDoc(key=i.id, title=i.title, description=i.description, story_points=i.story_points,
                       priority=i.priority, status=i.status, created_at=i.created_at, completed_at=i.completed_at)
               for i in items],
        tasks=[TaskDoc(key=t.id, title=t.title, item=t.backlog_item_id, column=t.column_id,
                       assignee=emails.get(t.assignee_id), done_at=t.done_at) for t in tasks],
        sprints=[SprintDoc(key=s.id, name=s.name, goal=s.goal, start_date=s.start_date, end_date=s.end_date,
                           status=s.status, committed_points=s.committed_points, completed_points=s.completed_points,
                           started_at=s.started_at, completed_at=s.completed_at, items=by_sprint.get(s.id, []))
                 for s in sprints],
        activity=[],
    )
    # Actors of old activity may have left the space; their emails still identify them.
    all_emails = dict(session.exec(select(User.id, User.email)).all())
    doc.activity = [
        ActivityDoc(actor=all_emails.get(a.actor_id), via=a.via, action=a.action, entity_type=a.entity_type,
                    entity_key=a.entity_id, summary=a.summary, before=a.before, after=a.after,
                    request_id=a.request_id, created_at=a.created_at)
        for a in history
    ]
    return doc.model_dump(mode="json")


BACKLOG_CSV_FIELDS = ("id", "rank", "title", "description", "story_points", "priority", "status", "completed_at")


def export_backlog_csv(session: Session, actor: Actor, space_id: int) -> str:
    require_member(session, actor, space_id)
    items = session.exec(select(BacklogItem).where(BacklogItem.space_id == space_id)
                         .order_by(col(BacklogItem.rank), col(BacklogItem.id)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(BACKLOG_CSV_FIELDS)
    for position, i in enumerate(items, 1):
        writer.writerow([i.id, position, i.title, i.description or "", i.story_points or "", i.priority, i.status,
                         i.completed_at.isoformat() if i.completed_at else ""])
    return out.getvalue()


# ---------------------------------------------------------------- import


def parse_document(raw: str | bytes | dict) -> WorkspaceDoc:
    """Validate an export; every problem becomes one InvalidError that names where it is."""
    if isinstance(raw, (str, bytes)):
        try:
            raw = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InvalidError(f"The file is not valid JSON ({exc}); export a workspace with APCS to get one.") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InvalidError(f"This is not an APCS workspace export (expected \"format\": \"{FORMAT}\").")
    try:
        return WorkspaceDoc.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'document'}: {e['msg']}" for e in exc.errors()[:5]
        )
        more = f" (and {exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
        raise InvalidError(f"The export is not valid: {problems}{more}. Nothing was imported.") from None


def import_space(session: Session, actor: Actor, raw: str | bytes | dict, name: str | None = None) -> tuple[Space, list[str]]:
    """Create a new workspace from an export, owned by the importer. Returns (space, warnings)."""
    doc = parse_document(raw)
    importer = load_user(session, actor)
    warnings: list[str] = []
    space = Space(name=validate.text(name or doc.space.name, "Workspace name", max_len=120),
                  methodology=doc.space.methodology.value, description=doc.space.description, owner_id=importer.id)
    session.add(space)
    session.flush()
    users = {u.email: u for u in session.exec(select(User).where(col(User.email).in_([m.email.lower() for m in doc.members])))}
    scrum = doc.space.methodology == Methodology.SCRUM
    importer_listed = False
    for m in doc.members:  # in the document's order, the importer among them
        user = users.get(m.email.lower())
        if user is None:
            warnings.append(f"{m.name} <{m.email}> has no account here and was not added")
            continue
        role = (m.scrum_role or (ScrumRole.PRODUCT_OWNER if user.id == importer.id else ScrumRole.DEVELOPER)).value
        session.add(Membership(space_id=space.id, user_id=user.id, scrum_role=role if scrum else None))
        importer_listed |= user.id == importer.id
    if not importer_listed:
        session.add(Membership(space_id=space.id, user_id=importer.id,
                               scrum_role=ScrumRole.PRODUCT_OWNER.value if scrum else None))
    members = {m.email.lower() for m in doc.members if m.email.lower() in users} | {importer.email}

    keys: dict[tuple[str, int], int] = {}
    for position, c in enumerate(doc.columns):
        row = BoardColumn(space_id=space.id, name=c.name, position=position, wip_limit=c.wip_limit)
        session.add(row)
        session.flush()
        keys[("column", c.key)] = row.id
    for rank, i in enumerate(doc.items, 1):
        row = BacklogItem(space_id=space.id, title=i.title, description=i.description, story_points=i.story_points,
                          priority=i.priority.value, status=i.status.value, rank=rank * 1024.0,
                          created_by=importer.id, created_at=i.created_at or utcnow(), completed_at=i.completed_at)
        session.add(row)
        session.flush()
        keys[("backlog_item", i.key)] = row.id
    ranks: dict[int, int] = {}
    for t in doc.tasks:
        column_id = keys[("column", t.column)]
        ranks[column_id] = ranks.get(column_id, 0) + 1
        assignee = users.get((t.assignee or "").lower()) if (t.assignee or "").lower() in members else None
        if t.assignee and assignee is None:
            warnings.append(f"task '{t.title}' was assigned to {t.assignee}, who is not a member here; left unassigned")
        row = Task(space_id=space.id, backlog_item_id=keys[("backlog_item", t.item)], column_id=column_id, title=t.title,
                   assignee_id=assignee.id if assignee else None, rank=ranks[column_id] * 1024.0, done_at=t.done_at)
        session.add(row)
        session.flush()
        keys[("task", t.key)] = row.id
    for s in doc.sprints:
        row = Sprint(space_id=space.id, name=s.name, goal=s.goal, start_date=s.start_date, end_date=s.end_date,
                     status=s.status.value, committed_points=s.committed_points, completed_points=s.completed_points,
                     started_at=s.started_at, completed_at=s.completed_at)
        session.add(row)
        session.flush()
        keys[("sprint", s.key)] = row.id
        for link in s.items:
            session.add(SprintItem(sprint_id=row.id, backlog_item_id=keys[("backlog_item", link.item)],
                                   added_at=link.added_at or utcnow(), completed_in_sprint=link.completed_in_sprint))
    actors = {u.email: u.id for u in session.exec(select(User).where(col(User.email).in_(
        [a.actor.lower() for a in doc.activity if a.actor])))}
    for a in doc.activity:
        session.add(Activity(space_id=space.id, actor_id=actors.get((a.actor or "").lower()), via=a.via, action=a.action,
                             entity_type=a.entity_type, entity_id=keys.get((a.entity_type, a.entity_key)),
                             summary=a.summary, before=a.before, after=a.after, request_id=a.request_id,
                             created_at=a.created_at))
    activity.record(
        session, actor, space_id=space.id, action="import_space", entity_type="space", entity_id=space.id,
        summary=f"imported workspace '{space.name}' ({len(doc.items)} items, {len(doc.tasks)} tasks, "
        f"{len(doc.sprints)} sprints)", after={"warnings": warnings},
    )
    session.flush()
    return space, warnings
