"""A saved search's keywords find, in memory, exactly what ``GET /listings/search`` finds in
PostgreSQL on the same listings: stems, stop words, brand and lot, description, typos."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from indigo_alerts.adapters.terms import keyword_groups
from indigo_alerts.domain.listings import features_from_row
from indigo_alerts.domain.matching import matches
from indigo_alerts.domain.searches import criteria_from
from indigo_shared.events import Attributes
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing

from .alerts_harness import API, running_system

pytestmark = pytest.mark.integration

# (title, description, brand, lot)
LISTINGS = [
    (
        "Vintage Levi's 501 Jeans 33x32 Made in USA",
        "Light fading, great condition",
        "Levi's",
        "501",
    ),
    (
        "LEVIS 501XX Big E Redline Selvedge 1960s",
        "Hidden rivets. Single stitch.",
        "Levi's",
        "501XX",
    ),
    ("Levi Strauss 505 orange tab 34x30", None, "Levi's", "505"),
    ("Wrangler 13MWZ Cowboy Cut rigid", "Deadstock, never washed", "Wrangler", "13MWZ"),
    ("Lee Riders 101Z zip fly 1970s", "Sanforized denim", "Lee", "101Z"),
    ("Calvin Klein Jeans mom jeans high waist", "Y2K vibes", "Calvin Klein", None),
    ("Distressed boyfriend denim pants", "Levi's style, unbranded, made in Mexico", None, None),
    ("Selvage denim chore jacket", "Japanese selvedge fabric", None, None),
    ("Levis 550 relaxed fit stonewashed", "The jeans of the 90s", "Levi's", "550"),
    ("Y2K Levis Silver Tab baggy", "Made in USA 1998", "Levi's", None),
]
KEYWORDS = [
    "levis 501",
    "levls 501",  # a typo
    "levi's",
    "selvedge",
    "selvage",  # another spelling: finds both the selvedge pair and the selvage jacket
    "wrangler 13mwz",
    "big e redline",
    "lee riders",
    "jeans",
    "made in usa",
    "calvin klein",
    "the 90s",
    "orange tab 505",
    "wranglr",  # a typo
    "sanforized",
    "mexico",
]


async def test_keywords_match_what_the_api_search_finds(nats_url, database_url, jetstream):
    async with running_system(nats_url, database_url) as client:
        for i, (title, description, brand, lot) in enumerate(LISTINGS):
            listing = sample_listing(
                f"v1|{i}|0", title=title, description=description, price=Decimal("50")
            )
            attributes = Attributes(brand=brand, model=lot)
            await publish_event(
                jetstream,
                listing_enriched("ebay"),
                sample_enriched(listing, attributes=attributes),
                msg_id=str(uuid.uuid4()),
            )
        pool = client.alerts.pool

        async def both_have_them():
            listed = (await client.get(f"{API}/listings")).json()["total"]
            known = await pool.fetchval("SELECT count(*) FROM alerts_listings")
            return listed == known == len(LISTINGS)

        await eventually(both_have_them)
        rows = await pool.fetch("SELECT * FROM alerts_listings")
        corrected = 0
        async with pool.acquire() as conn:
            groups = await keyword_groups(conn, KEYWORDS)
        for keywords, (terms, _) in zip(KEYWORDS, groups, strict=True):
            found = (
                await client.get(f"{API}/listings/search/{keywords}", params={"limit": 200})
            ).json()
            assert {frozenset(g) for g in found["query"]["terms"]} == set(terms), keywords
            corrected += found["query"]["corrected"]
            api_ids = {item["id"] for item in found["items"]}
            criteria = criteria_from(keywords, {}, terms)
            alert_ids = {
                str(row["listing_id"]) for row in rows if matches(criteria, features_from_row(row))
            }
            assert alert_ids == api_ids, keywords
            if keywords.startswith("selv"):
                titles = {item["title"] for item in found["items"]}
                assert {LISTINGS[1][0], LISTINGS[7][0]} <= titles, keywords
        assert corrected == 2  # the two typos were corrected, and matched what search matched
