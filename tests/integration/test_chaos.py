"""Chaos: a flow of syncs while each service is killed and started again in turn. Whatever dies
when, every unique listing ends in PostgreSQL exactly once, the trends agree with a brute-force
count of them, nothing is parked and no job is left running."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from indigo_api.projector.main import create_app as create_projector
from indigo_api.settings import ApiSettings
from indigo_collector_ebay.main import create_app as create_collector
from indigo_collector_ebay.settings import EbayCollectorSettings
from indigo_enricher.main import create_app as create_enricher
from indigo_enricher.settings import EnricherSettings
from indigo_sandbox.testing import running_sandbox
from indigo_shared import dead_letters
from indigo_shared import nats as indigo_nats
from indigo_shared.events import ListingCollected, SyncRequested
from indigo_shared.streams import LISTINGS, sync_requested
from indigo_shared.testing import eventually
from indigo_trends.main import create_app as create_trends
from indigo_trends.settings import TrendsSettings

pytestmark = pytest.mark.integration

SEARCHES = ("levis 501", "wrangler", "lee", "vintage jeans", "selvedge")


async def unique_collected(js) -> set[tuple[str, str]]:
    """Brute force: every listing id the collectors ever stored in the stream."""
    sub = await js.subscribe("listings.collected.*", stream=LISTINGS, ordered_consumer=True)
    ids = set()
    try:
        while True:
            try:
                msg = await sub.next_msg(timeout=1)
            except TimeoutError:
                return ids
            listing = ListingCollected.model_validate_json(msg.data).listing
            ids.add((listing.platform, listing.external_id))
    finally:
        await sub.unsubscribe()


async def test_killing_each_service_in_turn_loses_and_duplicates_nothing(
    nats_url, database_url, jetstream
):
    common = dict(nats_url=nats_url, database_url=database_url, ack_wait_seconds=3)
    async with running_sandbox() as sandbox:
        factories = {
            "collector": lambda: create_collector(
                EbayCollectorSettings(
                    **common,
                    ebay_api_base=sandbox.ebay_url,
                    ebay_client_id="indigo-sandbox-client",
                    ebay_client_secret="indigo-sandbox-secret",
                    ebay_sync_interval_seconds=0,
                    ebay_page_size=25,
                )
            ),
            "enricher": lambda: create_enricher(
                EnricherSettings(**common, openai_api_key=None, openai_base_url=None)
            ),
            "projector": lambda: create_projector(
                ApiSettings(**common, projector_batch_size=20, projector_batch_timeout=0.2)
            ),
            "trends": lambda: create_trends(
                TrendsSettings(
                    **common,
                    trends_batch_size=20,
                    trends_batch_timeout=0.2,
                    refresh_seconds=0.5,
                    sweep_seconds=0,
                    rollup_at="off",
                )
            ),
        }
        running = {name: make() for name, make in factories.items()}
        for service in running.values():
            await service.start()
        jobs = []
        try:
            for keywords in SEARCHES:
                request = SyncRequested(platform="ebay", keywords=keywords, limit=150)
                await indigo_nats.publish_event(jetstream, sync_requested("ebay"), request)
                jobs.append(request.job_id)
            # Kill each service mid-flow (no draining: in-flight work is abandoned), then start
            # a new one, in turn, twice round.
            for _ in range(2):
                for name, make in factories.items():
                    await asyncio.sleep(0.7)
                    await running[name].stop(grace=0)
                    running[name] = make()
                    await running[name].start()
            conn = await asyncpg.connect(database_url)
            try:

                async def jobs_done():
                    rows = await conn.fetch(
                        "SELECT status FROM marketplace_sync_jobs WHERE id = ANY($1::uuid[])", jobs
                    )
                    return len(rows) == len(jobs) and all(r["status"] == "completed" for r in rows)

                await eventually(jobs_done, timeout=120)
                expected = await unique_collected(jetstream)
                assert len(expected) > 200

                async def projected():
                    rows = await conn.fetch(
                        "SELECT platform, external_id FROM marketplace_listings"
                    )
                    return {(r["platform"], r["external_id"]) for r in rows} == expected

                await eventually(projected, timeout=60)
                assert await conn.fetchval("SELECT count(*) FROM marketplace_listings") == len(
                    expected
                ), "each listing exactly once"

                async def trends_agree():
                    listings = await conn.fetchval("SELECT count(*) FROM trends_listings")
                    today = await conn.fetchval(
                        "SELECT listing_count FROM marketplace_trends WHERE period = 'day'"
                        " AND period_start = current_date AND platform = 'all'"
                        " AND category = 'all'"
                    )
                    return listings == len(expected) and today == len(expected)

                await eventually(trends_agree, timeout=30)
                unfinished = await conn.fetchval(
                    "SELECT count(*) FROM marketplace_sync_jobs"
                    " WHERE status IN ('pending', 'running', 'stalled')"
                )
                assert unfinished == 0
            finally:
                await conn.close()
            assert [x async for x in dead_letters.read(jetstream)] == []
        finally:
            for service in running.values():
                await service.stop()
