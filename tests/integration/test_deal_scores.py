"""Deal scores through the trends service and the API: `?sort=deal_score` puts first a pair priced
below comparable pairs in the same condition, not the damaged pairs that are cheap for a reason;
a Big E selvedge grail is not compared with thrift pairs (no score rather than a wild one); every
score is within -100..100 and every listing has the same `deal` shape."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import httpx
import pytest
from indigo_api.main import create_app as create_api
from indigo_api.projector.main import create_app as create_projector
from indigo_api.settings import ApiSettings
from indigo_shared.events import Attributes
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing
from indigo_trends.main import create_app as create_trends
from indigo_trends.settings import TrendsSettings

pytestmark = pytest.mark.integration

API = "/api/marketplace"
CLEAN_90S = dict(era="1990s", made_in="USA", condition="good")
# external id, price, attributes besides Levi's 501 W32
CATALOGUE = [
    # clean 1990s US-made 501s; "under" is the deal
    ("under", 45, CLEAN_90S),
    ("c60", 60, CLEAN_90S),
    ("c70", 70, CLEAN_90S),
    ("c80", 80, CLEAN_90S),
    ("c90", 90, CLEAN_90S),
    ("c100", 100, CLEAN_90S),
    # damaged pairs, cheap for a reason
    ("project", 15, dict(condition="distressed")),
    ("d18", 18, dict(condition="distressed")),
    ("repaired", 20, dict(flaws=["repairs"])),
    ("d22", 22, dict(condition="distressed", flaws=["holes"])),
    ("hemmed", 25, dict(flaws=["hemmed"])),
    # modern thrift pairs, era unknown
    ("t25", 25, {}),
    ("t30", 30, {}),
    ("t36", 36, {}),
    ("t40", 40, {}),
    # the grail: alone in its group
    ("grail", 508, dict(era="1960s", selvedge=True, tags=["big e", "redline", "selvedge"])),
]
DAMAGED = {"project", "d18", "repaired", "d22", "hemmed"}


async def test_deals_rank_like_a_buyer_expects(nats_url, database_url, jetstream):
    common = dict(nats_url=nats_url, database_url=database_url)
    api_settings = ApiSettings(**common, projector_batch_timeout=0.2)
    trends_settings = TrendsSettings(
        **common,
        refresh_seconds=0.3,
        sweep_seconds=0,
        rollup_at="off",
        trends_batch_timeout=0.2,
        deal_min_comparables=3,
    )
    api = create_api(api_settings)
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(create_projector(api_settings))
        await stack.enter_async_context(create_trends(trends_settings))
        await stack.enter_async_context(api.router.lifespan_context(api))
        client = await stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=api), base_url="http://t")
        )
        events = [
            (
                external_id,
                Attributes(brand="Levi's", model="501", waist=32, **extra),
                Decimal(price),
            )
            for external_id, price, extra in CATALOGUE
        ]
        events.append(("no-lot", Attributes(brand="Levi's", waist=32), Decimal(30)))
        for external_id, attributes, price in events:
            listing = sample_listing(external_id, price=price, brand="Levi's")
            await publish_event(
                jetstream, listing_enriched("ebay"), sample_enriched(listing, attributes=attributes)
            )

        async def computed():
            items = (await client.get(f"{API}/listings", params={"limit": 100})).json()["items"]
            done = len(items) == len(events) and all(
                i["deal"]["reason"] != "pending" for i in items
            )
            return items if done else None

        items = {i["external_id"]: i for i in await eventually(computed, timeout=30)}
        deals = {key: item["deal"] for key, item in items.items()}
        # One shape: every listing has its deal object, scored or with a reason.
        for deal in deals.values():
            assert set(deal) == {"score", "comparables", "comparable_median_usd", "group", "reason"}
            assert (deal["score"] is None) == (deal["reason"] is not None)
            if deal["score"] is not None:
                assert -100 <= deal["score"] <= 100
        assert deals["no-lot"]["reason"] == "no_lot" and deals["no-lot"]["group"] is None

        # The clean deal: against the five other clean 1990s US-made W32 501s.
        under = deals["under"]
        assert (under["score"], under["comparables"], under["comparable_median_usd"]) == (
            43.8,
            5,
            80.0,
        )
        assert under["group"]["condition"] == "clean" and under["group"]["era"] == "1990s"
        assert under["group"]["matched_on"][-1] == "size"

        # Damaged pairs compare with damaged pairs only.
        for key in DAMAGED:
            assert deals[key]["group"]["condition"] == "damaged", key
            assert deals[key]["comparable_median_usd"] <= 25, key
            assert deals[key]["score"] < under["score"], key

        # The grail has nothing to compare with: no score, and it says why and against what.
        grail = deals["grail"]
        assert grail["score"] is None and grail["reason"] == "too_few_comparables"
        assert grail["comparables"] == 0
        assert grail["group"]["era"] == "pre-1971" and grail["group"]["selvedge"] is True

        # sort=deal_score: the clean pair below its comparables first, unscored last.
        ranked = (
            await client.get(f"{API}/listings", params={"sort": "deal_score", "limit": 100})
        ).json()["items"]
        order = [i["external_id"] for i in ranked]
        assert order[0] == "under"
        scores = [i["deal"]["score"] for i in ranked]
        scored = [s for s in scores if s is not None]
        assert scored == sorted(scored, reverse=True)
        assert scores[len(scored) :] == [None] * (len(scores) - len(scored))
        assert {"grail", "no-lot"} <= set(order[len(scored) :])

        ascending = (
            await client.get(
                f"{API}/listings",
                params={"sort": "deal_score", "sort_order": "asc", "limit": 100},
            )
        ).json()["items"]
        assert ascending[0]["deal"]["score"] >= -100
        assert ascending[0]["external_id"] != "grail"

        # min_deal_score, bounded the same way.
        best = (await client.get(f"{API}/listings", params={"min_deal_score": 40})).json()
        assert [i["external_id"] for i in best["items"]] == ["under"]
        low = await client.get(f"{API}/listings", params={"min_deal_score": -100})
        assert low.status_code == 200 and low.json()["total"] == len(scored)
        assert (
            await client.get(f"{API}/listings", params={"min_deal_score": -1000})
        ).status_code == 422
