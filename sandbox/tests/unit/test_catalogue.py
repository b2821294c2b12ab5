"""The catalogue: deterministic for a seed and a time, changing as time passes."""

from __future__ import annotations

import json
from datetime import timedelta

import aiohttp
from indigo_sandbox.clock import ManualClock
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.ebay.catalogue import Catalogue, Snapshot
from indigo_sandbox.testing import running_sandbox

from .conftest import START, EbayClient


def catalogue(seed: int = 1) -> Catalogue:
    return Catalogue(seed=seed, size=1200, step_seconds=60)


def listed(snapshot: Snapshot) -> list[tuple]:
    return [
        (live.listing.item_id, live.listing.title, live.price, live.bid_count)
        for live in snapshot.listings
    ]


def test_same_seed_and_time_give_the_same_catalogue() -> None:
    assert listed(catalogue().at(START)) == listed(catalogue().at(START))
    assert listed(catalogue().at(START)) != listed(catalogue(seed=2).at(START))


def test_the_catalogue_changes_in_steps() -> None:
    shop = catalogue()
    assert shop.at(START + timedelta(seconds=59)) is shop.at(START)
    assert shop.at(START + timedelta(seconds=60)).at == START + timedelta(seconds=60)


def test_a_few_hundred_to_1500_listings_are_live() -> None:
    for hours in range(0, 48, 6):
        assert 900 < len(catalogue().at(START + timedelta(hours=hours)).listings) < 1100


def test_over_time_listings_appear_end_and_get_cheaper() -> None:
    shop = catalogue()
    before, after = shop.at(START), shop.at(START + timedelta(minutes=30))
    new = after.by_item_id.keys() - before.by_item_id.keys()
    ended = before.by_item_id.keys() - after.by_item_id.keys()
    kept = before.by_item_id.keys() & after.by_item_id.keys()
    cheaper = [
        item_id
        for item_id in kept
        if not before.by_item_id[item_id].listing.auction
        and after.by_item_id[item_id].price < before.by_item_id[item_id].price
    ]
    more_bids = [
        item_id
        for item_id in kept
        if after.by_item_id[item_id].bid_count > before.by_item_id[item_id].bid_count
    ]
    # About one listing starts and one ends a minute, and prices drop about as often.
    assert 15 <= len(new) <= 90 and 15 <= len(ended) <= 90
    assert cheaper and more_bids
    # A cut shows the first asking price, as eBay's marketingPrice.originalPrice.
    assert all(after.by_item_id[item_id].original_price for item_id in cheaper)
    # The same listing keeps what its seller wrote.
    assert all(before.by_item_id[i].listing == after.by_item_id[i].listing for i in kept)


def test_a_new_listing_is_listed_after_the_step_it_starts_in() -> None:
    shop = catalogue()
    later = shop.at(START + timedelta(hours=1))
    new = [live.listing for live in later.listings if live.listing.starts_at > START]
    assert new
    assert all(listing.item_id not in shop.at(START).by_item_id for listing in new)


async def test_two_sandboxes_with_the_same_seed_and_clock_answer_alike() -> None:
    bodies = []
    for _ in range(2):
        async with (
            running_sandbox(ebay=EbaySandboxConfig(seed=5), clock=ManualClock(START)) as sandbox,
            aiohttp.ClientSession() as session,
        ):
            ebay = EbayClient(session, sandbox.ebay_url)
            await ebay.authorize()
            _, body = await ebay.search(q="levis", limit="200")
            bodies.append(json.dumps(body).replace(sandbox.base_url, "<sandbox>"))
    assert bodies[0] == bodies[1]


async def test_new_listings_show_in_search_as_time_passes(
    ebay: EbayClient, clock: ManualClock
) -> None:
    _, before = await ebay.search(q="jeans", limit="200", sort="newlyListed")
    clock.advance(3600)
    _, after = await ebay.search(q="jeans", limit="200", sort="newlyListed")
    newest = after["itemSummaries"][0]
    assert newest["itemCreationDate"] > before["itemSummaries"][0]["itemCreationDate"]
    assert newest["itemId"] not in {item["itemId"] for item in before["itemSummaries"]}
