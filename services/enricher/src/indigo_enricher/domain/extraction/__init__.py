"""The offline rule-based attribute extractor, one module per field.

``extract(ListingText) -> Extraction`` reads a listing's title (the main evidence), its
description (weaker evidence: long, noisy, often seller boilerplate) and structured platform
fields (Etsy ``when_made``, eBay ``condition``, a platform ``brand`` / ``size``) and returns the
denim attributes with a confidence per field it set.

Principles:

- Unknown stays ``None``: every rule needs positive evidence; no field is filled by default, and
  a reader that is unsure stays silent (precision over recall).
- The title beats platform fields, which beat the description. The description is read only for
  the fields the title left empty, and only its first :data:`.text.DESCRIPTION_LIMIT` characters.
- Description text is read in ``strict`` mode: only explicit phrases ("made in Japan", "acid
  wash", "excellent condition"), never bare words that boilerplate is full of ("fair", "black").
- Platform fields count as evidence beside the title: agreement raises the confidence,
  disagreement keeps the title's value with a lower one (so the LLM, when there is one, is asked).
- Order matters: brand first (lots depend on it), then the lot (masked so it is no size), then
  sizes (masked so they are no year), then the era on what is left.

Pure and fast: no I/O, no global state beyond patterns compiled at import time.
"""

from __future__ import annotations

import re
from typing import Any

from indigo_enricher.domain import vocabulary as v
from indigo_enricher.domain.extraction.brand import (
    canonical_brand,
    extract_brand,
    platform_brand,
    read_brand,
    several_makers,
)
from indigo_enricher.domain.extraction.condition import (
    ebay_condition,
    extract_condition,
    extract_flaws,
    without_fit_names,
)
from indigo_enricher.domain.extraction.descriptors import (
    extract_gender,
    extract_style,
    extract_tags,
)
from indigo_enricher.domain.extraction.era import extract_era, written_decades
from indigo_enricher.domain.extraction.japanese import japanese_brand
from indigo_enricher.domain.extraction.made_in import canonical_country, extract_made_in
from indigo_enricher.domain.extraction.model import brand_from_model, extract_model
from indigo_enricher.domain.extraction.selvedge import extract_selvedge
from indigo_enricher.domain.extraction.sizes import (
    INSEAM_RANGE,
    WAIST_RANGE,
    Sizes,
    extract_sizes,
    is_shorts,
)
from indigo_enricher.domain.extraction.text import (
    Found,
    clean_description,
    corroborate,
    mask,
    normalize,
    prepare_title,
    round3,
    scale,
    value_of,
)
from indigo_enricher.domain.extraction.wash import extract_wash
from indigo_enricher.domain.models import ATTRIBUTE_FIELDS, Extraction, ListingText

#: Part of every enriched event's id: bump it whenever an answer may change.
EXTRACTOR_VERSION = "rules-10"

__all__ = [
    "EXTRACTOR_VERSION",
    "INSEAM_RANGE",
    "WAIST_RANGE",
    "canonical_brand",
    "canonical_country",
    "clean_description",
    "extract",
    "extract_brand",
    "extract_condition",
    "extract_flaws",
    "extract_gender",
    "extract_model",
    "extract_sizes",
    "extract_style",
    "extract_wash",
    "normalize",
    "written_decades",
]

_BARE_SIZE = re.compile(r"\d{2}(?:\.5)?")


def _platform_sizes(fields: dict[str, Any], sizing: str | None) -> Sizes | None:
    value = fields.get("size")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = f"size {value}"
    if not isinstance(value, str) or not value.strip():
        return None
    text = normalize(value)
    if _BARE_SIZE.fullmatch(text):
        text = f"size {text}"
    return extract_sizes(text, sizing=sizing)


