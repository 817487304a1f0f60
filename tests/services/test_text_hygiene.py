"""Every text field a user writes is cleaned the same way (validate.text): NUL and other
control characters go, bidi override/embedding/isolate controls go, text made only of
invisible characters counts as empty, and ordinary international text stays exactly as typed."""

from __future__ import annotations

import datetime as dt

import pytest

from apcs_app import db
from apcs_app.domain import BacklogItem, BoardColumn, InvalidError, Space, Sprint, Task, User
from apcs_app.services import auth, backlog, board, spaces, sprints, validate
from tests.services.conftest import call, item_in

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE_ONLY = ["\u200b", "\u200b\u200c\u200d", "\ufeff", " \u2060 \u00a0 ", "\u200e\u200f", "\u202e\u202c", "\x00",
                  "\u3164", "\u2800\u2800"]
INTERNATIONAL = [
    "Café naïve façade",
    "日本語のタイトル",
    "عنوان عربي",
    "כותרת בעברית",
    "Mixed עברית and English",
    "Deploy 🚀 to prod 👩‍💻 🇫🇷",
    "Ünïcödé ß Æ ø Ł",
    "فارسی\u200cنویسی",  # ZWNJ is part of Persian spelling: kept
]


def _stored(model, row_id: int, field: str):
    with db.transaction() as s:
        return getattr(s.get(model, row_id), field)


# Each field: field(ctx) prepares what the write needs, then returns write(value) -> the value
# as stored (read back from the database).
def item_title(ctx):
    return lambda v: _stored(BacklogItem, call(backlog.create_item, ctx.alice, ctx.kanban.id, v).id, "title")


def item_title_update(ctx):
    item = item_in(ctx.alice, ctx.kanban)
    return lambda v: _stored(BacklogItem, call(backlog.update_item, ctx.alice, item.id, {"title": v}).id, "title")


def item_description(ctx):
    return lambda v: _stored(BacklogItem, call(backlog.create_item, ctx.alice, ctx.kanban.id, "T", v).id, "description")


def item_description_update(ctx):
    item = item_in(ctx.alice, ctx.kanban)
    return lambda v: _stored(BacklogItem, call(backlog.update_item, ctx.alice, item.id, {"description": v}).id,
                             "description")


def task_title(ctx):
    task = call(board.create_task, ctx.alice, item_in(ctx.alice, ctx.kanban, "Item").id)
    return lambda v: _stored(Task, call(board.update_task, ctx.alice, task.id, v).id, "title")


def task_title_create(ctx):
    item = item_in(ctx.alice, ctx.kanban, "Item")
    return lambda v: _stored(Task, call(board.create_task, ctx.alice, item.id, None, v).id, "title")


def column_name(ctx):
    return lambda v: _stored(BoardColumn, call(board.create_column, ctx.alice, ctx.kanban.id, v).id, "name")


def column_name_update(ctx):
    return lambda v: _stored(BoardColumn, call(board.update_column, ctx.alice, ctx.cols[1].id, name=v).id, "name")


def space_name(ctx):
    return lambda v: _stored(Space, call(spaces.create_space, ctx.alice, v, "KANBAN").id, "name")


def space_name_update(ctx):
    return lambda v: _stored(Space, call(spaces.update_space, ctx.alice, ctx.kanban.id, name=v).id, "name")


def space_description(ctx):
    return lambda v: _stored(Space, call(spaces.create_space, ctx.alice, "W", "KANBAN", v).id, "description")


def space_description_update(ctx):
    return lambda v: _stored(Space, call(spaces.update_space, ctx.alice, ctx.kanban.id, description=v).id,
                             "description")


def _sprint(ctx, name, goal=None):
    start = dt.date(2030, 1, 6)
    return call(sprints.create_sprint, ctx.alice, ctx.scrum.id, name, start, start + dt.timedelta(days=14), goal)


def sprint_name(ctx):
    return lambda v: _stored(Sprint, _sprint(ctx, v).id, "name")


def sprint_goal(ctx):
    return lambda v: _stored(Sprint, _sprint(ctx, "S", v).id, "goal")


def user_name(ctx):
    def write(v):
        with db.transaction() as s:
            user = auth.create_user(s, v, "new.user@example.com", "correct horse battery")
        return _stored(User, user.id, "name")

    return write


REQUIRED = [item_title, item_title_update, task_title, column_name, column_name_update, space_name,
            space_name_update, user_name]
OPTIONAL = [item_description, item_description_update, space_description, space_description_update, sprint_goal]
SHORT = REQUIRED + [task_title_create, sprint_name]
ALL = SHORT + OPTIONAL


class Ctx:
    def __init__(self, alice, kanban, cols, scrum):
        self.alice, self.kanban, self.cols, self.scrum = alice, kanban, cols, scrum


@pytest.fixture
def ctx(alice, kanban, cols, scrum):
    return Ctx(alice, kanban, cols, scrum)


def ids(fns):
    return [f.__name__ for f in fns]


