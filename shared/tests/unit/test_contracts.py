from __future__ import annotations

from decimal import Decimal

import pytest
from indigo_shared.db import dbmate_url
from indigo_shared.delivery import DeliveryPolicy
from indigo_shared.events import ListingCollected
from indigo_shared.money import to_usd
from indigo_shared.streams import collected_msg_id, stream_configs
from indigo_shared.testing import sample_listing


def test_content_hash_ignores_engagement_but_not_price():
    listing = sample_listing()
    watched = sample_listing(engagement={"watchers": 12})
    cheaper = sample_listing(price=Decimal("50.00"))
    assert listing.content_hash == watched.content_hash
    assert listing.content_hash != cheaper.content_hash
    assert collected_msg_id("ebay", "v1|1|0", listing.content_hash).startswith("ebay:v1|1|0:")


def test_events_ignore_unknown_fields_and_keep_decimal_prices():
    event = ListingCollected(listing=sample_listing())
    data = event.model_dump(mode="json") | {"added_in_a_later_version": True}
    again = ListingCollected.model_validate(data)
    assert again == event and isinstance(again.listing.price, Decimal)


def test_missing_price_stays_null():
    assert sample_listing(price=None).price is None


@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "postgresql://postgres:@/indigo?host=/tmp/pg data",
            "postgres://postgres:@/indigo?socket=%2Ftmp%2Fpg+data&sslmode=disable",
        ),
        (
            "postgresql://u:p@127.0.0.1:5432/indigo",
            "postgres://u:p@127.0.0.1:5432/indigo?sslmode=disable",
        ),
        (
            "postgresql://u:p@db.example.com/indigo?sslmode=require",
            "postgres://u:p@db.example.com/indigo?sslmode=require",
        ),
    ],
)
def test_dbmate_url_translates_libpq_urls(url, expected):
    assert dbmate_url(url) == expected


def test_delivery_backoff_grows_and_server_bound_sits_above_ours():
    policy = DeliveryPolicy(consumer="enricher", max_deliver=5)
    assert [policy.delay(n) for n in range(1, 6)] == [1.0, 5.0, 15.0, 60.0, 60.0]
    assert policy.consumer_config("listings.collected.*").max_deliver == 7


def test_streams_match_the_design_contract():
    configs = {c.name: c for c in stream_configs()}
    assert set(configs) == {"LISTINGS", "SYNC_REQUESTS", "SYNC_EVENTS", "ALERTS", "DLQ"}
    assert configs["LISTINGS"].subjects == ["listings.collected.*", "listings.enriched.*"]
    assert configs["SYNC_REQUESTS"].retention.value == "workqueue"
    assert configs["LISTINGS"].max_age == 90 * 86400


def test_usd_conversion():
    assert to_usd(Decimal("100"), "GBP") == Decimal("127.00")
    assert to_usd(Decimal("100"), "XYZ") is None and to_usd(None, "USD") is None
