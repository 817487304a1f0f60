"""How the adapters show domain objects to their callers (MCP tools to a model, the HTTP API to a
client): typed models of ids, names and values, so a field cannot drift between a tool and an
endpoint, and each has a JSON schema. `.data()` is the plain JSON dict a tool or route returns."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from apcs_app.domain import BacklogItem, BoardColumn, ItemStatus, Methodology, Priority, Space, Sprint, SprintStatus, Task
from apcs_app.services.board import Card, ColumnView
from apcs_app.services.comments import CommentView
from apcs_app.services.flow import AgingCard, Forecast, Percentiles, WeekCount
from apcs_app.services.members import Member
from apcs_app.services.pages import Page
from apcs_app.services.search import Found


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def data(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class SpaceOut(Out):
    id: int
    name: str
    methodology: Methodology
    description: str | None

    @classmethod
    def of(cls, s: Space) -> Self:
        return cls(id=s.id, name=s.name, methodology=s.methodology, description=s.description)


class ItemRef(Out):
    id: int
    title: str
    status: ItemStatus

    of = classmethod(lambda cls, i: cls(id=i.id, title=i.title, status=i.status))


class ItemOut(Out):
    id: int
    title: str
    description: str | None
    story_points: int | None
    priority: Priority
    status: ItemStatus

    @classmethod
    def of(cls, i: BacklogItem) -> Self:
        return cls(id=i.id, title=i.title, description=i.description, story_points=i.story_points,
                   priority=i.priority, status=i.status)


class ColumnRef(Out):
    id: int
    name: str

    of = classmethod(lambda cls, c: cls(id=c.id, name=c.name))


class ColumnOut(Out):
    id: int
    name: str
    position: int  # 1 for the first column: what people call it
    wip_limit: int | None

    @classmethod
    def of(cls, c: BoardColumn | ColumnView) -> Self:
        return cls(id=c.id, name=c.name, position=c.position + 1, wip_limit=c.wip_limit)


class CardOut(Out):
    id: int
    title: str
    backlog_item: dict[str, Any]
    story_points: int | None
    priority: Priority
    assignee: dict[str, Any] | None
    done: bool

    @classmethod
    def of(cls, c: Card) -> Self:
        return cls(id=c.id, title=c.title, backlog_item={"id": c.backlog_item_id, "title": c.item_title},
                   story_points=c.story_points, priority=c.priority,
                   assignee={"id": c.assignee_id, "name": c.assignee_name} if c.assignee_id else None, done=c.done)


class ColumnCardsOut(ColumnOut):
    task_count: int
    over_wip_limit: bool
    tasks: list[CardOut]

    @classmethod
    def of(cls, c: ColumnView, task_count: int | None = None) -> Self:
        """`task_count`: every task in the column, when `c` holds one page of them."""
        count = len(c.cards) if task_count is None else task_count
        return cls(id=c.id, name=c.name, position=c.position + 1, wip_limit=c.wip_limit, task_count=count,
                   over_wip_limit=c.wip_limit is not None and count > c.wip_limit, tasks=[CardOut.of(x) for x in c.cards])


class TaskOut(Out):
    id: int
    title: str
    column: ColumnRef
    backlog_item_id: int
    assignee_id: int | None
    done: bool

    @classmethod
    def of(cls, t: Task, in_column: BoardColumn) -> Self:
        return cls(id=t.id, title=t.title, column=ColumnRef.of(in_column), backlog_item_id=t.backlog_item_id,
                   assignee_id=t.assignee_id, done=t.done_at is not None)


class SprintRef(Out):
    id: int
    name: str
    status: SprintStatus

    of = classmethod(lambda cls, s: cls(id=s.id, name=s.name, status=s.status))


class SprintOut(Out):
    id: int
    name: str
    status: SprintStatus
    start_date: str
    end_date: str
    days: int
    goal: str | None
    committed_points: int | None
    completed_points: int | None

    @classmethod
    def of(cls, s: Sprint) -> Self:
        return cls(id=s.id, name=s.name, status=s.status, start_date=s.start_date.isoformat(),
                   end_date=s.end_date.isoformat(), days=(s.end_date - s.start_date).days, goal=s.goal,
                   committed_points=s.committed_points, completed_points=s.completed_points)


class MemberOut(Out):
    id: int
    name: str
    email: str
    role: str  # the Scrum role in a Scrum workspace, else OWNER or MEMBER
    is_owner: bool

    @classmethod
    def of(cls, m: Member, methodology: str) -> Self:
        if methodology == Methodology.SCRUM and m.scrum_role:
            role = str(m.scrum_role)
        else:
            role = "OWNER" if m.is_owner else "MEMBER"
        return cls(id=m.user_id, name=m.name, email=m.email, role=role, is_owner=m.is_owner)


class _Hit(Out):
    id: int
    title: str  # a column's, sprint's or member's name
    score: float  # 100 = the same name; 90+ = contains the words; lower = a near spelling


class ItemHit(_Hit):
    kind: Literal["item"] = "item"
    status: ItemStatus
    story_points: int | None
    priority: Priority


class PersonRef(Out):
    id: int
    name: str


class TaskHit(_Hit):
    kind: Literal["task"] = "task"
    column_id: int
    column_name: str
    backlog_item_id: int
    assignee: PersonRef | None
    done: bool


class ColumnHit(_Hit):
    kind: Literal["column"] = "column"
    position: int


class SprintHit(_Hit):
    kind: Literal["sprint"] = "sprint"
    status: SprintStatus


class MemberHit(_Hit):
    kind: Literal["member"] = "member"
    email: str


SearchHit = Annotated[ItemHit | TaskHit | ColumnHit | SprintHit | MemberHit, Field(discriminator="kind")]
_HITS = {cls.model_fields["kind"].default: cls for cls in (ItemHit, TaskHit, ColumnHit, SprintHit, MemberHit)}


class SearchOut(Out):
    results: list[SearchHit]
    total_count: int  # matches found (results holds the best `limit` of them)
    truncated: bool  # more matches exist than results shows

    @classmethod
    def of(cls, found: Found) -> Self:
        return cls(results=[_HITS[h.kind](id=h.id, title=h.title, score=h.score, **h.fields) for h in found.hits],
                   total_count=found.total_count, truncated=found.truncated)


# ---------------------------------------------------------------- listings, a page at a time


class Paged(Out):
    """What every listing ends with: how many rows match in all, and how to get the next page."""

    total_count: int  # rows matching the filters, on every page together
    next_cursor: str | None  # pass as `cursor` (with the same filters) for the next page; null = last page
    truncated: bool  # true while more pages follow

    @staticmethod
    def of_page(page: Page) -> dict[str, Any]:
        return {"total_count": page.total_count, "next_cursor": page.next_cursor, "truncated": page.truncated}


class BoardOut(Paged):
    space_id: int
    columns: list[ColumnCardsOut]  # every column; `tasks` holds this page's tasks, task_count all of them


class ColumnTasksOut(ColumnCardsOut, Paged):
    pass


class BacklogOut(Paged):
    space_id: int
    count: int  # the same as total_count
    total_points: int  # of every matching item
    items: list[ItemOut]


class SprintBacklogOut(Paged):
    sprint: SprintOut
    count: int  # the same as total_count
    total_points: int  # of the whole sprint
    done_points: int
    items: list[ItemOut]


class PlannedItemOut(ItemOut):
    sprint: SprintRef | None  # the open sprint the item is already in


class ProductBacklogOut(Paged):
    count: int  # the same as total_count
    unplanned_points: int  # of every matching item in no open sprint
    items: list[PlannedItemOut]


class SprintsOut(Paged):
    count: int  # the same as total_count
    sprints: list[SprintOut]


class SpaceSummaryOut(SpaceOut):
    is_current: bool
    is_owner: bool
    members: int
    backlog_items: int
    tasks: int
    active_sprint: SprintRef | None


class SpacesOut(Paged):
    count: int  # the same as total_count
    current_space_id: int | None
    spaces: list[SpaceSummaryOut]


class CountsOut(Out):
    members: int
    backlog_items: int
    tasks: int


class SpaceInfoOut(Paged):  # the paging fields count the members
    space: SpaceOut
    is_current: bool
    members: list[MemberOut]
    columns: list[ColumnOut]
    active_sprint: SprintOut | None
    counts: CountsOut


class BurndownDayOut(Out):
    day: str
    ideal: float
    remaining: float | None


class VelocitySprintOut(Out):
    id: int
    name: str
    committed: int | None
    completed: int | None


class VelocityOut(Out):
    average_last_three: float | None
    sprints: list[VelocitySprintOut]  # the last five completed


class SprintMetricsOut(Out):
    sprint: SprintOut
    burndown: list[BurndownDayOut]
    velocity: VelocityOut


# ---------------------------------------------------------------- what a write did


class Change(Out):
    from_: Any = Field(alias="from")
    to: Any


class PersonOut(Out):
    id: int
    name: str
    email: str


class SpaceCreatedOut(Out):
    message: str
    space: SpaceOut
    columns: list[ColumnOut]


class ItemCreatedOut(Out):
    message: str
    item: ItemOut
    space_id: int


class ItemUpdatedOut(Out):
    message: str
    changes: dict[str, Change]  # field -> {"from", "to"}; empty when nothing changed
    item: ItemOut


class TaskCreatedOut(Out):
    message: str
    task: TaskOut
    backlog_item: ItemRef


class TaskMovedOut(Out):
    message: str
    moved: bool
    from_column: ColumnRef
    to_column: ColumnRef
    task: TaskOut
    backlog_item: ItemRef


class TaskAssignedOut(Out):
    message: str
    changed: bool
    assignee: PersonOut
    task: TaskOut


class ColumnCreatedOut(Out):
    message: str
    column: ColumnOut
    columns: list[ColumnOut]


class SprintChangedOut(Out):
    message: str
    sprint: SprintOut


class SprintCompletedOut(Out):
    message: str
    sprint: SprintOut
    completed_count: int
    returned_count: int
    completed_items: list[ItemRef]  # the first LISTED of them
    returned_to_backlog: list[ItemRef]  # the first LISTED of them
    velocity: VelocityOut


class AddedToSprintOut(Out):
    message: str
    added: bool
    sprint: SprintOut
    item: ItemOut


# ---------------------------------------------------------------- the HTTP API's own shapes


class SpaceCountsOut(SpaceOut):
    member_count: int
    item_count: int
    task_count: int


class SpaceListOut(Out):
    spaces: list[SpaceCountsOut]


class ImportedSpaceOut(SpaceOut):
    warnings: list[str]
    invite: list[dict[str, str]]  # the exported workspace's members, to invite if wanted


class ActivityEntryOut(Out):
    id: int
    actor_id: int | None
    via: str
    action: str
    summary: str
    request_id: str | None
    at: str


class ActivityListOut(Out):
    activity: list[ActivityEntryOut]


class UndoneOut(Out):
    request_id: str
    reversed: list[str]


class VersionedItemOut(ItemOut):
    version: int  # pass as expected_version to refuse a change made meanwhile


class ItemListOut(Out):
    items: list[VersionedItemOut]


class BoardCardOut(Out):
    id: int
    title: str
    column_id: int
    rank: float
    version: int
    backlog_item_id: int
    item_title: str
    story_points: int | None
    priority: Priority
    assignee_id: int | None
    assignee_name: str | None
    done: bool


class BoardColumnOut(ColumnOut):
    task_count: int
    over_wip_limit: bool
    tasks: list[BoardCardOut]


class BoardColumnsOut(Out):
    columns: list[BoardColumnOut]


class VersionedTaskOut(TaskOut):
    version: int


class TaskMoveOut(VersionedTaskOut):
    changed: bool


class SprintListOut(Out):
    sprints: list[SprintOut]


class SprintReturnedOut(SprintOut):
    returned_items: list[ItemOut]


class SprintItemsOut(SprintOut):
    items: list[ItemOut]
    total_points: int
    done_points: int


class SprintItemAddedOut(Out):
    sprint: SprintOut
    item: ItemOut
    added: bool


class VelocityPointOut(Out):
    sprint_id: int
    name: str
    committed: int
    completed: int


class TeamVelocityOut(Out):
    sprints: list[VelocityPointOut]  # every completed sprint, oldest first
    average_last_three: float | None


class MetricsOut(Out):
    velocity: TeamVelocityOut
    burndown: list[BurndownDayOut]


# ---------------------------------------------------------------- comments and flow


class CommentAddedOut(Out):
    message: str
    comment: CommentView


class CommentsOut(Out):
    backlog_item_id: int
    author: str | None = None
    count: int
    comments: list[CommentView]


class ForecastOut(Forecast):
    message: str


class FlowMetricsOut(Out):
    cycle_time_days: Percentiles
    lead_time_days: Percentiles
    items_done: int
    throughput: list[WeekCount]
    aging_wip: list[AgingCard]


# ---------------------------------------------------------------- card, column and comment upkeep


class TaskRenamedOut(Out):
    message: str
    changed: bool
    task: TaskOut


class TaskDeletedOut(Out):
    message: str
    task_id: int
    title: str


class TaskReadOut(Out):
    task: TaskOut
    columns: list[ColumnOut]  # the board's columns in order


class ItemReadOut(ItemOut):
    pass


class TaskArchivedOut(Out):
    message: str
    archived: bool  # False: the card is back on the board
    task: TaskOut


class CardsArchivedOut(Out):
    message: str
    count: int
    task_ids: list[int]


class ColumnChangedOut(Out):
    message: str
    column: ColumnOut
    columns: list[ColumnOut]


class ColumnDeletedOut(Out):
    message: str
    column_id: int
    name: str
    moved_cards_to: ColumnRef | None
    columns: list[ColumnOut]


class CommentEditedOut(Out):
    message: str
    comment: CommentView


class CommentDeletedOut(Out):
    message: str
    comment_id: int
    backlog_item_id: int
