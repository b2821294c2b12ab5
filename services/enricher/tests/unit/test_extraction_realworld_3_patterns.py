"""The general patterns rules-6 reads, from the misses on ``titles-realworld-3.jsonl``.

Each case lists only the fields it checks; ``None`` there means "must stay unknown". Every pattern
has its neighbours that must not change (the precision side of the same rule).
"""

from __future__ import annotations

import pytest
from indigo_enricher.domain import ListingText, extract

CASES: list[tuple[str, dict]] = [
    # --- W/L markers with a colon (eBay item specifics pasted into the title) ---------------
    ("Levis 501 W: 32 L: 30", {"waist": 32, "inseam": 30}),
    ("Wrangler Jeans L: 34 W: 33", {"waist": 33, "inseam": 34}),
    ("Levis 501 W32 L30", {"waist": 32, "inseam": 30}),
    ("Levi's 505 Jeans 36 L", {"inseam": None}),
    # --- a W waist between the slashes a seller parts the title with -------------------------
    ("levis 505 cut off jean shorts // w32 // light wash", {"waist": 32, "wash": "light"}),
    ("Levis 501 w32/l30", {"waist": 32, "inseam": 30}),
    # --- a European size system written after the number ------------------------------------
    ("Sezane Le Droit Jeans Size 38 FR", {"waist": None}),
    ("Zara Jeans Size 40 EU", {"waist": None}),
    ("Mango Jeans 38 EU Mom Fit", {"waist": None}),
    ("Zara Straight Jeans Size 28", {"waist": 28}),
    # --- a style number ending in x is not the x of a pair --------------------------------------
    ("[WTS][US] 3sixteen CT-120x 31 raw, $110 shipped", {"brand": "3sixteen", "waist": 31}),
    ("Levis 501 32 x 30", {"waist": 32, "inseam": 30}),
    # --- the seller's measured size after a cue, even as a bare number ------------------------
    ("Levis 505 Tagged 38 Fits Like 34 Vintage USA", {"waist": 38, "measured_waist": 34}),
    ("Levis 501 Womens Size 30 (fits 28)", {"waist": 30, "measured_waist": 28}),
    ("Levis 505 Marked 36 Actually 34", {"waist": 36, "measured_waist": 34}),
    (
        "Levi's 505 Tag Size 36x30 Real Size 33x29",
        {"waist": 36, "inseam": 30, "measured_waist": 33, "measured_inseam": 29},
    ),
    ("grunge black jeans fits like 30 no tag", {"waist": None, "measured_waist": 30}),
    ("Levis 550 Relaxed Fit 34", {"waist": 34, "measured_waist": None}),
    ("True Religion 34 Flare", {"brand": "True Religion", "waist": 34, "measured_waist": None}),
    ("Real McCoy's Lot 001 33x34", {"waist": 33, "measured_waist": None}),
    # --- an imitated maker's own lines and lots are imitated too ------------------------------
    ("Like Wrangler Cowboy Cut Jeans Western 34x34", {"brand": None}),
    ("Not Levis Big E Jeans 32x30", {"brand": None}),
    ("Levi's Style Vintage Straight Jeans Wrangler 33x30", {"brand": "Wrangler"}),
    ("Blue Jeans Straight Leg 501 Style 33x32", {"brand": None, "model": None, "waist": 33}),
    ("Vintage 501 Jeans Button Fly 32x30", {"brand": "Levi's", "model": "501"}),
    # --- a bundle of several makers has no one brand or size ----------------------------------
    (
        "Vintage Denim Lot Bundle of 5 Jeans Mixed Sizes Levis Wrangler Lee",
        {"brand": None, "waist": None},
    ),
    ("Lot of 3 Levis 501 Jeans 32x30", {"brand": "Levi's", "waist": 32}),
    ("Warehouse Lot 1001 Selvedge 32", {"brand": "Warehouse & Co", "waist": 32}),
    # --- a sale post of several makers has no one date either ---------------------------------
    ("[WTS] Tanuki Natural Indigo 32, Oni 246 33, Sugar Cane 1947 31", {"era": None}),
    # --- "The 90s ..." before a cut word is a maker's model name -------------------------------
    ("Zara The 90s Full Length Jeans Size 6", {"era": None}),
    ("Madewell The 90s Wide Leg Jean 27", {"era": None}),
    ("jeans from the 90s levis 32", {"era": "1990s"}),
    # --- Nudie's "Dry ..." denims are unwashed (DOMAIN.md: dry is rigid) -----------------------
    ("Nudie Jeans Lean Dean Dry 16 Dips W30 L32", {"wash": "rigid"}),
    ("Nudie Grim Tim Dry Organic 32", {"wash": "rigid"}),
    ("Levis 501 Dry Clean Only 32x30", {"wash": None}),
    # --- damage named in the title grades the pair fair ---------------------------------------
    ("Levis 501 Jeans 1990s Sz 36x30 Holes in Knees", {"condition": "fair"}),
    ("Carhartt Jeans 34x30 Paint Stains Crotch Blowout Workwear", {"condition": "fair"}),
    ("Levis 505 Jeans 33x30 No Holes No Stains", {"condition": None}),
    ("Thrashed Levis 501 Holes 34x32", {"condition": "distressed"}),
    ("Kapital Boro Patchwork Jeans 32", {"condition": None}),
    ("Hysteric Glamour Vintage Paint Denim Size 30", {"condition": None}),
    ("Mother The Insider Crop Step Fray 26", {"condition": None}),
    # --- brands: DOMAIN.md's names, and families the vocabulary lacked -------------------------
    ("Arizona Jean Co Carpenter Jeans 33x30", {"brand": "Arizona"}),
    ("Rocky Mountain Clothing Riding Jeans 30/9", {"brand": "Rocky Mountain"}),
    ("Children's Place Girls Skinny Jeans Size 10 Plus", {"brand": "Children's Place"}),
    ("Carters Toddler Jeans 3T", {"brand": "Carter's", "waist": None}),
    ("Tory Burch Womens Skinny Jeans Size 27", {"brand": "Tory Burch", "waist": 27}),
    ('1970s Landlubber Bell Bottoms Jeans 30" Waist', {"brand": "Landlubber", "era": "1970s"}),
    ("Vintage Rockies Jeans 90s Western Womens Size 11/12", {"brand": "Rockies", "waist": None}),
    ("Colorado Rockies Baseball Tee", {"brand": None}),
    ("[WTS][US] N&F Weird Guy 32 $50", {"brand": "Naked & Famous", "waist": 32}),
    ("[WTS] IH 634S 33 $200", {"brand": "Iron Heart", "waist": 33}),
    ("nf jeans 32", {"brand": None}),
    ("Levis Big Girls 710 Super Skinny Size 14", {"brand": "Levi's", "model": "710"}),
    # --- the European high street tags EU sizes; a tall length after a waist -----------------
    ("Bershka Jeans 38", {"brand": "Bershka", "waist": None}),
    ("Mango Mom Jeans 40", {"brand": "Mango", "waist": None}),
    ("Zara Man Skinny Jeans EUR 40 US 31", {"waist": 31}),
    ("Bershka Mom Jeans 28", {"waist": 28}),
    ('JCrew 9" Highrise Skinny 26T', {"waist": 26}),
    ("Carters Toddler Jeans 4T", {"waist": None}),
    # --- a decade is no waist with its length ("50s" is no 50 short) --------------------------
    ("Vintage Hercules Jeans Sears 50s Sanforized", {"waist": None, "era": "1950s"}),
    ("Vintage 40s Work Pants", {"waist": None, "era": "1940s"}),
    ("TCB 50s Jeans W32", {"waist": 32, "era": None}),  # TCB's model, named for the decade
    ("Levis 501 30S", {"waist": 30, "era": None}),
    ("Levi's 505 32s", {"waist": 32}),
    # --- a top's number is its chest -------------------------------------------------------------
    ("Vintage Levi's Jean Jacket 70505 Size 40", {"waist": None}),
    ("Lee 101J Storm Rider Jacket 42", {"model": "101J", "waist": None}),
    ("Denim Jacket and Jeans Set 32x30", {"waist": 32, "inseam": 30}),
    ("Levi's 501 Jeans 32x30 Red Tab Shirt Not Included", {"waist": 32}),
    # --- an LVC model's year is the model's, whichever decade it copies ------------------------
    ("Levi's Vintage Clothing 1978 501 W32 L34", {"model": "501", "era": None}),
    ("LVC 1984 501 Made in Turkey 32x34", {"era": None}),
    # --- a maker's line year anywhere in its title; "Sz." before the waist ----------------------
    ("gap denim 1969 jeans size 30 regular", {"brand": "Gap", "era": None, "waist": 30}),
    ("Vintage Gap Jeans 1990s 32x30", {"era": "1990s"}),
    ("Levi's 501 Jeans 1969 Big E", {"era": "1960s"}),
    ("Levis 501 Sz. 34", {"waist": 34}),
]


@pytest.mark.parametrize(("title", "expected"), CASES, ids=[c[0][:60] for c in CASES])
def test_case(title: str, expected: dict) -> None:
    got = extract(ListingText(title=title)).attributes.model_dump()
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("title", "condition"),
    [
        ("Levis 501 Gently Worn 32x32", "good"),  # "gentle" was the gate word: never "gently"
        ("Levis 501 Gently Used 32x32", "good"),
        ("Levi's 501 Nice Condition 32x30", "good"),
        ("Levi's 501 Amazing Condition 32x30", "excellent"),
        ("Levis 501 Needs Repair 32x30", "fair"),
        ("Levi's 501 Blowout Crotch 34x32", "fair"),
        ("Levis 501 Knee Blowouts 32x30", "fair"),
        ("Levis 501 Great Fades Honeycombs 32x30", None),
        ("Levis 501 Repaired Crotch Sashiko 32x30", None),
    ],
)
def test_condition_phrases(title: str, condition: str | None) -> None:
    assert extract(ListingText(title=title)).attributes.condition == condition
