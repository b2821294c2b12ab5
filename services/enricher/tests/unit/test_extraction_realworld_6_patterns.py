"""The general patterns rules-9 reads, from the misses on ``titles-realworld-6.jsonl``.

Each case lists only the fields it checks; ``None`` there means "must stay unknown". Every pattern
has its neighbours that must not change (the precision side of the same rule). The titles are not
the set's own: they are other listings written the same way.
"""

from __future__ import annotations

import pytest
from indigo_enricher.domain import ListingText, extract

CASES: list[tuple[str, dict]] = [
    # --- Levi's five-digit style codes: LVC's model year or a zero before the lot ------------
    ("Levi's Vintage Clothing 47501-0117 W32 L34", {"brand": "Levi's", "model": "501"}),
    ("LVC 66501 Rigid Selvedge 31x34", {"model": "501", "era": None}),
    ("Levis LVC 37201 Selvedge W30", {"model": "201"}),
    ("Levi's 00505-1524 Regular Fit 33x30", {"model": "505", "waist": 33}),
    ("Levi's 04511-1907 Slim 31x32", {"model": "511"}),
    ("Levi's Style 00550-4891 Relaxed 36x30", {"brand": "Levi's", "model": "550"}),
    ("Levi's 12501 Jeans 32x32", {"model": None}),  # no LVC year, no leading zero
    ("Levi's 70123 Jeans 32x32", {"model": None}),
    ("Ship to 94501 Levi's 505 32x32", {"model": "505"}),  # the lot, not the number before
    ("Wrangler 55501 Jeans 32", {"model": None}),  # only Levi's codes read so
    ("Levi's style jeans 32x30", {"brand": None}),  # a style imitated stays no brand
    ("Levi's Style 501 Jeans 32x30", {"brand": None, "model": None}),
    # --- a hyphen before a Levi's lot suffix ----------------------------------------------------
    ("Levi's 501-XX Selvedge 31x34", {"model": "501XX"}),
    ("Levis 501 XX 30x30", {"model": "501XX"}),
    ("Levi's 501-0115 33x32", {"model": "501"}),
    # --- Edwin's own lots beside Levi's numbers ------------------------------------------------
    ("Edwin 403 Regular Straight W32 L32", {"model": "403"}),
    ("EDWIN 503 Made in Japan 31", {"model": "503"}),
    ("Lucky Brand 403 Jeans 32", {"model": None}),
    ("Levi's 403 Jeans 32x32", {"model": None}),  # no Levi's lot, under the unknown range
    # --- "x2": a count of pairs after a lot or a size, not a size ---------------------------
    ("Levi's 505 x2 Jeans 34x30", {"model": "505", "waist": 34, "inseam": 30}),
    ("Wrangler 13MWZ 33x34 x2 Bundle", {"waist": 33, "inseam": 34}),
    ("Levis 501 x 32", {"model": None}),  # a size after an x
    ("Levis 32x30x2 Jeans", {"waist": None}),  # three numbers: no pair
    # --- two different sizes of two pairs, or a buyer's two: neither is the listing's ----------
    ("Lot 2 Levi's 550 34x30 & 36x30", {"waist": None, "inseam": None}),
    ("[WTB] Levi's 501 33x32 or 34x32", {"waist": None, "inseam": None}),
    ("Levis 505 32x30, 33x30, 34x30 Mixed", {"waist": None}),
    ("Levi's 501 32x30 & 32x30 Two Pairs", {"waist": 32, "inseam": 30}),  # the same size
    ("Levi's 501 32x30 / Dark Wash", {"waist": 32, "inseam": 30}),
    ("Levi's 501 32x30 and Free Shipping", {"waist": 32, "inseam": 30}),
    # --- a jacket's lot: its size is the chest ------------------------------------------------
    ("[WTS] Levi's 70505 Big E Size 42", {"model": "70505", "waist": None}),
    ("Levis 557XX LVC 40", {"waist": None}),
    ("Lee 101J Storm Rider 42", {"model": "101J", "waist": None}),
    ("Wrangler 124MJ Size 40", {"waist": None}),
    ("Levi's 501 Jeans Size 40", {"waist": 40}),  # a pair of jeans keeps its waist
    ("Levis 70505 Jeans Jacket 44", {"waist": None}),  # "jeans jacket" is a jacket
    ("Levi's Jean Jacket and Jeans 32x30", {"waist": 32}),
    # --- the measured pair written after the tag size, with its cue after it -----------------
    ("Levis 505 33 x 30 (32 x 29 Actual)", {"waist": 33, "measured_waist": 32}),
    ("Wrangler 13MWZ 34x34 33x33 measured", {"waist": 34, "measured_inseam": 33}),
    ("Levis 501 32x30 Actual Wash Photos", {"waist": 32, "measured_waist": None}),
    # --- a women's size with a waist and "Long" after it: a long inseam is 32 and up ------------
    ("Lucky Brand Sweet Jean 6/28 Long", {"waist": 28}),
    ("Silver Jeans Womens 8/29 Long", {"waist": 29}),
    ("Womens Jeans Size 12/32 Long", {"waist": None}),
    ("Levis Womens Size 14 Long", {"waist": None}),
    # --- "Y2K" beside a written decade tags a style; the written decade stands -----------------
    ("Vintage 90s Baggy Carpenter Jeans Y2K Skater 34x30", {"era": "1990s"}),
    ("Y2K 2000s Low Rise Flare 27", {"era": "2000s"}),
    ("Y2K Low Rise Flare Jeans 27", {"era": "2000s"}),
    ("80s 90s Y2K Mom Jeans 28", {"era": None}),  # two decades written: no answer
    # --- numbers that are no lot and no size ----------------------------------------------------
    ("Levi's 501 Jeans 34x32 #A123 $25", {"model": "501", "waist": 34, "inseam": 32}),
    ("Momotaro 0705SP 15.7oz 32", {"model": None, "waist": 32}),  # a repro maker's own code
    ("Iron Heart IH-634S 21oz 33", {"model": None, "waist": 33}),
    ("Samurai S710XX 19oz W31", {"model": None, "waist": 31}),
    ("Juniors Size 5 Flare Jeans", {"waist": None}),
    ("Girls 14 Gap Kids Jeans", {"waist": None}),
    ("Madewell Perfect Vintage Jean 27P", {"waist": 27}),
    ("Old Navy OG Straight Size 8 Short", {"waist": None, "inseam": None}),
]


@pytest.mark.parametrize(("title", "expected"), CASES, ids=[c[0][:60] for c in CASES])
def test_case(title: str, expected: dict) -> None:
    got = extract(ListingText(title=title)).attributes.model_dump()
    assert {k: got[k] for k in expected} == expected
