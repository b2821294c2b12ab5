"""A page's listings beside the items that could not be mapped, as every platform parser gives
them to a sync and to ``indigo parse``."""

from __future__ import annotations

import logging

import pytest
from indigo_shared.collecting import FetchedPage
from indigo_shared.events import Listing
from indigo_shared.parsing import NotAResponse, ParsedPage, SkippedItem, parse_items

log = logging.getLogger("test_parsing")


class Malformed(ValueError):
    pass


def parse(item: dict) -> Listing:
    if not item.get("title"):
        raise Malformed(f"item {item.get('id')}: no title")
    return Listing(platform="ebay", external_id=str(item["id"]), title=item["title"])


def test_items_that_are_no_object_or_malformed_are_skipped_with_their_reason_and_the_rest_parsed():
    page = parse_items(
        [{"id": 1, "title": "Levi's 501"}, "junk", {"id": 2}, {"id": 3, "title": "Lee 101"}],
        parse,
        malformed=Malformed,
        item_id=lambda item: item.get("id"),
    )
    assert [x.external_id for x in page.listings] == ["1", "3"]
    assert page.errors == [
        SkippedItem(1, None, "item is a JSON str, not an object"),
        SkippedItem(2, 2, "item 2: no title"),
    ]


def test_an_unexpected_error_is_not_taken_for_a_malformed_item():
    def broken(item: dict) -> Listing:
        raise KeyError("a bug, not bad data")

    with pytest.raises(KeyError):
        parse_items([{"id": 1}], broken, malformed=Malformed, item_id=lambda item: None)


def test_a_sync_counts_the_skipped_items_and_logs_their_ids():
    page = ParsedPage([], [SkippedItem(0, "v1|9|0", "item without title")])
    fetched = FetchedPage.of(page)
    assert (fetched.errors, fetched.refused) == (1, [("v1|9|0", "item without title")])


def test_the_cli_refuses_a_page_of_which_nothing_could_be_read(caplog):
    page = ParsedPage([], [SkippedItem(0, 7, "listing 7: price: no amount")])
    with pytest.raises(NotAResponse, match=r"none of the 1 results is an Etsy listing \(first: "):
        page.listings_or_refusal("results", "an Etsy listing", log)


def test_the_cli_answers_what_could_be_read_and_warns_of_the_rest(caplog):
    listing = Listing(platform="etsy", external_id="1", title="Wrangler 13MWZ")
    page = ParsedPage([listing], [SkippedItem(1, 2, "listing 2: no title")])
    with caplog.at_level(logging.WARNING, logger="test_parsing"):
        assert page.listings_or_refusal("results", "an Etsy listing", log) == [listing]
    assert "skipped results[1] (2): listing 2: no title" in caplog.text


def test_the_caller_may_decide_when_a_page_is_refused():
    page = ParsedPage([], [SkippedItem(0, "t3_x", "a t5 thing, not a post")])
    assert page.listings_or_refusal("things", "a readable post", log, refuse=False) == []
