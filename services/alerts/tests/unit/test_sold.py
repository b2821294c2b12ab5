"""What an alert shows of a sold or relisted listing."""

from __future__ import annotations

from indigo_alerts.domain.listings import features_of, snapshot
from indigo_shared.money import DEFAULT_USD_RATES
from indigo_shared.testing import sample_enriched, sample_listing


def test_the_alerted_listing_carries_its_buying_format():
    for buying_format in ("fixed_price+best_offer", "sold", None):
        event = sample_enriched(sample_listing("t3_x", buying_format=buying_format))
        listing = snapshot(event, features_of(event, DEFAULT_USD_RATES))
        assert listing["buying_format"] == buying_format
