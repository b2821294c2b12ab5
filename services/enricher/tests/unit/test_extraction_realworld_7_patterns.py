"""Patterns from the seventh held-out set (``tests/data/titles-realworld-7.jsonl``, the ordinary
run of resale titles): brands the vocabulary lacked, each with silent neighbours."""

from __future__ import annotations

import pytest
from indigo_enricher.domain import ListingText, extract


def _brand(title: str) -> str | None:
    return extract(ListingText(title=title)).attributes.brand


@pytest.mark.parametrize(
    ("title", "brand"),
    [
        ("Denim Forum The Yoko Jean 27 Light Wash", "Denim Forum"),
        ("Anine Bing Sonya Jeans Size 25", "Anine Bing"),
        ("Princess Polly Lenny Low Rise Baggy Jeans US 4", "Princess Polly"),
        ("Edikted Low Rise Baggy Jeans Size S", "Edikted"),
        ("Wonder Nation Boys Jeans Size 14", "Wonder Nation"),
    ],
)
def test_brands_of_the_ordinary_run(title: str, brand: str) -> None:
    assert _brand(title) == brand


@pytest.mark.parametrize(
    "title",
    [
        "Vintage Denim Jeans Forum Post 32x30",  # the words apart are no brand
        "Princess Seam Polly Pocket Jeans 28",
        "Boys Jeans Size 14 Wonder Stretch Nation Flag",
    ],
)
def test_their_words_apart_stay_silent(title: str) -> None:
    assert _brand(title) is None
