"""When a sold listing's sale began (indigo_shared.sales), whatever the order and batches."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from indigo_shared.sales import is_sold, sold_since

T = datetime(2026, 12, 1, 12, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T + timedelta(minutes=minutes)


def test_is_sold_is_the_collectors_word_only():
    assert is_sold("sold")
    assert not any(map(is_sold, (None, "", "fixed_price", "fixed_price+best_offer", "auction")))


@pytest.mark.parametrize(
    ("versions", "expected"),
    [
        ([], None),
        ([(0, False)], None),
        ([(0, True)], 0),
        ([(0, True), (5, True)], 0),
        ([(0, True), (5, False)], None),  # relisted
        ([(0, True), (5, False), (10, True), (15, True)], 10),  # sold again: the new sale
        ([(0, False), (5, True)], 5),
    ],
)
def test_the_sale_is_the_first_sold_version_after_the_last_unsold_one(versions, expected):
    pairs = [(at(m), sold) for m, sold in versions]
    for order in itertools.permutations(pairs):
        assert sold_since(order) == (None if expected is None else at(expected))


def test_a_stored_sale_carries_on_while_every_newer_version_is_sold():
    stored = dict(stored_sold=True, stored_ended_at=at(0), stored_collected_at=at(5))
    assert sold_since([(at(10), True)], **stored) == at(0)
    assert sold_since([(at(5), True)], **stored) == at(0)  # the stored version again
    assert sold_since([(at(10), False), (at(15), True)], **stored) == at(15)
    assert sold_since([(at(10), False)], **stored) is None


def test_a_stored_unsold_or_ended_listing_is_sold_at_its_first_sold_version():
    # Trends ended it at 7 (a full sync missed it); sold at 10.
    stored = dict(stored_sold=False, stored_ended_at=at(7), stored_collected_at=at(5))
    assert sold_since([(at(10), True), (at(12), True)], **stored) == at(10)


def test_versions_older_than_the_stored_one_change_nothing():
    stored = dict(stored_sold=True, stored_ended_at=at(10), stored_collected_at=at(15))
    assert sold_since([(at(3), True)], **stored) is None  # no newer version: no update
    assert sold_since([(at(3), False), (at(20), True)], **stored) == at(10)


def test_replaying_the_outcome_as_the_stored_state_gives_the_same_answer():
    versions = [(at(0), False), (at(5), True), (at(9), True)]
    first = sold_since(versions)
    again = sold_since(versions, stored_sold=True, stored_ended_at=first, stored_collected_at=at(9))
    assert first == again == at(5)
