from apcs_app import db, seed
from apcs_app.services import auth, board, metrics, spaces, sprints
from apcs_app.services.access import Actor
from tests import dbstate


def test_demo_data_is_loaded_once_with_history(empty_database):
    assert seed.seed_demo() is True
    before = dbstate.dump()
    assert seed.seed_demo() is False and dbstate.dump() == before
    alice = Actor(auth.sign_in("alice@example.com", seed.DEMO_PASSWORD, "127.0.0.1").id)
    bob = Actor(auth.sign_in("bob@example.com", seed.DEMO_PASSWORD, "127.0.0.1").id)
    with db.transaction() as s:
        mine = {x.space.name: x for x in spaces.list_user_spaces(s, bob)}
        assert set(mine) == {"Project Phoenix", "Support Desk"}
        phoenix, desk = mine["Project Phoenix"].space, mine["Support Desk"].space
        assert phoenix.owner_id == desk.owner_id == alice.user_id
        assert sprints.get_sprint(s, alice, phoenix.id, None).status == "ACTIVE"
        remaining = [d.remaining for d in metrics.burndown(s, alice, phoenix.id) if d.remaining is not None]
        assert len(remaining) >= 5 and remaining[0] > remaining[-1], "the burndown shows progress"
        assert metrics.velocity(s, alice, phoenix.id).average_last_three
        wip = [c for c in board.get_board(s, alice, desk.id) if c.wip_limit]
        assert wip and len(wip[0].cards) <= wip[0].wip_limit


def test_demo_history_carries_the_times_it_describes(empty_database):
    """The activity says when each thing happened (weeks of it), so the flow charts have history."""
    import datetime as dt

    from sqlmodel import select

    from apcs_app.domain import Activity
    from apcs_app.services import flow

    today = dt.date(2026, 11, 20)
    seed.seed_demo(today)
    alice = Actor(auth.sign_in("alice@example.com", seed.DEMO_PASSWORD, "127.0.0.1").id)
    now = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
    with db.transaction() as s:
        days = {row.created_at.date() for row in s.exec(select(Activity))}
        assert min(days) == today - dt.timedelta(days=30) and len(days) >= 15
        phoenix = next(x.space for x in spaces.list_user_spaces(s, alice) if x.space.name == "Project Phoenix")
        times = flow.cycle_times(s, alice, phoenix.id, now=now)
        # Sprint 1: started on days 1 and 2, done on days 4 and 9; Sprint 2: a day each.
        assert sorted(i.cycle_days for i in times.items) == [1.2, 1.2, 1.2, 3.2, 7.2]
        # done 27 Oct and 1 Nov (week of 26 Oct), 15 Nov (week of 9 Nov), 17 and 19 Nov (this week)
        assert [w.count for w in flow.throughput(s, alice, phoenix.id, weeks=5, now=now)] == [0, 2, 0, 1, 2]
