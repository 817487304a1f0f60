"""Any request to any HTTP endpoint gets a success or a clear 4xx — never a 500, never a stack
trace, never a partial write (the whole database is compared after every refused request)."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apcs_app import seed
from apcs_app.api.app import create_api
from tests import dbstate
from tests.properties.schema_strategies import IDS, NOISE, for_schema
from tests.servers import serve_api

EXAMPLES_PER_ENDPOINT = 12
OPENAPI = create_api().openapi()
COMPONENTS = OPENAPI.get("components", {}).get("schemas", {})
ENDPOINTS = [(method.upper(), path, spec) for path, ops in OPENAPI["paths"].items()
             for method, spec in ops.items() if not path.startswith("/mcp")]


def request_strategy(path: str, spec: dict) -> st.SearchStrategy:
    params = spec.get("parameters", [])
    path_args = st.fixed_dictionaries({p["name"]: (IDS if p["schema"].get("type") == "integer" else st.text(max_size=20))
                                       for p in params if p["in"] == "path"})
    query = st.fixed_dictionaries({}, optional={p["name"]: st.one_of(for_schema(p["schema"], COMPONENTS, p["name"]), NOISE)
                                                for p in params if p["in"] == "query"})
    body_schema = spec.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    body = st.one_of(for_schema(body_schema, COMPONENTS), NOISE) if body_schema else st.none()
    return st.tuples(path_args, query, body)


@pytest.fixture(scope="module")
def served():
    with serve_api() as url:
        yield url


@pytest.mark.parametrize("method,path,spec", ENDPOINTS, ids=[f"{m} {p}" for m, p, _ in ENDPOINTS])
@pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)
def test_any_request_gets_success_or_a_clear_client_error(served, demo_database, method, path, spec):
    with httpx.Client(base_url=served, timeout=60) as client:
        token = client.post("/api/auth/token", json={"email": "alice@example.com", "password": seed.DEMO_PASSWORD})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}

        @settings(max_examples=EXAMPLES_PER_ENDPOINT, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(request_strategy(path, spec))
        def check(request):
            path_args, query, body = request
            url = path.format(**{k: quote(str(v), safe="") for k, v in path_args.items()})
            query = {k: v for k, v in query.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
            before = dbstate.dump()
            response = client.request(method, url, params=query, json=body, headers=headers)
            assert response.status_code < 500, f"{method} {url} {body!r} -> {response.status_code} {response.text[:300]}"
            assert "Traceback" not in response.text
            if response.status_code >= 400:
                assert dbstate.dump() == before, f"{method} {url} was refused but changed the database"
                assert response.json().get("detail"), "an error says what was wrong"

        check()
