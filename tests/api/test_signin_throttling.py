"""Sign-in throttling over real HTTP: per client and per account+client, never an account lockout
from anywhere; known and unknown emails answer alike; a flood of sign-ins is turned away at once.

Two clients are two loopback source addresses (127.0.0.1 and 127.0.0.2), which the server sees
as request.client.host."""

from __future__ import annotations

import asyncio
import re
import statistics
import threading
import time
from collections import Counter

import httpx
import pytest

from apcs_app.services import auth as auth_service
from tests.api.conftest import DEMO_PASSWORD

SQLITE = pytest.mark.parametrize("demo_database", ["sqlite"], indirect=True)


@pytest.fixture(autouse=True)
def fresh_throttle():
    auth_service.reset_throttling()
    yield
    auth_service.reset_throttling()


@pytest.fixture
def other_client(api):
    """A second client, from another address."""
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(base_url=api.base_url, timeout=30, transport=transport) as client:
        yield client


def sign_in(client: httpx.Client, email: str, password: str) -> httpx.Response:
    return client.post("/api/auth/token", json={"email": email, "password": password})


def _fail(client, email: str, times: int) -> None:
    for _ in range(times):
        response = sign_in(client, email, "bad guess")
        assert response.status_code == 401, response.text


def test_an_attackers_failures_do_not_lock_the_owner_out(api, other_client):
    per_account = auth_service.ACCOUNT_CLIENT_LIMITS[0].amount
    _fail(api, "alice@example.com", per_account)
    throttled = sign_in(api, "alice@example.com", DEMO_PASSWORD)
    assert throttled.status_code == 429, throttled.text
    assert 1 <= int(throttled.headers["Retry-After"]) <= 60
    assert throttled.json()["error"] == "too_many_requests" and "try again in" in throttled.json()["detail"]
    # The owner, from her own client, signs in.
    mine = sign_in(other_client, "alice@example.com", DEMO_PASSWORD)
    assert mine.status_code == 200, mine.text


@SQLITE
def test_per_account_then_per_client_limits_answer_429_with_retry_after(api, other_client):
    per_account = auth_service.ACCOUNT_CLIENT_LIMITS[0].amount
    per_client = auth_service.CLIENT_LIMITS[0].amount
    _fail(api, "bob@example.com", per_account)
    assert sign_in(api, "bob@example.com", "bad guess").status_code == 429
    assert sign_in(api, "admin@example.com", DEMO_PASSWORD).status_code == 200  # other accounts: fine
    done, n = per_account, 0
    while done < per_client:
        batch = min(per_account, per_client - done)
        _fail(api, f"guess{n}@example.com", batch)
        done, n = done + batch, n + 1
    blocked = sign_in(api, "admin@example.com", DEMO_PASSWORD)  # now the whole client waits
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
    assert sign_in(other_client, "admin@example.com", DEMO_PASSWORD).status_code == 200


def _timed(client, email: str, password: str) -> tuple[int, str, float]:
    start = time.perf_counter()
    response = sign_in(client, email, password)
    elapsed = time.perf_counter() - start
    return response.status_code, re.sub(r"\d+", "N", response.json().get("detail", "")), elapsed


def _alike(known: list[tuple[int, str, float]], unknown: list[tuple[int, str, float]], slack: float = 0) -> None:
    """Same answers, and times within a factor of 3 (plus `slack` seconds, for answers quicker
    than a hash, whose few milliseconds are all noise)."""
    assert {(code, text) for code, text, _ in known} == {(code, text) for code, text, _ in unknown}
    k, u = statistics.median(t for *_, t in known), statistics.median(t for *_, t in unknown)
    assert max(k, u) < 3 * min(k, u) + slack, f"known {k * 1000:.0f} ms vs unknown {u * 1000:.0f} ms"


@SQLITE
def test_known_and_unknown_emails_answer_alike_and_in_the_same_time(api, other_client):
    tries = 3
    _timed(api, "ghost@example.com", "warm-up")  # the first hash of a process is slower
    auth_service.reset_throttling()
    # Wrong password vs unknown email.
    known = [_timed(api, "alice@example.com", "bad guess") for _ in range(tries)]
    unknown = [_timed(api, "ghost@example.com", "bad guess") for _ in range(tries)]
    assert {code for code, *_ in known} == {401}
    _alike(known, unknown)
    one_hash = statistics.median(t for *_, t in known)
    # Throttled: alike again, and neither spends a hash (a throttled client costs nothing).
    per_account = auth_service.ACCOUNT_CLIENT_LIMITS[0].amount
    _fail(other_client, "alice@example.com", per_account)
    _fail(other_client, "ghost@example.com", per_account)
    known = [_timed(other_client, "alice@example.com", "bad guess") for _ in range(tries)]
    unknown = [_timed(other_client, "ghost@example.com", "bad guess") for _ in range(tries)]
    assert {code for code, *_ in known} == {429}
    _alike(known, unknown, slack=one_hash / 2)


