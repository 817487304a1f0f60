from __future__ import annotations

from dataclasses import dataclass

import pytest

from apcs_app.domain import Via
from apcs_app.services.access import Actor
from tests.agents.support import space_id, user_id


@dataclass
class Demo:
    """The demo data as the agents meet it: Alice in her default workspace, Project Phoenix."""

    alice: Actor
    bob: Actor
    phoenix: int
    desk: int
    members: dict[str, int]


@pytest.fixture
def demo(demo_database) -> Demo:
    alice, bob = user_id("alice@example.com"), user_id("bob@example.com")
    return Demo(Actor(alice, Via.UI), Actor(bob, Via.UI), space_id("Project Phoenix"), space_id("Support Desk"),
                {"alice": alice, "bob": bob})
