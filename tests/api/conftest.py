from __future__ import annotations

import httpx
import pytest

from apcs_app.api.app import create_api
from tests.servers import serve

DEMO_PASSWORD = "apcs-demo"


@pytest.fixture
def api(demo_database):
    """The real API app served by uvicorn on 127.0.0.1, over a fresh copy of the demo data."""
    with serve(create_api()) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


@pytest.fixture
def token(api) -> str:
    response = api.post("/api/auth/token", json={"email": "alice@example.com", "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@pytest.fixture
def auth(token) -> dict:
    return {"Authorization": f"Bearer {token}"}
