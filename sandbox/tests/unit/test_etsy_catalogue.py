"""The Etsy catalogue: deterministic for a seed and a time, changing as time passes, with Etsy's
mix of shops, eras, departments and currencies."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import aiohttp
from indigo_sandbox.clock import ManualClock
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.etsy import EtsySandboxConfig
from indigo_sandbox.etsy.catalogue import Catalogue, Snapshot, when_made
from indigo_sandbox.etsy.render import money
from indigo_sandbox.testing import running_sandbox

from .conftest import START


def catalogue(seed: int = 1) -> Catalogue:
    return Catalogue(seed=seed, size=1000, step_seconds=60)


def listed(snapshot: Snapshot) -> list[tuple]:
    return [
        (live.listing.listing_id, live.listing.title, live.price, live.num_favorers)
        for live in snapshot.listings
    ]


def test_same_seed_and_time_give_the_same_catalogue() -> None:
    assert listed(catalogue().at(START)) == listed(catalogue().at(START))
    assert listed(catalogue().at(START)) != listed(catalogue(seed=2).at(START))


def test_most_slots_hold_a_live_listing() -> None:
    for days in (0, 25, 50):
        assert 750 < len(catalogue().at(START + timedelta(days=days)).listings) < 950


def test_over_time_listings_appear_sell_get_cheaper_and_gain_favourites() -> None:
    shop = catalogue()
    before, after = shop.at(START), shop.at(START + timedelta(hours=6))
    new = after.by_listing_id.keys() - before.by_listing_id.keys()
    sold = before.by_listing_id.keys() - after.by_listing_id.keys()
    kept = before.by_listing_id.keys() & after.by_listing_id.keys()
    cheaper = [i for i in kept if after.by_listing_id[i].price < before.by_listing_id[i].price]
    favoured = [
        i
        for i in kept
        if after.by_listing_id[i].num_favorers > before.by_listing_id[i].num_favorers
    ]
    assert len(new) >= 5 and len(sold) >= 5 and len(cheaper) >= 2 and len(favoured) >= 50
    for listing_id in cheaper:
        assert (
            after.by_listing_id[listing_id].updated_at > before.by_listing_id[listing_id].updated_at
        )


def test_etsy_leans_to_womens_jeans_from_the_70s_to_the_90s_sold_outside_the_us() -> None:
    listings = [live.listing for live in catalogue().at(START).listings]
    departments = Counter(listing.jeans.department for listing in listings)
    eras = Counter(listing.jeans.era for listing in listings)
    currencies = Counter(listing.currency for listing in listings)
    assert departments["Women"] >= 0.4 * len(listings)
    assert eras["1970s"] + eras["1980s"] + eras["1990s"] >= 0.75 * len(listings)
    assert currencies["USD"] <= 0.55 * len(listings)
    assert min(currencies["GBP"], currencies["EUR"], currencies["CAD"]) >= 0.05 * len(listings)
    assert currencies["JPY"] > 0
    assert all(len(listing.tags) <= 13 and len(listing.title) <= 140 for listing in listings)
    assert all(len(tag) <= 20 for listing in listings for tag in listing.tags)
    assert len({listing.shop.shop_id for listing in listings}) >= 100


def test_money_has_a_divisor_of_the_currencys_minor_unit() -> None:
    assert money(Decimal("45"), "GBP") == {"amount": 4500, "divisor": 100, "currency_code": "GBP"}
    assert money(Decimal("38.5"), "EUR") == {"amount": 3850, "divisor": 100, "currency_code": "EUR"}
    assert money(Decimal("6800"), "JPY") == {"amount": 6800, "divisor": 1, "currency_code": "JPY"}


def test_when_made_buckets_roll_over_every_january() -> None:
    kinds = ("recent", "2010s", "early_2000s", "late_2000s", "before", "1990s", "made_to_order")
    assert [when_made(kind, 2026) for kind in kinds] == [
        "2020_2026", "2010_2019", "2000_2006", "2007_2009", "before_2007", "1990s", "made_to_order"
    ]  # fmt: skip
    assert [when_made(kind, 2027) for kind in kinds] == [
        "2020_2027", "2010_2019", "2000_2007", "2008_2009", "before_2008", "1990s", "made_to_order"
    ]  # fmt: skip


async def test_the_api_shows_when_made_as_it_stands_in_the_year_asked() -> None:
    new_year = datetime(2027, 1, 1, 0, 30, tzinfo=UTC)
    seen = {}
    for at in (new_year - timedelta(hours=1), new_year):
        async with (
            running_sandbox(
                ebay=EbaySandboxConfig(catalogue_size=10),
                etsy=EtsySandboxConfig(limit_per_second=1000),
                clock=ManualClock(at),
            ) as sandbox,
            aiohttp.ClientSession() as session,
        ):
            headers = {"x-api-key": "indigo-sandbox-etsy-key:indigo-sandbox-etsy-secret"}
            values: set[str] = set()
            for offset in range(0, 1000, 100):
                async with session.get(
                    f"{sandbox.etsy_url}/v3/application/listings/active",
                    params={"limit": "100", "offset": str(offset)},
                    headers=headers,
                ) as response:
                    values |= {
                        listing["when_made"] for listing in (await response.json())["results"]
                    }
            seen[at.year] = values
    assert {"2020_2026", "2000_2006"} <= seen[2026] and "2020_2027" not in seen[2026]
    assert {"2020_2027", "2000_2007"} <= seen[2027] and "2020_2026" not in seen[2027]
    assert {"1970s", "1980s", "1990s"} <= seen[2027]
