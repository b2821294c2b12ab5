"""Etsy's rate limits (per second, then a sliding day), their headers, and injected faults."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping

import aiohttp
import pytest
import pytest_asyncio
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.etsy import EtsySandboxConfig
from indigo_sandbox.etsy.config import REMAINING_THIS_SECOND_MISSPELT
from indigo_sandbox.etsy.limits import RateLimiter
from indigo_sandbox.testing import RunningSandbox, running_sandbox

API_KEY = {"x-api-key": "indigo-sandbox-etsy-key:indigo-sandbox-etsy-secret"}
HOUR = 3600.0


class FakeTime:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def limiter(time: FakeTime, *, per_second: int = 3, per_day: int = 10) -> RateLimiter:
    return RateLimiter(
        per_second=per_second,
        per_day=per_day,
        remaining_this_second_header="x-remaining-this-second",
        now=time,
    )


def test_each_second_allows_its_quota_then_429s_for_a_second() -> None:
    time = FakeTime(1_000_000.2)
    limits = limiter(time)
    admitted = [limits.admit("key") for _ in range(4)]
    assert [a.allowed for a in admitted] == [True, True, True, False]
    assert [a.headers["x-remaining-this-second"] for a in admitted] == ["2", "1", "0", "0"]
    assert admitted[3].retry_after == 1 and admitted[3].headers["retry-after"] == "1"
    # The refused request was not counted against the day.
    assert admitted[3].headers["x-remaining-today"] == "7"
    time.now += 0.8  # the next second
    again = limits.admit("key")
    assert again.allowed and again.headers["x-remaining-this-second"] == "2"
    assert limits.admit("other key").headers["x-remaining-today"] == "9"


def test_a_spent_day_frees_up_as_its_oldest_hour_leaves_the_24_hour_window() -> None:
    time = FakeTime(100 * 24 * HOUR + 10 * 60)  # ten minutes into an hour
    limits = limiter(time)
    for _ in range(4):
        assert limits.admit("key").allowed
        time.now += HOUR
    for _ in range(6):
        assert limits.admit("key").allowed
        time.now += 1
    refused = limits.admit("key")
    assert not refused.allowed and refused.headers["x-remaining-today"] == "0"
    # The first request's hour leaves the window 24 hours after that hour ended.
    assert refused.retry_after == round(24 * HOUR + 50 * 60 - 4 * HOUR - 6)
    time.now += refused.retry_after
    freed = limits.admit("key")
    assert freed.allowed and freed.headers["x-remaining-today"] == "0"
    assert not limits.admit("key").allowed


def test_spending_the_day_leaves_nothing() -> None:
    limits = limiter(FakeTime(5_000_000.0))
    limits.admit("key")
    limits.spend_today("key")
    assert limits.remaining_today("key") == 0
    assert not limits.admit("key").allowed


@pytest_asyncio.fixture
async def sandbox() -> AsyncIterator[RunningSandbox]:
    config = EtsySandboxConfig(catalogue_size=50, limit_per_second=5, limit_per_day=12)
    async with running_sandbox(ebay=EbaySandboxConfig(catalogue_size=10), etsy=config) as running:
        yield running


async def ping(
    session: aiohttp.ClientSession, sandbox: RunningSandbox, headers: Mapping[str, str] = API_KEY
) -> tuple[int, Mapping[str, str]]:
    async with session.get(
        f"{sandbox.etsy_url}/v3/application/openapi-ping", headers=headers
    ) as response:
        await response.read()
        return response.status, response.headers


async def test_answers_to_a_valid_key_carry_the_rate_limit_headers(
    sandbox: RunningSandbox,
) -> None:
    async with aiohttp.ClientSession() as session:
        status, headers = await ping(session, sandbox)
        assert status == 200
        assert headers["x-limit-per-second"] == "5" and headers["x-limit-per-day"] == "12"
        assert headers["x-remaining-today"] == "11"
        assert int(headers["x-remaining-this-second"]) <= 4
        async with session.get(
            f"{sandbox.etsy_url}/v3/application/listings/1", headers=API_KEY
        ) as response:
            assert response.status == 404 and response.headers["x-remaining-today"] == "10"
        # A refused key has no quota to report.
        status, headers = await ping(session, sandbox, {"x-api-key": "indigo-sandbox-etsy-key"})
        assert status == 403 and "x-remaining-today" not in headers


async def test_bursts_get_429_with_retry_after_and_the_day_runs_out(
    sandbox: RunningSandbox,
) -> None:
    async with aiohttp.ClientSession() as session:
        burst = [await ping(session, sandbox) for _ in range(12)]
        refused = [headers for status, headers in burst if status == 429]
        assert refused and all(headers["retry-after"] == "1" for headers in refused)
        admitted = 12 - len(refused)
        for _ in range(40):  # a few a second, until the day is spent
            await asyncio.sleep(0.25)
            status, headers = await ping(session, sandbox)
            admitted += status == 200
            if status == 429 and headers["x-remaining-today"] == "0":
                break
        assert admitted == 12
        assert int(headers["retry-after"]) > 22 * 3600
        stats = await sandbox.stats(marketplace="etsy")
    assert stats["remaining_today"] == 0 and stats["requests"]["ping"]["200"] == 12


async def test_spend_quota_uses_up_the_day_at_once(sandbox: RunningSandbox) -> None:
    await sandbox.inject_fault({"kind": "spend_quota"}, marketplace="etsy")
    async with aiohttp.ClientSession() as session:
        status, headers = await ping(session, sandbox)
    assert status == 429 and headers["x-remaining-today"] == "0"


async def test_injected_faults_hit_the_endpoint_they_name(sandbox: RunningSandbox) -> None:
    await sandbox.inject_fault(
        {"kind": "rate_limit", "count": 1, "retry_after": 3, "path": "active"}, marketplace="etsy"
    )
    await sandbox.inject_fault({"kind": "server_error", "path": "active"}, marketplace="etsy")
    with pytest.raises(ValueError, match="path must be one of ping, active, batch, listing"):
        await sandbox.inject_fault({"kind": "server_error", "path": "search"}, marketplace="etsy")
    async with aiohttp.ClientSession() as session:
        assert (await ping(session, sandbox))[0] == 200
        answers = []
        for _ in range(3):
            async with session.get(
                f"{sandbox.etsy_url}/v3/application/listings/active", headers=API_KEY
            ) as response:
                answers.append(
                    (response.status, response.headers.get("retry-after"), await response.json())
                )
    assert answers[0][:2] == (429, "3") and list(answers[0][2]) == ["error"]
    assert answers[1][0] == 500 and list(answers[1][2]) == ["error"]
    assert answers[2][0] == 200
    stats = await sandbox.stats(marketplace="etsy")
    assert stats["requests"]["active"] == {"200": 1, "429": 1, "500": 1}
    assert stats["faults_pending"] == []


async def test_the_remaining_header_can_take_etsys_current_spelling() -> None:
    config = EtsySandboxConfig(
        catalogue_size=20, remaining_this_second_header=REMAINING_THIS_SECOND_MISSPELT
    )
    async with (
        running_sandbox(ebay=EbaySandboxConfig(catalogue_size=10), etsy=config) as sandbox,
        aiohttp.ClientSession() as session,
    ):
        status, headers = await ping(session, sandbox)
    assert status == 200
    assert headers["x-remaining-this-secon"] == "9" and "x-remaining-this-second" not in headers
