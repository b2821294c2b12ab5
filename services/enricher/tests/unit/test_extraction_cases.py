"""The rule-based extractor on a table of tricky titles (our own, not the labelled kit).

Each case lists only the fields it checks; ``None`` / ``[]`` there means "must stay unknown".
"""

from __future__ import annotations

import time

import pytest
from indigo_enricher.domain import EXTRACTOR_VERSION, ListingText, extract
from indigo_enricher.domain.extraction import clean_description, normalize

CASES: list[tuple[str, dict]] = [
    # --- brands and their forms ------------------------------------------------------------
    ("Levi’s 501 Jeans W32 L30", {"brand": "Levi's", "model": "501", "waist": 32, "inseam": 30}),
    ("LEVIS 505 JEANS 36X30", {"brand": "Levi's", "model": "505", "waist": 36, "inseam": 30}),
    ("Levi Strauss & Co Red Tab Jeans 34x32", {"brand": "Levi's", "tags": ["red tab"]}),
    (
        "LVC 1955 501XX Selvedge 32x34 Made in Turkey",
        {"brand": "Levi's", "model": "501XX", "era": None, "made_in": "Turkey", "selvedge": True},
    ),
    ("Vintage Big E Jeans 30x30", {"brand": "Levi's"}),
    ("Lee Riders Jeans 32x30", {"brand": "Lee"}),
    ("Lee Cooper Jeans 32x30", {"brand": "Lee Cooper"}),
    ("Blue Bell Jeans 80s 33x32", {"brand": "Wrangler", "era": "1980s"}),
    ("Vintage Rustler Western Jeans 36x30", {"brand": "Wrangler"}),
    ("Polo Jeans Co Carpenter 33x32", {"brand": "Ralph Lauren", "style": "carpenter"}),
    ("Georges Marciano Acid Wash Jeans 28", {"brand": "Guess", "wash": "acid"}),
    ("Vintage CK Jeans Mom High Rise", {"brand": "Calvin Klein"}),
    ("Tommy Jeans 90s Carpenter", {"brand": "Tommy Hilfiger", "era": "1990s"}),
    ("Chic Jeans by H.I.S Womens 14", {"brand": "Chic", "waist": None, "gender": "women"}),
    ("Key Imperial Carpenter Jeans 38x30", {"brand": "Key"}),
    ("Marithé François Girbaud Shuttle Jeans 34x32", {"brand": "Marithé François Girbaud"}),
    ("Vintage 501 Jeans Button Fly 32x30", {"brand": "Levi's", "model": "501"}),
    # --- common-word brands that must not match ---------------------------------------------
    ("Leeds Vintage Denim Co 32x30", {"brand": None}),
    ("Bruce Lee Graphic Print Jeans", {"brand": None}),
    ("Vintage Jeans Small Gap In Waist Size 30", {"brand": None, "waist": 30}),
    ("Levis 501 gap in hem 32x30", {"brand": "Levi's"}),
    ("Thigh Gap Skinny Jeans", {"brand": None, "style": "skinny"}),
    ("I Guess These Are Vintage Jeans 32x30", {"brand": None}),
    ("Boho Chic Flare Jeans Womens Size 8", {"brand": None, "waist": None, "style": "flare"}),
    ("Chic Style High Rise Jeans", {"brand": None}),
    ("Key Feature Vintage Jeans 34x30", {"brand": None}),
    ("Black Jeans 32x32 with pocket", {"brand": None, "wash": "black"}),
    ("Unbranded Vintage Jeans", {"brand": None, "model": None, "era": None, "wash": None}),
    # --- lot numbers vs sizes and years --------------------------------------------------------
    ("Levi's 505-0217 Jeans 34x30", {"model": "505", "waist": 34}),
    ("Levi's 501 '93 Straight W30 L32", {"model": "501", "era": None, "waist": 30}),
    ("Levi's 501 CT Jeans 32x32", {"model": "501"}),
    ("Levi's 501 1993 Made in USA 32x32", {"model": "501", "era": "1990s", "waist": 32}),
    ("Levi's 501 Jeans 32 waist 30 inseam", {"model": "501", "waist": 32, "inseam": 30}),
    ("70s Levi's 646 28 x 30 Talon 42 Zipper", {"model": "646", "waist": 28, "inseam": 30}),
    ("Wrangler 13 MWZ Cowboy Cut 31x36", {"model": "13MWZ", "style": "cowboy cut"}),
    ("Lee 101-Z Rider 32x32", {"brand": "Lee", "model": "101Z"}),
    ("Wrangler 936DEN Slim 31x36 Rigid", {"model": "936DEN", "wash": "rigid"}),
    ("Levis 501xx Jeans", {"model": "501XX"}),
    ("Carhartt B11 Carpenter 33x30", {"model": None}),
    ("Levi's 100% Cotton Jeans 34x30", {"model": None}),
    # --- sizes: tag vs measured ------------------------------------------------------------------
    ("Levis 32W 34L", {"waist": 32, "inseam": 34}),
    ("Levis W 32 L 30", {"waist": 32, "inseam": 30}),
    ("Levis 501 31/30", {"waist": 31, "inseam": 30}),
    ("Levis Size 32x30", {"waist": 32, "inseam": 30}),
    (
        "Levis Tag 34x32 Measures 32x30",
        {"waist": 34, "inseam": 32, "measured_waist": 32, "measured_inseam": 30},
    ),
    ('Levis 501 measured waist 31" 33x32', {"waist": 33, "measured_waist": 31}),
    ('Levis 501 16" flat', {"waist": None, "measured_waist": 32}),
    ("Levis 501 Waist 15.5 Laid Flat", {"measured_waist": 31}),
    ("Levi's 32″ x 30″ Jeans", {"waist": 32, "inseam": 30}),
    (
        "Levi's 501 W33 L30 (Measured W32 L29)",
        {"waist": 33, "inseam": 30, "measured_waist": 32, "measured_inseam": 29},
    ),
    (
        "Levis 501 33x30 measures 32 waist 30 inseam",
        {"waist": 33, "inseam": 30, "measured_waist": 32, "measured_inseam": 30},
    ),
    ("Levi's 550 36 30 Relaxed", {"waist": 36, "inseam": 30}),
    ("Mom Jeans Women's Size 10 High Waisted", {"waist": None, "gender": "women"}),
    ("Lee Vintage Jeans Womens Sz 9/10", {"waist": None, "inseam": None}),
    ("Lee Vintage Mom Jeans Size 30", {"waist": 30}),
    ("Womens Size 14 Flat Front Jeans", {"waist": None, "measured_waist": None}),
    ("Jeans Size 24 Plus Stretch", {"waist": None}),
    (
        "[US-NY] [H] Lee 101Z 32x32 [W] $50 PayPal",
        {"brand": "Lee", "waist": 32, "inseam": 32, "made_in": None},
    ),
    ("[WTS] Levi's 505 34x32 MIUSA, $35 shipped", {"made_in": "USA", "waist": 34}),
    # --- era -------------------------------------------------------------------------------------
    ("Levi’s 550 Jeans 90’s", {"era": "1990s"}),
    ("Levi's 550 Jeans '90s", {"era": "1990s"}),
    ("Evisu Jeans Y2K", {"era": "2000s"}),
    ("Levi's 1970's Orange Tab", {"era": "1970s"}),
    ("Vintage Seventies Bell Bottoms", {"era": "1970s", "style": "bell bottom"}),
    ("Vintage 80s 90s Levi's 501", {"era": None}),
    ("Levi's 501 mid-80s USA", {"era": "1980s", "made_in": "USA"}),
    ("Vintage 1985 Levi's 501", {"era": "1980s", "model": "501"}),
    ("Levi's 501 Made in USA Selvedge?", {"selvedge": None}),
    ("Levi's 501 70s Style Flare", {"era": None}),
    ("Levi's Big E 505 Hidden Rivets", {"era": "1960s"}),  # 505 from 1967, hidden to 1967
    ("Levi's Big E 505 Selvedge 31x29", {"era": None}),  # 1967-1970: not one decade
    ("Levi's 501 Orange Overlock", {"era": "1980s"}),  # 1981-1984
    ("Levi's Big E 501 Selvedge", {"era": None}),  # 1936-1970: not one decade
    ("Levi's 560 Made in USA", {"era": None}),  # 560 is weak (L) evidence
    ("Levi's Big E 505 Care Tag Repro", {"era": None}),
    # --- wash ------------------------------------------------------------------------------------
    ("Levi's 550 Light Stonewash", {"wash": "stonewash"}),
    ("Levi's 505 Rinse", {"wash": "dark"}),
    ("Lee Snow Wash Jeans", {"wash": "acid"}),
    ("Lee Marble Wash Jeans", {"wash": "acid"}),
    ("Levi's 501 Distressed Ripped", {"wash": None, "condition": "distressed", "flaws": ["rips"]}),
    ("Levi's 501 Shrink To Fit 30 x 32 Unwashed", {"wash": "rigid", "measured_waist": None}),
    ("Levi's 501 Light Wear Dark Wash", {"wash": "dark", "condition": "good"}),
    ("Levi's Trucker Jacket Size Medium", {"wash": None}),
    ("Levi's 501 Raw Hem Light Blue", {"wash": "light"}),
    ("Levi's 501 Black Leather Patch", {"wash": None, "flaws": []}),
    ("Levis 560 Black Loose Tapered", {"wash": "black", "style": "loose, tapered"}),
    # --- made in ---------------------------------------------------------------------------------
    ("Wrangler Made in U.S.A. 33x32", {"made_in": "USA"}),
    ("Levi's USA Made 501", {"made_in": "USA"}),
    ("levis 517 light wash mexico", {"made_in": "Mexico"}),
    ("Lee Jeans New Mexico Seller", {"made_in": None}),
    ("Levi's 501 Ships from USA", {"made_in": None}),
    ("Pure Blue Japan XX-019 Selvedge", {"brand": "Pure Blue Japan", "made_in": None}),
    ("Levi's 501 Made in Hong Kong", {"made_in": "Hong Kong"}),
    # --- selvedge, condition, flaws --------------------------------------------------------------
    ("Levis 501 Redline", {"selvedge": True, "tags": ["redline", "selvedge"]}),
    ("Levis 501 Non-Selvedge", {"selvedge": False}),
    ("Levis 501 Jeans", {"selvedge": None, "condition": None, "flaws": []}),
    ("Levi's 501 NWT", {"condition": "deadstock", "tags": ["deadstock"]}),
    ("Levi's 501 DS NOS", {"condition": "deadstock"}),
    ("Levi's 501 New With Tags", {"condition": "deadstock"}),
    ("Levi's 501 Excellent Condition", {"condition": "excellent"}),
    (
        "Levi's 501 Thrashed Crotch Blowout Paint",
        {"condition": "distressed", "flaws": ["crotch blowout", "paint"]},
    ),
    ("Levi's 501 No Holes or Stains", {"flaws": []}),
    ("Levi's 501 Great Fades Whiskers Honeycombs", {"flaws": []}),
    (
        "Levi's 501 Knee Blowout Frayed Hem Missing Tab",
        {"flaws": ["knee blowout", "frayed hem", "missing tab"]},
    ),
    ("Levi's 501 Hemmed Repaired", {"flaws": ["hemmed", "repairs"]}),
    # --- style and gender -----------------------------------------------------------------------
    ("Levi's 517 Boot Cut Mens", {"style": "boot cut", "gender": "men"}),
    ("Levi's Womens 701 Student", {"gender": "women", "model": "701"}),
    ("Cruel Girl Jeans", {"brand": "Cruel Girl", "gender": None}),
    ("Levi's Unisex Jeans", {"gender": "unisex"}),
    # --- resale-site brands: forms, abbreviations, spellings without accents or punctuation --
    ("Stussy Big Ol Jeans 32", {"brand": "Stussy"}),
    ("Comme des Garcons Homme Jeans", {"brand": "Comme des Garcons"}),
    ("CDG Homme Plus Jeans", {"brand": "Comme des Garcons"}),
    ("cdg jeans", {"brand": "Comme des Garcons"}),
    ("J Crew Vintage Straight 28", {"brand": "J.Crew"}),
    ("JCREW Sutton Straight 32x32", {"brand": "J.Crew"}),
    ("Rag and Bone Fit 2 Jeans 31", {"brand": "Rag & Bone"}),
    ("Bugleboy Vintage Jeans 32x30", {"brand": "Bugle Boy"}),
    ("7FAM Bootcut 27", {"brand": "7 For All Mankind"}),
    ("YSL Skinny Jeans 30", {"brand": "Saint Laurent"}),
    ("AE Mom Jeans Size 6", {"brand": "American Eagle", "waist": None}),
    ("ae mom jeans size 6", {"brand": None}),  # "ae" in lower case is no abbreviation
    ("AG Jeans The Graduate 33x32", {"brand": "AG Adriano Goldschmied"}),
    ("Off White Jeans Straight 32", {"brand": None}),  # a colour: "Offwhite" is not "Off White"
    # --- word brands need context ----------------------------------------------------------
    ("Mother The Looker Ankle Fray 27", {"brand": "Mother", "waist": 27}),
    ("Vintage Mother Of Pearl Button Jeans 30", {"brand": None}),
    ("Express Shipping Levis 505 Jeans 34x30", {"brand": "Levi's"}),
    ("Frame Le High Straight 26", {"brand": "Frame"}),
    ("Vintage Frame Pocket Jeans 31", {"brand": None}),
    ("Wide Leg Jeans by Mother 28", {"brand": "Mother"}),
    # --- what a pair imitates is never its brand; collaborations name the first brand -------
    ("Levi's Style Vintage Mom Jeans 28", {"brand": None, "model": None}),
    ("Levi's-like Straight Jeans 32x30", {"brand": None}),
    ("Fits Like Levi's 501 Jeans 33x32", {"brand": None, "model": None}),
    ("Vintage Jeans Not Levis 501 34x32", {"brand": None, "model": None}),
    ("Similar to Wrangler Western Jeans 36x34", {"brand": None}),
    ("Kapital Inspired Boro Jeans 34", {"brand": None}),
    ("Inspired by Carhartt Double Knee Pants 34x32", {"brand": None}),
    ("Carhartt Style Double Knee Pants Dickies 34x30", {"brand": "Dickies"}),
    ("Balenciaga Style Baggy Jeans Zara Size 8", {"brand": "Zara", "waist": None}),
    ("Levi's Like New 501 32x32", {"brand": "Levi's", "condition": "excellent"}),
    ("Supreme x Levi's 550 Jeans 32x32", {"brand": "Supreme", "model": "550"}),
    ("Levi's x Supreme 550 Jeans 34", {"brand": "Levi's", "waist": 34}),
    # --- resale-site size forms ------------------------------------------------------------
    ("Levi's 505 Jeans Mens 36", {"waist": 36}),
    ("Wrangler Mens 34 Relaxed Fit Jeans", {"waist": 34}),
    ("Levis 501 Sz 32 Button Fly", {"waist": 32}),
    ("Levi's Ribcage Straight Ankle W27", {"waist": 27}),
    ("Good American Good Legs 12/31", {"waist": 31}),
    ("A&F Curve Love Straight 27/4 Short", {"waist": 27, "inseam": None}),
    ("KanCan Mom Jeans Size 9/27", {"waist": 27}),
    ("Gap 1969 Always Skinny 27/4r", {"waist": 27, "era": None}),
    ("Prada Straight Leg Jeans 31 Made in Italy", {"waist": 31, "made_in": "Italy"}),
    ("Iron Heart 666S 34 Indigo", {"waist": 34}),
    ("Burberry Straight Jeans 32R", {"waist": 32}),
    ("Levi's 550 36 Relaxed 40", {"waist": None}),  # two bare numbers: which is the waist?
    ('Madewell Jeans 10" Rise Skinny 27', {"waist": 27}),
    ("Dior Homme 19cm Jeans 30", {"waist": 30}),
    ("Dsquared2 Cool Guy Jeans Size 48", {"waist": None}),  # a European size
    ("Lane Bryant Straight Leg Jeans 22W", {"waist": None}),
    ("Madewell Baggy Jeans Size 30W Plus", {"waist": None}),
    ("Torrid Bombshell Skinny Size 18 Plus", {"waist": None}),
    ("Womens Jeans Size 16W Stretch", {"waist": None}),
    ("Old Navy Rockstar Jeans Size 10 Tall", {"waist": None}),
    ("Levi's 501 Cutoff Shorts W30 5\" Inseam", {"waist": 30, "inseam": 5}),
    ("Levis 505 Jean Shorts 32x7", {"waist": 32, "inseam": 7}),
    ("Levi's 550 Shorts 36 Waist 9 Inch Inseam", {"waist": 36, "inseam": 9}),
    ("Vintage Levis Jorts 34 Light Wash", {"waist": 34}),
    ("Levi's Jorts W36 L10", {"waist": 36, "inseam": 10}),
    ("Levis 505 Tagged 34x30 Fits 32x29", {"measured_waist": 32, "measured_inseam": 29}),
    ("Levi's 505 Relaxed Fit 34x32", {"measured_waist": None, "waist": 34}),
]


