"""The rules every sync request is held to, by the API, `indigo sync` and the collectors alike."""

from __future__ import annotations

from decimal import Decimal

import pytest
from indigo_shared.events import SyncFilters, SyncRequested
from indigo_shared.sync_requests import SyncSearch, condition_ids, invalid_reason
from pydantic import ValidationError


def errors(**fields) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        SyncSearch(**fields)
    return {str(e["loc"][0]): e["msg"] for e in caught.value.errors()}


def test_a_valid_search_makes_one_request_per_platform():
    search = SyncSearch(platform="all", keywords="  levis   501 ", limit=50, max_price=Decimal(90))
    requests = search.requests("cli")
    assert [r.platform for r in requests] == ["ebay", "etsy", "reddit"]
    assert {r.keywords for r in requests} == {"levis 501"}
    assert all(r.trigger == "cli" and r.filters.max_price == 90 for r in requests)


def test_ebay_conditions_by_name_or_id_in_any_spelling():
    search = SyncSearch(platform="ebay", conditions=["Pre-owned good", "3000", "USED"])
    assert search.conditions == ["pre_owned_good", "3000", "used"]
    assert condition_ids("ebay", search.conditions)[:2] == ("3000", "2750")


@pytest.mark.parametrize(
    "fields, field, says",
    [
        ({"platform": "ebay", "conditions": ["mint"]}, "conditions", "unknown eBay condition"),
        ({"platform": "etsy", "conditions": ["used"]}, "conditions", "Etsy listings state no"),
        ({"platform": "reddit", "conditions": ["1000"]}, "conditions", "Reddit listings"),
        ({"platform": "all", "conditions": ["used"]}, "conditions", "platform=ebay"),
        ({"platform": "ebay", "conditions": ["١٠٠٠"]}, "conditions", "unknown"),  # not ASCII
        ({"platform": "ebay", "keywords": " \t "}, "keywords", "at least one word"),
        ({"platform": "ebay", "keywords": "a\x00b"}, "keywords", "NUL"),
        ({"platform": "ebay", "keywords": "\ud800"}, "keywords", "surrogates"),
        ({"platform": "ebay", "min_price": 9, "max_price": 5}, "max_price", "below min_price"),
        ({"platform": "ebay", "min_price": "NaN"}, "min_price", "finite"),
        ({"platform": "ebay", "max_price": "1e400"}, "max_price", "less than or equal"),
        ({"platform": "ebay", "limit": 0}, "limit", "greater than or equal"),
        ({"platform": "amazon"}, "platform", "Input should be"),
    ],
)
def test_what_collectors_refuse_is_refused_naming_the_field(fields, field, says):
    assert says in errors(**fields)[field]


def test_collectors_refuse_a_bad_request_whoever_published_it():
    bad = SyncRequested(platform="etsy", filters=SyncFilters(conditions=["used"]))
    assert "conditions" in invalid_reason(bad)
    assert invalid_reason(SyncRequested(platform="ebay", keywords="levis")) is None
