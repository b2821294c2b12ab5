"""``raw_data`` cleaning: the clean, small item every listing carries passes as it is; anything
PostgreSQL's jsonb refuses is taken out wherever it hides; an oversized item drops its largest
fields."""

from indigo_shared.bounds import MAX_RAW_BYTES
from indigo_shared.events import Listing


def listing(raw: dict) -> Listing:
    return Listing(platform="ebay", external_id="v1|1|0", title="Levi's 501", raw_data=raw)


def test_a_clean_item_is_kept_as_received():
    raw = {"itemId": "v1|1|0", "price": {"value": "45.00"}, "notes": ["tab\tand\nnewline"]}
    assert listing(raw).raw_data == raw


def test_controls_and_unpaired_surrogates_are_removed_at_any_depth():
    raw = {
        "a": {"b": ["ok", "nul\x00here"]},
        "key\x07": 1,
        "emoji": "half \ud83d of a pair",
    }
    assert listing(raw).raw_data == {
        "a": {"b": ["ok", "nulhere"]},
        "key": 1,
        "emoji": "half  of a pair",
    }


def test_text_that_only_looks_like_an_escape_is_kept():
    raw = {"seller_note": "path C:\\u0000\\x"}
    assert listing(raw).raw_data == raw


def test_an_oversized_item_drops_its_largest_fields():
    raw = {"itemId": "v1|1|0", "huge": "z" * (MAX_RAW_BYTES + 10)}
    assert listing(raw).raw_data == {"itemId": "v1|1|0", "_indigo_dropped": ["huge"]}
