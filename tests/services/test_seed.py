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
