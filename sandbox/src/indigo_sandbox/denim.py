"""Vintage jeans as sellers list them: what a pair is, and the titles and descriptions they write.

Marketplace-neutral: the eBay catalogue (and later Etsy and Reddit) draws pairs from here and adds
its own listing details. The facts follow DOMAIN.md (../shared): lot numbers only in the decades
they were made, Big E only before 1971, US-made Levi's only until 2003, acid wash from the
mid-1980s, redline selvedge until the early 1980s, tag sizes that measure smaller than they read.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

T = TypeVar("T")
MEN, WOMEN = "Men", "Women"
BUTTON_FLY, ZIP_FLY = "Button Fly", "Zip Fly"


@dataclass(frozen=True)
class Model:
    """One kind of jeans: a brand's lot number (``lot=None`` for its plain jeans) or line."""

    brand: str
    lot: str | None
    weight: float  # share of all pairs listed, relative to the other models
    style: str
    department: str
    fly: str
    median_usd: float  # a 1990s pair in good condition
    eras: Mapping[str | None, float]  # decade -> weight; None: a modern pair, no decade to name
    line: str | None = None  # "Silver Tab", "LVC": a line that is always named
    brand_forms: Sequence[str] = ()  # how titles write the brand, when not the brand's usual forms
    made_in: Mapping[str, float] | None = None  # where the brand always made it


def _eras(**weights: float) -> dict[str | None, float]:
    """``_eras(e90=.5, e00=.5)`` -> ``{"1990s": .5, "2000s": .5}``; ``modern=1`` is no decade."""
    decades = {"e50": "1950s", "e60": "1960s", "e70": "1970s", "e80": "1980s", "e90": "1990s",
               "e00": "2000s", "modern": None}  # fmt: skip
    return {decades[key]: weight for key, weight in weights.items()}


JAPAN = {"Japan": 1.0}
ITALY = {"Italy": 0.8, "Tunisia": 0.2}
USA = {"USA": 1.0}

