"""Listings from all three platforms carry the trends service's trend_score, the enrichment's tag
size and normalized condition through the API, and sort by trend score (issue 9)."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import httpx
import pytest
from indigo_api.main import create_app as create_api
from indigo_api.projector.main import create_app as create_projector
from indigo_api.settings import ApiSettings
from indigo_shared.events import Attributes, Engagement
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing
from indigo_trends.main import create_app as create_trends
from indigo_trends.settings import TrendsSettings

pytestmark = pytest.mark.integration

API = "/api/marketplace"
LISTINGS = [
    # external id, platform, engagement, tag waist, inseam, condition, size, condition shown
    ("v1|1|0", "ebay", Engagement(watchers=25, bids=4), 33, 32, "good", "33x32"),
    ("v1|2|0", "ebay", Engagement(watchers=0), 30, None, "fair", "30"),
    ("4001", "etsy", Engagement(favorites=12), 29, 30, "excellent", "29x30"),
    ("t3_a", "reddit", Engagement(score=55, comments=9), 31.5, 34, None, "31.5x34"),
]


async def test_trend_score_size_and_condition_on_every_platform(nats_url, database_url, jetstream):
    common = dict(nats_url=nats_url, database_url=database_url)
    api_settings = ApiSettings(**common, projector_batch_timeout=0.2)
    trends_settings = TrendsSettings(
        **common, refresh_seconds=0.5, sweep_seconds=0, rollup_at="off", trends_batch_timeout=0.2
    )
    api = create_api(api_settings)
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(create_projector(api_settings))
        await stack.enter_async_context(create_trends(trends_settings))
        await stack.enter_async_context(api.router.lifespan_context(api))
        client = await stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=api), base_url="http://t")
        )
        for external_id, platform, engagement, waist, inseam, condition, _ in LISTINGS:
            listing = sample_listing(
                external_id, platform=platform, engagement=engagement, price=Decimal("70")
            )
            attributes = Attributes(
                brand="Levi's", model="501", waist=waist, inseam=inseam, condition=condition
            )
            await publish_event(
                jetstream,
                listing_enriched(platform),
                sample_enriched(listing, attributes=attributes),
            )

        async def scored():
            items = (await client.get(f"{API}/listings")).json()["items"]
            ok = len(items) == len(LISTINGS) and all(i["trend_score"] is not None for i in items)
            return items if ok else None

        items = {i["external_id"]: i for i in await eventually(scored, timeout=30)}
        for external_id, platform, _, _, _, condition, size in LISTINGS:
            item = items[external_id]
            assert item["platform"] == platform
            assert 0 <= item["trend_score"] <= 100
            assert (item["size"], item["condition"]) == (size, condition)
        # Watched beats unwatched on the same platform, day and price.
        assert items["v1|1|0"]["trend_score"] > items["v1|2|0"]["trend_score"]

        ranked = (await client.get(f"{API}/listings", params={"sort_by": "trend_score"})).json()
        scores = [i["trend_score"] for i in ranked["items"]]
        assert scores == sorted(scores, reverse=True)
        detail = (await client.get(f"{API}/listings/{items['t3_a']['id']}")).json()
        assert set(detail["trend_factors"]) == {"engagement", "recency", "deal", "momentum"}
