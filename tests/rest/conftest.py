from __future__ import annotations

import httpx
import pytest

from apcs_app import seed
from apcs_app.api.app import create_api
from tests.servers import serve


@pytest.fixture
def client(demo_database):
    """The real API served by uvicorn on 127.0.0.1 over a fresh copy of the demo data."""
    with serve(create_api()) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield http


def bearer(client: httpx.Client, email: str) -> dict[str, str]:
    response = client.post("/api/auth/token", json={"email": email, "password": seed.DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def alice(client):
    return bearer(client, "alice@example.com")


@pytest.fixture
def admin(client):
    return bearer(client, "admin@example.com")