# Levi's dominate vintage denim listings; the long tail follows DOMAIN.md's brand list.
MODELS: tuple[Model, ...] = (
    Model("Levi's", "501", 13, "Straight Leg", MEN, BUTTON_FLY, 55,
          _eras(e60=.03, e70=.06, e80=.18, e90=.45, e00=.28)),
    Model("Levi's", "501XX", 4, "Straight Leg", MEN, BUTTON_FLY, 85,
          _eras(e50=.08, e60=.15, e70=.17, e80=.25, e90=.35)),
    Model("Levi's", "505", 6, "Regular Fit", MEN, ZIP_FLY, 45,
          _eras(e60=.04, e70=.16, e80=.25, e90=.35, e00=.2)),
    Model("Levi's", "517", 4, "Boot Cut", MEN, ZIP_FLY, 45,
          _eras(e70=.25, e80=.25, e90=.3, e00=.2)),
    Model("Levi's", "550", 5, "Relaxed Fit", MEN, ZIP_FLY, 42, _eras(e80=.1, e90=.55, e00=.35)),
    Model("Levi's", "560", 2.5, "Loose Fit Tapered", MEN, ZIP_FLY, 40, _eras(e90=.8, e00=.2)),
    Model("Levi's", "569", 2, "Loose Straight", MEN, ZIP_FLY, 30, _eras(e90=.35, e00=.65)),
    Model("Levi's", "646", 1.2, "Bell Bottom", MEN, ZIP_FLY, 110, _eras(e60=.1, e70=.9)),
    Model("Levi's", "701", 1.5, "Student Fit", WOMEN, BUTTON_FLY, 55, _eras(e80=.5, e90=.5)),
    Model("Levi's", "606", 1, "Slim Fit", MEN, ZIP_FLY, 130, _eras(e60=.35, e70=.65)),
    Model("Levi's", None, 2.5, "Baggy", MEN, ZIP_FLY, 45, _eras(e90=.75, e00=.25),
          line="Silver Tab"),
    Model("Levi's", "501", 0.8, "Straight Leg", MEN, BUTTON_FLY, 150, _eras(modern=1),
          line="LVC", brand_forms=("Levi's Vintage Clothing", "LVC Levi's", "Levis LVC"),
          made_in={"USA": 0.5, "Japan": 0.2, "Turkey": 0.3}),
    Model("Lee", "101Z", 2, "Straight Leg", MEN, ZIP_FLY, 60,
          _eras(e50=.05, e60=.1, e70=.25, e80=.25, e90=.35)),
    Model("Lee", "101B", 1, "Straight Leg", MEN, BUTTON_FLY, 70,
          _eras(e50=.05, e60=.15, e70=.3, e80=.2, e90=.3)),
    Model("Lee", "200", 0.8, "Straight Leg", MEN, ZIP_FLY, 45, _eras(e70=.5, e80=.5)),
    Model("Lee", None, 2, "Mom Jeans", WOMEN, ZIP_FLY, 40, _eras(e70=.15, e80=.45, e90=.4),
          brand_forms=("Lee Riders", "Lee Rider", "LEE RIDERS")),
    Model("Lee", None, 2.2, "Regular Fit", MEN, ZIP_FLY, 30, _eras(e80=.3, e90=.5, e00=.2)),
    Model("Wrangler", "13MWZ", 4.5, "Cowboy Cut", MEN, ZIP_FLY, 35,
          _eras(e60=.04, e70=.14, e80=.25, e90=.37, e00=.2)),
    Model("Wrangler", "936DEN", 1.5, "Slim Fit", MEN, ZIP_FLY, 30, _eras(e80=.1, e90=.4, e00=.5)),
    Model("Wrangler", "47MWZ", 0.7, "Flare", MEN, ZIP_FLY, 32, _eras(e70=.5, e80=.5)),
    Model("Wrangler", None, 1.5, "Regular Fit", MEN, ZIP_FLY, 25, _eras(e80=.3, e90=.5, e00=.2),
          brand_forms=("Wrangler", "Wrangler", "Rustler")),
    Model("Wrangler", None, 0.8, "High Waisted", WOMEN, ZIP_FLY, 35, _eras(e80=.5, e90=.5)),
    Model("Calvin Klein", None, 2, "High Rise Tapered", WOMEN, ZIP_FLY, 45,
          _eras(e80=.35, e90=.55, e00=.1)),
    Model("Calvin Klein", None, 1.5, "Relaxed Fit", MEN, ZIP_FLY, 40,
          _eras(e80=.2, e90=.6, e00=.2)),
    Model("Guess", None, 1.7, "Zip Ankle", WOMEN, ZIP_FLY, 50, _eras(e80=.5, e90=.5)),
    Model("Guess", None, 1, "Straight Leg", MEN, ZIP_FLY, 40, _eras(e80=.4, e90=.6)),
    Model("Gap", None, 2.5, "Relaxed Fit", MEN, ZIP_FLY, 28, _eras(e90=.7, e00=.3)),
    Model("Tommy Hilfiger", None, 2.5, "Carpenter", MEN, ZIP_FLY, 45, _eras(e90=.8, e00=.2)),
    Model("Ralph Lauren", None, 2, "Straight Fit", MEN, ZIP_FLY, 45, _eras(e90=.6, e00=.4)),
    Model("Carhartt", None, 2.5, "Carpenter", MEN, ZIP_FLY, 45, _eras(e90=.5, e00=.5)),
    Model("Dickies", None, 1.2, "Carpenter", MEN, ZIP_FLY, 30, _eras(e90=.6, e00=.4)),
    Model("Gloria Vanderbilt", None, 1.5, "High Waist", WOMEN, ZIP_FLY, 28,
          _eras(e70=.2, e80=.6, e90=.2)),
    Model("Jordache", None, 1.5, "High Rise", WOMEN, ZIP_FLY, 40, _eras(e70=.1, e80=.8, e90=.1)),
    Model("Chic", None, 0.6, "High Rise", WOMEN, ZIP_FLY, 25, _eras(e80=.7, e90=.3)),
    Model("Sasson", None, 0.5, "High Rise", WOMEN, ZIP_FLY, 35, _eras(e70=.3, e80=.7)),
    Model("Gitano", None, 0.5, "Tapered", WOMEN, ZIP_FLY, 25, _eras(e80=.6, e90=.4)),
    Model("Lawman", None, 0.4, "Western", WOMEN, ZIP_FLY, 55, _eras(e80=1)),
    Model("Bugle Boy", None, 0.6, "Relaxed Fit", MEN, ZIP_FLY, 30, _eras(e80=.3, e90=.7)),
    Model("Eddie Bauer", None, 0.8, "Relaxed Fit", MEN, ZIP_FLY, 28, _eras(e90=.8, e00=.2)),
    Model("L.L.Bean", None, 0.5, "Straight Leg", MEN, ZIP_FLY, 30, _eras(e80=.3, e90=.7)),
    Model("Big Smith", None, 0.4, "Carpenter", MEN, ZIP_FLY, 40, _eras(e70=.2, e80=.4, e90=.4)),
    Model("OshKosh B'gosh", None, 0.3, "Carpenter", MEN, ZIP_FLY, 45,
          _eras(e70=.3, e80=.4, e90=.3)),
    Model("Diesel", None, 1.2, "Straight Leg", MEN, BUTTON_FLY, 55, _eras(e90=.4, e00=.6),
          made_in=ITALY),
    Model("Replay", None, 0.4, "Straight Leg", MEN, ZIP_FLY, 45, _eras(e90=.5, e00=.5),
          made_in=ITALY),
    Model("Moschino", None, 0.5, "High Rise", WOMEN, ZIP_FLY, 90, _eras(e90=.8, e00=.2),
          made_in=ITALY),
    Model("Versace", None, 0.4, "Straight Leg", MEN, ZIP_FLY, 120, _eras(e90=1), made_in=ITALY),
    Model("Armani", None, 0.5, "Straight Leg", MEN, ZIP_FLY, 70, _eras(e90=.6, e00=.4),
          made_in=ITALY),
    Model("Evisu", None, 1.2, "Straight Leg", MEN, BUTTON_FLY, 140, _eras(e90=.4, e00=.6),
          made_in=JAPAN),
    Model("Edwin", None, 1, "Straight Leg", MEN, ZIP_FLY, 70, _eras(e80=.1, e90=.5, e00=.4),
          made_in=JAPAN),
    Model("Big John", None, 0.3, "Straight Leg", MEN, ZIP_FLY, 90, _eras(e70=.3, e80=.3, e90=.4),
          made_in=JAPAN),
    Model("Momotaro", None, 0.3, "Tapered", MEN, BUTTON_FLY, 180, _eras(modern=1), made_in=JAPAN),
    Model("Pure Blue Japan", None, 0.2, "Slim Tapered", MEN, BUTTON_FLY, 180, _eras(modern=1),
          made_in=JAPAN),
    Model("Iron Heart", None, 0.2, "Straight Leg", MEN, BUTTON_FLY, 220, _eras(modern=1),
          made_in=JAPAN),
    Model("True Religion", None, 0.8, "Bootcut", MEN, ZIP_FLY, 60, _eras(e00=1), made_in=USA),
    Model("7 For All Mankind", None, 0.6, "Bootcut", WOMEN, ZIP_FLY, 40, _eras(e00=1),
          made_in=USA),
    Model("Lucky Brand", None, 0.7, "Straight Leg", MEN, ZIP_FLY, 35, _eras(e90=.4, e00=.6)),
    Model("Marithé François Girbaud", None, 0.5, "Baggy", MEN, ZIP_FLY, 80,
          _eras(e80=.3, e90=.7), brand_forms=("Girbaud", "Marithe Francois Girbaud", "MFG")),
    Model("Z. Cavaricci", None, 0.4, "Pleated", MEN, ZIP_FLY, 70, _eras(e80=.5, e90=.5),
          brand_forms=("Z Cavaricci", "Cavaricci")),
    Model("JNCO", None, 0.6, "Wide Leg", MEN, ZIP_FLY, 110, _eras(e90=1)),
    Model("Rocky Mountain", None, 0.3, "Western", WOMEN, ZIP_FLY, 45, _eras(e80=.4, e90=.6),
          brand_forms=("Rocky Mountain Clothing", "Rocky Mountain")),
)  # fmt: skip