def _compare(title: str, expected: dict, got: dict) -> list[str]:
    problems = []
    for name, want in expected.items():
        have = got[name]
        if isinstance(want, (int, float)) and not isinstance(want, bool) and have is not None:
            ok = float(have) == float(want)
        else:
            ok = have == want
        if not ok:
            problems.append(f"{name}: expected {want!r}, got {have!r}")
    return problems


@pytest.mark.parametrize(("title", "expected"), CASES, ids=[c[0][:60] for c in CASES])
def test_case(title: str, expected: dict) -> None:
    got = extract(ListingText(title=title)).attributes.model_dump()
    assert not _compare(title, expected, got)


def test_enough_cases() -> None:
    assert len(CASES) >= 40


def test_confidence_only_for_set_fields_and_in_range() -> None:
    result = extract(ListingText(title="Vintage Levi's 501 Jeans 33x32 Made in USA Medium Wash"))
    attributes = result.attributes.model_dump()
    assert set(result.confidence) == {k for k, v in attributes.items() if v not in (None, [])}
    assert all(0.0 < c <= 1.0 for c in result.confidence.values())


def test_empty_title_is_all_unknown() -> None:
    result = extract(ListingText(title=""))
    assert result.attributes.model_dump(exclude_defaults=True) == {}
    assert result.confidence == {}


