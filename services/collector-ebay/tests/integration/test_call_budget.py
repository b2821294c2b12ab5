"""eBay's daily call budget, counted in NATS KV by every replica: calls stop at the ceiling and
the sync ends `completed` saying so (real NATS, the sandbox's eBay)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import aiohttp
import pytest
from indigo_collector_ebay.adapters.call_budget import BUCKET, DailyCallBudget
from indigo_collector_ebay.adapters.client import BrowseClient
from indigo_collector_ebay.adapters.errors import EbayCallBudgetSpent
from indigo_collector_ebay.handlers import fetch_pages
from indigo_sandbox.testing import running_sandbox
from indigo_shared.collecting import run_sync
from indigo_shared.events import SyncRequested
from indigo_shared.money import DEFAULT_USD_RATES
from nats.js.errors import NotFoundError
from prometheus_client import REGISTRY


@pytest.fixture
async def js(jetstream):
    try:
        await jetstream.delete_key_value(BUCKET)
    except NotFoundError:
        pass
    return jetstream


def browse(session, sandbox, budget) -> BrowseClient:
    return BrowseClient(
        session,
        base_url=sandbox.ebay_url,
        client_id="indigo-sandbox-client",
        client_secret="indigo-sandbox-secret",
        call_budget=budget,
    )


async def test_calls_stop_at_the_ceiling_and_the_job_says_partial_results(js, publisher):
    request = SyncRequested(platform="ebay", keywords="jeans", limit=100)
    async with running_sandbox() as sandbox, aiohttp.ClientSession() as session:
        budget = await DailyCallBudget.open(js, limit=3)
        client = browse(session, sandbox, budget)
        status = await run_sync(
            publisher, request, fetch_pages(client, request, page_size=10, fx=DEFAULT_USD_RATES)
        )
        searches = (await sandbox.stats())["requests"]["search"]

        # A second replica shares the count: it makes no call at all today.
        other = browse(session, sandbox, await DailyCallBudget.open(js, limit=3))
        again = SyncRequested(platform="ebay", keywords="jeans", limit=100)
        second = await run_sync(
            publisher, again, fetch_pages(other, again, page_size=10, fx=DEFAULT_USD_RATES)
        )
        searches_after = (await sandbox.stats())["requests"]["search"]

    assert searches == {"200": 3}
    assert status.status == "completed"
    assert status.error.startswith("partial results: daily eBay call budget reached")
    assert "3 of 3 calls" in status.error
    assert status.counts.fetched == 30 and status.full is False
    assert await budget.used_today() == 3

    assert searches_after == {"200": 3}
    assert second.status == "completed" and second.counts.fetched == 0
    assert second.error.startswith("partial results: daily eBay call budget reached")
    labels = {"platform": "ebay", "quota": "daily"}
    assert REGISTRY.get_sample_value("indigo_marketplace_quota_remaining", labels) == 0
    assert REGISTRY.get_sample_value("indigo_marketplace_quota_limit", labels) == 3
    assert (
        REGISTRY.get_sample_value(
            "indigo_marketplace_calls_total", {"platform": "ebay", "status": "200"}
        )
        >= 3
    )


async def test_replicas_racing_for_the_last_calls_get_exactly_the_budget(js):
    replicas = [await DailyCallBudget.open(js, limit=40) for _ in range(4)]

    async def try_spend(budget: DailyCallBudget) -> bool:
        try:
            await budget.spend()
        except EbayCallBudgetSpent:
            return False
        return True

    granted = await asyncio.gather(*(try_spend(replicas[n % 4]) for n in range(100)))
    assert sum(granted) == 40
    assert await replicas[0].used_today() == 40


async def test_the_count_starts_again_the_next_utc_day(js):
    today = datetime(2026, 12, 1, 23, 59, tzinfo=UTC)
    clock = {"now": today}
    budget = await DailyCallBudget.open(js, limit=1, now=lambda: clock["now"])
    assert await budget.spend() == 0
    with pytest.raises(EbayCallBudgetSpent):
        await budget.spend()
    clock["now"] = datetime(2026, 12, 2, 0, 1, tzinfo=UTC)
    assert await budget.spend() == 0
