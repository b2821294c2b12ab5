"""Deal scores against comparable pairs: same condition class and era group, fallback to broader
groups when too few, damaged pairs not deals against clean ones, grails not against thrift pairs,
bounded scores."""

from __future__ import annotations

from decimal import Decimal

import pytest
from indigo_trends.domain.deals import (
    LEVELS,
    SCORE_MAX,
    SCORE_MIN,
    TOO_FEW_COMPARABLES,
    DealCandidate,
    condition_class,
    decade,
    era_bucket,
    score_deals,
)

N = 0


def pair(price, condition="good", era="1990s", *, flaws=(), selvedge=None, made_in="USA",
         size="W32-33", lot="Levi's 501", big_e=False, name=None) -> DealCandidate:  # fmt: skip
    global N
    N += 1
    return DealCandidate(
        platform="ebay",
        external_id=name or f"p{N}",
        price_usd=Decimal(str(price)),
        brand=lot.split(" ")[0],
        lot=lot,
        condition=condition,
        flaws=tuple(flaws),
        era=era,
        big_e=big_e,
        selvedge=selvedge,
        made_in=made_in,
        size=size,
    )


def deal_of(listings, name, min_comparables=3):
    return score_deals(listings, min_comparables)[("ebay", name)]


@pytest.mark.parametrize(
    "condition, flaws, expected",
    [
        ("deadstock", (), "deadstock"),
        ("excellent", (), "clean"),
        ("good", (), "clean"),
        (None, (), "clean"),
        ("fair", (), "worn"),
        (None, ("stains",), "worn"),
        ("distressed", (), "damaged"),
        ("distressed", ("stains",), "damaged"),
        (None, ("repairs",), "damaged"),
        (None, ("hemmed",), "damaged"),
        (None, ("Holes", "stains"), "damaged"),
        # the grade the listing states wins over what its flaws would say
        ("good", ("frayed hem",), "clean"),
        ("excellent", ("knee blowout",), "clean"),
        ("fair", ("knee blowout",), "worn"),
        ("deadstock", ("holes",), "deadstock"),
    ],
)
def test_condition_classes(condition, flaws, expected):
    assert condition_class(condition, flaws) == expected


@pytest.mark.parametrize(
    "era, big_e, expected",
    [
        ("1960s", False, "pre-1971"),
        ("1950s", False, "pre-1971"),
        ("60s", False, "pre-1971"),
        (None, True, "pre-1971"),
        ("1990s", True, "1990s"),  # a decade written beats the tab (LVC reissues carry Big E)
        ("1970s", False, "1970s-80s"),
        ("1980s", False, "1970s-80s"),
        ("1970s-1980s", False, "1970s-80s"),
        ("1990s", False, "1990s"),
        ("Y2K", False, "2000s+"),
        ("2010s", False, "2000s+"),
        ("2020_2026", False, "2000s+"),
        ("before_2007", False, None),
        ("vintage", False, None),
        (None, False, None),
    ],
)
def test_era_buckets(era, big_e, expected):
    assert era_bucket(era, big_e) == expected


def test_decades():
    assert decade("1960s") == 1960 and decade("'80s") == 1980 and decade("1994") == 1990


def test_a_pair_is_compared_with_its_own_condition_and_era_group():
    cheap = pair(40, name="cheap")
    clean = [pair(p) for p in (80, 90, 100, 110)]
    damaged = [pair(p, "distressed") for p in (10, 15, 20)]
    grails = [pair(p, era="1960s", selvedge=True) for p in (900, 1000, 1200)]
    deal = deal_of([cheap, *clean, *damaged, *grails], "cheap")
    assert deal.comparables == 4 and deal.median_usd == Decimal("95.00")
    assert deal.score == Decimal("57.9")  # (95 - 40) / 95
    assert deal.reason is None
    assert deal.group == {
        "matched_on": list(LEVELS[0]),
        "brand": "Levi's",
        "lot": "Levi's 501",
        "condition": "clean",
        "era": "1990s",
        "decade": "1990s",
        "big_e": False,
        "selvedge": False,
        "made_in": "USA",
        "size": "W32-33",
    }


def test_too_few_in_the_narrow_group_falls_back_to_a_broader_one():
    me = pair(50, size="W36-37", name="me")
    others = [pair(p, size="W32-33") for p in (70, 80, 90)]
    deal = deal_of([me, *others], "me")
    assert deal.group["matched_on"] == list(LEVELS[1])  # size dropped, made in kept
    assert "size" not in deal.group
    assert (deal.comparables, deal.median_usd, deal.score) == (3, Decimal("80.00"), Decimal("37.5"))
    # Other countries only at the broadest level.
    mexico = pair(50, made_in="Mexico", name="mx")
    deal = deal_of([mexico, *others], "mx")
    assert deal.group["matched_on"] == list(LEVELS[2]) and deal.comparables == 3


