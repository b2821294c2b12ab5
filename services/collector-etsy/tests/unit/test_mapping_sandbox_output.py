"""The client and the mapping on everything the Etsy sandbox serves, and the sync's fetcher there:
pages, filters, and a daily quota that runs out part way."""

from __future__ import annotations

import html
import re
import uuid
from decimal import Decimal

import aiohttp
import pytest
from indigo_collector_etsy.adapters.client import EtsyClient
from indigo_collector_etsy.domain.mapping import parse_listings
from indigo_collector_etsy.handlers import fetch_pages
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.etsy import EtsySandboxConfig
from indigo_sandbox.testing import running_sandbox
from indigo_shared.collecting import PartialResult
from indigo_shared.events import SyncFilters, SyncRequested
from indigo_shared.money import DEFAULT_USD_RATES

SMALL_EBAY = EbaySandboxConfig(catalogue_size=10)
FAST = EtsySandboxConfig(limit_per_second=1000)


def sandbox_client(session: aiohttp.ClientSession, etsy_url: str) -> EtsyClient:
    return EtsyClient(
        session,
        base_url=etsy_url,
        keystring="indigo-sandbox-etsy-key",
        shared_secret="indigo-sandbox-etsy-secret",
    )


async def test_every_sandbox_listing_maps_to_a_sound_listing():
    async with (
        running_sandbox(ebay=SMALL_EBAY, etsy=FAST) as sandbox,
        aiohttp.ClientSession() as session,
    ):
        client = sandbox_client(session, sandbox.etsy_url)
        items, listings = [], []
        async for page in client.search("jeans", limit_total=10_000):
            parsed = parse_listings(page, fx=DEFAULT_USD_RATES)
            assert parsed.errors == []
            items += page
            listings += parsed.listings

    assert len(listings) == len(items) > 600
    assert len({listing.external_id for listing in listings}) == len(listings)
    for item, listing in zip(items, listings, strict=True):
        assert listing.raw_data == item
        money = item["price"]
        assert listing.price == Decimal(money["amount"]) / money["divisor"] > 0
        assert listing.currency == money["currency_code"] and listing.price_usd > 0
        assert listing.title == html.unescape(item["title"])
        assert not re.search(r"&(#\d+|quot|amp|lt|gt);", listing.title + listing.description)
        assert listing.image_urls and listing.seller_username and listing.location
        assert listing.engagement.favorites == item["num_favorers"]
        assert listing.listed_at and listing.ends_at > listing.listed_at
    jpy = [listing for listing in listings if listing.currency == "JPY"]
    assert jpy and all(listing.price == listing.price.to_integral_value() for listing in jpy)
    assert {"GBP", "EUR", "CAD", "USD"} <= {listing.currency for listing in listings}
    assert any("'" in listing.title for listing in listings)
    assert any('"' in listing.description for listing in listings)


async def test_the_fetcher_passes_the_price_filters_and_sorts_newest_first():
    request = SyncRequested(
        platform="etsy",
        keywords="levis",
        limit=150,
        filters=SyncFilters(min_price=Decimal("30"), max_price=Decimal("90"), conditions=["used"]),
    )
    async with (
        running_sandbox(ebay=SMALL_EBAY, etsy=FAST) as sandbox,
        aiohttp.ClientSession() as session,
    ):
        client = sandbox_client(session, sandbox.etsy_url)
        pages = [
            page async for page in fetch_pages(client, request, page_size=100, fx=DEFAULT_USD_RATES)
        ]
    listings = [listing for page in pages for listing in page.listings]
    assert 50 < len(listings) <= 150 and all(page.errors == 0 for page in pages)
    for listing in listings:
        assert "levis" in re.sub(r"['’]", "", listing.title.lower()) or any(
            "levis" in tag for tag in listing.raw_data["tags"]
        )
        assert Decimal("29.9") <= listing.price_usd <= Decimal("90.1")
    listed = [listing.listed_at for listing in listings]
    assert listed == sorted(listed, reverse=True)


async def test_a_daily_quota_that_runs_out_ends_the_fetch_with_partial_results():
    # Five requests a day: three search pages and two batches; the third page's batch is refused.
    async with (
        running_sandbox(
            ebay=SMALL_EBAY, etsy=EtsySandboxConfig(limit_per_second=1000, limit_per_day=5)
        ) as sandbox,
        aiohttp.ClientSession() as session,
    ):
        client = sandbox_client(session, sandbox.etsy_url)
        request = SyncRequested(job_id=uuid.uuid4(), platform="etsy", keywords="jeans", limit=500)
        pages = []
        with pytest.raises(PartialResult, match="daily quota is spent") as raised:
            async for page in fetch_pages(client, request, page_size=100, fx=DEFAULT_USD_RATES):
                pages.append(page)
        stats = await sandbox.stats(marketplace="etsy")
    assert [len(page.listings) for page in pages] == [100, 100]
    assert all(listing.image_urls for page in pages for listing in page.listings)
    # The client knew from x-remaining-today: 0 and did not spend a request to hear a 429.
    assert stats["requests"] == {"active": {"200": 3}, "batch": {"200": 2}}
    assert raised.value.reason.startswith("Etsy's daily quota is spent")
