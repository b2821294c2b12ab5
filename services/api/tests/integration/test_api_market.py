"""Search, listing history, attribute and deal filters, trends endpoints, stats, docs."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from indigo_api.projector.main import create_app as create_projector
from indigo_shared.db import create_pool
from indigo_shared.events import Attributes, Enrichment, utcnow
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing

from ..conftest import api_client

pytestmark = pytest.mark.integration

API = "/api/marketplace"

# (external id, title, description, brand, lot, waist, inseam, era, wash, made in, selvedge)
CATALOGUE = [
    ("s1", "Vintage Levi's 501 Jeans 32x30 Made in USA", "Classic fit.", "Levi's", "501",
     32, 30, "1990s", "medium", "USA", False),
    ("s2", "LEVIS 501 XX Big E selvedge 1960s", "Redline selvedge.", "Levi's", "501XX",
     31, 32, "1960s", "rigid", "USA", True),
    ("s3", "Levi's 505 orange tab 34x32", "Zipper fly.", "Levi's", "505",
     34, 32, "1970s", "dark", "USA", False),
    ("s4", "Wrangler 13MWZ cowboy cut", "Fits like a Levi's 501 but stiffer.", "Wrangler",
     "13MWZ", 32, 34, "1980s", "stonewash", "Mexico", False),
    ("s5", "Lee 101Z riders", "Japanese repro.", "Lee", "101Z", 30, 30, "2000s", "black",
     "Japan", True),
]  # fmt: skip


async def publish_catalogue(jetstream, settings) -> None:
    for ext, title, description, brand, lot, waist, inseam, era, wash, made_in, sel in CATALOGUE:
        listing = sample_listing(ext, title=title, description=description, price=Decimal("80"))
        attributes = Attributes(
            brand=brand,
            model=lot,
            waist=waist,
            inseam=inseam,
            era=era,
            wash=wash,
            made_in=made_in,
            selvedge=sel,
        )
        enrichment = Enrichment(method="rules+llm", tokens_used=300, cost_usd=Decimal("0.0012"))
        await publish_event(
            jetstream,
            listing_enriched("ebay"),
            sample_enriched(listing, attributes=attributes, enrichment=enrichment),
        )


@pytest.fixture
async def catalogue(api_settings, jetstream):
    async with create_projector(api_settings):
        await publish_catalogue(jetstream, api_settings)

        async def projected():
            async with api_client(api_settings) as client:
                return (await client.get(f"{API}/listings")).json()["total"] == len(CATALOGUE)

        await eventually(projected)
    return api_settings


async def ids_of(client, path: str, **params) -> list[str]:
    response = await client.get(f"{API}{path}", params=params)
    assert response.status_code == 200, response.text
    return [item["external_id"] for item in response.json()["items"]]


async def test_search_ranks_by_relevance_and_tolerates_typos(catalogue):
    async with api_client(catalogue) as client:
        found = (await client.get(f"{API}/listings/search/levis 501")).json()
        ids = [i["external_id"] for i in found["items"]]
        # Title matches first; the Wrangler only mentions a 501 in its description.
        assert set(ids[:2]) == {"s1", "s2"} and ids[2:] == ["s4"], ids
        assert found["items"][1]["relevance"] > found["items"][2]["relevance"]
        assert found["query"]["corrected"] is False and found["total"] == 3

        typo = (await client.get(f"{API}/listings/search/levls 501")).json()
        assert [i["external_id"] for i in typo["items"]] == ids
        assert typo["query"]["corrected"] is True
        assert ["levi" in group for group in typo["query"]["terms"]].count(True) == 1

        assert await ids_of(client, "/listings/search/selvedge") == ["s2"]
        # Another spelling is no typo: it finds the listings written the usual way.
        other_spelling = (await client.get(f"{API}/listings/search/selvage levis")).json()
        assert [i["external_id"] for i in other_spelling["items"]] == ["s2"]
        assert other_spelling["query"]["corrected"] is False, other_spelling["query"]
        assert ["selvag", "selvedg", "selveg", "selvidg"] in other_spelling["query"]["terms"]
        assert await ids_of(client, "/listings/search/wrangler") == ["s4"]
        assert await ids_of(client, "/listings/search/levis", platform="etsy") == []
        page = (await client.get(f"{API}/listings/search/levis", params={"limit": 2})).json()
        assert page["total"] == 4 and len(page["items"]) == 2 and page["limit"] == 2

        # Nothing searchable finds nothing (no word to look for), and says so.
        only_stop_words = await client.get(f"{API}/listings/search/the")
        assert only_stop_words.status_code == 200
        assert (
            only_stop_words.json()["items"] == [] and only_stop_words.json()["query"]["terms"] == []
        )
        too_long = await client.get(f"{API}/listings/search/{'x' * 201}")
        assert too_long.status_code == 422 and too_long.json()["detail"][0]["loc"][-1] == "keywords"


async def test_attribute_and_deal_filters(catalogue):
    async with api_client(catalogue) as client:
        assert await ids_of(client, "/listings", lot="501xx") == ["s2"]
        assert await ids_of(client, "/listings", model="505") == ["s3"]
        assert sorted(await ids_of(client, "/listings", waist=32)) == ["s1", "s4"]
        assert await ids_of(client, "/listings", waist=32, inseam=34) == ["s4"]
        assert await ids_of(client, "/listings", era="90s") == ["s1"]
        assert await ids_of(client, "/listings", era="Y2K") == ["s5"]
        assert await ids_of(client, "/listings", wash="stonewash") == ["s4"]
        assert await ids_of(client, "/listings", made_in="japan") == ["s5"]
        assert sorted(await ids_of(client, "/listings", selvedge="true")) == ["s2", "s5"]
        assert len(await ids_of(client, "/listings", status="active")) == 5

        pool = await create_pool(catalogue.database_url)
        try:
            await pool.execute(
                "UPDATE marketplace_listings SET ended_at = now() WHERE external_id = 's3'"
            )
            group = {"matched_on": ["brand", "lot"], "brand": "Levi's", "lot": "Levi's 501"}
            await pool.executemany(
                "INSERT INTO marketplace_listing_deals (platform, external_id, deal_score,"
                " comparables, comparable_median_usd, comparable_group, reason)"
                " VALUES ('ebay', $1, $2, $3, $4, $5::text::jsonb, $6)",
                [
                    ("s1", Decimal("25.0"), 8, Decimal("106.67"), json.dumps(group), None),
                    ("s2", Decimal("-10.0"), 6, Decimal("72.73"), json.dumps(group), None),
                    ("s4", None, 2, None, json.dumps(group), "too_few_comparables"),
                ],
            )
        finally:
            await pool.close()
        assert await ids_of(client, "/listings", status="ended") == ["s3"]
        assert await ids_of(client, "/listings", min_deal_score=0) == ["s1"]
        assert (await ids_of(client, "/listings", sort="deal_score"))[:2] == ["s1", "s2"]
        deal = (await client.get(f"{API}/listings", params={"min_deal_score": 20})).json()
        assert deal["total"] == 1
        assert deal["items"][0]["deal"] == {
            "score": 25.0,
            "comparables": 8,
            "comparable_median_usd": 106.67,
            "group": {
                "matched_on": ["brand", "lot"],
                "brand": "Levi's",
                "lot": "Levi's 501",
                "condition": None,
                "era": None,
                "decade": None,
                "big_e": None,
                "selvedge": None,
                "made_in": None,
                "size": None,
            },
            "reason": None,
        }
        unscored = (await client.get(f"{API}/listings", params={"wash": "stonewash"})).json()
        assert unscored["items"][0]["deal"]["score"] is None
        assert unscored["items"][0]["deal"]["reason"] == "too_few_comparables"
        # One shape everywhere: a listing trends has not scored yet has a pending deal.
        pending = (await client.get(f"{API}/listings", params={"made_in": "japan"})).json()
        assert pending["items"][0]["deal"] == {
            "score": None,
            "comparables": 0,
            "comparable_median_usd": None,
            "group": None,
            "reason": "pending",
        }


@pytest.mark.parametrize(
    "params, field",
    [
        ({"era": "nineties"}, "era"),
        ({"wash": "blue"}, "wash"),
        ({"waist": 100}, "waist"),
        ({"inseam": "long"}, "inseam"),
        ({"status": "sold"}, "status"),
        ({"min_deal_score": 500}, "min_deal_score"),
        ({"min_deal_score": -101}, "min_deal_score"),
        ({"selvedge": "maybe"}, "selvedge"),
        ({"size": "32x30", "waist": 32}, "size"),
        ({"lot": "501", "model": "505"}, "model"),
        ({"sort": "relevance"}, "sort"),
    ],
)
async def test_bad_attribute_filters_answer_422_naming_the_field(api_settings, params, field):
    async with api_client(api_settings) as client:
        response = await client.get(f"{API}/listings", params=params)
    assert response.status_code == 422
    assert any(error["loc"][-1] == field for error in response.json()["detail"])


async def test_history_shows_price_drops_rises_and_lifecycle(api_settings, jetstream):
    start = utcnow() - timedelta(days=6)
    prices = [Decimal("120.00"), Decimal("99.00"), Decimal("89.00"), Decimal("95.00")]
    async with create_projector(api_settings):
        for day, price in enumerate(prices):
            listing = sample_listing("h1", price=price)
            await publish_event(
                jetstream,
                listing_enriched("ebay"),
                sample_enriched(listing, collected_at=start + timedelta(days=day)),
            )
        async with api_client(api_settings) as client:

            async def all_prices():
                listings = (await client.get(f"{API}/listings")).json()["items"]
                if not listings or listings[0]["price"] != 95.0:
                    return None
                history = await client.get(f"{API}/listings/{listings[0]['id']}/history")
                return history.json()

            history = await eventually(all_prices)
            assert [p["direction"] for p in history["price_history"]] == [
                "first",
                "drop",
                "drop",
                "rise",
            ]
            assert history["price_history"][1]["change"] == -21.0
            assert history["price_history"][1]["change_pct"] == -17.5
            assert (history["drops"], history["rises"]) == (2, 1)
            assert history["first_price"] == 120.0 and history["current_price"] == 95.0
            assert history["total_change_pct"] == -20.8
            lifecycle = history["lifecycle"]
            assert lifecycle["status"] == "active" and lifecycle["ended_at"] is None
            assert 5.9 < lifecycle["days_on_market"] < 6.1
            missing = await client.get(
                f"{API}/listings/{'0' * 8}-0000-0000-0000-{'0' * 12}/history"
            )
            assert missing.status_code == 404


def trend_row(day, platform, category, key, count, new, ended, median, low=None, high=None):
    return (
        day, platform, category, key, count, new, ended, count, median, median,
        median - 10, median + 10, low or median - 20, high or median + 20,
    )  # fmt: skip


TREND_INSERT = """
INSERT INTO marketplace_trends (
    period_start, platform, category, key, listing_count, new_count, ended_count, sample_count,
    avg_price_usd, median_price_usd, p25_price_usd, p75_price_usd, min_price_usd, max_price_usd
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
"""


async def test_trends_brands_and_summary(api_settings):
    today = utcnow().date()
    days = [today - timedelta(days=n) for n in (2, 1, 0)]
    rows = []
    for n, day in enumerate(days):
        rows += [
            trend_row(day, "all", "brand", "Levi's", 40 + n, 5, 4, Decimal(80 + 10 * n)),
            trend_row(day, "all", "brand", "Lee", 8, 1, 1, Decimal(50)),
            trend_row(day, "all", "brand", "Wrangler", 12 - n, 0, 1, Decimal(40)),
            trend_row(day, "ebay", "brand", "Levi's", 30, 3, 3, Decimal(75)),
            trend_row(day, "all", "lot", "Levi's 501", 20, 2, 2, Decimal(90)),
            trend_row(day, "all", "all", "all", 62 + n, 6, 6, Decimal(70 + n), 9, 900 - n),
            trend_row(day, "ebay", "all", "all", 50, 4, 5, Decimal(69)),
            trend_row(day, "etsy", "all", "all", 12 + n, 2, 1, Decimal(75)),
        ]
    old = today - timedelta(days=40)
    rows.append(trend_row(old, "all", "brand", "Levi's", 99, 9, 9, Decimal(60)))
    pool = await create_pool(api_settings.database_url)
    try:
        await pool.executemany(TREND_INSERT, rows)
        await pool.execute(
            "UPDATE marketplace_trends SET insights = $1 WHERE period_start = $2"
            " AND platform = 'all' AND category = 'all'",
            {"price_movers": [{"key": "Levi's 501", "change_pct": 12.5}]},
            days[1],
        )
    finally:
        await pool.close()

    async with api_client(api_settings) as client:
        brand_rows = (await client.get(f"{API}/trends", params={"days": 3})).json()
        assert brand_rows["total"] == 9
        assert [(r["day"], r["key"]) for r in brand_rows["items"][:3]] == [
            (str(today), "Levi's"),
            (str(today), "Wrangler"),
            (str(today), "Lee"),
        ]
        ebay = (
            await client.get(f"{API}/trends", params={"platform": "ebay", "key": "levi's"})
        ).json()
        assert ebay["total"] == 3 and {r["platform"] for r in ebay["items"]} == {"ebay"}
        lots = (await client.get(f"{API}/trends", params={"category": "lot", "days": 2})).json()
        assert [r["key"] for r in lots["items"]] == ["Levi's 501", "Levi's 501"]
        assert (await client.get(f"{API}/trends", params={"days": 60})).json()["total"] == 10

        brands = (await client.get(f"{API}/trends/brands", params={"days": 3})).json()
        assert [b["brand"] for b in brands["items"]] == ["Levi's", "Wrangler", "Lee"]
        levis = brands["items"][0]
        # 40 on the market the first day, 5 + 5 new after it; 42 on the last, 4 of them ended.
        assert (levis["listings"], levis["active_listings"], levis["new_listings"]) == (50, 38, 15)
        assert levis["median_price_usd"] == 100.0 and levis["first_median_price_usd"] == 80.0
        assert levis["median_change_pct"] == 25.0
        second = (await client.get(f"{API}/trends/brands", params={"limit": 1, "offset": 1})).json()
        assert second["total"] == 3 and [b["brand"] for b in second["items"]] == ["Wrangler"]

        summary = (await client.get(f"{API}/trends/summary", params={"days": 3})).json()
        assert summary["first_day"] == str(days[0]) and summary["last_day"] == str(today)
        assert summary["totals"]["listings"] == 62 + 6 + 6
        assert summary["totals"]["active_listings"] == 64 - 6  # less the last day's ended
        assert {p["platform"]: p["new_listings"] for p in summary["platforms"]} == {
            "ebay": 12,
            "etsy": 6,
            "reddit": 0,
        }
        assert summary["median_price_usd"] == 72.0 and summary["median_change_pct"] == 2.9
        assert summary["price_range"] == {"min": 9.0, "p25": 62.0, "p75": 82.0, "max": 900.0}
        assert [b["brand"] for b in summary["top_brands"]] == ["Levi's", "Wrangler", "Lee"]
        assert summary["insights"]["price_movers"][0]["key"] == "Levi's 501"
        assert summary["platform"] == "all"

        # One platform's summary: its own totals, prices and brands; the market's insights.
        ebay = (
            await client.get(f"{API}/trends/summary", params={"days": 3, "platform": "ebay"})
        ).json()
        assert ebay["platform"] == "ebay"
        expected_ebay = {
            "platform": "ebay",
            "listings": 50 + 4 + 4,
            "active_listings": 50 - 5,
            "new_listings": 12,
            "ended_listings": 15,
            "median_price_usd": 69.0,
        }
        assert ebay["totals"] == expected_ebay and ebay["platforms"] == [expected_ebay]
        assert ebay["median_price_usd"] == 69.0 and ebay["average_price_usd"] == 69.0
        assert ebay["median_change_pct"] == 0.0
        assert ebay["price_range"] == {"min": 49.0, "p25": 59.0, "p75": 79.0, "max": 89.0}
        assert [b["brand"] for b in ebay["top_brands"]] == ["Levi's"]
        assert ebay["insights"]["price_movers"][0]["key"] == "Levi's 501"
        reddit = (
            await client.get(f"{API}/trends/summary", params={"days": 3, "platform": "reddit"})
        ).json()
        assert reddit["totals"]["listings"] == 0 and reddit["median_price_usd"] is None
        assert [p["platform"] for p in reddit["platforms"]] == ["reddit"]
        assert reddit["top_brands"] == [] and reddit["price_range"]["min"] is None
        default = (await client.get(f"{API}/trends/summary", params={"days": 3})).json()
        assert default == summary  # platform=all is the default

        for path, params, field in [
            ("/trends", {"days": 91}, "days"),
            ("/trends", {"category": "color"}, "category"),
            ("/trends", {"platform": "amazon"}, "platform"),
            ("/trends/brands", {"limit": 51}, "limit"),
            ("/trends/brands", {"days": 0}, "days"),
            ("/trends/summary", {"days": "week"}, "days"),
            ("/trends/summary", {"platform": "amazon"}, "platform"),
            ("/trends/summary", {"platform": ""}, "platform"),
        ]:
            response = await client.get(f"{API}{path}", params=params)
            assert response.status_code == 422, (path, params)
            assert response.json()["detail"][0]["loc"][-1] == field


async def test_stats_sum_llm_spend_and_docs_show_every_endpoint(catalogue):
    async with api_client(catalogue) as client:
        stats = (await client.get(f"{API}/stats")).json()
        assert stats["llm"] == {"listings": 5, "tokens_used": 1500, "cost_usd": 0.006}
        assert any(c["consumer"] == "api-projector-seen" for c in stats["consumers"])
        schema = (await client.get("/openapi.json")).json()
        paths = schema["paths"]
        for path in (
            "/listings",
            "/listings/search/{keywords}",
            "/listings/{listing_id}/history",
            "/trends",
            "/trends/brands",
            "/trends/summary",
            "/stats",
        ):
            assert f"{API}{path}" in paths, path
        summary = paths[f"{API}/trends/summary"]["get"]
        platform = next(p for p in summary["parameters"] if p["name"] == "platform")
        assert platform["in"] == "query" and platform["schema"]["enum"] == [
            "all",
            "ebay",
            "etsy",
            "reddit",
        ]
        search = paths[f"{API}/listings/search/{{keywords}}"]["get"]
        keywords = next(p for p in search["parameters"] if p["name"] == "keywords")
        assert keywords.get("examples") or keywords["schema"].get("examples")


async def test_the_api_reference_pages_need_nothing_from_the_internet(api_settings):
    async with api_client(api_settings) as client:
        page = await client.get("/docs")
        assert page.status_code == 200 and "Indigo API - Swagger UI" in page.text
        links = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
        links += re.findall(r"""url: *["']([^"']+)["']""", page.text)
        assert len(links) >= 4 and all(link.startswith("/") for link in links), links
        for link in links:
            asset = await client.get(link)
            assert asset.status_code == 200 and asset.content, link
        assert (await client.get("/redoc")).status_code == 404
        assert (await client.get("/openapi.json")).json()["info"]["title"] == "Indigo API"


async def test_keywords_combine_with_every_listing_filter(catalogue):
    async with api_client(catalogue) as client:
        # The Wrangler names a Levi's 501 in its description: the words match it as search does.
        assert set(await ids_of(client, "/listings", keywords="levis 501", waist=32)) == {
            "s1",
            "s4",
        }
        assert await ids_of(client, "/listings", keywords="selvage", selvedge="true") == ["s2"]
        assert await ids_of(client, "/listings", keywords="levls", era="1970s") == ["s3"]
        assert await ids_of(client, "/listings", keywords="levis", brand="Lee") == []
        answer = (
            await client.get(f"{API}/listings", params={"keywords": "levis", "limit": 2})
        ).json()
        assert answer["total"] == 4 and len(answer["items"]) == 2 and answer["next"]
        rest = (
            await client.get(
                f"{API}/listings", params={"keywords": "levis", "cursor": answer["next"]}
            )
        ).json()
        seen = [i["external_id"] for i in answer["items"] + rest["items"]]
        assert sorted(seen) == ["s1", "s2", "s3", "s4"]

        # Only stop words find nothing, as the search finds nothing for them.
        nothing = await client.get(f"{API}/listings", params={"keywords": "the and"})
        assert nothing.status_code == 200 and nothing.json()["total"] == 0
        for keywords in ("", "x" * 201):
            refused = await client.get(f"{API}/listings", params={"keywords": keywords})
            assert refused.status_code == 422, keywords
            assert refused.json()["detail"][0]["loc"][-1] == "keywords"


async def test_a_filter_given_twice_with_two_values_is_refused_naming_it(catalogue):
    async with api_client(catalogue) as client:
        twice = await client.get(f"{API}/listings?waist=32&waist=34")
        assert twice.status_code == 422
        (error,) = twice.json()["detail"]
        assert error["loc"] == ["query", "waist"] and "2 times" in error["msg"]
        assert (await client.get(f"{API}/trends?days=7&days=30")).status_code == 422
        # The same value twice asks one thing: answered.
        same = await client.get(f"{API}/listings?waist=32&waist=32")
        assert same.status_code == 200
        assert {i["external_id"] for i in same.json()["items"]} == {"s1", "s4"}