def _sizes(
    title: str, description: str, fields: dict[str, Any], shorts: bool, sizing: str | None
) -> Sizes:
    sizes = extract_sizes(title, shorts=shorts, sizing=sizing)
    platform = _platform_sizes(fields, sizing)
    if platform is not None and (platform.waist or platform.inseam):
        # The title's tag size, confirmed or contradicted by the platform's size field; the
        # platform's alone (a little less sure) when the title has none.
        if sizes.waist is None and sizes.inseam is None:
            waist, inseam = scale(platform.waist, 0.8), scale(platform.inseam, 0.8)
        else:
            waist = corroborate(sizes.waist, scale(platform.waist, 0.8))
            inseam = corroborate(sizes.inseam, scale(platform.inseam, 0.8))
        sizes = Sizes(waist, inseam, sizes.measured_waist, sizes.measured_inseam, sizes.masked)
    if description and None in (
        sizes.waist,
        sizes.inseam,
        sizes.measured_waist,
        sizes.measured_inseam,
    ):
        more = extract_sizes(
            description,
            strict=True,
            shorts=shorts,
            tag=sizes.waist is None or sizes.inseam is None,
            sizing=sizing,
        )
        # The description's inseam goes with its own waist: taken when the pair has no waist
        # yet, or when the description's waist is the one already read ("Levi's 501 W30",
        # platform size 34 and "Tagged 34x32" below), never beside another.
        agrees = sizes.waist is None or (
            more.waist is not None and more.waist.value == sizes.waist.value
        )
        sizes = Sizes(
            sizes.waist or scale(more.waist, 1.0),
            sizes.inseam or (scale(more.inseam, 1.0) if agrees else None),
            sizes.measured_waist or scale(more.measured_waist, 1.0),
            sizes.measured_inseam or scale(more.measured_inseam, 1.0),
            sizes.masked,
        )
    return sizes


def _sizing(brand: str | None) -> str | None:
    """How the maker tags its jeans, when the vocabulary knows: a European house's "Size 40" is
    IT/FR, not inches ("MM6 Maison Margiela Jeans Size 40"); a premium women's label's bare 24
    is a waist ("FRAME Le Garcon Jeans 24"), not a plus size; a plus-size label's is not."""
    if brand in v.EUROPEAN_SIZED:
        return "european"
    if brand in v.INCH_SIZED_WOMENS:
        return "inches"
    if brand in v.PLUS_SIZED:
        return "plus"  # "Torrid Jeans Womens 24": a plus size, never a 24" waist
    return None


# A top ("Levi's Type III Trucker Jacket Size 40", "Lee 101J Jacket 42"): its number is the chest,
# never a waist or an inseam. Only when no bottoms are named too ("jean" or "jeans" before
# "jacket" is the jacket's: "Vintage Jean Jacket", "Levi's 70505 Jeans Jacket 44").
_TOP = re.compile(
    r"\b(?:jackets?|trucker|vest|shirt|coat|blazer|hoodie|sweatshirt|overshirt|coveralls?)\b",
    re.I,
)
# Coveralls (boiler suits, "Lee Union-Alls") are sized by the chest like a jacket.
_TOP_WORDS = ("jacket", "trucker", "vest", "shirt", "coat", "blazer", "hoodie", "coverall")
_BOTTOMS = re.compile(
    r"\b(?:pants?|shorts|jorts|trousers|overalls?|dungarees?|skirt|bottoms|chinos|"
    r"jeans?(?![\s-]+(?:jacket|shirt|vest|coat|trucker)))\b",
    re.I,
)


def _top_only(title: str, model: str | None = None) -> bool:
    """A top named, or a jacket's lot ("[WTB] Levi's 70505 Big E size 40", "Lee 101J 42"),
    and no bottoms named."""
    if model is not None and (model in v.JACKET_LOTS or _JACKET_CODE.fullmatch(model)):
        return _BOTTOMS.search(title) is None
    low = title.lower()
    if not any(w in low for w in _TOP_WORDS):
        return False
    return _TOP.search(title) is not None and _BOTTOMS.search(title) is None


