"""eBay end to end: a sync request flows from the sandbox through NATS to PostgreSQL and the API."""

from __future__ import annotations

import contextlib
from contextlib import asynccontextmanager

import asyncpg
import httpx
import pytest
from indigo_api.main import create_app as create_api
from indigo_api.projector.main import create_app as create_projector
from indigo_api.settings import ApiSettings
from indigo_collector_ebay.main import create_app as create_collector
from indigo_collector_ebay.settings import EbayCollectorSettings
from indigo_enricher.main import create_app as create_enricher
from indigo_enricher.settings import EnricherSettings
from indigo_sandbox.testing import running_sandbox
from indigo_shared.testing import eventually

pytestmark = pytest.mark.integration

API = "/api/marketplace"


@asynccontextmanager
async def indigo(nats_url: str, database_url: str, ebay_url: str, **collector_options):
    """Every eBay-path service in-process against real NATS and PostgreSQL, and an API client."""
    common = dict(nats_url=nats_url, database_url=database_url, ack_wait_seconds=5)
    collector = create_collector(
        EbayCollectorSettings(
            **common,
            ebay_api_base=ebay_url,
            ebay_client_id="indigo-sandbox-client",
            ebay_client_secret="indigo-sandbox-secret",
            ebay_sync_interval_seconds=0,
            **collector_options,
        )
    )
    api_settings = ApiSettings(**common, projector_batch_timeout=0.2)
    api = create_api(api_settings)
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(create_enricher(EnricherSettings(**common)))
        await stack.enter_async_context(create_projector(api_settings))
        await stack.enter_async_context(collector)
        await stack.enter_async_context(api.router.lifespan_context(api))
        client = await stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=api), base_url="http://indigo.test")
        )
        yield client


async def sync_and_wait(client: httpx.AsyncClient, **body) -> dict:
    response = await client.post(f"{API}/sync/trigger", json={"platform": "ebay", **body})
    assert response.status_code == 202, response.text
    job_id = response.json()["job_id"]

    async def finished():
        job = (await client.get(f"{API}/sync/status/{job_id}")).json()
        return job if job["status"] in ("completed", "failed") else None

    return await eventually(finished, timeout=60)


async def listings_total(client: httpx.AsyncClient, **params) -> int:
    return (await client.get(f"{API}/listings", params=params)).json()["total"]


async def test_sync_request_flows_to_postgres_and_out_of_the_api(nats_url, database_url):
    async with (
        running_sandbox() as sandbox,
        indigo(nats_url, database_url, sandbox.ebay_url) as client,
    ):
        job = await sync_and_wait(client, keywords="jeans", limit=120)
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
        first = await sync_and_wait(client, keywords="levis", limit=50)
        second = await sync_and_wait(client, keywords="levis", limit=50)
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
        warmup = await sync_and_wait(client, keywords="jeans", limit=10)
        assert warmup["status"] == "completed"
        await sandbox.inject_fault({"kind": "expire_tokens"})
        await sandbox.inject_fault(
            {"kind": "rate_limit", "count": 2, "retry_after": 1, "path": "search"}
        )
        await sandbox.inject_fault({"kind": "server_error", "count": 1, "path": "search"})
        job = await sync_and_wait(client, keywords="jeans", limit=60)
        assert job["status"] == "completed", job
        assert job["counts"]["fetched"] == 60
        stats = await sandbox.stats()
    assert stats["tokens_issued"] >= 2, stats
