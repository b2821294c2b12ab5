"""eBay end to end: a sync request flows from the sandbox through NATS to PostgreSQL and the API."""

from __future__ import annotations

import asyncpg
import pytest
from indigo_collector_ebay.main import create_app as create_collector
from indigo_collector_ebay.settings import EbayCollectorSettings
from indigo_sandbox.testing import running_sandbox
from indigo_shared.testing import eventually

from .pipeline import API, listings_total, running_pipeline, sync_and_wait

pytestmark = pytest.mark.integration


def indigo(nats_url: str, database_url: str, ebay_url: str):
    def collector(common: dict):
        return create_collector(
            EbayCollectorSettings(
                **common,
                ebay_api_base=ebay_url,
                ebay_client_id="indigo-sandbox-client",
                ebay_client_secret="indigo-sandbox-secret",
                ebay_sync_interval_seconds=0,
            )
        )

    return running_pipeline(nats_url, database_url, collector)


async def test_sync_request_flows_to_postgres_and_out_of_the_api(nats_url, database_url):
    async with (
        running_sandbox() as sandbox,
        indigo(nats_url, database_url, sandbox.ebay_url) as client,
    ):
        job = await sync_and_wait(client, "ebay", keywords="jeans", limit=120)
        assert job["status"] == "completed", job
        counts = job["counts"]
        assert counts["fetched"] == 120 and counts["published"] == 120 and counts["errors"] == 0

        async def all_served():
            return await listings_total(client, platform="ebay") == 120

        await eventually(all_served)
        page = await client.get(f"{API}/listings", params={"platform": "ebay", "limit": 200})
        items = page.json()["items"]
        assert all(i["platform"] == "ebay" and i["url"] and i["image_urls"] for i in items)
        assert all(i["price"] is None or i["price"] > 0 for i in items), "no price is never 0"
        with_brand = [i for i in items if i["brand"]]
        assert len(with_brand) >= 0.8 * len(items), "the enricher found brands"
        assert sum(1 for i in items if i["attributes"]["waist"]) >= 0.5 * len(items)

        detail = (await client.get(f"{API}/listings/{items[0]['id']}")).json()
        assert detail["raw_data"]["itemId"] == detail["external_id"]
        assert len(detail["price_history"]) == (1 if detail["price"] is not None else 0)

        stats = (await client.get(f"{API}/stats")).json()
        ebay = next(p for p in stats["platforms"] if p["platform"] == "ebay")
        assert ebay["listings"] == 120 and ebay["last_sync"]["status"] == "completed"


async def test_second_sync_of_unchanged_listings_adds_no_rows(nats_url, database_url):
    async with (
        running_sandbox() as sandbox,
        indigo(nats_url, database_url, sandbox.ebay_url) as client,
    ):
        first = await sync_and_wait(client, "ebay", keywords="levis", limit=50)
        second = await sync_and_wait(client, "ebay", keywords="levis", limit=50)
        assert first["counts"]["published"] == 50
        # The same catalogue moments later: every listing is a duplicate of what was published.
        assert second["counts"]["fetched"] == 50
        assert second["counts"]["unchanged"] + second["counts"]["published"] == 50
        assert second["counts"]["unchanged"] >= 45

        changed = second["counts"]["published"]  # listings the catalogue changed in between

        async def settled():
            return 50 <= await listings_total(client) <= 50 + changed

        await eventually(settled)
    conn = await asyncpg.connect(database_url)
    try:
        dupes = await conn.fetchval(
            "SELECT count(*) - count(DISTINCT external_id) FROM marketplace_listings"
        )
    finally:
        await conn.close()
    assert dupes == 0


async def test_collector_survives_rate_limits_and_expired_tokens(nats_url, database_url):
    async with (
        running_sandbox() as sandbox,
        indigo(nats_url, database_url, sandbox.ebay_url) as client,
    ):
        warmup = await sync_and_wait(client, "ebay", keywords="jeans", limit=10)
        assert warmup["status"] == "completed"
        await sandbox.inject_fault({"kind": "expire_tokens"})
        await sandbox.inject_fault(
            {"kind": "rate_limit", "count": 2, "retry_after": 1, "path": "search"}
        )
        await sandbox.inject_fault({"kind": "server_error", "count": 1, "path": "search"})
        job = await sync_and_wait(client, "ebay", keywords="jeans", limit=60)
        assert job["status"] == "completed", job
        assert job["counts"]["fetched"] == 60
        stats = await sandbox.stats()
    assert stats["tokens_issued"] >= 2, stats