# Wrangler's jacket codes end in MJ or MJZ ("124MJ", "74145MJ"); Lee's jacket is 101J.
_JACKET_CODE = re.compile(r"\d+MJZ?|\d+J")
_YEAR_AFTER = re.compile(r"\s+(?:18|19|20)\d\d(?![\w'])")
# A lot named as what the pair imitates ("Straight Leg 501 Style Jeans", "501-inspired"): no
# lot of the pair's, and no Levi's either.
_IMITATED_LOT = re.compile(
    r"[\s-]*(?:style|styled|inspired|look|lookalike|dupe|type\s+jeans)\b", re.I
)
_NAMES_LEVIS = re.compile(r"\blevi'?s?\b", re.I)


def _names_levis(title: str) -> bool:
    # The regex scan (IGNORECASE) costs a microsecond; on ASCII text "levi" must occur first.
    if title.isascii() and "levi" not in title.lower():
        return False
    return _NAMES_LEVIS.search(title) is not None


def _without_brand_year(title: str, brand: Found[str] | None) -> str:
    """The maker's name, and a year right after it, are a line or its founding year ("Gap
    1969", "Acne Studios 1996", "Guess 1981"), not the pair's date. Not for Levi's, whose
    marks ("Big E") and years are the era reader's own evidence ("Levi's 1993" is a date)."""
    if brand is None or brand.span is None or brand.value == "Levi's":
        return title
    start, end = brand.span
    if m := _YEAR_AFTER.match(title, end):
        end = m.end()
    title = mask(title, start, end)
    for year in v.LINE_YEARS.get(brand.value, ()):
        if (p := title.find(year)) >= 0:
            title = mask(title, p, p + len(year))
    return title


# A listing of several pairs ("Mens Jeans Lot of 3", "Vintage Levi's 501 lot", "bundle"): its
# description gives each pair's size, wash and condition, none of them the listing's. Not a
# Levi's lot number ("Levi's Lot 501").
_SEVERAL_PAIRS = re.compile(
    r"\b(?:lot(?!\s*(?:#|no\.?|number)?\s*\d)|bundles?|\d+\s+pairs)\b", re.I
)


def _several_pairs(title: str) -> bool:
    low = title.lower()
    if "lot" not in low and "bundle" not in low and "pairs" not in low:
        return False
    return _SEVERAL_PAIRS.search(title) is not None


