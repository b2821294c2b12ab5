"""When a listing entered the market, and which tracked days it counts on (domain.listings)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from indigo_trends.domain.listings import (
    HISTORY_DAYS,
    first_counted_day,
    is_new_on,
    market_entry,
    oldest_tracked_day,
)

SEEN = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
TODAY = SEEN.date()


def test_a_listing_entered_when_its_seller_listed_it():
    listed = SEEN - timedelta(days=12, hours=3)
    assert market_entry(listed, SEEN) == listed


def test_without_a_listing_time_it_entered_at_its_first_sighting():
    assert market_entry(None, SEEN) == SEEN


def test_a_listing_never_entered_after_it_was_first_seen_nor_in_the_future():
    assert market_entry(SEEN + timedelta(hours=1), SEEN) == SEEN  # clock skew, a relist's date
    assert market_entry(SEEN + timedelta(days=400), SEEN) == SEEN


def test_entry_days_are_utc_days():
    # 23:30 on the 1st in New York is the 2nd in UTC.
    listed = datetime(2026, 12, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    entry = market_entry(listed, SEEN)
    assert is_new_on(entry, date(2026, 12, 2))
    assert not is_new_on(entry, date(2026, 12, 1))
    assert first_counted_day(entry, TODAY) == date(2026, 12, 2)


def test_a_listing_is_new_on_its_entry_day_only():
    entry = market_entry(SEEN - timedelta(days=3), SEEN)
    assert [d for n in range(6) if is_new_on(entry, d := TODAY - timedelta(days=n))] == [
        TODAY - timedelta(days=3)
    ]
    assert first_counted_day(entry, TODAY) == TODAY - timedelta(days=3)


def test_one_listed_before_the_tracked_window_is_active_from_its_start_and_new_on_no_tracked_day():
    window_start = oldest_tracked_day(TODAY)
    assert window_start == TODAY - timedelta(days=HISTORY_DAYS)
    for listed in (datetime(1970, 1, 1, tzinfo=UTC), SEEN - timedelta(days=HISTORY_DAYS + 1)):
        entry = market_entry(listed, SEEN)
        assert first_counted_day(entry, TODAY) == window_start
        assert not any(
            is_new_on(entry, window_start + timedelta(days=n)) for n in range(HISTORY_DAYS + 1)
        )