MODEL_CUM_WEIGHTS = tuple(itertools.accumulate(model.weight for model in MODELS))

BRAND_FORMS: dict[str, tuple[str, ...]] = {
    "Levi's": ("Levi's", "Levi's", "Levi's", "Levis", "LEVI'S", "Levi’s", "Levi Strauss"),
    "Calvin Klein": ("Calvin Klein", "Calvin Klein", "Calvin Klein Jeans", "CK"),
    "Tommy Hilfiger": ("Tommy Hilfiger", "Tommy Hilfiger", "Tommy Jeans"),
    "Ralph Lauren": ("Polo Ralph Lauren", "Polo Jeans Co", "Ralph Lauren"),
    "Guess": ("Guess", "Guess Jeans", "Georges Marciano"),
    "Wrangler": ("Wrangler", "Wrangler", "Wrangler", "Blue Bell Wrangler"),
}
JAPANESE_SELVEDGE_BRANDS = {"Evisu", "Momotaro", "Pure Blue Japan", "Iron Heart"}

ERA_PRICE_FACTOR = {"1950s": 14.0, "1960s": 7.0, "1970s": 3.0, "1980s": 1.6, "1990s": 1.0,
                    "2000s": 0.65, None: 1.0}  # fmt: skip
CONDITION_PRICE_FACTOR = {"deadstock": 1.8, "excellent": 1.15, "good": 1.0, "fair": 0.75,
                          "distressed": 0.6}  # fmt: skip