def test_too_few_even_at_the_broadest_level_gives_no_score():
    me = pair(30, name="alone")
    deal = deal_of([me, pair(90), pair(95), pair(20, "distressed")], "alone")
    assert deal.score is None and deal.median_usd is None
    assert deal.reason == TOO_FEW_COMPARABLES
    assert deal.comparables == 2 and deal.group["matched_on"] == list(LEVELS[-1])


def test_damaged_pairs_are_not_deals_against_clean_ones():
    project = pair(25, "distressed", name="project")
    repaired = pair(30, None, flaws=["repairs"], name="repaired")
    hemmed = pair(28, None, flaws=["hemmed"], name="hemmed")
    damaged = [pair(p, "distressed") for p in (22, 26, 30)]
    clean = [pair(p) for p in (80, 90, 100, 110)]
    listings = [project, repaired, hemmed, *damaged, *clean]
    for name in ("project", "repaired", "hemmed"):
        deal = deal_of(listings, name)
        assert deal.group["condition"] == "damaged"
        assert deal.median_usd < 31, "compared with damaged pairs only"
        assert abs(deal.score) < 20
    # Alone in its class, a cheap damaged pair has no score at all, not a great one.
    deal = deal_of([project, *clean], "project")
    assert deal.score is None and deal.reason == TOO_FEW_COMPARABLES


def test_a_grail_is_not_compared_with_thrift_pairs():
    grail = pair(508, era="1960s", selvedge=True, big_e=True, made_in=None, name="grail")
    thrift = [pair(p, era=None, made_in=None) for p in (25, 30, 36, 40, 45)]
    modern = [pair(p, era="2010s", made_in="Mexico") for p in (30, 35, 40)]
    deal = deal_of([grail, *thrift, *modern], "grail")
    assert deal.score is None and deal.reason == TOO_FEW_COMPARABLES
    assert deal.comparables == 0 and deal.group["era"] == "pre-1971"
    # Among other Big E selvedge pairs it scores against them.
    others = [pair(p, era="1960s", selvedge=True, made_in=None) for p in (450, 600, 700)]
    deal = deal_of([grail, *thrift, *modern, *others], "grail")
    assert deal.median_usd == Decimal("600.00") and deal.score == Decimal("15.3")
    # and a redline 1980s pair not against non-selvedge 1980s pairs
    redline = pair(120, era="1980s", selvedge=True, name="redline")
    plain = [pair(p, era="1980s") for p in (40, 50, 60, 70)]
    assert deal_of([redline, *plain], "redline").score is None


def test_scores_are_bounded():
    dear = pair(1000, name="dear")
    free = pair("0.01", name="free")
    rest = [pair(p) for p in (40, 50, 60)]
    deals = score_deals([dear, free, *rest], 3)
    assert deals[("ebay", "dear")].score == SCORE_MIN == Decimal(-100)
    assert deals[("ebay", "free")].score == SCORE_MAX  # 99.98% below, rounded
    for deal in deals.values():
        assert SCORE_MIN <= deal.score <= SCORE_MAX


def test_even_and_odd_comparables_medians_exclude_the_listing_itself():
    listings = [pair(p, name=f"n{p}") for p in (10, 20, 30, 40, 50)]
    deals = score_deals(listings, 3)
    assert deals[("ebay", "n10")].median_usd == Decimal("35.00")  # 20 30 40 50
    assert deals[("ebay", "n30")].median_usd == Decimal("30.00")  # 10 20 40 50
    assert deals[("ebay", "n50")].median_usd == Decimal("25.00")  # 10 20 30 40
    assert deals[("ebay", "n50")].score == Decimal("-100.0")
    assert score_deals(listings, 3) == deals, "the same listings, the same deals"


def test_the_decade_counts_when_there_are_enough_of_it():
    me = pair(300, era="1960s", selvedge=True, name="me")
    sixties = [pair(p, era="1960s", selvedge=True) for p in (400, 450, 500)]
    fifties = [pair(p, era="1950s", selvedge=True) for p in (900, 1000, 1100)]
    deal = deal_of([me, *sixties, *fifties], "me")
    assert deal.group["decade"] == "1960s" and deal.median_usd == Decimal("450.00")
    # Too few of its decade: the whole pre-1971 bucket.
    deal = deal_of([me, *sixties[:1], *fifties], "me")
    assert deal.group["matched_on"] == list(LEVELS[-1]) and "decade" not in deal.group
    assert deal.group["era"] == "pre-1971" and deal.comparables == 4