def test_version() -> None:
    assert EXTRACTOR_VERSION == "rules-10"


# --- platform evidence ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when_made", "title", "era"),
    [
        ("1980s", "Vintage Mom Jeans", "1980s"),
        ("1990s", "Vintage 80s Mom Jeans", "1980s"),  # the title's decade wins
        ("before_2007", "Vintage Mom Jeans", None),
        ("2000_2006", "Vintage Mom Jeans", "2000s"),
        ("2020_2026", "Mom Jeans", "2020s"),
        ("made_to_order", "Mom Jeans", None),
        ("2031_2039_new_bucket", "Mom Jeans", None),  # unknown values are ignored
        (None, "Mom Jeans", None),
        (1980, "Mom Jeans", None),
    ],
)
def test_etsy_when_made(when_made, title: str, era: str | None) -> None:
    text = ListingText(title=title, platform="etsy", platform_fields={"when_made": when_made})
    assert extract(text).attributes.era == era


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("New with tags", "deadstock"),
        ("New without tags", "deadstock"),
        ("Pre-owned", None),
        ("Pre-owned - Excellent", "excellent"),
        ("Something else", None),
        (3000, None),
    ],
)
def test_ebay_condition(condition, expected: str | None) -> None:
    text = ListingText(
        title="Levi's 501 32x30", platform="ebay", platform_fields={"condition": condition}
    )
    assert extract(text).attributes.condition == expected