LINE_PRICE_FACTOR = {"Big E": 1.8, "Orange Tab": 1.25}

WASH_FORMS = {
    "rigid": ("Rigid", "Raw", "Unwashed", "Rigid Raw Denim"),
    "dark": ("Dark Wash", "Dark Wash", "Dark Indigo", "Rinse", "One Wash"),
    "medium": ("Medium Wash", "Medium Wash", "Mid Wash", "Medium Blue"),
    "light": ("Light Wash", "Light Wash", "Light Blue", "Faded Light Wash", "Sky Blue"),
    "stonewash": ("Stonewash", "Stone Wash", "Stonewashed", "Light Stonewash"),
    "acid": ("Acid Wash", "Acid Wash", "Snow Wash", "Marble Wash"),
    "black": ("Black", "Black", "Faded Black", "Black Denim", "Grey Black"),
}
CONDITION_FORMS = {
    "deadstock": ("Deadstock", "NWT", "DS", "New With Tags", "NOS"),
    "excellent": ("Excellent", "EUC", "Great Vintage Condition", "Like New"),
    "good": ("Good Condition",),
    "fair": ("Flaws", "Worn"),
    "distressed": ("Distressed", "Thrashed", "Destroyed", "Project", "Repaired"),
}
FLAW_FORMS = {
    "holes": "Holes",
    "rips": "Knee Rips",
    "crotch blowout": "Crotch Blowout",
    "knee blowout": "Knee Blowout",
    "stains": "Stained",
    "paint": "Paint Splatter",
    "frayed hem": "Frayed Hem",
    "broken belt loop": "Broken Belt Loop",
    "repairs": "Repaired",
    "patches": "Patched",
    "hemmed": "Hemmed",
    "missing tab": "No Tab",
}
MADE_IN_FORMS = {
    "USA": ("Made in USA", "Made in USA", "USA Made", "Made in U.S.A.", "MIUSA", "USA"),
    "Japan": ("Made in Japan", "Made in Japan", "Japan"),
}
ERA_FORMS = {
    "1950s": ("1950s", "50s"),
    "1960s": ("1960s", "60s", "60's"),
    "1970s": ("1970s", "70s", "70's"),
    "1980s": ("1980s", "80s", "80's", "80’s"),
    "1990s": ("1990s", "90s", "90's", "90’s"),
    "2000s": ("2000s", "Y2K", "Y2K", "00s"),
}
VINTAGE_FORMS = ("Vintage", "Vintage", "Vintage", "VTG", "Vtg")
SIZE_WEIGHTS_MEN_WAIST = {28: 3, 29: 4, 30: 8, 31: 8, 32: 12, 33: 10, 34: 12, 35: 3, 36: 10, 38: 7,
                          40: 5, 42: 3}  # fmt: skip
