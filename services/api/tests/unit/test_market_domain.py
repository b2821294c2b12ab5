from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from indigo_api.adapters.repository import ListingFilters, listing_queries, tsquery_text
from indigo_api.domain.history import history_summary, lifecycle, price_changes
from indigo_api.domain.trends import market_summary
from indigo_api.params import ListingsParams, parse_era
from pydantic import ValidationError

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def point(days: int, price: str | None, currency: str | None = "USD") -> dict:
    return {
        "observed_at": T0 + timedelta(days=days),
        "price": None if price is None else Decimal(price),
        "currency": currency,
        "price_usd": None if price is None else Decimal(price),
    }


def test_price_changes_name_drops_and_rises_against_the_previous_price():
    changes = price_changes(
        [point(0, "100"), point(2, "80"), point(3, None), point(4, "90"), point(5, "99")]
    )
    assert [c["direction"] for c in changes] == ["first", "drop", "unpriced", "first", "rise"]
    assert (changes[1]["change"], changes[1]["change_pct"]) == (Decimal("-20"), -20.0)
    assert changes[4]["change_pct"] == 10.0
    assert history_summary(changes) == {
        "drops": 1,
        "rises": 1,
        "first_price": Decimal("100"),
        "current_price": Decimal("99"),
        "total_change_pct": -1.0,
    }


def test_a_change_of_currency_is_not_a_drop():
    changes = price_changes([point(0, "100", "USD"), point(1, "80", "GBP")])
    assert [c["direction"] for c in changes] == ["first", "first"]
    assert history_summary(changes)["total_change_pct"] is None
    assert history_summary([]) == {
        "drops": 0,
        "rises": 0,
        "first_price": None,
        "current_price": None,
        "total_change_pct": None,
    }


def test_lifecycle_counts_from_listing_to_end_or_now():
    listing = {
        "listed_at": T0 - timedelta(days=2),
        "first_seen_at": T0,
        "last_seen_at": T0 + timedelta(days=5),
        "ended_at": T0 + timedelta(days=5),
    }
    assert lifecycle(listing, T0 + timedelta(days=30)) == {
        **listing,
        "status": "ended",
        "days_on_market": 7.0,
    }
    active = {**listing, "ended_at": None, "listed_at": None}
    assert lifecycle(active, T0 + timedelta(days=3))["days_on_market"] == 3.0
    assert lifecycle(active, T0)["status"] == "active"


def day_row(day, platform, count, new, ended, median, low, high, samples=1, insights=None):
    return {
        "day": day,
        "platform": platform,
        "listing_count": count,
        "new_count": new,
        "ended_count": ended,
        "sample_count": samples,
        "avg_price_usd": median + 5,
        "median_price_usd": median,
        "p25_price_usd": median - 10,
        "p75_price_usd": median + 10,
        "min_price_usd": low,
        "max_price_usd": high,
        "insights": insights or {},
    }


def test_market_summary_counts_from_each_platforms_first_row():
    d1, d2, d3 = date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 29)
    rows = [
        day_row(d1, "all", 10, 10, 0, Decimal(50), 5, 300, insights={"volume_spikes": [1]}),
        day_row(d2, "all", 12, 4, 2, Decimal(55), 8, 500),
        day_row(d3, "all", 13, 3, 1, Decimal(60), 9, 400, samples=0),
        day_row(d2, "etsy", 3, 3, 0, Decimal(70), 10, 90),  # etsy's data starts on day 2
        day_row(d3, "etsy", 4, 1, 0, Decimal(72), 10, 90),
    ]
    summary = market_summary(rows, first=d1, last=d3)
    assert summary["totals"] == {
        "platform": "all",
        "listings": 17,
        "active_listings": 12,  # the last day's 13 less the one that ended on it
        "new_listings": 17,
        "ended_listings": 3,
        "median_price_usd": Decimal(55),
    }
    etsy = next(p for p in summary["platforms"] if p["platform"] == "etsy")
    assert (etsy["listings"], etsy["active_listings"]) == (4, 4)
    reddit = next(p for p in summary["platforms"] if p["platform"] == "reddit")
    assert reddit["listings"] == 0 and reddit["median_price_usd"] is None
    # Prices from the last day that had any; the range over the whole window.
    assert summary["median_price_usd"] == Decimal(55) and summary["median_change_pct"] == 10.0
    assert summary["price_range"] == {
        "min": 5,
        "p25": Decimal(45),
        "p75": Decimal(65),
        "max": 500,
    }
    assert summary["insights"] == {"volume_spikes": [1]}
    empty = market_summary([], first=d1, last=d3)
    assert empty["totals"]["listings"] == 0 and empty["median_price_usd"] is None


def test_one_platforms_summary_has_its_figures_and_the_markets_insights():
    d1, d2 = date(2026, 11, 28), date(2026, 11, 29)
    rows = [
        day_row(d1, "all", 10, 10, 0, Decimal(50), 5, 300, insights={"volume_spikes": [1]}),
        day_row(d2, "all", 12, 4, 2, Decimal(55), 8, 500),
        day_row(d1, "etsy", 3, 3, 0, Decimal(70), 10, 90),
        day_row(d2, "etsy", 4, 1, 0, Decimal(77), 12, 95),
        day_row(d2, "ebay", 8, 3, 2, Decimal(40), 8, 500),
    ]
    etsy = market_summary(rows, first=d1, last=d2, platform="etsy")
    assert etsy["platform"] == "etsy"
    assert etsy["totals"] == {
        "platform": "etsy",
        "listings": 4,
        "active_listings": 4,
        "new_listings": 4,
        "ended_listings": 0,
        "median_price_usd": Decimal(77),
    }
    assert etsy["platforms"] == [etsy["totals"]]
    assert etsy["median_price_usd"] == Decimal(77) and etsy["median_change_pct"] == 10.0
    assert etsy["price_range"]["min"] == 10 and etsy["price_range"]["max"] == 95
    assert etsy["insights"] == {"volume_spikes": [1]}
    assert market_summary(rows, first=d1, last=d2)["platform"] == "all"


def test_tsquery_text_quotes_every_stem():
    assert tsquery_text([["levl", "levi"], ["501"]]) == "('levl' | 'levi') & ('501')"
    assert tsquery_text([["o'neil"]]) == "('o''neil')"
    assert tsquery_text([["a\\b"]]) == "('a\\\\b')"


def test_only_a_deal_filter_joins_the_deals_into_the_count():
    _, plain = listing_queries(
        ListingFilters(lot="501"), sort="price", order="asc", limit=5, offset=0
    )
    assert "marketplace_listing_deals" not in plain.sql and plain.args == ("501",)
    rows, deals = listing_queries(
        ListingFilters(min_deal_score=10), sort="deal_score", order="desc", limit=5, offset=10
    )
    assert "marketplace_listing_deals" in deals.sql and rows.args == (10, 6, 10)
    assert "ORDER BY d.deal_score DESC NULLS LAST" in rows.sql


@pytest.mark.parametrize(
    "era, decade",
    [("1990s", "1990s"), ("90s", "1990s"), ("'70s", "1970s"), ("00s", "2000s"), ("y2k", "2000s")],
)
def test_eras_read_as_the_enricher_writes_them(era, decade):
    assert parse_era(ListingsParams(era=era).era) == decade


def test_an_era_that_is_no_decade_is_refused():
    with pytest.raises(ValidationError, match="era must be a decade"):
        ListingsParams(era="nineties")
