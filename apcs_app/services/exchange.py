"""Export a workspace to one JSON document (and its backlog to CSV); import it into a new one.

An import is data from outside: every record passes the same service rules as data made by
hand (text limits, Fibonacci points, priorities and statuses, WIP limits, sprint rules), the
whole import is one transaction, nobody but the importer is added to the new workspace, and
the history in the file is kept as read-only history (never replayed by undo)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import itertools
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from sqlalchemy import Text, cast, insert
from sqlmodel import Session, col, select

from apcs_app.domain import (
    Action,
    Activity,
    BacklogItem,
    BoardColumn,
    ConflictError,
    DomainError,
    FIBONACCI_POINTS,
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
    Via,
)
from apcs_app.domain.models import utcnow
from apcs_app.services import activity, board, spaces, sprints, validate
from apcs_app.services.access import MAX_ID, Actor, load_user, require_member

FORMAT = "apcs-workspace"
VERSION = 1

# The largest document an import reads (the REST route refuses a bigger body before reading it).
MAX_IMPORT_BYTES = 5 * 1024 * 1024
# Imported history keeps its before/after only when it is a small flat record, like the ones
# the services write; anything else is dropped (history to read, never data to act on).
MAX_PAYLOAD_KEYS = 40
MAX_PAYLOAD_VALUE_CHARS = 2000
MAX_PAYLOAD_CHARS = 8000

_NOTHING = "Nothing was imported."


class DocumentTooLargeError(InvalidError):
    code = "too_large"
    http_status = 413


def too_large(size: int | None = None) -> DocumentTooLargeError:
    stated = f" ({size:,} bytes)" if size is not None else ""
    return DocumentTooLargeError(
        f"The file is too large{stated}; an import takes at most {MAX_IMPORT_BYTES // (1024 * 1024)} MB "
        f"({MAX_IMPORT_BYTES:,} bytes). {_NOTHING}"
    )


@dataclass
class ImportResult:
    space: Space
    warnings: list[str] = field(default_factory=list)
    # The members of the exported workspace: never added here, listed for the importer to invite.
    invite: list[dict[str, str]] = field(default_factory=list)


# The document's shape (types only): every rule on the values is the services' own, applied
# record by record in import_space so that a refusal names the first offending record.


def _calendar(check):
    def run(value):
        try:
            return check(value, "This date")
        except InvalidError as exc:
            raise ValueError(exc.message) from None
    return AfterValidator(run)


# Every time and date of a document is checked against the calendar while it is parsed.
Moment = Annotated[dt.datetime, _calendar(validate.moment)]
Day = Annotated[dt.date, _calendar(validate.day)]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MemberDoc(_Doc):
    email: str
    name: str
    scrum_role: str | None = None
    owner: bool = False


class ColumnDoc(_Doc):
    key: int
    name: str
    wip_limit: int | None = None


class ItemDoc(_Doc):
    key: int
    title: str
    description: str | None = None
    story_points: int | None = None
    priority: str = Priority.MEDIUM.value
    status: str = ItemStatus.TODO.value
    created_at: Moment | None = None
    completed_at: Moment | None = None


class TaskDoc(_Doc):
    key: int
    title: str
    item: int
    column: int
    assignee: str | None = None
    done_at: Moment | None = None
    archived_at: Moment | None = None  # a done card off the board


class SprintItemDoc(_Doc):
    item: int
    added_at: Moment | None = None
    completed_in_sprint: bool | None = None


class SprintDoc(_Doc):
    key: int
    name: str
    goal: str | None = None
    start_date: Day
    end_date: Day
    status: str
    committed_points: int | None = None
    completed_points: int | None = None
    started_at: Moment | None = None
    completed_at: Moment | None = None
    items: list[SprintItemDoc] = []


class ActivityDoc(_Doc):
    actor: str | None = None
    via: str
    action: str
    entity_type: str
    entity_key: int | None = None
    summary: str = ""
    before: Any = None
    after: Any = None
    request_id: str | None = None
    created_at: Moment


class SpaceDoc(_Doc):
    name: str
    methodology: str
    description: str | None = None


class WorkspaceDoc(_Doc):
    format: Literal["apcs-workspace"]
    version: Literal[1]
    exported_at: Moment | None = None
    space: SpaceDoc
    members: list[MemberDoc] = []
    columns: list[ColumnDoc]
    items: list[ItemDoc] = []
    tasks: list[TaskDoc] = []
    sprints: list[SprintDoc] = []
    activity: list[ActivityDoc] = []


# ---------------------------------------------------------------- export


def _dump(model: type[BaseModel], **fields: Any) -> dict[str, Any]:
    """A document record as JSON, without validating it: rows written before today's rules
    (or by an old import) are exported as they are instead of failing the whole export."""
    return model.model_construct(**fields).model_dump(mode="json", warnings=False)


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
    sprint_rows = list(session.exec(select(Sprint).where(Sprint.space_id == space_id)
                                    .order_by(col(Sprint.start_date), col(Sprint.id))))
    links = session.exec(select(SprintItem).where(col(SprintItem.sprint_id).in_([s.id for s in sprint_rows]))
                         .order_by(col(SprintItem.id)))
    by_sprint: dict[int, list[SprintItemDoc]] = {}
    for link in links:
        by_sprint.setdefault(link.sprint_id, []).append(SprintItemDoc.model_construct(
            item=link.backlog_item_id, added_at=link.added_at, completed_in_sprint=link.completed_in_sprint))
    return {
        "format": FORMAT, "version": VERSION, "exported_at": utcnow().isoformat(),
        "space": _dump(SpaceDoc, name=space.name, methodology=space.methodology, description=space.description),
        "members": [_dump(MemberDoc, email=emails[m.user_id], name=users[m.user_id].name, scrum_role=m.scrum_role,
                          owner=m.user_id == space.owner_id) for m in memberships],
        "columns": [_dump(ColumnDoc, key=c.id, name=c.name, wip_limit=c.wip_limit) for c in cols],
        "items": [_dump(ItemDoc, key=i.id, title=i.title, description=i.description, story_points=i.story_points,
                        priority=i.priority, status=i.status, created_at=i.created_at, completed_at=i.completed_at)
                  for i in items],
        "tasks": [_dump(TaskDoc, key=t.id, title=t.title, item=t.backlog_item_id, column=t.column_id,
                        assignee=emails.get(t.assignee_id), done_at=t.done_at, archived_at=t.archived_at)
                  for t in tasks],
        "sprints": [_dump(SprintDoc, key=s.id, name=s.name, goal=s.goal, start_date=s.start_date,
                          end_date=s.end_date, status=s.status, committed_points=s.committed_points,
                          completed_points=s.completed_points, started_at=s.started_at,
                          completed_at=s.completed_at, items=by_sprint.get(s.id, []))
                    for s in sprint_rows],
        "activity": _export_history(session, space_id),
    }


def _export_history(session: Session, space_id: int) -> list[dict[str, Any]]:
    # before/after are read as text and parsed here, bounded: a payload nested thousands deep
    # (written by an import before the checks) would otherwise fail the whole export.
    rows = session.exec(
        select(Activity.actor_id, Activity.via, Activity.action, Activity.entity_type, Activity.entity_id,
               Activity.summary, cast(Activity.before, Text), cast(Activity.after, Text), Activity.request_id,
               Activity.created_at)
        .where(Activity.space_id == space_id).order_by(col(Activity.id))
    ).all()
    # Actors of old activity may have left the space; their emails still identify them.
    actor_ids = {r[0] for r in rows if r[0] is not None}
    emails = dict(session.exec(select(User.id, User.email).where(col(User.id).in_(actor_ids))).all()) if actor_ids else {}
    return [
        _dump(ActivityDoc, actor=emails.get(actor_id), via=via, action=action, entity_type=entity_type,
              entity_key=entity_id, summary=summary, before=_stored_payload(before), after=_stored_payload(after),
              request_id=request_id, created_at=created_at)
        for actor_id, via, action, entity_type, entity_id, summary, before, after, request_id, created_at in rows
    ]


def _stored_payload(text: Any) -> dict | None:
    if text is None:
        return None
    if isinstance(text, dict):  # a driver that already decoded it
        return history_payload(text)
    if not isinstance(text, str) or len(text) > MAX_PAYLOAD_CHARS:
        return None
    try:
        return history_payload(json.loads(text))
    except (ValueError, RecursionError):
        return None


def history_payload(value: Any) -> dict | None:
    """`value` if it is a small flat record (what the services write), else None."""
    if not isinstance(value, dict) or len(value) > MAX_PAYLOAD_KEYS:
        return None
    for key, v in value.items():
        if not isinstance(key, str) or len(key) > 60:
            return None
        if isinstance(v, str):
            if len(v) > MAX_PAYLOAD_VALUE_CHARS:
                return None
        elif isinstance(v, bool) or v is None:
            continue
        elif isinstance(v, int):
            if abs(v) > 2**53:
                return None
        elif isinstance(v, float):
            if not math.isfinite(v):
                return None
        else:
            return None  # nested lists and dicts are not history we keep
    if len(json.dumps(value, ensure_ascii=False)) > MAX_PAYLOAD_CHARS:
        return None
    return value


BACKLOG_CSV_FIELDS = ("id", "rank", "title", "description", "story_points", "priority", "status", "completed_at")
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, prefixed with a quote so it stays text."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def export_backlog_csv(session: Session, actor: Actor, space_id: int) -> str:
    require_member(session, actor, space_id)
    items = session.exec(select(BacklogItem).where(BacklogItem.space_id == space_id)
                         .order_by(col(BacklogItem.rank), col(BacklogItem.id)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(BACKLOG_CSV_FIELDS)
    for position, i in enumerate(items, 1):
        writer.writerow([csv_cell(v) for v in (
            i.id, position, i.title, i.description or "", i.story_points or "", i.priority, i.status,
            i.completed_at.isoformat() if i.completed_at else "")])
    return out.getvalue()


# ---------------------------------------------------------------- import


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


def parse_document(raw: str | bytes | dict) -> WorkspaceDoc:
    """Check an export's size and shape; every problem becomes one InvalidError that names where it is."""
    if isinstance(raw, dict):
        try:
            size = len(json.dumps(raw, ensure_ascii=False).encode("utf-8", "surrogatepass"))
        except (RecursionError, ValueError, TypeError):
            raise InvalidError(f"The export nests its data too deeply or holds values JSON cannot. {_NOTHING}") from None
        if size > MAX_IMPORT_BYTES:
            raise too_large(size)
    elif isinstance(raw, (str, bytes, bytearray)):
        if len(raw) > MAX_IMPORT_BYTES:  # characters never outnumber bytes: no need to encode first
            raise too_large(len(raw) if isinstance(raw, (bytes, bytearray)) else None)
        if isinstance(raw, str) and len(raw.encode("utf-8", "surrogatepass")) > MAX_IMPORT_BYTES:
            raise too_large()
        try:
            raw = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InvalidError(f"The file is not valid JSON ({exc}); export a workspace with APCS to get one.") from None
        except RecursionError:
            raise InvalidError(f"The file nests its JSON too deeply to be an APCS export. {_NOTHING}") from None
    else:
        raise InvalidError("Give the export as JSON text.")
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InvalidError(f"This is not an APCS workspace export (expected \"format\": \"{FORMAT}\").")
    try:
        return WorkspaceDoc.model_validate(raw)
    except RecursionError:
        raise InvalidError(f"The file nests its JSON too deeply to be an APCS export. {_NOTHING}") from None
    except ValidationError as exc:
        problems = "; ".join(f"{_path(e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
        more = f" (and {exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
        raise InvalidError(f"The export is not valid: {problems}{more}. {_NOTHING}") from None


@contextlib.contextmanager
def _at(where: str) -> Iterator[None]:
    """A service rule refused a value: say which record of the file it was."""
    try:
        yield
    except DomainError as exc:
        error = type(exc)(f"{where}: {exc.message} {_NOTHING}")
        raise error from None


def _time(value: dt.datetime | None, now: dt.datetime) -> dt.datetime | None:
    """Never later than the import itself (the document's times are aware UTC already: Moment)."""
    return None if value is None else min(value, now)


def _bounded(value: int | None, what: str, maximum: int) -> int | None:
    number = validate.positive_int(value, what, minimum=0)
    if number is not None and number > maximum:
        raise InvalidError(f"{what} is {number}; it cannot be more than {maximum}.")
    return number


def _unique_keys(rows: list, section: str) -> None:
    seen: set[int] = set()
    for n, row in enumerate(rows):
        if row.key in seen:
            raise InvalidError(f"{section}[{n}].key: another record of {section} has the key {row.key}. {_NOTHING}")
        seen.add(row.key)


def _free_name(session: Session, user_id: int, wanted: str, warnings: list[str]) -> str:
    """The export's own name, or, when the importer has a workspace of that name, the first free
    "<name> (imported)", "<name> (imported 2)", …: an import is a copy, never refused for its name."""
    taken = spaces.taken_names(session, user_id)
    if wanted.casefold() not in taken:
        return wanted
    for n in itertools.count(1):  # distinct candidates: one of the first len(taken) + 1 is free
        suffix = " (imported)" if n == 1 else f" (imported {n})"
        candidate = wanted[:120 - len(suffix)] + suffix
        if candidate.casefold() not in taken:
            warnings.append(f"You already have a workspace named '{validate.excerpt(wanted)}'; the import is named '{candidate}'.")
            return candidate
    return wanted


def import_space(session: Session, actor: Actor, raw: str | bytes | dict, name: str | None = None) -> ImportResult:
    """Create a new workspace from an export, owned by the importer (its only member)."""
    doc = parse_document(raw)
    importer = load_user(session, actor)
    now = utcnow()
    warnings: list[str] = []
    for section in ("columns", "items", "tasks", "sprints"):
        _unique_keys(getattr(doc, section), section)

    # The workspace, as spaces.create_space checks it.
    with _at("space.name"):
        space_name = validate.text(name or doc.space.name, "Workspace name", max_len=120)
        space_name = spaces.unique_name(session, importer.id, space_name) if name else _free_name(session, importer.id, space_name, warnings)
    with _at("space.methodology"):
        method = Methodology.parse(doc.space.methodology, "Methodology")
    with _at("space.description"):
        description = validate.text(doc.space.description, "Description", max_len=2000, required=False)
    scrum = method == Methodology.SCRUM

    # Members: listed to invite, never added (joining a workspace is each person's own choice).
    invite: list[dict[str, str]] = []
    listed: set[str] = {importer.email.lower()}
    for n, m in enumerate(doc.members):
        with _at(f"members[{n}].email"):
            email = validate.text(m.email, "Email", max_len=254).lower()
        with _at(f"members[{n}].name"):
            person = validate.text(m.name, "Name", max_len=120)
        if m.scrum_role is not None:
            with _at(f"members[{n}].scrum_role"):
                ScrumRole.parse(m.scrum_role, "Scrum role")
        if email not in listed:
            listed.add(email)
            invite.append({"email": email, "name": person})

    space = Space(name=space_name, methodology=method, description=description, owner_id=importer.id)
    session.add(space)
    session.flush()
    session.add(Membership(space_id=space.id, user_id=importer.id,
                           scrum_role=ScrumRole.PRODUCT_OWNER if scrum else None))
    if importer.default_space_id is None:
        importer.default_space_id = space.id

    # Columns, as board.create_column / update_column check them.
    if len(doc.columns) < board.MIN_COLUMNS:
        raise InvalidError(f"columns: a board needs at least {board.MIN_COLUMNS} columns. {_NOTHING}")
    keys: dict[tuple[str, int], int] = {}
    columns: dict[int, BoardColumn] = {}
    made: list[BoardColumn] = []
    for n, c in enumerate(doc.columns):
        with _at(f"columns[{n}].name"):
            column_name = validate.text(c.name, "Column name", max_len=60)
            board._unique_name(made, column_name)
        with _at(f"columns[{n}].wip_limit"):
            limit = _bounded(c.wip_limit, "WIP limit", MAX_ID) or None
        row = BoardColumn(space_id=space.id, name=column_name, position=n, wip_limit=limit)
        session.add(row)
        session.flush()
        made.append(row)
        keys[("column", c.key)] = row.id
        columns[c.key] = row
    done_column = made[-1]

    # Backlog items, as backlog.create_item / update_item check them.
    items: dict[int, BacklogItem] = {}
    for n, i in enumerate(doc.items):
        with _at(f"items[{n}].title"):
            title = validate.text(i.title, "Title", max_len=200)
        with _at(f"items[{n}].description"):
            item_description = validate.text(i.description, "Description", max_len=10000, required=False)
        with _at(f"items[{n}].story_points"):
            points = validate.story_points(i.story_points)
        with _at(f"items[{n}].priority"):
            priority = Priority.parse(i.priority, "Priority")
        with _at(f"items[{n}].status"):
            status = ItemStatus.parse(i.status, "Status")
        done = status == ItemStatus.DONE  # completed_at goes with DONE (backlog.set_status)
        row = BacklogItem(space_id=space.id, title=title, description=item_description, story_points=points,
                          priority=priority, status=status, rank=(n + 1) * 1024.0, created_by=importer.id,
                          created_at=_time(i.created_at, now) or now,
                          completed_at=(_time(i.completed_at, now) or now) if done else None)
        session.add(row)
        items[i.key] = row
    session.flush()  # one batch: an import stays linear in the size of the file
    for key, row in items.items():
        keys[("backlog_item", key)] = row.id

    # Tasks, as board.create_task checks them: WIP limits hold, only members are assignees.
    ranks: dict[int, int] = {}
    shown: dict[int, int] = {}  # cards on the board per column, for its WIP limit
    made_tasks: dict[int, Task] = {}
    for n, t in enumerate(doc.tasks):
        if t.item not in items:
            raise InvalidError(f"tasks[{n}].item: task '{t.title[:60]}' refers to an unknown item or column "
                               f"(item {t.item}). {_NOTHING}")
        if t.column not in columns:
            raise InvalidError(f"tasks[{n}].column: task '{t.title[:60]}' refers to an unknown item or column "
                               f"(column {t.column}). {_NOTHING}")
        item, column = items[t.item], columns[t.column]
        with _at(f"tasks[{n}].title"):
            task_title = validate.text(t.title, "Task title", max_len=200, required=False) or item.title
        # Only done cards are archived; archived cards take no room in a column.
        archived_at = _time(t.archived_at, now) if column.id == done_column.id else None
        if archived_at is None and column.wip_limit is not None and shown.get(column.id, 0) >= column.wip_limit:
            session.flush()  # the column is full: board's own WIP rule refuses, in its own words
            with _at(f"tasks[{n}]"):
                board.check_wip(session, column)
        assignee_id = None
        if t.assignee:
            if t.assignee.lower() == importer.email.lower():
                assignee_id = importer.id
            else:
                with _at(f"tasks[{n}].assignee"):
                    who = validate.text(t.assignee, "Assignee", max_len=254)
                warnings.append(f"task '{task_title}' was assigned to {who}, who is not a member here; "
                                "left unassigned (invite them, then assign it again)")
        ranks[column.id] = ranks.get(column.id, 0) + 1
        if archived_at is None:
            shown[column.id] = shown.get(column.id, 0) + 1
        done_at = (_time(t.done_at, now) or now) if column.id == done_column.id else None
        task = Task(space_id=space.id, backlog_item_id=item.id, column_id=column.id, title=task_title,
                    assignee_id=assignee_id, rank=ranks[column.id] * 1024.0, done_at=done_at,
                    archived_at=archived_at)
        session.add(task)
        made_tasks[t.key] = task
    session.flush()
    for key, task in made_tasks.items():
        keys[("task", key)] = task.id

    # Sprints, as sprints.create_sprint / start / add_to_sprint check them.
    if doc.sprints and not scrum:
        raise InvalidError(f"sprints: only SCRUM workspaces have sprints; this one is {method}. {_NOTHING}")
    open_item_sprint: dict[int, str] = {}
    active_seen = False
    for n, s in enumerate(doc.sprints):
        where = f"sprints[{n}]"
        with _at(f"{where}.name"):
            sprint_name = validate.text(s.name, "Sprint name", max_len=120)
        with _at(f"{where}.goal"):
            goal = validate.text(s.goal, "Sprint goal", max_len=1000, required=False)
        with _at(f"{where}.status"):
            status = SprintStatus.parse(s.status, "Sprint status")
        with _at(where):
            sprints.check_dates(s.start_date, s.end_date)
        if status == SprintStatus.ACTIVE:
            if active_seen:
                raise ConflictError(f"{where}.status: only one sprint can be ACTIVE; an earlier one is. {_NOTHING}")
            active_seen = True
        most = max(FIBONACCI_POINTS) * len(s.items)
        with _at(f"{where}.committed_points"):
            committed = _bounded(s.committed_points, "Committed points", most)
        with _at(f"{where}.completed_points"):
            completed = _bounded(s.completed_points, "Completed points", most)
        row = Sprint(space_id=space.id, name=sprint_name, goal=goal, start_date=s.start_date, end_date=s.end_date,
                     status=status, committed_points=committed, completed_points=completed,
                     started_at=_time(s.started_at, now) if status != SprintStatus.PLANNING else None,
                     completed_at=_time(s.completed_at, now) if status == SprintStatus.COMPLETED else None)
        session.add(row)
        session.flush()
        keys[("sprint", s.key)] = row.id
        in_this: set[int] = set()
        for k, link in enumerate(s.items):
            at = f"{where}.items[{k}]"
            if link.item not in items:
                raise InvalidError(f"{at}: {sprint_name} refers to an unknown item. {_NOTHING}")
            item = items[link.item]
            if link.item in in_this:
                raise ConflictError(f"{at}: item '{item.title}' is listed twice in {sprint_name}. {_NOTHING}")
            in_this.add(link.item)
            if status in sprints.OPEN:
                if link.item in open_item_sprint:
                    raise ConflictError(f"{at}: item '{item.title}' is already in {open_item_sprint[link.item]}; "
                                        f"an item is in at most one open sprint. {_NOTHING}")
                open_item_sprint[link.item] = sprint_name
            session.add(SprintItem(sprint_id=row.id, backlog_item_id=item.id, points_at_add=item.story_points,
                                   added_at=_time(link.added_at, now) or now,
                                   completed_in_sprint=link.completed_in_sprint
                                   if status == SprintStatus.COMPLETED else None))
    session.flush()

    # History: kept to read, by the importer, marked imported, never replayable by undo.
    authors = {m.email.lower(): m.name for m in doc.members}
    dropped = 0
    history: list[dict[str, Any]] = []
    for n, a in enumerate(doc.activity):
        with _at(f"activity[{n}].action"):
            action = validate.text(a.action, "Action", max_len=60)
        with _at(f"activity[{n}].entity_type"):
            entity_type = validate.text(a.entity_type, "Entity type", max_len=40)
        with _at(f"activity[{n}].summary"):
            summary = validate.text(a.summary, "Summary", max_len=500, required=False) or action
        with _at(f"activity[{n}].actor"):
            author = validate.text(a.actor, "Actor", max_len=254, required=False)
        with _at(f"activity[{n}].via"):
            validate.text(a.via, "Via", max_len=20)
        before, after = history_payload(a.before), history_payload(a.after)
        dropped += (a.before is not None and before is None) + (a.after is not None and after is None)
        by = authors.get(author.lower(), author) if author else "someone"
        history.append(dict(
            space_id=space.id, actor_id=importer.id, via=Via.IMPORT, action=action, entity_type=entity_type,
            entity_id=keys.get((entity_type, a.entity_key)) if a.entity_key is not None else None,
            summary=f"imported: {summary} (by {by})"[:500], before=before, after=after, request_id=None,
            imported=True, created_at=_time(a.created_at, now)))
    if history:  # one statement, no ORM objects: history is write-only here
        session.execute(insert(Activity.__table__), history)
    if dropped:
        warnings.append(f"{dropped} before/after record(s) of the imported history were not small flat records "
                        "and were left out")
    if invite:
        warnings.append(f"{len(invite)} member(s) of the exported workspace were not added; invite them: "
                        + ", ".join(f"{p['name']} <{p['email']}>" for p in invite[:20])
                        + (" ..." if len(invite) > 20 else ""))
    activity.record(
        session, actor, space_id=space.id, action=Action.IMPORT_SPACE, entity_type="space", entity_id=space.id,
        summary=f"imported workspace '{space.name}' ({len(doc.items)} items, {len(doc.tasks)} tasks, "
        f"{len(doc.sprints)} sprints)", after={"warnings": len(warnings), "people_to_invite": len(invite)},
    )
    session.flush()
    return ImportResult(space, warnings, invite)


