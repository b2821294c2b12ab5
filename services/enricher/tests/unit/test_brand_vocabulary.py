"""The brand vocabulary: big enough for what resellers sell, and unambiguous."""

from __future__ import annotations

from indigo_enricher.domain import vocabulary as v
from indigo_enricher.domain.extraction import brand
from indigo_enricher.domain.vocabulary import brands as tables

KINDS = (
    tables.DENIM,
    tables.WORKWEAR,
    tables.WESTERN,
    tables.PREMIUM,
    tables.JAPANESE,
    tables.DESIGNER,
    tables.MALL,
    tables.STREETWEAR,
)


def test_several_hundred_brands_of_every_kind() -> None:
    names = set(v.BRANDS) | {w.name for w in v.WORD_BRANDS} | set(v.CAPITALS.values())
    assert len(names) >= 400
    assert all(len(kind) >= 15 for kind in KINDS)


def test_no_brand_in_two_tables() -> None:
    assert sum(len(kind) for kind in KINDS) == len(v.BRANDS)


def test_one_form_names_one_brand() -> None:
    for key, rules in brand._FORMS.items():
        assert len({r.name for r in rules if r.plain}) <= 1, key


def test_every_name_the_extractor_gives_is_a_canonical_name() -> None:
    names = set(v.BRANDS) | {w.name for w in v.WORD_BRANDS} | set(v.CAPITALS.values())
    for rules in brand._FORMS.values():
        for rule in rules:
            assert rule.name in names
    # Abbreviations and word brands name brands that have a table entry, or are known by them.
    assert set(v.CAPITALS.values()) - set(v.BRANDS) <= {"Urban Outfitters", "Marks & Spencer"}