def extract(text: ListingText) -> Extraction:
    """Extract denim attributes from one listing. Pure; a fraction of a millisecond each."""
    title = prepare_title(text.title)
    description = clean_description(text.description)
    fields = text.platform_fields or {}

    reading = read_brand(title)
    brand = corroborate(reading.found, platform_brand(fields))
    if brand is None and not reading.imitated:
        brand = japanese_brand(title)  # "エドウィン 505", "桃太郎ジーンズ 出陣"
    if brand is None and description:
        brand = scale(extract_brand(description, strict=True), 0.75)

    if brand is None and reading.imitated:
        model = None  # "Fits like Levi's 501": the lot is the imitated pair's too
    else:
        # A collaboration with Levi's ("Supreme x Levi's 550") carries Levi's lots.
        maker = value_of(brand)
        if maker is not None and _names_levis(title):
            maker = "Levi's"
        model = extract_model(title, maker)
        if model is None and description:
            model = scale(extract_model(description, maker, strict=True), 0.7)
        if (
            brand is None
            and model is not None
            and model.span is not None
            and _IMITATED_LOT.match(title, model.span[1])
        ):
            model = None
        if brand is None and model is not None:
            brand = brand_from_model(model.value)
    rest = mask(title, *model.span) if model is not None and model.span else title

    several = bool(description) and _several_pairs(text.title)
    per_pair = "" if several else description  # read for what one pair is
    shorts = is_shorts(title)
    sizes = _sizes(rest, per_pair, fields, shorts, _sizing(value_of(brand)))
    if _top_only(text.title, value_of(model)):
        sizes = Sizes(masked=sizes.masked)

    # Brand names hide countries and genders ("Pure Blue Japan", "Cruel Girl").
    brandless = mask(title, *brand.span) if brand is not None and brand.span else title
    made_in = extract_made_in(brandless)
    if made_in is None and description:
        made_in = extract_made_in(description, strict=True)

    era = extract_era(
        _without_brand_year(sizes.masked, brand),
        description=description,
        when_made=fields.get("when_made"),
        brand=value_of(brand),
        model=value_of(model),
        made_in=value_of(made_in),
    )
    wash = extract_wash(brandless)  # "G-Star Raw", "Buckle Black" are no washes
    if wash is None and per_pair:
        wash = extract_wash(per_pair, strict=True)
    selvedge = extract_selvedge(title)
    if selvedge is None and description:
        selvedge = extract_selvedge(description, strict=True)
    # Brand names hide grades too ("Good American", "Mint Velvet"), and so do their fit names
    # ("Good American Good Legs").
    condition = corroborate(
        extract_condition(without_fit_names(brandless, value_of(brand))),
        ebay_condition(fields.get("condition")),
    )
    # Flaws named in the title are the seller's headline; the description's are often a
    # boilerplate "may have minor flaws": less sure, and read only when the title names none.
    flaws = extract_flaws(title)
    if condition is None and not v.FAIR_FLAWS.isdisjoint(flaws):
        # "Levis 501 36x30 Holes in Knees", "Paint Stains Crotch Blowout": worn, no grade
        # written; the title's damage is the grade (DOMAIN.md: fair <- flaws).
        condition = Found("fair", 0.6)
    if condition is None and per_pair:
        condition = extract_condition(per_pair, strict=True)
    flaws_confidence = 0.8
    if not flaws and per_pair:
        flaws, flaws_confidence = extract_flaws(per_pair), 0.6
    style = extract_style(title)  # descriptions say "straight" and "slim" about anything
    gender = extract_gender(brandless)
    if gender is None and description:
        gender = scale(extract_gender(description), 0.7)
    tags = extract_tags(title)
    if value_of(condition) == "deadstock" and "deadstock" not in tags:
        tags.append("deadstock")
    if value_of(selvedge) and "selvedge" not in tags:
        tags.append("selvedge")

    several = several_makers(text.title)
    if several is not None:
        # No one maker or lot is the listing's. In a sale post ("[WTS] Samurai S710XX sz 32,
        # Momotaro 0705 sz 33") each pair has its own size and date too ("..., Sugar Cane 1947
        # 31": a model's year, or one pair's); a bundle's size is written once for all of them
        # ("Lot of 3 Jeans Levis Wrangler Lee 34x30").
        brand = model = None
        if several == "post":
            era = None
            sizes = Sizes(masked=sizes.masked)

    found: dict[str, Found[Any] | None] = {
        "brand": brand,
        "model": model,
        "waist": sizes.waist,
        "inseam": sizes.inseam,
        "measured_waist": sizes.measured_waist,
        "measured_inseam": sizes.measured_inseam,
        "era": era,
        "wash": wash,
        "made_in": made_in,
        "selvedge": selvedge,
        "condition": condition,
        "flaws": Found(flaws, flaws_confidence) if flaws else None,
        "style": style,
        "gender": gender,
        "tags": Found(tags, 0.8) if tags else None,
    }
    values: dict[str, Any] = {}
    confidence: dict[str, float] = {}
    for name in ATTRIBUTE_FIELDS:  # every field read above, or a KeyError here
        if (f := found[name]) is not None:
            values[name] = f.value
            confidence[name] = round3(f.confidence)
    # One validation of the whole answer (the attributes as a dict): a third cheaper than
    # building the attributes model first and the answer around it.
    return Extraction.model_validate({"attributes": values, "confidence": confidence})