SIZE_WEIGHTS_INSEAM = {28: 3, 29: 4, 30: 14, 31: 6, 32: 14, 33: 3, 34: 9, 36: 4}
SIZE_WEIGHTS_WOMEN_WAIST = {24: 3, 25: 5, 26: 8, 27: 9, 28: 9, 29: 7, 30: 6, 31: 4, 32: 3}
LOT_FINISH_CODES = {"501": ("0000", "0193", "0113", "0115"), "505": ("0217", "0216", "4891"),
                    "517": ("0217", "0216"), "550": ("4886", "4891"), "560": ("4886",)}  # fmt: skip
LVC_YEARS = ("1947", "1955", "1966", "1944", "1954")


@dataclass(frozen=True)
class Jeans:
    """One pair, as its seller knows it. ``era`` None: the seller names no decade."""

    brand: str  # canonical: "Levi's"
    brand_form: str  # as the seller writes it: "LEVIS", "Polo Jeans Co"
    lot: str | None
    line: str | None
    reissue_of: str | None  # LVC's model year, "1947": a model name, not an era
    style: str
    department: str
    fly: str
    era: str | None
    waist: int | None  # tag size, inches; None for women's numeric sizes
    inseam: int | None
    measured_waist: float
    measured_inseam: float
    womens_size: str | None  # "10", "9/10": not inches
    wash: str
    made_in: str
    selvedge: bool
    condition: str
    flaws: tuple[str, ...]
    details: tuple[str, ...]  # what a collector notices: "555 button", "Talon 42 zipper"
    value_usd: Decimal  # what such a pair fetches


def random_jeans(rng: random.Random) -> Jeans:
    model = rng.choices(MODELS, cum_weights=MODEL_CUM_WEIGHTS)[0]
    era = _pick(rng, model.eras)
    line = model.line or _tab_line(model, era, rng)
    condition = _pick(rng, _condition_weights(era))
    made_in = _made_in(model, era, rng)
    waist, inseam, womens_size = _tag_size(model, rng)
    shrink = 0 if condition == "deadstock" else rng.choice((0, 0, 1, 1, 2))
    measured_waist = (waist if waist else 24 + int(womens_size.split("/")[0]) / 2) - shrink
    flaws = _flaws(condition, model, rng)
    hem_loss = rng.choice((1, 2, 3)) if "hemmed" in flaws else rng.choice((0, 0, 0.5, 1))
    measured_inseam = (inseam or rng.choice((29, 30, 31, 32))) - hem_loss
    selvedge = _selvedge(model, era, line, rng)
    wash = _wash(model, era, condition, rng)
    value = (
        model.median_usd
        * ERA_PRICE_FACTOR[era]
        * LINE_PRICE_FACTOR.get(line, 1.0)
        * CONDITION_PRICE_FACTOR[condition]
        * (1.25 if made_in == "USA" and era in ("1990s", "2000s") else 1.0)
        * math.exp(rng.gauss(0, 0.35))
    )
    return Jeans(
        brand=model.brand,
        brand_form=rng.choice(model.brand_forms or BRAND_FORMS.get(model.brand, (model.brand,))),
        lot=model.lot,
        line=line,
        reissue_of=rng.choice(LVC_YEARS) if line == "LVC" else None,
        style=model.style,
        department=model.department,
        fly=model.fly,
        era=era,
        waist=waist,
        inseam=inseam,
        measured_waist=measured_waist,
        measured_inseam=measured_inseam,
        womens_size=womens_size,
        wash=wash,
        made_in=made_in,
        selvedge=selvedge,
        condition=condition,
        flaws=flaws,
        details=_details(model, era, made_in, rng),
        value_usd=Decimal(str(round(max(8.0, value), 2))),
    )


