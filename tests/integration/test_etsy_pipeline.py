"""Etsy end to end: a sync request flows from the Etsy sandbox through NATS (collector-etsy,
enricher, projector) to PostgreSQL and out of the API, through Etsy's rate limits and errors."""

from __future__ import annotations

import re

import pytest
from indigo_collector_etsy.main import create_app as create_collector
from indigo_collector_etsy.settings import EtsyCollectorSettings
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.etsy import EtsySandboxConfig
from indigo_sandbox.testing import running_sandbox
from indigo_shared.testing import eventually

from .pipeline import API, listings_total, running_pipeline, sync_and_wait

pytestmark = pytest.mark.integration

SMALL_EBAY = EbaySandboxConfig(catalogue_size=10)  # only Etsy is synced here


def indigo(nats_url: str, database_url: str, etsy_url: str, **collector_options):
    def collector(common: dict):
        return create_collector(
            EtsyCollectorSettings(
                **common,
                etsy_api_base=etsy_url,
                etsy_api_key="indigo-sandbox-etsy-key",
                etsy_shared_secret="indigo-sandbox-etsy-secret",
                etsy_sync_interval_seconds=0,
                **collector_options,
            )
        )

    return running_pipeline(nats_url, database_url, collector)


async def test_sync_request_flows_from_the_etsy_sandbox_to_postgres_and_out_of_the_api(
    nats_url, database_url
):
    async with (
        running_sandbox(ebay=SMALL_EBAY) as sandbox,
        indigo(nats_url, database_url, sandbox.etsy_url) as client,
    ):
        job = await sync_and_wait(client, "etsy", keywords="jeans", limit=120)
        assert job["status"] == "completed" and job["error"] is None, job
        counts = job["counts"]
        assert counts["fetched"] == 120 and counts["published"] == 120 and counts["errors"] == 0

        async def all_served():
            return await listings_total(client, platform="etsy") == 120

        await eventually(all_served)
        page = await client.get(f"{API}/listings", params={"platform": "etsy", "limit": 200})
        items = page.json()["items"]
        assert all(i["url"].startswith("https://www.etsy.com/listing/") for i in items)
        assert all(i["image_urls"] and i["seller_username"] and i["location"] for i in items)
        assert all(i["price"] > 0 and i["price_usd"] > 0 for i in items)
        assert len({i["currency"] for i in items}) >= 3, "GBP, EUR, CAD shops beside US ones"
        assert all(i["engagement"]["favorites"] is not None for i in items)
        assert not any(re.search(r"&(#\d+|quot|amp);", i["title"]) for i in items)
        assert sum(1 for i in items if i["attributes"]["era"]) >= 0.7 * len(items), "when_made"

        detail = (await client.get(f"{API}/listings/{items[0]['id']}")).json()
        assert str(detail["raw_data"]["listing_id"]) == detail["external_id"]
        assert detail["raw_data"]["when_made"] and detail["raw_data"]["shop"]["shop_name"]
        assert len(detail["price_history"]) == 1

        stats = (await client.get(f"{API}/stats")).json()
        etsy = next(p for p in stats["platforms"] if p["platform"] == "etsy")
        assert etsy["listings"] == 120 and etsy["last_sync"]["status"] == "completed"
        requests = (await sandbox.stats(marketplace="etsy"))["requests"]
    # One search page and one batch for its images and shops: not a call per listing.
    assert requests == {"active": {"200": 2}, "batch": {"200": 2}}


async def test_the_collector_paces_itself_and_rides_out_429s_and_server_errors(
    nats_url, database_url
):
    etsy = EtsySandboxConfig(limit_per_second=4)
    async with (
        running_sandbox(ebay=SMALL_EBAY, etsy=etsy) as sandbox,
        indigo(nats_url, database_url, sandbox.etsy_url) as client,
    ):
        await sandbox.inject_fault(
            {"kind": "rate_limit", "count": 2, "retry_after": 1, "path": "active"},
            marketplace="etsy",
        )
        await sandbox.inject_fault(
            {"kind": "server_error", "count": 1, "path": "batch"}, marketplace="etsy"
        )
        job = await sync_and_wait(client, "etsy", keywords="vintage", limit=250)
        assert job["status"] == "completed" and job["error"] is None, job
        assert job["counts"]["fetched"] == 250 and job["counts"]["errors"] == 0
        stats = await sandbox.stats(marketplace="etsy")
    # The injected 429s and 500 were retried; pacing to 4 a second drew no 429 of Etsy's own.
    assert stats["requests"] == {
        "active": {"200": 3, "429": 2},
        "batch": {"200": 3, "500": 1},
    }
    assert stats["faults_pending"] == []


async def test_a_daily_quota_that_runs_out_completes_the_job_with_partial_results(
    nats_url, database_url
):
    # Five requests a day: two pages with their batches, then the third page spends the last.
    etsy = EtsySandboxConfig(limit_per_day=5)
    async with (
        running_sandbox(ebay=SMALL_EBAY, etsy=etsy) as sandbox,
        indigo(nats_url, database_url, sandbox.etsy_url) as client,
    ):
        job = await sync_and_wait(client, "etsy", keywords="jeans", limit=500)
        assert job["status"] == "completed", job
        assert "partial" in job["error"] and "daily quota" in job["error"], job
        assert job["counts"]["fetched"] == 200 and job["counts"]["published"] == 200

        async def served():
            return await listings_total(client, platform="etsy") == 200

        await eventually(served)

        # The next sync finds the quota still spent: completed again, with nothing new.
        again = await sync_and_wait(client, "etsy", keywords="jeans", limit=500)
        assert again["status"] == "completed" and "partial" in again["error"], again
        assert again["counts"]["fetched"] == 0
        assert (await sandbox.stats(marketplace="etsy"))["remaining_today"] == 0
