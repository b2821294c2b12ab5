from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from indigo_shared.events import Attributes, Engagement
from indigo_shared.testing import sample_enriched, sample_listing
from indigo_trends.domain.insights import (
    GroupDay,
    market_insights,
    price_movers,
    rising_brands,
    volume_spikes,
)
from indigo_trends.domain.listings import deal_group, lot_name, size_bucket, trend_listing
from indigo_trends.main import next_time
from indigo_trends.settings import TrendsSettings

DAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    "waist, bucket",
    [(32, "W32-33"), (33, "W32-33"), (31.5, "W30-31"), (28, "W28-29"), (None, None), (0, None)],
)
def test_size_buckets_span_two_inches(waist, bucket):
    assert size_bucket(waist) == bucket


def test_lots_and_deal_groups_need_brand_and_lot():
    assert lot_name("Levi's", "501") == "Levi's 501"
    assert lot_name(None, "501") == "501"
    assert lot_name("Levi's", None) is None
    assert deal_group("Levi's", "Levi's 501") == "Levi's 501"
    assert deal_group("Levi's", None) is None
    assert deal_group(None, "Big E") is None


def test_trend_listing_converts_with_the_rate_table_unless_the_collector_did():
    attributes = Attributes(brand="Lee", model="101Z", measured_waist=31.0, condition="fair")
    gbp = sample_listing("x1", price=Decimal("50"), currency="GBP", brand="Levi's")
    mine = trend_listing(sample_enriched(gbp, attributes=attributes), {"GBP": Decimal("1.2")})
    assert mine.price_usd == Decimal("60.00")
    assert (mine.brand, mine.lot, mine.size_bucket) == ("Lee", "Lee 101Z", "W30-31")
    assert mine.deal_group == "Lee 101Z"
    converted = gbp.model_copy(
        update={"price_usd": Decimal("63.50"), "engagement": Engagement(watchers=4)}
    )
    theirs = trend_listing(sample_enriched(converted, attributes=attributes), {})
    assert theirs.price_usd == Decimal("63.50") and theirs.engagement == {"watchers": 4}
    unknown = trend_listing(
        sample_enriched(sample_listing("x2", price=Decimal("9"), currency="BRL")), {}
    )
    assert unknown.price_usd is None and unknown.price == Decimal("9")


def row(category, key, day, count=10, new=1, samples=10, median=None):
    return GroupDay(category, key, day, count, new, samples, median)


def test_price_movers_need_enough_samples_on_both_days():
    week_ago = DAY - timedelta(days=7)
    rows = [
        row("lot", "Levi's 501", DAY, median=Decimal("120")),
        row("lot", "Levi's 501", week_ago, median=Decimal("100")),
        row("brand", "Lee", DAY, median=Decimal("40")),
        row("brand", "Lee", week_ago, median=Decimal("50")),
        row("brand", "Wrangler", DAY, samples=4, median=Decimal("90")),
        row("brand", "Wrangler", week_ago, median=Decimal("30")),
        row("brand", "Levi's", DAY, median=Decimal("70")),  # nothing a week before
    ]
    movers = price_movers(rows, DAY, 7)
    assert [(m["key"], m["change_pct"]) for m in movers] == [("Lee", -20.0), ("Levi's 501", 20.0)]
    assert movers[1]["previous_median_price_usd"] == 100.0


def test_rising_brands_compare_new_listings_with_the_window_before():
    rows = []
    for age in range(14):
        day = DAY - timedelta(days=age)
        recent = age < 7
        rows.append(row("brand", "Lee", day, new=3 if recent else 1))
        rows.append(row("brand", "Wrangler", day, new=1 if recent else 2))
        rows.append(row("brand", "Edwin", day, new=1 if recent and age < 5 else 0))
        rows.append(row("lot", "Lee 101Z", day, new=9))
    rising = rising_brands(rows, DAY, 7)
    assert [r["brand"] for r in rising] == ["Lee", "Edwin"]
    assert rising[0] == {
        "brand": "Lee",
        "new_listings": 21,
        "previous_new_listings": 7,
        "growth_pct": 200.0,
    }
    assert rising[1]["growth_pct"] is None  # nothing before: new, not a percentage


def test_volume_spikes_stand_out_from_the_daily_average():
    rows = [row("brand", "Lee", DAY - timedelta(days=n), new=2) for n in range(1, 8)]
    rows += [row("brand", "Lee", DAY, new=9), row("brand", "Levi's", DAY, new=4)]
    rows += [row("lot", "Levi's 505", DAY, new=6)]
    spikes = volume_spikes(rows, DAY)
    assert [(s["key"], s["new_listings"], s["daily_average"]) for s in spikes] == [
        ("Levi's 505", 6, 0.0),
        ("Lee", 9, 2.0),
    ]
    assert set(market_insights(rows, DAY, 7)) == {
        "day",
        "window_days",
        "price_movers",
        "rising_brands",
        "volume_spikes",
    }


def test_rollup_time_reads_hh_mm_or_off():
    assert TrendsSettings(INDIGO_TRENDS_ROLLUP_AT="02:30").rollup_at == time(2, 30)
    assert TrendsSettings(INDIGO_TRENDS_ROLLUP_AT="off").rollup_at is None
    assert TrendsSettings(_env_file=None).rollup_at == time(1, 0)
    with pytest.raises(ValueError):
        TrendsSettings(INDIGO_TRENDS_ROLLUP_AT="1am")
    before = datetime(2026, 11, 29, 0, 30, tzinfo=UTC)
    after = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)
    assert next_time(before, time(1, 0)) == after
    assert next_time(after, time(1, 0)) == after + timedelta(days=1)


def test_llm_is_configured_by_key_or_base_url(monkeypatch):
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    assert not TrendsSettings(_env_file=None).llm_configured
    assert TrendsSettings(OPENAI_BASE_URL="http://127.0.0.1:9/v1").llm_configured
    assert TrendsSettings(OPENAI_API_KEY="sk-test").llm_configured