def _pick(rng: random.Random, weights: Mapping[T, float]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _tab_line(model: Model, era: str | None, rng: random.Random) -> str | None:
    """The Levi's tab a seller names: Big E before 1971, Orange Tab on 1960s-80s fashion lots."""
    if model.brand != "Levi's":
        return None
    if era in ("1950s", "1960s") and rng.random() < 0.7:
        return "Big E"
    if model.lot in ("505", "517", "646", "606") and era in ("1960s", "1970s", "1980s"):
        return "Orange Tab" if rng.random() < 0.45 else None
    return None


def _condition_weights(era: str | None) -> dict[str, float]:
    if era in ("1950s", "1960s"):
        return {
            "deadstock": 0.02,
            "excellent": 0.13,
            "good": 0.35,
            "fair": 0.25,
            "distressed": 0.25,
        }
    return {"deadstock": 0.06, "excellent": 0.22, "good": 0.44, "fair": 0.15, "distressed": 0.13}


def _made_in(model: Model, era: str | None, rng: random.Random) -> str:
    if model.made_in:
        return _pick(rng, model.made_in)
    if era in ("1950s", "1960s", "1970s", "1980s"):
        if model.department == WOMEN and rng.random() < 0.15:
            return "Hong Kong"
        return "USA"
    if era == "1990s":
        return _pick(rng, {"USA": .65, "Mexico": .15, "Canada": .1, "Dominican Republic": .05,
                           "Hong Kong": .05})  # fmt: skip
    # US sewing plants had closed by then: Levi's last in January 2004.
    return _pick(rng, {"Mexico": .35, "China": .15, "Lesotho": .1, "Egypt": .1, "Bangladesh": .1,
                       "Turkey": .1, "Pakistan": .1})  # fmt: skip


def _tag_size(model: Model, rng: random.Random) -> tuple[int | None, int | None, str | None]:
    if model.department == MEN:
        return _pick(rng, SIZE_WEIGHTS_MEN_WAIST), _pick(rng, SIZE_WEIGHTS_INSEAM), None
    if model.brand in ("Gloria Vanderbilt", "Chic", "Gitano", "Lee") or rng.random() < 0.3:
        if rng.random() < 0.25:  # juniors' sizes
            size = rng.choice((5, 7, 9, 11, 13))
            return None, None, f"{size}/{size + 1}"
        return None, None, str(rng.choice((4, 6, 8, 8, 10, 10, 12, 12, 14, 16)))
    inseam = _pick(rng, SIZE_WEIGHTS_INSEAM) if rng.random() < 0.7 else None
    return _pick(rng, SIZE_WEIGHTS_WOMEN_WAIST), inseam, None


def _flaws(condition: str, model: Model, rng: random.Random) -> tuple[str, ...]:
    if condition in ("deadstock", "excellent") or (condition == "good" and rng.random() < 0.8):
        return ()
    candidates = [f for f in FLAW_FORMS if f != "missing tab" or model.brand == "Levi's"]
    count = {"good": 1, "fair": rng.choice((1, 2)), "distressed": rng.choice((2, 3))}[condition]
    return tuple(sorted(rng.sample(candidates, count)))


def _selvedge(model: Model, era: str | None, line: str | None, rng: random.Random) -> bool:
    if model.brand in JAPANESE_SELVEDGE_BRANDS or line == "LVC":
        return True
    if model.brand == "Levi's" and model.lot in ("501", "501XX", "505", "606"):
        # Redline selvedge until the early 1980s, then wide looms.
        return era in ("1950s", "1960s", "1970s") or (era == "1980s" and rng.random() < 0.3)
    if model.brand in ("Lee", "Edwin", "Big John", "Wrangler") and era in ("1950s", "1960s"):
        return rng.random() < 0.5
    return model.brand == "Edwin" and rng.random() < 0.3


def _wash(model: Model, era: str | None, condition: str, rng: random.Random) -> str:
    if condition == "deadstock" and rng.random() < 0.5:
        return "rigid"
    if model.brand in JAPANESE_SELVEDGE_BRANDS or model.line == "LVC":
        return _pick(rng, {"rigid": 0.4, "dark": 0.4, "medium": 0.2})
    if era in ("1950s", "1960s", "1970s"):
        return _pick(rng, {"dark": 0.2, "medium": 0.4, "light": 0.4})
    if era in ("1980s", "1990s"):  # acid and stone washes: mid-1980s to the early 1990s
        return _pick(rng, {"dark": .15, "medium": .27, "light": .18, "stonewash": .18,
                           "acid": .1, "black": .12})  # fmt: skip
    return _pick(rng, {"dark": 0.3, "medium": 0.35, "light": 0.2, "black": 0.15})


def _details(model: Model, era: str | None, made_in: str, rng: random.Random) -> tuple[str, ...]:
    details = []
    if model.lot in ("501", "501XX") and era == "1990s" and made_in == "USA" and rng.random() < 0.3:
        details.append("555 button")  # Valencia Street, San Francisco
    if model.fly == ZIP_FLY and era in ("1960s", "1970s") and rng.random() < 0.4:
        details.append("Talon 42 zipper")
    if model.lot == "501XX" and era == "1950s" and rng.random() < 0.5:
        details.append("hidden rivets")
    if era in ("1980s", "1990s") and rng.random() < 0.25:
        details.append(f"care tag dated {rng.randint(1, 12):02d}/{era[2]}{rng.randint(0, 9)}")
    return tuple(details)


def size_label(jeans: Jeans) -> str:
    """``"32x30"``, ``"32"``, ``"Size 10"``: the tag size, plainly."""
    if jeans.womens_size:
        return f"Size {jeans.womens_size}"
    return f"{jeans.waist}x{jeans.inseam}" if jeans.inseam else str(jeans.waist)


def write_title(jeans: Jeans, rng: random.Random, *, max_length: int = 80) -> str:
    """A title as sellers write them; the least telling words go first when it is too long."""
    # (text, priority): 0 is never dropped, 4 is dropped first.
    era_form = rng.choice(ERA_FORMS[jeans.era]) if jeans.era and rng.random() < 0.7 else None
    era_first = era_form is not None and rng.random() < 0.2
    head: list[tuple[str, int]] = []
    if rng.random() < 0.45:
        head.append((rng.choice(VINTAGE_FORMS), 3))
    if era_first:
        head.append((era_form, 1))
    head.append((jeans.brand_form, 0))
    if jeans.reissue_of:
        head.append((jeans.reissue_of, 1))
    elif jeans.line:
        head.append((jeans.line, 1))
    if jeans.lot:
        head.append((_lot_form(jeans, rng), 0))
    if jeans.department == WOMEN and rng.random() < 0.5:
        head.append((rng.choice(("Womens", "Women's")), 2))

    body: list[tuple[str, int]] = []
    if rng.random() < 0.5:
        body.append((jeans.style, 3))
    if not jeans.brand_form.endswith("Jeans"):  # "Guess Jeans", "Calvin Klein Jeans"
        body.append((rng.choice(("Jeans", "Jeans", "Jeans", "Jeans", "Denim", "Denim Jeans")), 0))
    body.append((_size_form(jeans, rng), 0))
    tail: list[tuple[str, int]] = []
    if rng.random() < 0.7:
        tail.append((rng.choice(WASH_FORMS[jeans.wash]), 2))
    if jeans.made_in in MADE_IN_FORMS and rng.random() < 0.65:
        tail.append((rng.choice(MADE_IN_FORMS[jeans.made_in]), 2))
    elif rng.random() < 0.3:
        tail.append((rng.choice((f"Made in {jeans.made_in}", jeans.made_in)), 3))
    if era_form and not era_first:
        tail.append((era_form, 1))
    if jeans.condition != "good" or rng.random() < 0.1:
        tail.append((rng.choice(CONDITION_FORMS[jeans.condition]), 2))
    tail.extend((FLAW_FORMS[flaw], 3) for flaw in jeans.flaws[:2])
    if jeans.selvedge and rng.random() < 0.65:
        tail.append((rng.choice(("Selvedge", "Selvage", "Redline", "Redline Selvedge")), 1))
    if jeans.fly == BUTTON_FLY and rng.random() < 0.25:
        tail.append(("Button Fly", 4))
    if "Talon 42 zipper" in jeans.details:
        tail.append(("Talon 42 Zipper", 4))
    rng.shuffle(tail)
    segments = head + body + tail
    while len(" ".join(text for text, _ in segments)) > max_length:
        drop = max(range(len(segments)), key=lambda i: (segments[i][1], i))
        segments.pop(drop)
    title = " ".join(text for text, _ in segments)
    style = rng.random()
    return title.upper() if style < 0.15 else title.lower() if style < 0.22 else title


def _lot_form(jeans: Jeans, rng: random.Random) -> str:
    codes = LOT_FINISH_CODES.get(jeans.lot or "")
    if codes and rng.random() < 0.12:
        return f"{jeans.lot}-{rng.choice(codes)}"
    if jeans.lot == "501" and jeans.wash == "rigid" and rng.random() < 0.5:
        return rng.choice(("501 STF", "501 Shrink To Fit"))
    return jeans.lot or ""


def _size_form(jeans: Jeans, rng: random.Random) -> str:
    if jeans.womens_size:
        return rng.choice(("Size ", "Size ", "Sz ")) + jeans.womens_size
    w, i = jeans.waist, jeans.inseam
    if i is None:
        return rng.choice((f"W{w}", f"Size {w}", f"{w}W", f"Waist {w}"))
    mw, mi = round(jeans.measured_waist), round(jeans.measured_inseam)
    if (mw, mi) != (w, i) and rng.random() < 0.35:
        return f"{rng.choice(('Tag', 'Tagged', 'Tagged'))} {w}x{i} Measures {mw}x{mi}"
    if mw != w and rng.random() < 0.1:
        return f'{w}x{i} Measures {jeans.measured_waist / 2:g}" Flat'
    forms = (f"{w}x{i}", f"{w}x{i}", f"{w}x{i}", f"{w} x {i}", f"W{w} L{i}", f"W{w} L{i}",
             f"{w}/{i}", f"{w}W {i}L", f"W {w} L {i}", f"Size {w}x{i}", f"{w} X {i}")  # fmt: skip
    return rng.choice(forms)


def describe(jeans: Jeans, rng: random.Random) -> tuple[str, ...]:
    """The description's paragraphs: what the pair is, its measurements, its condition."""
    name = " ".join(p for p in (jeans.brand, jeans.line, jeans.reissue_of, jeans.lot) if p)
    era = f" from the {jeans.era}" if jeans.era else ""
    intro = f"{rng.choice(('Vintage', 'Authentic vintage', 'Great pair of'))} {name} jeans{era}."
    facts = [f"{jeans.style}, {jeans.fly.lower()}."]
    facts.append(f"Made in {jeans.made_in}.")
    if jeans.selvedge:
        facts.append("Selvedge denim with redline ID." if jeans.brand == "Levi's" else
                     "Selvedge denim.")  # fmt: skip
    facts.extend(f"{detail[0].upper()}{detail[1:]}." for detail in jeans.details)
    tag = size_label(jeans)
    rise = round(rng.uniform(10, 13) if jeans.department == MEN else rng.uniform(11, 13.5), 1)
    measurements = (
        f'Tag size: {tag}. Measurements taken flat: waist {jeans.measured_waist / 2:g}" across '
        f'({jeans.measured_waist:g}" around), inseam {jeans.measured_inseam:g}", rise {rise:g}", '
        f'leg opening {rng.choice((7.5, 8, 8.5, 9, 9.5, 10, 11)):g}".'
    )
    wording = {
        "deadstock": "Deadstock, never worn.",
        "excellent": "Excellent vintage condition, barely worn.",
        "good": "Good vintage condition with light wear and nice fades.",
        "fair": "Fair condition, well worn.",
        "distressed": "Heavily worn and distressed, priced accordingly.",
    }[jeans.condition]
    flaws = f" Flaws: {', '.join(jeans.flaws)}." if jeans.flaws else ""
    closing = rng.choice((
        "Ships within 1 business day. Please message with any questions!",
        "Smoke free home. Please check measurements before buying.",
        "Bundle and save on shipping. No returns on vintage, ask before you buy.",
    ))  # fmt: skip
    return (intro + " " + " ".join(facts), measurements, f"Condition: {wording}{flaws}", closing)
