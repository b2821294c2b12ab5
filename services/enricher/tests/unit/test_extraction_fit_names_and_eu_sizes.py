"""Failure classes found on a second held-out set of real-style resale titles (rules-5).

Each test uses titles written for it, not the held-out files': a European house's "Size 40" is
an IT/FR size, not inches (a US maker's is a waist); a premium women's label tagging in inches
makes a bare 24 a waist, a plus-size label's numbers are no waists; a maker's fit name that opens with a
condition word is no grade; a maker's fit named after a decade is no era (a vintage title's
decade stays); a Japanese repro maker named alone before its lot number; a buyer's "33 or 34".
"""

from __future__ import annotations

import pytest
from indigo_enricher.domain import ListingText, extract
from indigo_enricher.domain import vocabulary as v


def _got(title: str) -> dict:
    return extract(ListingText(title=title)).attributes.model_dump(exclude_defaults=True)


@pytest.mark.parametrize(
    "title",
    [
        "Gucci Straight Denim Size 40 Made in Italy",
        "Prada Boyfriend Jeans Size 42",
        "MM6 Wide Jeans Size 44 Light Wash",
        "Balmain Biker Jeans 38",  # a bare European size after the house's name
        "Jil Sander Denim Trousers Size 36",
    ],
)
def test_european_house_size_is_no_waist(title: str) -> None:
    assert "waist" not in _got(title)


@pytest.mark.parametrize(
    ("title", "waist"),
    [
        # US makers: "Size 40" is the waist.
        ("Carhartt B17 Carpenter Jeans Size 40", 40),
        ("Wrangler Cowboy Cut Jeans Size 42", 42),
        ("Dickies Work Jeans Size 38", 38),
        ("Amiri MX1 Jeans Size 36", 36),  # a US designer label tags in inches
        # European houses: inch forms and small numbers are waists.
        ("Gucci Tapered Jeans W38 L32", 38),
        ("Versace Jeans Couture 40x32", 40),
        ("Saint Laurent Skinny Jeans Size 30", 30),
        ("Prada Jeans Size 34", 34),
        ("Maison Margiela Straight Jeans Size 33", 33),  # odd: no European size
        ("Acne Studios River Jeans Size 36", 36),  # Acne tags its jeans in inches
    ],
)
def test_inch_sizes_stay_waists(title: str, waist: int) -> None:
    assert _got(title)["waist"] == waist


def test_sizing_labels_are_known_brands() -> None:
    # Word brands count ("Mango", "Sandro" are read only in context, and named only there).
    known = set(v.BRANDS) | {w.name for w in v.WORD_BRANDS}
    assert v.EUROPEAN_SIZED <= known
    assert v.INCH_SIZED_WOMENS <= known
    assert v.PLUS_SIZED <= known
    assert not v.EUROPEAN_SIZED & v.INCH_SIZED_WOMENS
    assert not v.PLUS_SIZED & (v.EUROPEAN_SIZED | v.INCH_SIZED_WOMENS)
    assert not {"Carhartt", "Wrangler", "Dickies", "Levi's", "Diesel", "Amiri"} & v.EUROPEAN_SIZED


@pytest.mark.parametrize(
    ("title", "waist"),
    [
        ("Mother The Looker Skinny Jeans 24", 24),
        ("Khaite Danielle Womens Jeans 23", 23),
        ("Citizens of Humanity Charlotte High Rise 24 Womens", 24),
    ],
)
def test_premium_inch_label_small_bare_waist(title: str, waist: int) -> None:
    assert _got(title)["waist"] == waist


@pytest.mark.parametrize(
    "title",
    [
        "Torrid Bombshell Jeans Womens 24",  # a plus-size label: its numbers are plus sizes
        "Lane Bryant Straight Jeans Size 26",
        "Eloquii Wide Leg Jeans 28",
        "Womens Skinny Jeans 24",
        "Acne Trousers 48",
    ],
)
def test_small_bare_number_elsewhere_stays_unread(title: str) -> None:
    assert "waist" not in _got(title)


@pytest.mark.parametrize(
    "title",
    [
        "Good American Good Waist Straight Jeans 10/30",
        "Good American Good Icon Flare Size 12/31",
        "Good American Good Straight Jeans 27",
        "Good American Good Petite Skinny 4/27",
    ],
)
def test_condition_word_fit_name_is_no_grade(title: str) -> None:
    assert "condition" not in _got(title)


@pytest.mark.parametrize(
    ("title", "condition"),
    [
        ("Good American Good Legs Jeans Good Condition 28", "good"),
        ("Good American Skinny Jeans 27 Excellent", "excellent"),
        ("Levi's 501 Jeans 32x32 Good Used Shape", "good"),  # another maker: still a grade
    ],
)
def test_grades_beside_fit_names_stay(title: str, condition: str) -> None:
    assert _got(title)["condition"] == condition


@pytest.mark.parametrize(
    "title",
    [
        "Madewell The 90s Relaxed Jean Size 26",
        "Madewell 90s Boyfriend Jeans 29",
        "Abercrombie 90s Baggy Jean 32/30",
        "Abercrombie Ultra High Rise 70s Flare 26/2 Long",
        "Levi's 70s High Straight Womens Jeans 28",
        "Levis 80s Mom Jean Size 27",
        "Hollister Ultra High Rise 90s Straight 25",
        "American Eagle Curvy 90s Boyfriend Jean 8",
    ],
)
def test_decade_fit_name_is_no_era(title: str) -> None:
    assert "era" not in _got(title)


@pytest.mark.parametrize(
    ("title", "era"),
    [
        ("Vintage Madewell 90s Straight Jeans 28", "1990s"),  # "vintage": the decade is meant
        ("VTG Abercrombie 90s Baggy Carpenter Jeans 34", "1990s"),
        ("Levi's Vintage 70s High Waist Flare Jeans 28", "1970s"),
        ("90s Levi's 550 Relaxed Jeans 34x30", "1990s"),  # the decade before the maker
        ("Gap 90s Relaxed Fit Jeans 34x30", "1990s"),  # not one of Gap's named fits
        ("Lee 90s Straight Jeans 32x30", "1990s"),  # a maker without decade-named fits
    ],
)
def test_real_decades_stay(title: str, era: str) -> None:
    assert _got(title)["era"] == era


@pytest.mark.parametrize(
    ("title", "brand"),
    [
        ("Oni 902ZR Extra Rough Jeans 32", "Oni Denim"),
        ("[WTS] Oni 246-IDZR Indigo Selvedge 31", "Oni Denim"),
        ("Warehouse 1101 Selvedge Jeans W30", "Warehouse & Co"),
    ],
)
def test_repro_maker_before_style_number(title: str, brand: str) -> None:
    assert _got(title)["brand"] == brand


@pytest.mark.parametrize(
    "title",
    [
        "Oni Demon Embroidered Baggy Jeans 34",  # the Japanese demon, no maker
        "Oni 34 jeans",  # a size, not a style number
        "Warehouse Clearance Baggy Jeans 30",
    ],
)
def test_repro_word_without_style_number_is_no_maker(title: str) -> None:
    assert "brand" not in _got(title)


@pytest.mark.parametrize(
    "title", ["[WTB] Iron Heart 634S size 32 or 33", "Looking for Levis 501 33 or 34"]
)
def test_two_sizes_asked_are_no_waist(title: str) -> None:
    assert "waist" not in _got(title)
