"""The mapping on everything the sandbox serves: every item of a full search, and getItem bodies."""

from __future__ import annotations

from decimal import Decimal

import aiohttp
from indigo_collector_ebay.adapters.client import BrowseClient
from indigo_collector_ebay.domain.mapping import parse_browse_item, parse_search_response
from indigo_sandbox.testing import running_sandbox
from indigo_shared.money import DEFAULT_USD_RATES


async def test_every_sandbox_item_maps_to_a_sound_listing():
    async with running_sandbox() as sandbox, aiohttp.ClientSession() as session:
        client = BrowseClient(
            session,
            base_url=sandbox.ebay_url,
            client_id="indigo-sandbox-client",
            client_secret="indigo-sandbox-secret",
        )
        listings, items = [], []
        async for body in client.search("jeans", limit_total=10_000):
            page = parse_search_response(body, fx=DEFAULT_USD_RATES)
            assert page.errors == []
            items += body["itemSummaries"]
            listings += page.listings
        detail = await client.get_item(items[0]["itemId"])

    assert len(listings) == len(items) > 500
    assert len({listing.external_id for listing in listings}) == len(listings)
    for item, listing in zip(items, listings, strict=True):
        assert listing.raw_data == item
        assert listing.price is None or listing.price > 0
        assert listing.price_usd is None or listing.price_usd > 0
        assert listing.currency and len(listing.currency) == 3
        assert listing.image_urls and listing.url and listing.seller_username
        auction = "AUCTION" in item["buyingOptions"] and "currentBidPrice" in item
        if auction:
            assert listing.buying_format.startswith("auction")
        # The seller's own amount: the current bid for an auction, in the seller's currency.
        amount = item["currentBidPrice"] if auction else item["price"]
        if "convertedFromCurrency" in amount:
            assert listing.currency == amount["convertedFromCurrency"]
            assert listing.price == Decimal(amount["convertedFromValue"])
        else:
            assert (listing.currency, listing.price) == (
                amount["currency"],
                Decimal(amount["value"]),
            )
    assert any(listing.currency != "USD" for listing in listings)
    assert any(listing.buying_format and "auction" in listing.buying_format for listing in listings)

    full = parse_browse_item(detail, fx=DEFAULT_USD_RATES)
    assert full.external_id == items[0]["itemId"] and full.description
