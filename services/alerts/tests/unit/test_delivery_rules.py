"""Triggers, signatures (checked by the standardwebhooks package), retries and digest periods."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from indigo_alerts.delivering import span
from indigo_alerts.domain.digests import period_end, period_start
from indigo_alerts.domain.listings import ListingFeatures
from indigo_alerts.domain.retries import next_delay, retry_after
from indigo_alerts.domain.searches import PriceDrop, SavedSearch, Triggers, criteria_from
from indigo_alerts.domain.signing import webhook_headers
from indigo_alerts.domain.triggers import PriorMatch, decide, match_id
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def search(**triggers) -> SavedSearch:
    return SavedSearch(
        uuid.uuid4(), "s", criteria_from(None, {"lots": ["501"]}), triggers=Triggers(**triggers)
    )


def priced(price: str, usd: str | None = None, currency: str = "USD") -> ListingFeatures:
    return ListingFeatures(
        platform="ebay",
        external_id="1",
        listing_id=uuid.uuid4(),
        price=Decimal(price),
        currency=currency,
        price_usd=Decimal(usd or price),
    )


def prior(price: str, currency: str = "USD", usd: str | None = None) -> PriorMatch:
    return PriorMatch(Decimal(price), currency, Decimal(usd or price))


def test_a_first_match_is_new_and_an_unchanged_one_is_nothing():
    s = search()
    assert decide(s, priced("80"), None).trigger == "new"
    assert decide(s, priced("80"), prior("80")) is None
    quiet = search(new=False, price_drop=PriceDrop(percent=10))
    first = decide(quiet, priced("80"), None)
    assert first.trigger == "new" and first.notify is False  # a baseline for price drops


@pytest.mark.parametrize(
    ("drop", "was", "now", "expected"),
    [
        (PriceDrop(percent=10), "100", "90", True),
        (PriceDrop(percent=10), "100", "90.01", False),
        (PriceDrop(percent=10), "100", "120", False),
        (PriceDrop(below_usd=Decimal("75")), "80", "75", True),
        (PriceDrop(below_usd=Decimal("75")), "70", "65", False),  # already below: not a crossing
        (PriceDrop(percent=50, below_usd=Decimal("95")), "100", "94", True),
    ],
)
def test_price_drops(drop, was, now, expected):
    decision = decide(search(price_drop=drop), priced(now), prior(was))
    assert (decision is not None and decision.trigger == "price_drop") is expected
    if expected:
        assert decision.previous_price == Decimal(was)


def test_a_percent_drop_compares_the_same_currency_only():
    s = search(price_drop=PriceDrop(percent=10))
    assert decide(s, priced("50", "63.5", "GBP"), prior("80", "USD")) is None


def test_back_on_market_only_when_asked():
    assert decide(
        search(back_on_market=True), priced("80"), prior("80"), returning=True
    ).trigger == ("back_on_market")
    assert decide(search(), priced("80"), prior("80"), returning=True) is None


def test_existing_matches_alert_only_with_notify_existing():
    s = search()
    assert decide(s, priced("80"), None, existing=True).notify is False
    loud = SavedSearch(s.id, "s", s.criteria, notify_existing=True)
    assert decide(loud, priced("80"), None, existing=True).notify is True


def test_a_match_id_is_one_per_search_listing_trigger_and_price():
    s, listing = uuid.uuid4(), uuid.uuid4()
    assert match_id(s, listing, "new", Decimal("80")) == match_id(
        s, listing, "new", Decimal("80.00")
    )
    ids = {
        match_id(s, listing, "new", Decimal("80")),
        match_id(s, listing, "price_drop", Decimal("80")),
        match_id(s, listing, "new", Decimal("79")),
        match_id(s, listing, "new", None),
        match_id(uuid.uuid4(), listing, "new", Decimal("80")),
    }
    assert len(ids) == 5


def test_signatures_verify_with_the_standard_webhooks_package():
    body = '{"type":"alert.matched","data":{"x":1}}'
    now = int(datetime.now(UTC).timestamp())
    headers = webhook_headers([SECRET], "msg_2Lh9", now, body)
    assert Webhook(SECRET).verify(body, headers) == {"type": "alert.matched", "data": {"x": 1}}
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(body.replace("1", "2"), headers)
    with pytest.raises(WebhookVerificationError):  # too old: a replayed request
        Webhook(SECRET).verify(body, webhook_headers([SECRET], "msg_2Lh9", now - 600, body))
    other = "whsec_" + "B" * 40
    both = webhook_headers([other, SECRET], "msg_2Lh9", now, body)
    Webhook(SECRET).verify(body, both)
    Webhook(other).verify(body, both)


def test_retries_follow_the_schedule_with_jitter_and_honour_retry_after():
    schedule = (5.0, 30.0)
    for _ in range(50):
        assert 4.0 <= next_delay(0, schedule) <= 6.0
        assert 24.0 <= next_delay(1, schedule) <= 36.0
    assert next_delay(2, schedule) is None
    assert next_delay(0, schedule, asked=120) == 120
    assert retry_after("7") == 7
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert retry_after("Tue, 01 Dec 2026 12:01:00 GMT", now) == 60
    assert retry_after("soon") is None and retry_after(None) is None


def test_digest_periods_are_utc_hours_and_days():
    when = datetime(2026, 12, 1, 13, 47, 5, tzinfo=UTC)
    assert period_start("hourly", when) == datetime(2026, 12, 1, 13, tzinfo=UTC)
    assert period_end("hourly", period_start("hourly", when)) == datetime(
        2026, 12, 1, 14, tzinfo=UTC
    )
    assert period_start("daily", when) == datetime(2026, 12, 1, tzinfo=UTC)
    assert period_start("instant", when) is None


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(0, "0 s"), (45, "45 s"), (90, "1.5 min"), (3606, "1 h"), (86400, "1 d"), (129600, "1.5 d")],
)
def test_a_pause_reason_says_how_long_in_its_largest_unit(seconds, said):
    assert span(seconds) == said
