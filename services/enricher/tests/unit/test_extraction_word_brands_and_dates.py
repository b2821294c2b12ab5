"""Failure classes found on a held-out set of real-style resale titles (rules-4).

Each test uses titles written for it, not the held-out file's: a weak word-brand reading yields
to a later sure brand; lower-case word brands before "jeans"; short forms of longer names; a
designer season dates a pair; a year before "model" does not; a decade before a label existed
is a fit name; a style number before a bare waist; a sale post listing several makers.
"""

from __future__ import annotations

import pytest
from indigo_enricher.domain import ListingText, extract


def _got(title: str) -> dict:
    return extract(ListingText(title=title)).attributes.model_dump(exclude_defaults=True)


@pytest.mark.parametrize(
    ("title", "brand"),
    [
        # A word brand opening a title with no garment word after it is weak: a later sure brand
        # is the maker ("Lucky", "Gap", "Buckle" as words of a sales pitch or a retailer).
        ("Lucky Day Deal Vintage Wrangler 13MWZ 33x32", "Wrangler"),
        ("Gap Filler Listing Lee Riders Jeans 30", "Lee"),
        ("Buckle BKE Derek Boot Jeans 34 Regular", "BKE"),
        # ... and stays the maker when nothing surer follows.
        ("Mother The Hustler Ankle Fray 26", "Mother"),
        ("Gap Vintage Easy Fit 33x30", "Gap"),
        # A collaboration keeps its first-named word brand.
        ("Palace x Evisu Baggy Jeans 32", "Palace"),
        # Lower-case word brands right before "jeans" / "denim" (Depop).
        ("cute mango jeans straight leg size 6", "Mango"),
        ("vintage express jeans low rise 27", "Express"),
        # Short forms typed for a longer name.
        ("Citizens Rocket High Rise Skinny 27", "Citizens of Humanity"),
        ("Loft Modern Skinny Ankle Jeans 8/29", "Ann Taylor"),
        ("BOSS Taber Tapered Fit Jeans 32/34", "Hugo Boss"),
        ("SLP D02 Black Raw Denim 31", "Saint Laurent"),
        # Labels the vocabulary lacked.
        ("L'AGENCE Sada High Rise Slim Jeans 25", "L'Agence"),
        ("Vince Camuto Two by Vince Camuto Jeans 28", "Vince Camuto"),
        ("Freenote Cloth Rios 14.75oz Selvedge 32", "Freenote Cloth"),
    ],
)
def test_brand_classes(title: str, brand: str) -> None:
    assert _got(title).get("brand") == brand


@pytest.mark.parametrize(
    "title",
    [
        "my mother gave me these jeans 30",  # lower case and no "jeans" right after: a word
        "Vintage Frame Pocket Jeans 32",  # weak, and nothing after: still no brand
        "Senior Citizens Discount Jeans 34",
    ],
)
def test_word_brands_stay_words(title: str) -> None:
    assert "brand" not in _got(title)


@pytest.mark.parametrize(
    ("title", "era"),
    [
        ("Raf Simons AW02 Virginia Creeper Denim 30", "2000s"),
        ("Undercover SS 98 Denim Jeans Size 2", "1990s"),
        ("Number (N)ine F/W 2006 Skull Jeans 2", "2000s"),
    ],
)
def test_designer_season_dates_the_pair(title: str, era: str) -> None:
    assert _got(title).get("era") == era


@pytest.mark.parametrize(
    "title",
    [
        "Warehouse 1942 Model Selvedge Jeans 33",  # the model's year, not the pair's
        "Agolde 90s Mid Rise Loose Fit Jean 27",  # Agolde began in the 2010s: a fit name
        "Re/Done 70s Bell Bottom Jeans 26",
        "Good American Good 90s Jean Size 6",
    ],
)
def test_years_and_decades_that_are_names(title: str) -> None:
    assert "era" not in _got(title)


def test_a_decade_the_label_lived_in_is_still_an_era() -> None:
    assert _got("True Religion Y2K Bootcut Jeans 30").get("era") == "2000s"
    assert _got("Vintage 80s Lee Riders Jeans 29").get("era") == "1980s"


def test_bare_waist_after_a_style_number() -> None:
    assert _got("Momotaro 0901 Natural Tapered 32")["waist"] == 32
    assert _got("[WTS] Iron Heart IH-777 33 [W] PayPal")["waist"] == 33
    assert "waist" not in _got("Lot of 2 34 Jeans")  # a count before it: not read alone


def test_sale_post_of_several_makers_names_no_one_pair() -> None:
    got = _got("[WTS] [US-TX] Flat Head 3005 sz 33, Iron Heart 634S sz 34")
    assert "brand" not in got and "waist" not in got
    one = _got("[WTS] [US-TX] Iron Heart 634S sz 34, worn twice")
    assert one["brand"] == "Iron Heart" and one["waist"] == 34


def test_a_grade_word_inside_a_brand_is_no_grade() -> None:
    assert "condition" not in _got("Good American Always Fits Jeans")