@SQLITE
def test_a_flood_of_sign_ins_is_turned_away_at_once_and_signed_in_requests_stay_quick(api, auth):
    """150 parallel sign-ins: the few the hashing bound allows go through, the rest are 429 at
    once (not queued behind the hashes), and a signed-in request meanwhile stays quick."""
    flood_size = 150
    baseline = statistics.median(_time_context(api, auth)[1] for _ in range(3))
    one_sign_in = statistics.median(_timed(api, "alice@example.com", DEMO_PASSWORD)[2] for _ in range(3))
    # Were the sign-ins queued behind the bound, the flood would take this long:
    queued = flood_size * one_sign_in / auth_service.HASH_SLOTS
    results: list[tuple[int, float, str | None]] = []

    async def flood() -> None:
        limits = httpx.Limits(max_connections=flood_size, max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=api.base_url, timeout=60, limits=limits) as client:
            async def one() -> None:
                start = time.perf_counter()
                response = await client.post("/api/auth/token", json={"email": "alice@example.com",
                                                                      "password": DEMO_PASSWORD})
                results.append((response.status_code, time.perf_counter() - start, response.headers.get("Retry-After")))
            await asyncio.wait_for(asyncio.gather(*(one() for _ in range(flood_size))), timeout=90)

    thread = threading.Thread(target=lambda: asyncio.run(flood()), daemon=True)
    started = time.perf_counter()
    thread.start()
    time.sleep(0.3)  # the flood is under way
    during = [_time_context(api, auth) for _ in range(3)]
    thread.join(timeout=120)
    assert not thread.is_alive(), "the flood did not finish in time"
    flood_time = time.perf_counter() - started

    assert all(code == 200 for code, _ in during)
    slowest = max(elapsed for _, elapsed in during)
    assert slowest < max(2.0, 20 * baseline), f"a signed-in request took {slowest:.2f} s during the flood"
    codes = Counter(code for code, *_ in results)
    assert set(codes) <= {200, 429} and codes[200] >= 1 and codes[429] >= flood_size // 2, codes
    busy = [(elapsed, retry) for code, elapsed, retry in results if code == 429]
    assert all(retry and int(retry) >= 1 for _, retry in busy)
    # "At once": well below the queue (the client's own 150 connections in this process cost
    # a second or two, so the bound is relative to what queueing would cost).
    assert flood_time < queued / 2, f"the flood took {flood_time:.1f} s; queued it would take {queued:.1f} s"
    assert statistics.median(elapsed for elapsed, _ in busy) < queued / 4


def _time_context(api, auth) -> tuple[int, float]:
    start = time.perf_counter()
    response = api.get("/api/context", headers=auth)
    return response.status_code, time.perf_counter() - start


def _client_from(api, address: str) -> httpx.Client:
    return httpx.Client(base_url=api.base_url, timeout=30, transport=httpx.HTTPTransport(local_address=address))


@SQLITE
def test_a_flood_from_one_client_leaves_hashing_room_for_everyone_else(api):
    """Six threads from one address guess passwords as fast as they can (first wrong, then
    throttled): every sign-in the owner makes meanwhile from her own address goes through. A
    throttled guess costs no hash, and one client holds at most its share of the hashing slots."""
    stop = threading.Event()
    answers: Counter = Counter()

    def attacker(n: int) -> None:
        with _client_from(api, "127.0.0.2") as client:
            k = 0
            while not stop.is_set():
                answers[sign_in(client, f"guess{n}-{k}@example.com", "bad guess").status_code] += 1
                k += 1

    threads = [threading.Thread(target=attacker, args=(n,), daemon=True) for n in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    mine = []
    with _client_from(api, "127.0.0.3") as owner:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            mine.append(sign_in(owner, "alice@example.com", DEMO_PASSWORD).status_code)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert answers[401] >= 1 and answers[429] >= 1, answers  # the flood ran, and was throttled
    assert mine and set(mine) == {200}, Counter(mine)