def test_title_condition_beats_platform() -> None:
    text = ListingText(title="Levi's 501 Thrashed", platform_fields={"condition": "New"})
    assert extract(text).attributes.condition == "distressed"


def test_platform_brand_and_size_when_title_has_none() -> None:
    text = ListingText(
        title="Vintage Jeans",
        platform="ebay",
        platform_fields={"brand": "LEVI STRAUSS & CO.", "size": "W32 L30"},
    )
    attributes = extract(text).attributes
    assert (attributes.brand, attributes.waist, attributes.inseam) == ("Levi's", 32, 30)
    unbranded = ListingText(title="Vintage Jeans", platform_fields={"brand": "Unbranded"})
    assert extract(unbranded).attributes.brand is None


# --- description -------------------------------------------------------------------------------


def test_description_fills_gaps_with_lower_confidence() -> None:
    text = ListingText(
        title="Vintage Jeans",
        description="<p>Great pair of <b>Levi&#39;s</b> 501.</p><p>Measurements: Waist: 15.5&quot;"
        " Inseam: 30&quot;</p><p>Made in USA. Small hole on knee, no stains.</p>",
    )
    result = extract(text)
    attributes = result.attributes
    assert attributes.brand == "Levi's"
    assert attributes.model == "501"
    assert (attributes.measured_waist, attributes.measured_inseam) == (31, 30)
    assert attributes.made_in == "USA"
    assert attributes.flaws == ["holes"]
    assert result.confidence["brand"] < 0.9


