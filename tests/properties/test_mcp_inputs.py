"""Any arguments to any MCP tool get a result or a clear tool error — never a crash, never a
generic "Error executing tool", never a partial write."""

from __future__ import annotations

import json

import anyio
import pytest
from anyio.from_thread import start_blocking_portal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apcs_app import db
from apcs_app.domain import Via
from apcs_app.mcp import SERVER_NAMES
from apcs_app.mcp.inprocess import connect
from apcs_app.services import auth, spaces
from apcs_app.services.access import Actor
from tests import dbstate
from tests.properties.schema_strategies import object_args

EXAMPLES = 60


@pytest.fixture(params=SERVER_NAMES)
def mcp_session(request, demo_database):
    with db.transaction() as s:
        alice = Actor(auth.find_user(s, "alice@example.com").id, Via.AGENT, "fuzz")
        space_id = spaces.resolve_space(s, alice, "Project Phoenix").id
    with start_blocking_portal() as portal:
        with portal.wrap_async_context_manager(connect(request.param, alice, space_id)) as session:
            tools = portal.call(session.list_tools).tools
            yield portal, session, tools


def test_any_arguments_get_a_result_or_a_clear_error(mcp_session):
    portal, session, tools = mcp_session
    strategies = st.one_of(*(st.tuples(st.just(t.name), object_args(t.input_schema)) for t in tools))

    @settings(max_examples=EXAMPLES * len(tools) // 3, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(strategies)
    def check(call):
        name, args = call
        before = dbstate.dump()
        result = portal.call(session.call_tool, name, args)
        text = " ".join(getattr(c, "text", "") for c in result.content)
        assert "Traceback" not in text
        if result.is_error:
            assert text.strip() != f"Error executing tool {name}", f"unexplained failure of {name}({args})"
            assert dbstate.dump() == before, f"{name}({args}) failed but changed the database"
        else:
            json.loads(result.content[0].text)

    check()
    anyio  # the portal runs the session on its own event loop
