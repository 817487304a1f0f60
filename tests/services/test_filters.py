"""Find and filter: the cards and items a view's filters ask for, searched in the database."""

import datetime as dt

import pytest

from apcs_app.domain import InvalidError
from apcs_app.services import board, filters, sprints
from tests.services.conftest import call, item_in


def shown(alice, space, **given):
    flt = filters.parse_filter(alice, **given)
    return {c.name: [card.title for card in c.cards] for c in call(board.find_cards, alice, space.id, flt)}


@pytest.fixture
def desk(alice, bob, kanban, cols):
    csv = item_in(alice, kanban, "CSV export", priority="HIGH")
    login = item_in(alice, kanban, "Login page", priority="LOW")
    first = call(board.create_task, alice, csv.id, None, "Export 100% of rows")
    second = call(board.create_task, alice, login.id, cols[1].id)
    call(board.create_task, alice, login.id, cols[2].id, "Ship the login_page")
    call(board.assign_task, alice, first.id, alice.user_id)
    call(board.assign_task, alice, second.id, bob.user_id)
    return kanban


def test_mine_shows_only_my_cards_in_every_column(alice, bob, desk):
    assert shown(alice, desk, assignee="mine") == {"To Do": ["Export 100% of rows"], "In Progress": [], "Done": []}
    assert shown(bob, desk, assignee="Mine") == {"To Do": [], "In Progress": ["Login page"], "Done": []}


def test_words_match_the_task_or_its_item_title_case_blind_and_literally(alice, desk):
    assert shown(alice, desk, words="csv ROWS") == {"To Do": ["Export 100% of rows"], "In Progress": [], "Done": []}
    assert shown(alice, desk, words="login") == {"To Do": [], "In Progress": ["Login page"],
                                                  "Done": ["Ship the login_page"]}
    # % and _ are letters here, not LIKE wildcards.
    assert shown(alice, desk, words="0%")["To Do"] == ["Export 100% of rows"]
    assert shown(alice, desk, words="n_p") == {"To Do": [], "In Progress": [], "Done": ["Ship the login_page"]}


def test_priority_and_status_filter_by_the_item(alice, desk):
    assert shown(alice, desk, priority="high") == {"To Do": ["Export 100% of rows"], "In Progress": [], "Done": []}
    assert shown(alice, desk, status="in progress", priority="LOW")["In Progress"] == ["Login page"]


def test_sprint_filter_and_backlog_items(alice, bob, scrum):
    item = item_in(alice, scrum, "In the sprint")
    item_in(alice, scrum, "Not planned")
    sprint = call(sprints.create_sprint, alice, scrum.id, "S1", dt.date(2027, 1, 4), dt.date(2027, 1, 18))
    call(sprints.add_to_sprint, alice, scrum.id, item.id, sprint.id)
    task = call(board.create_task, alice, item.id)
    flt = filters.parse_filter(alice, sprint=str(sprint.id))
    assert [i.title for i in call(filters.find_items, alice, scrum.id, flt)] == ["In the sprint"]
    call(board.assign_task, alice, task.id, bob.user_id)
    mine = filters.parse_filter(bob, assignee="mine", words="sprint")
    assert [i.title for i in call(filters.find_items, bob, scrum.id, mine)] == ["In the sprint"]
    assert call(filters.find_items, alice, scrum.id, filters.parse_filter(alice, assignee="mine")) == []


@pytest.mark.parametrize("given, message", [
    ({"priority": "urgent"}, "Priority"),
    ({"status": "<b>"}, "Status"),
    ({"words": " ".join(f"w{i}" for i in range(9))}, "at most 8 words"),
    ({"words": "x" * 201}, "limit is 200"),
    ({"assignee": "-3"}, "Assignee"),
    ({"sprint": "abc"}, "Sprint"),
])
def test_a_bad_filter_is_a_clear_refusal(alice, given, message):
    with pytest.raises(InvalidError, match=message):
        filters.parse_filter(alice, **given)


def test_a_filter_matching_most_of_a_big_column_reads_one_page_of_it_and_counts_the_rest(alice, kanban, cols):
    for n in range(130):
        item = item_in(alice, kanban, f"Report {n:03}" if n % 10 else f"Other {n:03}")
        call(board.create_task, alice, item.id)
    done = [call(board.create_task, alice, item_in(alice, kanban, f"Report done {n}").id, cols[-1].id)
            for n in range(3)]
    flt = filters.parse_filter(alice, words="report")
    first = {c.name: c for c in call(board.find_cards, alice, kanban.id, flt, per_column=50)}
    todo = first["To Do"]
    assert (len(todo.cards), todo.count, todo.has_more) == (50, 117, True)
    assert [c.title for c in todo.cards] == [f"Report {n:03}" for n in range(130) if n % 10][:50]  # rank order
    # The done column as on the board: most recently done first.
    assert [c.id for c in first["Done"].cards] == [t.id for t in reversed(done)]
    assert (first["In Progress"].count, first["In Progress"].cards) == (0, [])
    more = {c.name: c for c in call(board.find_cards, alice, kanban.id, flt, per_column=50,
                                    limits={todo.id: 100})}
    assert len(more["To Do"].cards) == 100 and more["To Do"].count == 117
    assert [c.title for c in more["To Do"].cards[:50]] == [c.title for c in todo.cards]
    unpaged = {c.name: c for c in call(board.find_cards, alice, kanban.id, flt)}
    assert len(unpaged["To Do"].cards) == 117


def test_a_filtered_backlog_comes_a_page_at_a_time_with_the_count_of_all_matches(alice, kanban):
    for n in range(25):
        item_in(alice, kanban, f"Invoice {n:02}" if n % 5 else f"Receipt {n:02}")
    flt = filters.parse_filter(alice, words="invoice")
    first, total = call(filters.find_items_page, alice, kanban.id, flt, 8)
    assert total == 20 and [i.title for i in first] == [f"Invoice {n:02}" for n in range(25) if n % 5][:8]
    more, _ = call(filters.find_items_page, alice, kanban.id, flt, 16)
    assert [i.id for i in more[:8]] == [i.id for i in first] and len(more) == 16
    assert len(call(filters.find_items, alice, kanban.id, flt)) == total