def test_description_boilerplate_is_not_evidence() -> None:
    text = ListingText(
        title="Jeans",
        description="We are extremely fair. Key Feature: fast shipping. Black Friday deals! "
        "Copyright 2018. Light weight parcel. Ships from USA. I guess you will love it.",
    )
    assert extract(text).attributes.model_dump(exclude_defaults=True) == {}


def test_title_beats_description() -> None:
    text = ListingText(
        title="Lee Jeans 80s Dark Wash", description="Similar to Levi's. Light wash. 1990s."
    )
    attributes = extract(text).attributes
    assert (attributes.brand, attributes.era, attributes.wash) == ("Lee", "1980s", "dark")


def test_clean_description() -> None:
    assert clean_description("<div>Made&nbsp;in <b>USA</b></div><script>x=1</script>") == (
        "Made in USA ."
    )
    assert clean_description(None) == ""


def test_normalize_folds_unicode_forms() -> None:
    assert normalize("Levi’s 90‘s 32″×30” — “rigid”") == 'Levi\'s 90\'s 32"x30" - "rigid"'


# --- speed ---------------------------------------------------------------------------------------


def test_throughput_floor() -> None:
    """A loose floor (the bench measures the real figure): catches a pathological regex."""
    titles = [ListingText(title=title) for title, _ in CASES]
    start = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        for text in titles:
            extract(text)
    rate = rounds * len(titles) / (time.perf_counter() - start)
    assert rate > 500


def test_long_adversarial_text_is_bounded() -> None:
    junk = ("32 x " * 3000) + ("levi " * 2000) + ("measures 1" * 1000) + ("'" * 5000)
    start = time.perf_counter()
    extract(ListingText(title=junk[:2000], description=junk))
    assert time.perf_counter() - start < 2.0
