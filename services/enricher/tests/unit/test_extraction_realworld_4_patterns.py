"""The general patterns rules-7 reads, from the misses on ``titles-realworld-4.jsonl``.

Each case lists only the fields it checks; ``None`` there means "must stay unknown". Every pattern
has its neighbours that must not change (the precision side of the same rule). The titles are not
the set's own: they are other listings written the same way.
"""

from __future__ import annotations

import pytest
from indigo_enricher.domain import ListingText, extract

CASES: list[tuple[str, dict]] = [
    # --- labels beyond the vocabulary: European vintage and high street, Japanese designer,
    # skate and Y2K, US vintage work labels ----------------------------------------------------
    ("Vintage Fiorucci Denim Jeans 80s 27", {"brand": "Fiorucci", "era": "1980s", "waist": 27}),
    ("thierry mugler jeans 90s", {"brand": "Mugler", "era": "1990s"}),
    ("Massimo Dutti Relaxed Jeans W33 L32", {"brand": "Massimo Dutti", "waist": 33}),
    ("Liu-Jo Skinny Jeans 26", {"brand": "Liu Jo", "waist": 26}),
    ("Le Temps Des Cerises Jeans 711 W29", {"brand": "Le Temps des Cerises", "waist": 29}),
    ("Joe Bloggs Baggy Jeans 90s W32", {"brand": "Joe Bloggs", "era": "1990s", "waist": 32}),
    ("Chipie Jeans Made in France W30", {"brand": "Chipie", "made_in": "France", "waist": 30}),
    ("Nonnative Dweller 5P Jeans Size 1", {"brand": "Nonnative", "waist": None}),
    ("Mihara Yasuhiro Wide Denim Pants 46", {"brand": "Maison Mihara Yasuhiro"}),
    ("Airwalk Baggy Skate Jeans 90s 36x30", {"brand": "Airwalk", "waist": 36, "inseam": 30}),
    ("mnml baggy denim 30 black", {"brand": "Mnml", "waist": 30, "wash": "black"}),
    ("Artful Dodger Jeans 38x32", {"brand": "Artful Dodger", "waist": 38}),
    ("Dereon Y2K Jeans Size 11", {"brand": "House of Dereon", "era": "2000s", "waist": None}),
    ("Sedgefield Jeans Vintage 70s 32x32", {"brand": "Sedgefield", "era": "1970s"}),
    ("Tuf Nut Overalls Vintage 38x30", {"brand": "Tuf-Nut", "waist": 38}),
    # --- abbreviations and misspellings of labels already known ------------------------------
    ("COH Avedon Skinny 27", {"brand": "Citizens of Humanity", "waist": 27}),
    ("coh jeans 27", {"brand": None}),  # the capitals only
    ("Polo RL Classic Straight Jeans 33x30", {"brand": "Ralph Lauren", "waist": 33}),
    ("Denim & Supply Ralph Lauren Jeans 30", {"brand": "Ralph Lauren", "waist": 30}),
    ("True Religon Billy Jeans 34", {"brand": "True Religion", "waist": 34}),
    ("7 For All Man Kind Bootcut 29", {"brand": "7 For All Mankind", "waist": 29}),
    # --- labels named by everyday words: capitalized, and opening the title or before a garment
    ("Salsa Wonder Push Up Jeans W26", {"brand": "Salsa", "waist": 26}),
    ("Vintage Jeans Salsa Dancing Costume 28", {"brand": None}),
    ("Gas Jeans Morris W33 L32", {"brand": "Gas", "waist": 33}),
    ("No Gas Station Jeans 32x30", {"brand": None}),
    ("Liberty Overalls Bib Denim 40x30", {"brand": "Liberty", "waist": 40}),
    ("Statue of Liberty Print Jeans 30", {"brand": None}),
    ("Only Jeans Skinny W27 L32", {"brand": "Only", "waist": 27}),
    ("Only Worn Once Skinny Jeans 28", {"brand": None, "condition": "excellent"}),
    ("Big Star Jeans Sweet Boot 29L", {"brand": "Big Star"}),
    ("Y2K Big Star Patch Flare Jeans 26", {"brand": None}),
    ("Salvage Jeans Men's Bootcut 33x32", {"brand": "Salvage", "selvedge": None}),
    ("Salvage Denim Project Jeans 32x30", {"brand": None}),
    ("Lucky Find Levi's 505 33x32", {"brand": "Levi's"}),
    ("Lucky Brand Jeans 32x30", {"brand": "Lucky Brand"}),
    # --- European-sized houses: "Size 38" is FR/IT, not inches -------------------------------
    ("Rouje Jeans Size 38", {"brand": "Rouje", "waist": None}),
    ("Thierry Mugler Jeans 40 Vintage", {"brand": "Mugler", "waist": None}),
    ("Fiorucci Jeans Size 28", {"brand": "Fiorucci", "waist": 28}),  # tagged in inches
    # --- coveralls are sized by the chest, like a jacket ------------------------------------
    ("Dickies Denim Coveralls Size 42", {"waist": None}),
    ("Vintage Big Mac Coverall Denim 44 Long", {"waist": None}),
    ("Dickies Denim Overalls Size 42", {"waist": 42}),
    # --- "Made in Italia"; a bare "Italia" (a brand's name) is no country ----------------------
    ("Vintage Jeans Made in Italia 32", {"made_in": "Italy"}),
    ("Rifle Italia Vintage Jeans 32", {"made_in": None}),
    # --- wash words: Iron Heart's Superblack, "once washed" -------------------------------------
    ("Iron Heart 634S Superblack 21oz 33", {"wash": "black"}),
    ("Iron Heart 888S Super Black Selvedge 34", {"wash": "black"}),
    ("Tellason Ladbroke Grove Once Washed 32", {"wash": "dark"}),
    ("Super Blue Jeans 32", {"wash": None}),
    ("Levis 501 Worn Once Washed Twice 32x32", {"wash": None}),
    # --- sizes: the inseam written before the waist; several sizes are none -------------------
    ("Inseam 30 Waist 34 Vintage Jeans", {"waist": 34, "inseam": 30}),
    ("Levis 501 Length 32 Waist 31", {"waist": 31, "inseam": 32}),
    ("Levis 501 32 Waist 30 Inseam", {"waist": 32, "inseam": 30}),
    ("Jeans Lot of 6 Sizes 32-36", {"waist": None}),
    ("Womens Jeans Bundle Sizes 28, 29, 30", {"waist": None}),
    ("Madewell Jeans Size S/26", {"waist": 26}),
    ("Good American Jeans Size 4/27", {"waist": 27}),
    # --- condition: worn once or twice is as good as new ---------------------------------------
    ("Agolde Riley Jeans 26 Worn Twice", {"condition": "excellent"}),
    ("Levi's 501 Worn Once Washed Once 32x32", {"condition": "excellent"}),
]


@pytest.mark.parametrize(("title", "expected"), CASES, ids=[c[0][:60] for c in CASES])
def test_case(title: str, expected: dict) -> None:
    got = extract(ListingText(title=title)).attributes.model_dump()
    assert {k: got[k] for k in expected} == expected