@pytest.mark.parametrize("write", ALL, ids=ids(ALL))
def test_nul_and_control_characters_are_stripped(ctx, write):
    assert write(ctx)("Fix\x00 lo\x00gin\x1b[31m now\x7f\x9b") == "Fix login[31m now"


@pytest.mark.parametrize("write", ALL, ids=ids(ALL))
def test_bidi_overrides_embeddings_and_isolates_are_removed(ctx, write):
    stored = write(ctx)("Pay \u202einvoice\u202c \u2066#12\u2069 \u202bnow\u202c")
    assert stored == "Pay invoice #12 now"
    assert not set(stored) & set(BIDI)


@pytest.mark.parametrize("write", REQUIRED, ids=ids(REQUIRED))
@pytest.mark.parametrize("value", INVISIBLE_ONLY, ids=lambda v: v.encode("unicode_escape").decode())
def test_invisible_only_text_is_refused_as_empty(ctx, write, value, unchanged):
    write = write(ctx)
    with unchanged(InvalidError, "cannot be empty"):
        write(value)


@pytest.mark.parametrize("write", OPTIONAL, ids=ids(OPTIONAL))
def test_invisible_only_optional_text_is_stored_as_nothing(ctx, write):
    assert write(ctx)("\u200b\ufeff\u202e \u2060\x00") is None


def test_an_invisible_only_sprint_name_gets_the_default_name_like_a_blank_one(ctx):
    assert sprint_name(ctx)("\u200b\u202e") == "Sprint 1"


def test_an_invisible_only_task_title_reuses_the_item_title_like_a_blank_one(ctx):
    assert task_title_create(ctx)("\u200b\u2060") == "Item"


@pytest.mark.parametrize("write", ALL, ids=ids(ALL))
@pytest.mark.parametrize("value", INTERNATIONAL)
def test_international_text_is_kept_exactly(ctx, write, value):
    assert write(ctx)(value) == value


@pytest.mark.parametrize("write", ALL, ids=ids(ALL))
def test_text_is_normalised_to_nfc(ctx, write):
    assert write(ctx)("Cafe\u0301 Zu\u0308rich") == "Café Zürich"


@pytest.mark.parametrize("write", OPTIONAL, ids=ids(OPTIONAL))
def test_long_text_keeps_newlines_and_tabs(ctx, write):
    assert write(ctx)("Steps:\r\n\t1. open\x00\n\t2. click\u202e") == "Steps:\n\t1. open\n\t2. click"


def test_zero_width_characters_at_the_edges_are_trimmed(ctx):
    assert item_title(ctx)("\u200b\ufeffFix login\u200b\u2060") == "Fix login"


def test_a_bom_or_zero_width_space_cannot_make_a_lookalike_column_name(ctx, unchanged):
    from apcs_app.domain import ConflictError

    write = column_name(ctx)
    with unchanged(ConflictError, "already has a column"):
        write("\ufeffTo\u200b Do")


# ---------------------------------------------------------------- validate.text itself


@pytest.mark.parametrize("value", ["\ud800", "a\udfffb"])
def test_lone_surrogates_are_removed(value):
    assert validate.text(value, "Title", max_len=200, required=False) in (None, "ab")


def test_tag_characters_are_removed_but_flag_sequences_stay():
    scotland = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    hidden = "Title\U000e0069\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065"  # "ignore" smuggled in tags
    assert validate.text(f"Go {scotland}", "Title", max_len=200) == f"Go {scotland}"
    assert validate.text(hidden, "Title", max_len=200) == "Title"


def test_messages_quote_lengths_or_a_short_prefix_never_the_whole_input():
    huge = "x" * 100_000
    for check in (lambda: validate.text(huge, "Title", max_len=200),
                  lambda: validate.story_points(huge),
                  lambda: validate.positive_int(huge, "Position"),
                  lambda: validate.date(huge, "Start date")):
        with pytest.raises(InvalidError) as info:
            check()
        assert len(info.value.message) < 400, info.value.message[:100]


@pytest.mark.parametrize("value", [10**20, 2**63, 10**30, -(10**30)])
def test_positive_int_is_bounded(value):
    with pytest.raises(InvalidError, match="at (most|least)"):
        validate.positive_int(value, "WIP limit", minimum=0)


def test_huge_story_points_are_refused_with_a_short_message():
    with pytest.raises(InvalidError, match="Fibonacci") as info:
        validate.story_points(10**30)
    assert len(info.value.message) < 300


# ---------------------------------------------------------------- references by name or id


@pytest.mark.parametrize("ref", ["²", "٣", "9" * 5000, "x" * 100_000, "\u202eksed\u202c" * 1000, "#" + "1" * 40])
def test_looking_up_by_name_or_id_never_crashes_nor_echoes_a_huge_reference(ctx, ref):
    from apcs_app.domain import DomainError
    from apcs_app.services import members

    for lookup in (lambda: call(spaces.resolve_space, ctx.alice, ref),
                   lambda: call(members.resolve_member, ctx.alice, ctx.kanban.id, ref)):
        with pytest.raises(DomainError) as info:
            lookup()
        assert len(info.value.message) < 400 and "\u202e" not in info.value.message, info.value.message[:100]
