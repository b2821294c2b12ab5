"""Listing lifecycle and price history from an evolving sandbox catalogue.

The eBay sandbox's clock is moved a day between two full syncs of the same search: some
listings end, some arrive, some cut their price, most stay as they were. The unchanged ones are
dropped as duplicates by JetStream; they must still count as seen.
"""

from __future__ import annotations

import contextlib
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import httpx
import pytest
from indigo_api.main import create_app as create_api
from indigo_api.projector.main import create_app as create_projector
from indigo_api.settings import ApiSettings
from indigo_collector_ebay.main import create_app as create_collector
from indigo_collector_ebay.settings import EbayCollectorSettings
from indigo_enricher.main import create_app as create_enricher
from indigo_enricher.settings import EnricherSettings
from indigo_sandbox.clock import ManualClock
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.testing import running_sandbox
from indigo_shared.streams import TRENDS
from indigo_shared.testing import eventually
from indigo_trends.main import create_app as create_trends
from indigo_trends.settings import TrendsSettings

from .pipeline import admin_headers

pytestmark = pytest.mark.integration

API = "/api/marketplace"


@asynccontextmanager
async def indigo_with_trends(nats_url: str, database_url: str, ebay_url: str):
    common = dict(nats_url=nats_url, database_url=database_url, ack_wait_seconds=5)
    api_settings = ApiSettings(**common, projector_batch_timeout=0.2)
    api = create_api(api_settings)
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(create_enricher(EnricherSettings(**common)))
        await stack.enter_async_context(create_projector(api_settings))
        await stack.enter_async_context(
            create_trends(
                TrendsSettings(
                    **common,
                    trends_batch_timeout=0.2,
                    refresh_seconds=0.3,
                    sweep_seconds=0.3,
                    ended_after_hours=0,
                    rollup_at="off",
                )
            )
        )
        await stack.enter_async_context(
            create_collector(
                EbayCollectorSettings(
                    **common,
                    ebay_api_base=ebay_url,
                    ebay_client_id="indigo-sandbox-client",
                    ebay_client_secret="indigo-sandbox-secret",
                    ebay_sync_interval_seconds=0,
                )
            )
        )
        await stack.enter_async_context(api.router.lifespan_context(api))
        yield await stack.enter_async_context(
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=api),
                base_url="http://indigo.test",
                headers=await admin_headers(api_settings),
            )
        )


async def sync(client: httpx.AsyncClient) -> dict:
    response = await client.post(
        f"{API}/sync/trigger", json={"platform": "ebay", "keywords": "jeans", "limit": 10000}
    )
    job_id = response.json()["job_id"]

    async def finished():
        job = (await client.get(f"{API}/sync/status/{job_id}")).json()
        return job if job["status"] in ("completed", "failed") else None

    job = await eventually(finished, timeout=60)
    assert job["status"] == "completed", job
    return job


async def all_listings(client: httpx.AsyncClient, **params) -> list[dict]:
    items, offset = [], 0
    while True:
        page = (
            await client.get(f"{API}/listings", params={**params, "limit": 200, "offset": offset})
        ).json()
        items += page["items"]
        offset += 200
        if offset >= page["total"]:
            return items


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


async def test_ended_listings_and_price_drops_from_an_evolving_catalogue(
    nats_url, database_url, jetstream
):
    clock = ManualClock(datetime.now(UTC))
    config = EbaySandboxConfig(seed=11, catalogue_size=300)
    async with (
        running_sandbox(ebay=config, clock=clock) as sandbox,
        indigo_with_trends(nats_url, database_url, sandbox.ebay_url) as client,
    ):
        first = await sync(client)
        seen_first = first["counts"]["fetched"]
        assert seen_first > 50

        async def first_projected():
            return len(await all_listings(client)) == seen_first

        await eventually(first_projected)
        before = {item["external_id"]: item for item in await all_listings(client)}

        clock.advance(seconds=86400)
        second = await sync(client)
        assert second["counts"]["unchanged"] > 0, "some listings did not change"
        second_started = at(second["started_at"])

        async def lifecycle_settled():
            items = await all_listings(client)
            seen = {i["external_id"] for i in items if at(i["last_seen_at"]) >= second_started}
            if len(seen) != second["counts"]["fetched"]:
                return None
            gone = {i["external_id"] for i in items} - seen
            ended = {i["external_id"] for i in items if i["ended_at"]}
            return (items, seen, gone) if ended == gone else None

        items, seen, gone = await eventually(lifecycle_settled, timeout=40)
        by_id = {i["external_id"]: i for i in items}
        assert gone and gone < before.keys(), "listings of the first sync ended"
        arrived = seen - before.keys()
        assert arrived, "new listings arrived"
        assert all(at(by_id[i]["first_seen_at"]) >= second_started for i in arrived)
        # Listings the second sync saw unchanged were dropped by the duplicate window, yet they
        # were seen: active, first seen at the first sync.
        kept = seen & before.keys()
        assert kept
        assert all(by_id[i]["ended_at"] is None for i in kept)
        assert all(by_id[i]["first_seen_at"] == before[i]["first_seen_at"] for i in kept)

        ended_one = by_id[sorted(gone)[0]]
        history = (await client.get(f"{API}/listings/{ended_one['id']}/history")).json()
        assert history["lifecycle"]["status"] == "ended"
        assert history["lifecycle"]["ended_at"] == history["lifecycle"]["last_seen_at"]
        ended_page = (await client.get(f"{API}/listings", params={"status": "ended"})).json()
        assert ended_page["total"] == len(gone)

        cut = [
            i
            for i in kept
            if before[i]["price"] is not None
            and by_id[i]["price"] is not None
            and by_id[i]["price"] < before[i]["price"]
        ]
        assert cut, "some sellers cut their price in a day"
        history = (await client.get(f"{API}/listings/{by_id[cut[0]]['id']}/history")).json()
        assert history["drops"] >= 1
        drop = next(p for p in history["price_history"] if p["direction"] == "drop")
        assert drop["change"] < 0 and drop["change_pct"] < 0
        assert history["current_price"] == by_id[cut[0]]["price"]
        assert history["first_price"] == before[cut[0]]["price"]

        async def trends_caught_up():
            summary = (await client.get(f"{API}/trends/summary", params={"days": 1})).json()
            totals = summary["totals"]
            return (
                totals["ended_listings"] == len(gone)
                # the ones that ended today are no longer on the market at the window's end
                and totals["active_listings"] == len(items) - len(gone)
                and totals["listings"] == len(items)
            )

        await eventually(trends_caught_up, timeout=20)
        stats = (await client.get(f"{API}/stats")).json()
        trends_consumers = {
            (s["stream"], c["consumer"])
            for c in stats["consumers"]
            for s in c["streams"]
            if s["present"]
        }
        assert {("LISTINGS", TRENDS), ("SYNC_EVENTS", TRENDS)} <= trends_consumers
